package judge

import (
	"io"
	"testing"
)

type reader struct{}

func (reader) Read(p []byte) (int, error) { return len(p), nil }

var (
	r io.Reader = reader{}
	f           = func(p []byte) int { return len(p) }
	g           = func(p *T) {}
)

func BenchmarkAll(b *testing.B) {
	for i := 0; i < b.N; i++ {
		CallV(i+1000, i+2000)
		Box(T{i, i})
		Move()
		Indirect()
		Dyn(r)
		DynFunc(f)
		DynIndirect(g)
		Closure(i)
		Plain()
		Mixed("x")
	}
}
