// Package sizes has no imports, so the helper can be run for another GOARCH cheaply.
package sizes

type P struct {
	a int8
	b int64
	p *int
}

var sink any

func F(x int64, p P, s string, c complex128, q *int) {
	sink = x
	sink = p
	sink = s
	sink = c
	sink = q
}
