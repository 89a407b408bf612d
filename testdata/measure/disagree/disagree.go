// Package disagree is made so that prediction and measurement differ, and so that allocation
// that is not an interface cost is told apart from the interface part.
//
// Hidden allocates a slice, which is not an interface cost: ifacelens predicts nothing at its
// interface sites (it has none), and the runtime's 112 bytes are the rest, explained from the
// memory profile; the interface part agrees.
//
// SmallInt boxes an int64 that is 7 at run time: ifacelens predicts one 8-byte allocation
// (assuming, as it says, that the value is >= 256), while runtime.convT64 returns a pointer into
// runtime.staticuint64s and allocates nothing. Its interface part disagrees, which proves that
// the comparison in `ifacelens measure` can fail.
package disagree

var (
	Buf   []byte
	Sink  any
	small int64 = 7
)

func Hidden() { Buf = make([]byte, 100) }

func SmallInt() { Sink = small }
