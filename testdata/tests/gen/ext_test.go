package gen_test

import (
	"testing"

	"example.com/testsfixture/gen"
)

var words = []string{"alpha", "beta"}

// store converts a string to an interface in the external test package.
func store(s string) { gen.Sink = s }

func BenchmarkStore(b *testing.B) {
	for i := 0; i < b.N; i++ {
		store(words[i&1])
	}
}

// Box[string], instantiated by the external test package.
func BenchmarkBoxWord(b *testing.B) {
	for i := 0; i < b.N; i++ {
		gen.Box(words[i&1])
	}
}
