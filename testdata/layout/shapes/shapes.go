// Package shapes holds structs whose layouts differ across GOARCHes and orders: padding holes,
// trailing zero-size fields, 64-bit fields on 32-bit targets, atomic.Int64, nested structs and
// arrays, embedded fields, tags and comments.
package shapes

import (
	"sync"
	"sync/atomic"
)

// Padded wastes 14 of 24 bytes on amd64.
type Padded struct {
	A bool  // a flag
	B int64 // the count
	C bool
}

// Pointers has its pointer last: the GC scans all 32 bytes.
type Pointers struct {
	N    int64
	M    int32
	Name string `json:"name"`
}

// EndsZero pays a byte for its trailing zero-size field, rounded to 16 on amd64.
type EndsZero struct {
	X int64
	_ struct{}
}

// Counter keeps atomic.Int64 8-byte aligned even on 386 and arm.
type Counter struct {
	Ready bool
	N     atomic.Int64
	Hits  int64
}

// Nested holds a struct and an array.
type Nested struct {
	Flag  bool
	Inner Padded
	Tags  [3]uint16
	Ptr   *int
}

// Embedded embeds a mutex and a pointer type.
type Embedded struct {
	ok bool
	sync.Mutex
	*Padded
	small uint8
}

// Tight is already optimal: no suggestion.
type Tight struct {
	A, B int32
	C    int64
}

// Mixed is a larger struct where the order matters for the size class.
type Mixed struct {
	// Doc for A.
	A  bool
	B  *int
	C  bool
	D  string
	E  bool
	F  []byte
	G  bool
	H  map[string]int
	I1 uint16
}
