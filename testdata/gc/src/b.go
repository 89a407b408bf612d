package gcsample

import "fmt"

type Sm struct{ a, b int64 }

func use(x any) { _ = x }

//go:noinline
func keep(x any) int { if x == nil { return 0 }; return 1 }

func H1(a Sm) int {
	return keep(a)
}

func H2(xs ...any) { sink = xs }

func H3(n int) {
	H2(n, n)
	H2()
}

func H4(e any) int {
	switch v := e.(type) {
	case int:
		return v
	case fmt.Stringer:
		return 1
	}
	if s, ok := e.(fmt.Stringer); ok { _ = s }
	return 0
}

func H5() {
	var x struct{} 
	sink = x
	sink = &Sm{}
	var arr [0]int
	sink = arr
}
