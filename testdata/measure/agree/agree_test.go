package agree

import "testing"

// BenchmarkThreeStrings boxes a string three times per op: 16 B × 3.0 executions per op.
func BenchmarkThreeStrings(b *testing.B) {
	for i := 0; i < b.N; i++ {
		box()
		box()
		box()
	}
}

// BenchmarkPoint boxes one 24-byte struct per op.
func BenchmarkPoint(b *testing.B) {
	for i := 0; i < b.N; i++ {
		BoxPoint()
	}
}

// BenchmarkLoopStyle uses b.Loop (Go 1.24+): one string per op.
func BenchmarkLoopStyle(b *testing.B) {
	for b.Loop() {
		box()
	}
}
