package typednil

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"sort"
)

// Nothing in this file may be reported.

var ErrSentinel = errors.New("sentinel")

// Guarded: nil is returned as untyped nil.
func Guarded(p *MyError) error {
	if p == nil {
		return nil
	}
	return p
}

// Guarded after a maybe-nil assignment.
func GuardedPhi(fail bool) error {
	var e *MyError
	if fail {
		e = &MyError{"x"}
	}
	if e == nil {
		return nil
	}
	return e
}

// Guarded with !=.
func GuardedNeq(fail bool) error {
	var e *MyError
	if fail {
		e = &MyError{"x"}
	}
	if e != nil {
		return e
	}
	return nil
}

// Always allocated.
func Allocated() error { return &MyError{"x"} }

func AllocatedVar(n int) error {
	e := &MyError{}
	if n > 0 {
		e.msg = "positive"
	}
	return e
}

// Sentinel errors and untyped nil.
func Sentinel(n int) error {
	if n < 0 {
		return ErrSentinel
	}
	return nil
}

// Unknown values (parameters, fields, calls into other packages) are not reported.
func Param(p *MyError) error { return p }

func Field(h *struct{ e *MyError }) error { return h.e }

// Explicit typed nils are deliberate.
var _ io.Reader = (*reader)(nil)
var _ error = (*MyError)(nil)

func TypeOfIdiom() reflect.Type { return reflect.TypeOf((*io.Reader)(nil)).Elem() }

func ExplicitReturn() http.Handler { return http.HandlerFunc(nil) }

// Blank assignments.
func Blank() {
	var e *MyError
	var _ error = e
	_ = error(e)
}

// Empty-interface arguments: fmt and friends print typed nils on purpose.
func Print() {
	var m map[string]int
	var p *MyError
	fmt.Println(m, p)
	fmt.Printf("%v\n", p)
}

// Slices: a length check proves them non-nil.
type MultiError []error

func (m MultiError) Error() string { return fmt.Sprint([]error(m)) }

func Collect(errs []error) error {
	var me MultiError
	for _, err := range errs {
		if err != nil {
			me = append(me, err)
		}
	}
	if len(me) == 0 {
		return nil
	}
	return me
}

func CollectGT(errs []error) error {
	var me MultiError
	for _, err := range errs {
		me = append(me, err)
	}
	if len(me) > 0 {
		return me
	}
	return nil
}

// A wrapper whose nil result follows its argument (nil in, nil out) is not a source.
func wrap(err error) *MyError {
	if err == nil {
		return nil
	}
	return &MyError{err.Error()}
}

func UseWrap(err error) error {
	if err != nil {
		return wrap(err)
	}
	return nil
}

// A same-package function's result checked before converting.
func CheckedCall(n int) error {
	if e := check(n); e != nil {
		return e
	}
	return nil
}

// Comparisons of interfaces that can be nil: not reported.
func MaybeNil(err error) bool { return err != nil }

func Mixed(fail bool) bool {
	var err error
	if fail {
		err = &MyError{"x"}
	}
	return err != nil
}

// Comparison of an always-non-nil interface made from a never-nil value: redundant, but not a
// typed-nil trap.
func NeverNil() bool {
	var err error = &MyError{"x"}
	return err != nil
}

// panic with a typed nil: recover() sees it as non-nil, which is what the user wants.
func PanicNil() {
	var e *MyError
	panic(e)
}

// Generic code: a type parameter's zero value is not a typed nil of a concrete type.
func Zero[T any]() any {
	var z T
	return z
}

// Dead code after a degenerate comparison.
func Dead() error {
	var e *MyError
	if e != nil {
		return e
	}
	return nil
}

// A nil slice sorted: an empty collection whose methods work.
type byName []string

func (b byName) Len() int           { return len(b) }
func (b byName) Less(i, j int) bool { return b[i] < b[j] }
func (b byName) Swap(i, j int)      { b[i], b[j] = b[j], b[i] }

func Sorted(in []string) []string {
	var out []string
	for _, s := range in {
		if s != "" {
			out = append(out, s)
		}
	}
	sort.Sort(byName(out))
	return out
}

// A nil map whose String works, and nobody compares it with nil.
func Names(build bool) fmt.Stringer {
	var s Set
	if build {
		s = Set{"a": true}
	}
	return s
}

// A null object: its methods of the interface work on a nil receiver, and nobody compares.
func newCounter(on bool) counter {
	var c *nullCounter
	if !on {
		return c
	}
	return &nullCounter{}
}

// Callee returning nil together with an error, or with ok == false: callers check those.
func lookup(name string) (*MyError, error) {
	if name == "" {
		return nil, ErrSentinel
	}
	return &MyError{name}, nil
}

func find(name string) (*MyError, bool) {
	if name == "" {
		return nil, false
	}
	return &MyError{name}, true
}

func UseLookup(name string) error {
	e, err := lookup(name)
	if err != nil {
		return err
	}
	return e
}

func UseFind(name string) error {
	if e, ok := find(name); ok {
		return e
	}
	return nil
}

// A nil return that depends on an empty argument list.
func newList(xs ...string) *MyError {
	if len(xs) > 0 {
		return &MyError{xs[0]}
	}
	return nil
}

func UseList() error { return newList("a", "b") }
