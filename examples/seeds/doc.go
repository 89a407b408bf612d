// Package seeds reproduces, as code ifacelens can analyse, the experiments of the two articles
// that ifacelens grew from: a *bytes.Buffer held in an io.Writer, boxing ints and strings, a
// padded struct, a typed nil, and fmt.Println arguments. Run `ifacelens analyze ./...` here.
package seeds

import "io"

// Sinks keep values alive past the function, so the compiler must assume they escape.
var (
	Sink   any
	Writer io.Writer
)
