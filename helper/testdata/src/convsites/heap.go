package convsites

func HeapVar() {
	var buf [16]byte
	sink = &buf
	x := 5
	sink = &x
	sink = &x
	var s S
	sink = &s.a
	var arr [4]int
	sink = &arr[1]
	sink = &(buf)
}

func HeapParam(n int, s S) {
	sink = &n
	sink = &s
}

func HeapLit() {
	sink = &S{1, 2}
	sink = (&Big{})
	sink = new(S)
	sink = new(Big)
	isink = new(T)
}

func HeapSwitch(x any) {
	switch v := x.(type) {
	case int, S:
		sink = &v
	}
}

func HeapLoop(xs []int) {
	for _, v := range xs {
		sink = &v
	}
}

func HeapForVar(n int) {
	for i := 0; i < n; i++ {
		sink = &i
	}
}
