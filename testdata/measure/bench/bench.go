// Package bench has benchmarks that only a run of their own can tell apart: the sub-benchmarks
// of BenchmarkBox share one closure (as table-driven benchmarks do) but box values of different
// sizes, and Pair boxes two 8-byte values that the runtime's tiny allocator puts into one
// 16-byte block, which the memory profile charges entirely to the first.
package bench

var (
	Sink  any
	Sink2 any
	n     int64   = 1000
	x     float64 = 1.5
)

// Small is 16 bytes without pointers: a 16-byte size class, not the tiny allocator.
type Small struct{ A, B int64 }

// Big is 40 bytes: the 48-byte size class.
type Big struct{ A, B, C, D, E int64 }

var (
	small = Small{1, 2}
	big   = Big{1, 2, 3, 4, 5}
)

func BoxSmall() { Sink = small }

func BoxBig() { Sink = big }

// Pair boxes two 8-byte values once per call: 16 bytes per call in one shared tiny block.
func Pair() {
	Sink = n
	Sink2 = x
}

// Appended allocates twice on one line: append's new backing array (24 B, not an interface cost:
// runtime.growslice) and the slice header boxed into Sink (24 B: runtime.convTslice).
func Appended() { Sink = append(none, 1, 2, 3) }

var none []int
