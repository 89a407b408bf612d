package compare

// Pair holds a pointer: boxed with runtime.convT.
type Pair struct {
	P *int
	N int
}

// BoxInt boxes an int: 8 bytes, or 4 where int is 4 bytes.
//
// measure: args 1000
func BoxInt(n int) { Sink = n }

// BoxString boxes a string header: 16 bytes, or 8 on 32-bit targets.
//
// measure: args "a string"
func BoxString(s string) { Sink = s }

var target int

// BoxPair boxes a struct of a pointer and an int.
//
// measure: args 7
func BoxPair(n int) { Sink = Pair{&target, n} }
