package seeds

// Padded wastes 14 bytes on amd64: bool, 7 bytes of padding, int64, bool, 7 bytes of padding.
type Padded struct {
	A bool
	B int64
	C bool
}

// Packed holds the same fields in 16 bytes.
type Packed struct {
	B int64
	A bool
	C bool
}

// BoxPadded boxes a 24-byte pointer-free struct: runtime.convTnoptr, 24-byte size class.
//
// measure: args Padded{A: true, B: 1, C: true}
func BoxPadded(p Padded) { Sink = p } // want convert:"runtime.convTnoptr" allocs=1 bytes=24

// BoxPacked boxes the 16-byte version: 16-byte size class.
//
// measure: args Packed{B: 1, A: true, C: true}
func BoxPacked(p Packed) { Sink = p } // want convert:"runtime.convTnoptr" allocs=1 bytes=16
