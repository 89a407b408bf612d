// Package convsites exercises every context in which a value becomes an interface, for
// comparing the helper's sites with `go build -gcflags=-m` diagnostics.
package convsites

type S struct{ a, b int }

type Big struct{ a [8]int64 }

type I interface{ M() }

type J interface {
	M()
	N()
}

type T int

func (T) M() {}
func (T) N() {}

// PS is pointer-shaped: a struct of one pointer field.
type PS struct{ p *int }

// ZP is pointer-shaped for Go 1.26 (one pointer word, nothing else) despite two fields.
type ZP struct {
	z struct{}
	p *int
}

// PZ is not: the trailing zero-size field is padded.
type PZ struct {
	p *int
	z struct{}
}

type SS struct{ s string }

type E struct{ msg string }

func (e *E) Error() string { return e.msg }

var (
	sink  any
	isink I
	jsink J
	esink error
)

//go:noinline
func two() (int, string) { return 1, "a" }

//go:noinline
func takeAny(x any) { sink = x }

//go:noinline
func takeAny2(a, b any) {
	sink = a
	sink = b
}

//go:noinline
func takeI(x I) { isink = x }

//go:noinline
func vari(xs ...any) {
	for _, x := range xs {
		sink = x
	}
}

//go:noinline
func vari2(prefix string, xs ...any) {
	sink = prefix
	for _, x := range xs {
		sink = x
	}
}

func box(x int) any { return x }
