package gen

import "testing"

// triple is 24 bytes without pointers: boxed by runtime.convTnoptr into the 24-byte size class.
type triple struct{ A, B, C int64 }

// The only instantiation of Box in package gen: Box[triple], in a _test.go file.
func boxTriple(t triple) { Box(t) }

func TestBoxTriple(t *testing.T) {
	boxTriple(triple{1, 2, 3})
	if Sink.(triple).C != 3 {
		t.Fatal("not stored")
	}
}

func BenchmarkBoxTriple(b *testing.B) {
	for i := 0; i < b.N; i++ {
		boxTriple(triple{int64(i), 2, 3})
	}
}
