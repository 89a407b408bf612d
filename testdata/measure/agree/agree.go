// Package agree has functions and a benchmark whose costs ifacelens predicts exactly.
package agree

var (
	Sink any
	s    = "hello"
	n    = 1000
)

type Point struct{ X, Y, Z int64 }

var p = Point{1, 2, 3}

func BoxString() { Sink = s }

func BoxPoint() { Sink = p }

func BoxInts() {
	Sink = n
	Sink = n
	Sink = n
}

//go:noinline
func box() { Sink = s }
