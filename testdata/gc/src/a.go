package gcsample

import (
	"bytes"
	"fmt"
	"io"
)

var sink any
var wsink io.Writer

type S12 struct{ a, b, c int32 }
type P struct {
	p *int
	x int64
}

func box(n int) any {
	return n
}

func F1(n int64) {
	sink = n
}

func F2() {
	sink = 1000
	v := 2000
	sink = v
	sink = true
	sink = "hello"
	var s string = fmt.Sprint(1)
	sink = s
	sink = S12{1, 2, 3}
}

func F3(x S12) {
	sink = x
	var big [2000]byte
	big[3] = byte(len(fmt.Sprint(1)))
	var e any = big
	_ = e
}

func F4() {
	var buf bytes.Buffer
	wsink = &buf
}

func F5(n int) {
	sink = box(n)
	fmt.Println(n, "x", 3)
}

func G[T any](v T) any { return v }

func F6(n int) { sink = G(n) }

type I interface{ M() }
type T struct{ x int64 }

func (T) M() {}

func F7(i I) { sink = i; var j any = i; _ = j.(I); _, _ = j.(fmt.Stringer) }
