package convsites

const debug = false

func Dead(n int) {
	if debug {
		sink = n
		sink = func() any { return n }
	}
	if false && n > 0 {
		sink = n
	}
	if debug && sink == any(n) {
		sink = n
	}
	for false {
		sink = n
	}
	switch {
	case debug:
		sink = n
	default:
		sink = n + 1
	}
	switch 2 {
	case 1:
		sink = n
	case 2:
		sink = n + 2
	}
	f := func() any { return n }
	sink = f
	return
	sink = n
	sink = func() any { return n }
}

func AfterPanic(n int) {
	sink = n
	panic("x")
	sink = n + 1
}

func Loops(n int, xs []int, arr [4]int, m map[int]int) {
	for i := 0; i < 10; i++ {
		sink = i
		for j := 0; j <= 3; j++ {
			sink = j
		}
	}
	for i := 0; i < n; i++ {
		sink = i
		if i > 2 {
			continue
		}
		sink = i + 1
	}
	for i := range 5 {
		sink = i
	}
	for _, v := range arr {
		sink = v
	}
	for k := range m {
		sink = k
	}
	for _, c := range "héllo" {
		sink = c
	}
	for range xs {
		sink = n
	}
	var a any
	for _, a = range xs {
		sink = a
	}
	for i := 0; i < 4; i++ {
		i++
		sink = i
	}
	if n > 0 && sink != any(n) {
		sink = n
	}
}

func Labels(n int) {
	i := 0
loop:
	sink = i
	i++
	if i < n {
		goto loop
	}
}
