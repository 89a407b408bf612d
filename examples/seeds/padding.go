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
func BoxPadded(p Padded) { Sink = p }

// BoxPacked boxes the 16-byte version: 16-byte size class.
func BoxPacked(p Packed) { Sink = p }
