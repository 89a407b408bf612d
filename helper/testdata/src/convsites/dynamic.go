package convsites

import (
	"io"
	"reflect"
)

type Taker interface{ Take(p *S) }

func DynamicArgs(w io.Writer, r io.Reader, t Taker, f func([]byte), s string) {
	w.Write([]byte(s))
	var buf [64]byte
	r.Read(buf[:])
	mk := make([]byte, 128)
	r.Read(mk)
	var v S
	t.Take(&v)
	t.Take(&S{1, 2})
	t.Take(new(S))
	f([]byte("constant"))
}

func ReflectInterface(p *S, s S) {
	sink = reflect.ValueOf(p).Elem().Interface()
	sink = reflect.ValueOf(s).Interface()
}
