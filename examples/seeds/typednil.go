package seeds

import "errors"

// MyError is an error implemented by a pointer type.
type MyError struct{ Msg string }

func (e *MyError) Error() string { return e.Msg }

// TypedNil returns a nil *MyError as error: the caller sees a non-nil error whose data word is
// nil. The conversion itself costs nothing: a pointer is its own data word.
//
// measure: args false
func TypedNil(fail bool) error {
	var e *MyError
	if fail {
		e = &MyError{Msg: "failed"} // want heap-move:"runtime.newobject" allocs=1 bytes=16
	}
	return e // want convert allocs=0
}

// UntypedNil is the fix.
func UntypedNil(fail bool) error {
	if fail {
		return errors.New("failed")
	}
	return nil
}
