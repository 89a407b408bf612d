// Package typednil holds the typed-nil check's traps, each marked with the rule the helper must
// report on that line (`// want rule`, at the operand or the comparison operator), comparisons
// that must be related locations (`// affected`), and, in clean.go, look-alikes that must stay
// clean.
package typednil

import (
	"errors"
	"fmt"
	"io"
)

type MyError struct{ msg string }

func (e *MyError) Error() string { return e.msg }

// The classic: a nil *MyError on the path where fail is false.
func ReturnPhi(fail bool) error {
	var e *MyError
	if fail {
		e = &MyError{"failed"}
	}
	return e // want typed-nil-return
}

// Always nil.
func ReturnNilVar() error {
	var e *MyError
	return e // want typed-nil-return
}

// Nil on the path where the loop finds nothing.
func ReturnLoop(xs []int) error {
	var e *MyError
	for _, x := range xs {
		if x < 0 {
			e = &MyError{"negative"}
			break
		}
	}
	return e // want typed-nil-return
}

// A guard that proves the pointer nil, then returns it.
func ReturnInsideGuard(p *MyError) error {
	if p == nil {
		return p // want typed-nil-return
	}
	return nil
}

// Named result assigned a maybe-nil pointer, then a bare return.
func NamedResult(fail bool) (err error) {
	var e *MyError
	if fail {
		e = &MyError{"x"}
	}
	err = e // want typed-nil-return
	return
}

// Stored in a local interface variable and compared: the comparison is always true.
func LocalCompare(fail bool) {
	var e *MyError
	if fail {
		e = &MyError{"x"}
	}
	var err error = e // want typed-nil-assign
	if err != nil {   // want typed-nil-compare
		fmt.Println("failed:", err)
	}
}

type holder struct {
	err error
	r   io.Reader
}

var global error

// Field, global, slice element and map value of interface type.
func Stores(fail bool, h *holder, m map[string]error) []error {
	var e *MyError
	if fail {
		e = &MyError{"x"}
	}
	h.err = e              // want typed-nil-assign
	global = e             // want typed-nil-assign
	m["k"] = e             // want typed-nil-assign
	errs := []error{e}     // want typed-nil-assign
	return append(errs, e) // want typed-nil-assign
}

// Comparisons of the field and the global that Stores fills.
func (h *holder) Failed() bool {
	return h.err != nil // affected
}

func GlobalFailed() bool {
	return global != nil // affected
}

// Composite literal field.
func Literal(fail bool) holder {
	var e *MyError
	if fail {
		e = &MyError{"x"}
	}
	return holder{err: e} // want typed-nil-assign
}

type reader struct{ data []byte }

func (r *reader) Read(p []byte) (int, error) {
	n := copy(p, r.data)
	r.data = r.data[n:]
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

// A nil *reader as an io.Reader argument.
func Argument(ok bool) {
	var r *reader
	if ok {
		r = &reader{}
	}
	consume(r) // want typed-nil-argument
}

func consume(r io.Reader) {
	if r != nil { // affected
		_, _ = r.Read(nil)
	}
}

// Nil map and func of named types that implement interfaces.
type Set map[string]bool

func (s Set) String() string { return fmt.Sprint(len(s)) }

type Handler func()

func (h Handler) Serve() { h() }

type Server interface{ Serve() }

// A nil map is an empty set, and Set's String works on it: reported only because a caller
// tests the interface against nil.
func NilMap(build bool) fmt.Stringer {
	var s Set
	if build {
		s = Set{"a": true}
	}
	return s // want typed-nil-return
}

func HasSet() bool {
	return NilMap(false) != nil // want typed-nil-compare
}

func NilFunc(set bool) Server {
	var h Handler
	if set {
		h = func() {}
	}
	return h // want typed-nil-return
}

// A same-package function that returns a nil *MyError on its own (not because of its
// arguments), returned as error.
var strict bool

func check() *MyError {
	if !strict {
		return nil
	}
	return &MyError{"strict"}
}

func Wrapper() error {
	return check() // want typed-nil-return
}

// A concrete error type whose nil means success, whatever decides it: passing it on as error
// is the classic trap.
type ValidationError struct{ field string }

func (e *ValidationError) Error() string { return e.field + " is required" }

func validate(name string) *ValidationError {
	if name == "" {
		return &ValidationError{"name"}
	}
	return nil
}

func Create(name string) error {
	return validate(name) // want typed-nil-return
}

// Always returns a non-nil interface; its callers' comparisons are always true.
func alwaysTyped(fail bool) error {
	var e *MyError
	if fail {
		e = &MyError{"x"}
	}
	return e // want typed-nil-return
}

func Caller() bool {
	err := alwaysTyped(false)
	return err != nil // want typed-nil-compare
}

func CallerEq() bool {
	return alwaysTyped(true) == nil // want typed-nil-compare
}

// Sometimes returns a non-nil interface holding nil, sometimes untyped nil: its callers'
// comparisons are affected (related locations), but can be true.
func sometimes(n int) error {
	var e *MyError
	if n > 10 {
		e = &MyError{"big"}
	}
	if n < 0 {
		return nil
	}
	return e // want typed-nil-return
}

func SometimesCaller(n int) bool {
	if err := sometimes(n); err != nil { // affected
		return true
	}
	return false
}

// Correlated conditions the check cannot see through: reported (a documented false positive
// shape: the nil edge is infeasible).
func Correlated(fail bool) error {
	var e *MyError
	if fail {
		e = &MyError{"x"}
	}
	if fail {
		return e // want typed-nil-return
	}
	return nil
}

// Comma-ok assertion: p is nil where ok is false.
func AssertFailed(x any) error {
	if p, ok := x.(*MyError); ok {
		return p
	} else {
		return p // want typed-nil-return
	}
}

// In a function literal.
func Closure() func() error {
	return func() error {
		var e *MyError
		return e // want typed-nil-return
	}
}

type Conn struct{ last *MyError }

// In a method: nil unless the connection saw an error.
func (c *Conn) Close() error {
	var e *MyError
	if c.last != nil {
		e = c.last
	}
	return e // want typed-nil-return
}

// In the package initialiser: check() returns nil when not strict.
var initErr error = check() // want typed-nil-assign

// A nil slice type implementing error.
type Errors []error

func (e Errors) Error() string { return fmt.Sprint([]error(e)) }

func CollectAll(errs []error) error {
	var all Errors
	for _, err := range errs {
		if err != nil {
			all = append(all, err)
		}
	}
	return all // want typed-nil-return
}

// A null object whose methods work on nil, tested against nil by a caller all the same.
type counter interface{ inc() }

type nullCounter struct{ n int }

func (c *nullCounter) inc() {
	if c == nil {
		return
	}
	c.n++
}

func newCounterCompared(on bool) counter {
	var c *nullCounter
	if !on {
		return c // want typed-nil-return
	}
	return &nullCounter{}
}

func UseCounter() {
	if c := newCounterCompared(false); c != nil { // want typed-nil-compare
		c.inc()
	}
}

var _ = errors.New
