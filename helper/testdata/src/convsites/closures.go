package convsites

var pkgAny any = K

var pkgFn = func(n int) any { return n }

var pkgFn2 = func() func() any {
	return func() any { return "nested" }
}

func init() {
	sink = func(n int) any { return n + 1 }
}

func init() {
	f := func(n int) {
		g := func() any { return n }
		sink = g
	}
	f(2)
}

func Closures(n int) {
	f := func() any { return n }
	sink = f
	g := func(s S) any {
		h := func() any { return s }
		return h
	}
	sink = g
	sink = func() any { return S{} }
}

func (t T) Method() {
	f := func() any { return t }
	sink = f
}

func (p *Big) PtrMethod() {
	f := func() any { return *p }
	sink = f
}

func Seq(yield func(int) bool) {
	for i := range 3 {
		if !yield(i) {
			return
		}
	}
}

func RangeFunc() {
	for v := range Seq {
		sink = v
		f := func() any { return v + 1 }
		sink = f
	}
	h := func() any { return 1 }
	sink = h
}

func RangeNested() {
	f := func() {
		for v := range Seq {
			g := func() any { return v }
			sink = g
			for w := range Seq {
				sink = w
				h := func() any { return w }
				sink = h
			}
		}
	}
	f()
}
