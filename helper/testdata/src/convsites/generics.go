package convsites

func G[T any](x T) any { return x }

func G2[T any](x T, n int) {
	sink = x
	var y any = x
	sink = y
	sink = []T{x}
	sink = n
}

type Box[T any] struct{ v T }

func (b *Box[T]) Get() any { return b.v }

func (b Box[T]) Val() any {
	f := func() any { return b.v }
	return f()
}

func Stringish[T interface{ ~string }](x T) any { return x }

func UseGenerics(n int) {
	sink = G(n)
	G2(n, 1)
	var b Box[int]
	b.v = n
	sink = b.Get()
	sink = b.Val()
	sink = Stringish("s")
}
