package compare

// Point is 16 bytes on 64-bit targets, without pointers.
type Point struct{ X, Y int }

var Sink any

// BoxLiteral converts a constant composite literal.
func BoxLiteral() { Sink = Point{1, 2} }

// BoxZero converts a zero value.
func BoxZero() { Sink = Point{} }

// BoxLocal converts a local assigned once from a constant literal.
func BoxLocal() {
	p := Point{3, 4}
	Sink = p
}

// BoxArray converts a constant array literal.
func BoxArray() { Sink = [3]int{1, 2, 3} }

// BoxConst converts a basic constant: read-only data on every release compared.
func BoxConst() { Sink = 1000 }

// BoxLocalInt converts a local assigned once from a constant.
func BoxLocalInt() {
	n := 1000
	Sink = n
}

// BoxLocalString converts a local string assigned once from a constant.
func BoxLocalString() {
	s := "a constant string"
	Sink = s
}
