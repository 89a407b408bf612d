package seeds

// BoxInt boxes an int: runtime.convT64, an 8-byte tiny allocation unless n < 256.
func BoxInt(n int) { Sink = n }

// BoxInts boxes three values in one call: the tiny allocator packs two int64s in a block.
func BoxInts(a, b, c int64) {
	Sink = a
	Sink = b
	Sink = c
}

// BoxSmall boxes a bool and a byte: both point into runtime.staticuint64s.
func BoxSmall(b bool, c byte) {
	Sink = b
	Sink = c
}

// BoxConst boxes constants: read-only static data, no allocation.
func BoxConst() {
	Sink = 1000
	Sink = "a constant string"
}

// BoxString boxes a string value: runtime.convTstring, a 16-byte string header.
func BoxString(s string) { Sink = s }

// BoxSlice boxes a slice: runtime.convTslice, a 24-byte slice header.
func BoxSlice(b []byte) { Sink = b }

// BoxFloat boxes a float64: runtime.convT64 as well; 0.0 is free, 1.0 is not.
func BoxFloat(f float64) { Sink = f }
