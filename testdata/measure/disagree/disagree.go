// Package disagree is made so that prediction and measurement differ: Hidden allocates a slice,
// which is not an interface cost, so ifacelens predicts nothing while the runtime counts one
// allocation of 112 bytes. It proves that the comparison in `ifacelens measure` can fail.
package disagree

var Buf []byte

func Hidden() { Buf = make([]byte, 100) }
