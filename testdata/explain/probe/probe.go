// Package probe holds interface sites whose values never leave their function — objects that
// stay on the stack, ...any arrays in the caller's frame, the words of an interface-to-interface
// conversion, an assertion and a type switch — and records their words in place. test/explain.test.ts
// explains these very lines with ifacelens and compares each picture with what record saw.
package probe

import (
	"bytes"
	"fmt"
	"io"
	"unsafe"
)

// Record is one observation: n words read where the value lives, and an address in record's own
// frame, below every frame of its callers.
type Record struct {
	Name  string
	Words [16]uintptr
	N     int
	SP    uintptr
}

// Records holds the observations in order.
var Records []Record

// record copies n words at p. It reads them as integers: p does not escape, and nothing it points
// to is kept alive or moved by recording it.
//
//go:noinline
func record(name string, p unsafe.Pointer, n int) {
	var r Record
	r.Name, r.N = name, n
	for i := 0; i < n && i < len(r.Words); i++ {
		r.Words[i] = *(*uintptr)(unsafe.Add(p, uintptr(i)*unsafe.Sizeof(uintptr(0))))
	}
	r.SP = uintptr(unsafe.Pointer(&r))
	Records = append(Records, r)
}

var (
	Keep  io.Writer
	Saved []any
	Sink  any
)

// HeapMoveStays is seeds.BufferStays: the interface holding &buf never leaves the frame.
//
//go:noinline
func HeapMoveStays() {
	var buf bytes.Buffer
	var w io.Writer = &buf
	record("heap-move-stays", unsafe.Pointer(&w), 2)
}

// HeapMoveEscapes is seeds.BufferEscapes: the interface outlives the call, buf moves to the heap.
//
//go:noinline
func HeapMoveEscapes() {
	var buf bytes.Buffer
	var w io.Writer = &buf
	Keep = w
	record("heap-move-escapes", unsafe.Pointer(&w), 2)
}

//go:noinline
func inspect(name string, xs ...any) int {
	record(name+" slice", unsafe.Pointer(&xs), 3)
	record(name, unsafe.Pointer(unsafe.SliceData(xs)), 2*len(xs))
	return len(xs)
}

//go:noinline
func inspectLeaking(name string, xs ...any) {
	for _, x := range xs {
		Sink = x
	}
	record(name+" slice", unsafe.Pointer(&xs), 3)
	record(name, unsafe.Pointer(unsafe.SliceData(xs)), 2*len(xs))
}

//go:noinline
func inspectKept(name string, xs ...any) {
	Saved = xs
	record(name+" slice", unsafe.Pointer(&xs), 3)
	record(name, unsafe.Pointer(unsafe.SliceData(xs)), 2*len(xs))
}

// VariadicStays is fixtures variadic.Stays: neither the array nor what it holds leaves the frame.
//
//go:noinline
func VariadicStays(n int) int {
	return inspect("variadic-stays", n, n)
}

// VariadicStaysLeaking is seeds.PrintArgs: the array stays in the frame, its values are boxed.
//
//go:noinline
func VariadicStaysLeaking(n int, s string) {
	inspectLeaking("variadic-stays-leaking", n, s, 3.5)
}

// VariadicEscapes is fixtures variadic.Escapes: the callee keeps the slice.
//
//go:noinline
func VariadicEscapes(n int) {
	inspectKept("variadic-escapes", n, n)
}

// Padded is seeds.Padded.
type Padded struct {
	A bool
	B int64
	C bool
}

// StackTemp converts into an interface that does not escape: a stack temporary.
//
//go:noinline
func StackTemp(p Padded) {
	var e any = p
	record("stack-temp", unsafe.Pointer(&e), 2)
}

// Named and ReadNamer are fixtures ifaces.Named and ReadNamer.
type Named interface{ Name() string }

type ReadNamer interface {
	Named
	fmt.Stringer
}

type thing struct{ n int }

func (t thing) Name() string   { return "t" }
func (t thing) String() string { return "thing" }

var both ReadNamer = thing{n: 1000}

// ToAny is fixtures ifaces.IfaceToAny.
//
//go:noinline
func ToAny(n Named) {
	var e any = n
	record("to-any source", unsafe.Pointer(&n), 2)
	record("to-any", unsafe.Pointer(&e), 2)
}

// Widen is fixtures ifaces.Widen.
//
//go:noinline
func Widen(b ReadNamer) {
	var n Named = b
	record("widen source", unsafe.Pointer(&b), 2)
	record("widen", unsafe.Pointer(&n), 2)
}

// AssertIface is fixtures ifaces.AssertIface.
//
//go:noinline
func AssertIface(e any) {
	n := e.(Named)
	record("assert-iface source", unsafe.Pointer(&e), 2)
	record("assert-iface", unsafe.Pointer(&n), 2)
}

// AssertConcrete asserts a non-empty interface to a concrete type.
//
//go:noinline
func AssertConcrete(n Named) int {
	t := n.(thing)
	record("assert-concrete source", unsafe.Pointer(&n), 2)
	return t.n
}

// Switch is fixtures ifaces.TypeSwitch with the interface case's value kept.
//
//go:noinline
func Switch(e any) {
	switch v := e.(type) {
	case int:
		record("type-switch int", unsafe.Pointer(&v), 1)
	case fmt.Stringer:
		record("type-switch stringer", unsafe.Pointer(&v), 2)
	}
	record("type-switch source", unsafe.Pointer(&e), 2)
}

// MyError is seeds.MyError.
type MyError struct{ Msg string }

func (e *MyError) Error() string { return e.Msg }

// TypedNil is seeds.TypedNil's nil path.
//
//go:noinline
func TypedNil() {
	var p *MyError
	var err error = p
	record("typed-nil", unsafe.Pointer(&err), 2)
}
