package typednil

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
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
func CheckedCall() error {
	if e := check(); e != nil {
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
func newList(xs ...string) *tx {
	if len(xs) > 0 {
		return &tx{xs[0]}
	}
	return nil
}

func UseList() any { return newList("a", "b") }

// A switch whose default exits: the nil never reaches the conversion.
func die(msg string) {
	fmt.Println(msg)
	os.Exit(2)
}

func Exits(mode int) io.Reader {
	var r *reader
	switch mode {
	case 0:
		r = &reader{}
	case 1:
		r = &reader{data: []byte("x")}
	default:
		die("bad mode")
	}
	return r
}

func ExitsDirectly(mode int) io.Reader {
	var r *reader
	if mode == 0 {
		r = &reader{}
	} else {
		os.Exit(1)
	}
	return r
}

// A nil return that follows a field of the receiver, which every caller checks first.
type message struct{ errText *string }

func (m *message) decodeError() *MyError {
	if m.errText == nil {
		return nil
	}
	return &MyError{*m.errText}
}

func (m *message) Err() error {
	if m.errText != nil {
		return m.decodeError()
	}
	return nil
}

// A nil non-error pointer whose return is decided by the arguments is the caller's to know
// about (here the index is always in range).
type tx struct{ id string }

type block struct{ txs []string }

func (b *block) tx(i int) *tx {
	if i >= len(b.txs) {
		return nil
	}
	return &tx{b.txs[i]}
}

func AllTx(b *block) []any {
	out := make([]any, len(b.txs))
	for i := range b.txs {
		out[i] = b.tx(i)
	}
	return out
}

// The same with a captured message, and a wrapper called with an error that is never nil.
func (m *message) ErrLater() func() error {
	return func() error {
		var err error
		if m.errText != nil {
			err = m.decodeError()
		}
		return err
	}
}

func wrapErr(err error) *MyError {
	if err == nil {
		return nil
	}
	return &MyError{err.Error()}
}

func Wrapped(n int) error {
	if n < 0 {
		return wrapErr(fmt.Errorf("negative: %d", n))
	}
	return nil
}
