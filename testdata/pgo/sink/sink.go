// Package sink is called through an interface in the hot loop of cmd/app.
package sink

// Sink takes a pointer to a buffer: escape analysis cannot see which Put a call through the
// interface runs, so it assumes Put keeps the pointer and moves the buffer to the heap.
type Sink interface{ Put(p *[64]byte) int }

// Counter is the only Sink the program uses; its Put does not keep p.
type Counter struct{ N int }

func (c *Counter) Put(p *[64]byte) int {
	c.N += int(p[0])
	return c.N
}

// Impl is an interface variable: the compiler cannot know its dynamic type.
var Impl Sink = &Counter{}
