// Package gen has a generic function that no code of the package itself instantiates: only its
// tests do. Without --tests ifacelens can only say the conversion in Box is not compiled.
package gen

// Sink keeps what is stored in it alive, so the conversions below escape.
var Sink any

// Box stores v in Sink: a conversion of a type parameter to any, whose cost depends on the type
// argument.
func Box[T any](v T) {
	Sink = v
}
