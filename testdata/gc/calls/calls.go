// Package calls has one function per call form that the -S parser must recognise on every GOARCH
// (scripts/capture.sh records its listing for several targets; src/parse/gcflags-asm.test.ts).
package calls

var (
	Sink any
	R    Runner
)

type Runner interface{ Run() }

type T struct{ x int64 }

func (T) Run() {}

// Int boxes an int: runtime.convT64 (convT32 where int is 4 bytes).
func Int(n int) { Sink = n }

// String boxes a string: runtime.convTstring.
func String(s string) { Sink = s }

// Itab stores a concrete value in a non-empty interface: runtime.convT64 and a
// go:itab.example.com/calls.T,example.com/calls.Runner reference.
func Itab(t T) { R = t }

// Move moves a local to the heap: runtime.newobject.
func Move() {
	var t T
	Sink = &t
}

// Dynamic calls through an interface: an indirect call through a register.
func Dynamic(r Runner) { r.Run() }

// Closure calls a function value: an indirect call through the closure register.
func Closure(f func()) { f() }

// Assert asserts to an interface: runtime.typeAssert.
func Assert(e any) bool {
	_, ok := e.(Runner)
	return ok
}

// Box is generic: its shape symbols contain spaces, "; " and ", ".
//
//go:noinline
func Box[K comparable, V any](k K, v V) any { return v }

// Shapes calls Box with shapes whose names have separators inside brackets.
func Shapes() {
	Sink = Box(struct{ A, B int }{1, 2}, "v")
	Sink = Box(1, func(int, string) {})
}
