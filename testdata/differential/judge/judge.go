// Package judge has one allocation of each class the differential check's classifier tells apart
// (test/differential/judge.ts); test/differential.test.ts checks the classifier against it. Every
// function is go:noinline so its allocations stay in its own machine code.
package judge

import "io"

var Sink any

var Global *T

type T struct{ a, b int }

//go:noinline
func V(xs ...any) { Sink = xs }

// CallV boxes two ints (runtime.convT64) into a `...any` array that escapes (runtime.newobject of [2]interface {}).
//
//go:noinline
func CallV(a, b int) { V(a, b) }

// Box boxes a 16-byte pointer-free struct: runtime.convTnoptr.
//
//go:noinline
func Box(x T) { Sink = x }

// Move: &t is converted to an interface, so t moves to the heap.
//
//go:noinline
func Move() {
	var t T
	Sink = &t
}

// Indirect: the new T reaches the interface through a variable.
//
//go:noinline
func Indirect() {
	p := new(T)
	p.a = 1
	Sink = p
}

// Dyn: b escapes as an argument of an interface method call.
//
//go:noinline
func Dyn(r io.Reader) int {
	var b [16]byte
	n, _ := r.Read(b[:])
	return n
}

// DynIndirect: the new T reaches a call through a function value via a variable.
//
//go:noinline
func DynIndirect(f func(*T)) {
	p := new(T)
	p.a = 2
	f(p)
}

// DynFunc: b escapes as an argument of a call through a function value.
//
//go:noinline
func DynFunc(f func([]byte) int) int {
	var b [24]byte
	return f(b[:])
}

// Closure: a func literal converted to an interface; the closure object escapes.
//
//go:noinline
func Closure(x int) { Sink = func() int { return x } }

// Plain: an escape that involves no interface.
//
//go:noinline
func Plain() { Global = &T{1, 2} }

var (
	KeepFunc func() string
	KeepAny  any
)

//go:noinline
func keep(f func() string, a any) { KeepFunc, KeepAny = f, a }

// Mixed: on one line a closure escapes with no interface in the way while a string is boxed: the
// closure's allocation must not be taken for the conversion's.
//
//go:noinline
func Mixed(s string) { keep(func() string { return s }, any(s+"!")) }
