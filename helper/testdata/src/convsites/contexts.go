package convsites

import "fmt"

func Assign(n int, s S, big Big) {
	sink = n
	sink = s
	sink = big
	sink = (n)
	sink = ((s))
	var x any
	x = n
	sink = x
}

func Define(n int) {
	x, err := n, esink
	sink = x
	_ = err
	var v any
	w, v := 1, n
	sink = v
	_ = w
}

func Var(n int, s S) {
	var a any = n
	var b, c any = s, "str"
	var d I = T(n)
	var (
		e any = n + 1
	)
	sink, sink, sink, isink, sink = a, b, c, d, e
}

func Args(n int, s S) {
	takeAny(n)
	takeAny2(s, n*2)
	takeI(T(n))
	takeAny2(two())
}

func Variadic(n int, s S, xs []any) {
	vari(n, s, "lit")
	vari2("p", n)
	vari()
	vari(xs...)
	fmt.Println(n, "x")
	fmt.Printf("%d %v\n", n, s)
}

func Return(n int) any {
	return n
}

func ReturnMulti() (any, any) {
	return two()
}

func ReturnNamed(n int) (a, b any) {
	a, b = two()
	return
}

type Holder struct {
	A any
	B I
	C int
}

func Composite(n int, s S) {
	sink = Holder{A: n, B: T(1), C: n}
	sink = Holder{n, T(2), 3}
	sink = []any{n, s, "e"}
	sink = [2]any{n, s}
	sink = map[any]any{n: s, "k": 1.5}
	sink = map[string]any{"v": n}
	sink = &Holder{A: s}
}

func MapIndex(m map[any]int, n int, s S) int {
	m[n] = 1
	m[s]++
	delete(m, n)
	v, ok := m[s]
	_ = ok
	return v + m["lit"]
}

func Send(ch chan any, n int, s S) {
	ch <- n
	ch <- s
	select {
	case ch <- n + 1:
	default:
	}
}

func Explicit(n int, s S) {
	sink = any(n)
	sink = interface{}(s)
	isink = I(T(n))
	sink = fmt.Stringer(nil)
}

func Append(xs []any, n int, s S) []any {
	xs = append(xs, n)
	xs = append(xs, s, "x")
	return xs
}

func Panic(n int) {
	if n > 0 {
		panic(n)
	}
	panic(fmt.Sprint("x"))
}

func Operands(s S, p *S, xs []int, arr [3]int, m map[string]int, f func() int, n int, b bool, ch chan int) {
	sink = s.a
	sink = p.b
	sink = f()
	sink = xs[1]
	sink = arr[n]
	sink = m["k"]
	sink = xs[1:2]
	sink = n + 2
	sink = n * n
	sink = -n
	sink = ^n
	sink = !b
	sink = *p
	sink = <-ch
	sink = (n + 1)
	// Selectors across lines and comments (not gofmt-formatted on purpose): the dot is the pos.
	sink = s. // a trailing comment
			b
	sink = s.
		a
	sink = s /* c */ .a
}

const K = 1000

func Constants() {
	sink = 1
	sink = K
	sink = "hello"
	sink = 2.5
	sink = 'r'
	sink = true
	sink = T(3)
	sink = S{}
	sink = nil
	isink = nil
}

func Compare(x any, e error, i I, n int, s S) bool {
	if x == n {
		return true
	}
	if s != x {
		return false
	}
	if x == 7 {
		return true
	}
	if e == nil || x == nil {
		return false
	}
	if i == x {
		return true
	}
	return e == error(nil)
}

func Case(x any, n int) int {
	switch x {
	case 1, "two":
		return 1
	case n:
		return 2
	}
	switch n {
	case 3:
		return 3
	}
	return 0
}

func IfaceToIface(i I, j J, e *E) {
	sink = i
	isink = j
	takeAny(j)
	sink = I(j)
	var err error = e
	sink = err
}

func Assert(x any, i I) int {
	n := x.(int)
	s, ok := x.(S)
	_ = s
	if ok {
		return 1
	}
	if j, ok := i.(J); ok {
		jsink = j
	}
	t := i.(T)
	return n + int(t)
}

func TypeSwitch(x any) int {
	switch v := x.(type) {
	case int:
		return v
	case S, *S:
		return 1
	case nil:
		return 2
	case fmt.Stringer:
		return 3
	}
	switch x.(type) {
	case error:
		return 4
	}
	return 0
}

func DeferGo(n int, s S) {
	defer takeAny(n)
	go takeAny2(s, n)
	defer fmt.Println(n)
}

func MethodValue(t T) {
	isink = t
	sink = t.M
}

func Shapes(p *int) {
	sink = PS{p}
	sink = ZP{p: p}
	sink = PZ{p: p}
	sink = SS{"x"}
	sink = [1]*int{p}
	sink = [1]string{"y"}
	sink = struct{}{}
	sink = byte(7)
}
