package bench

import "testing"

// BenchmarkBox: one closure for every case; none costs 0 B/op, small 16, big 48, big-loop 48
// (with b.Loop, which runs no b.N = 1 round first).
func BenchmarkBox(b *testing.B) {
	cases := []struct {
		name string
		f    func()
	}{
		{"none", func() {}},
		{"small", BoxSmall},
		{"big", BoxBig},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				c.f()
			}
		})
	}
	b.Run("big-loop", func(b *testing.B) {
		for b.Loop() {
			BoxBig()
		}
	})
}

// BenchmarkPair calls Pair once per op: 16 B/op, one tiny block opened by its first boxing.
func BenchmarkPair(b *testing.B) {
	for i := 0; i < b.N; i++ {
		Pair()
	}
}
