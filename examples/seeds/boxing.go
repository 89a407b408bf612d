package seeds

// BoxInt boxes an int: runtime.convT64, an 8-byte tiny allocation unless n < 256.
//
// measure: args 1000
func BoxInt(n int) { Sink = n } // want convert:"runtime.convT64" allocs=1 bytes=8

// BoxInts boxes three values in one call: the tiny allocator packs two int64s in a block, so
// three cost 24 bytes per call, not 48.
//
// measure: args int64(1001), int64(1002), int64(1003)
func BoxInts(a, b, c int64) {
	Sink = a // want convert:"runtime.convT64" allocs=1 bytes=8
	Sink = b // want convert:"runtime.convT64" allocs=1 bytes=8
	Sink = c // want convert:"runtime.convT64" allocs=1 bytes=8
}

// BoxSmall boxes a bool and a byte: both point into runtime.staticuint64s.
//
// measure: args true, byte(200)
func BoxSmall(b bool, c byte) {
	Sink = b // want convert allocs=0
	Sink = c // want convert allocs=0
}

// BoxConst boxes constants: read-only static data, no allocation.
func BoxConst() {
	Sink = 1000                // want convert allocs=0
	Sink = "a constant string" // want convert allocs=0
}

// BoxString boxes a string value: runtime.convTstring, a 16-byte string header.
//
// measure: args "hello"
func BoxString(s string) { Sink = s } // want convert:"runtime.convTstring" allocs=1 bytes=16

// BoxSlice boxes a slice: runtime.convTslice, a 24-byte slice header.
//
// measure: args []byte("x")
func BoxSlice(b []byte) { Sink = b } // want convert:"runtime.convTslice" allocs=1 bytes=24

// BoxFloat boxes a float64: runtime.convT64 as well; 0.0 is free, 1.0 is not.
//
// measure: args 1.0
func BoxFloat(f float64) { Sink = f } // want convert:"runtime.convT64" allocs=1 bytes=8
