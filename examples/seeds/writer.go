package seeds

import (
	"bytes"
	"io"
)

// BufferEscapes is the article's `var w io.Writer = &buf` where w outlives the call: buf is
// moved to the heap (one bytes.Buffer), while the interface value itself costs nothing.
func BufferEscapes() {
	var buf bytes.Buffer // want heap-move:"runtime.newobject" allocs=1 bytes=48
	var w io.Writer = &buf
	Writer = w
}

// BufferStays is the same assignment where w never leaves the function: nothing allocates.
func BufferStays() int {
	var buf bytes.Buffer // want heap-move allocs=0
	var w io.Writer = &buf
	n, _ := w.Write([]byte("hi"))
	return n
}

// write calls through the interface; the compiler cannot see the dynamic type.
//
//go:noinline
func write(w io.Writer, p []byte) { w.Write(p) }

// BufferThroughCall passes &buf to a function that calls a method on it: the interface
// parameter leaks, so buf is moved to the heap.
func BufferThroughCall() {
	var buf bytes.Buffer // want heap-move:"runtime.newobject" allocs=1 bytes=48
	write(&buf, nil)
}
