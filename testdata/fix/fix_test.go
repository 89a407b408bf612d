package fix

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"math/rand"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The functions print what fmt printed before any rewrite (these tests run with each rewrite).
func TestOutputs(t *testing.T) {
	for _, n := range []int{0, 7, -1, 255, 256, 12345, math.MaxInt64, math.MinInt64} {
		if got, want := Count(n), fmt.Sprintf("%d", n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
	for _, kv := range [][2]string{{"", ""}, {"k", "v"}, {"a b", "%d"}, {"ü", "\n"}} {
		if got, want := Pair(kv[0], kv[1]), fmt.Sprintf("%s=%s", kv[0], kv[1]); got != want {
			t.Errorf("Pair = %q, want %q", got, want)
		}
		if got, want := Join(kv[0], kv[1]), fmt.Sprint(kv[0], kv[1]); got != want {
			t.Errorf("Join = %q, want %q", got, want)
		}
	}
	if Celsius(-40).String() != "-40°C" {
		t.Errorf("Celsius(-40) = %q", Celsius(-40).String())
	}
	if err := check(-1); err == nil || err.Error() != "negative count" {
		t.Errorf("check(-1) = %v", err)
	}
	if check(1) != nil || Validate(1) != nil || Use() != nil {
		t.Error("errors where none are due")
	}
	LogCount(1)
	LogPairs(1, "x")
	LogSlice("n", 1)
}

// The translations fmt-strconv makes print what fmt prints, on sample values of every kind.
func TestFmtStrconvTable(t *testing.T) {
	ints := []int64{0, 1, -1, 9, 10, 99, 100, 255, 256, -256, math.MaxInt32, math.MinInt32, math.MaxInt64, math.MinInt64}
	for _, n := range ints {
		eq(t, fmt.Sprintf("%d", n), strconv.FormatInt(n, 10))
		eq(t, fmt.Sprint(n), strconv.FormatInt(n, 10))
		eq(t, fmt.Sprintf("%v", int8(n)), strconv.FormatInt(int64(int8(n)), 10))
		eq(t, fmt.Sprintf("%d", int32(n)), strconv.FormatInt(int64(int32(n)), 10))
		eq(t, fmt.Sprint(int(n)), strconv.Itoa(int(n)))
		eq(t, fmt.Sprintf("%d", uint64(n)), strconv.FormatUint(uint64(n), 10))
		eq(t, fmt.Sprint(uint8(n)), strconv.FormatUint(uint64(uint8(n)), 10))
		eq(t, fmt.Sprint(uintptr(n)), strconv.FormatUint(uint64(uintptr(n)), 10))
	}
	for _, b := range []bool{true, false} {
		eq(t, fmt.Sprintf("%t", b), strconv.FormatBool(b))
		eq(t, fmt.Sprint(b), strconv.FormatBool(b))
	}
	for _, s := range []string{"", "a", "%", "ü", "\x00"} {
		eq(t, fmt.Sprint(s, 1, 2, s), s+"1 2"+s)
		eq(t, fmt.Sprintln(s, 1), s+" 1\n")
		e1, e2 := fmt.Errorf("x %s", s), errors.New("x "+s)
		eq(t, e1.Error(), e2.Error())
		eq(t, fmt.Sprintf("%T", e1), fmt.Sprintf("%T", e2))
	}
}

func eq(t *testing.T, a, b string) {
	t.Helper()
	if a != b {
		t.Errorf("%q != %q", a, b)
	}
}

// sort.Slice and slices.SortFunc order equal elements the same way: sort-slices keeps the order.
func TestSortSameOrder(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for n := 0; n < 300; n++ {
		a := make([]Item, n)
		for i := range a {
			a[i] = Item{Name: strings.Repeat("x", r.Intn(3)), Score: r.Intn(4), Ratio: float64(i)}
		}
		b := slices.Clone(a)
		c := slices.Clone(a)
		sort.Slice(a, func(i, j int) bool { return a[i].Score < a[j].Score })
		slices.SortFunc(b, func(x, y Item) int { return cmp.Compare(x.Score, y.Score) })
		sort.Slice(c, func(i, j int) bool { return c[i].Name > c[j].Name })
		d := slices.Clone(c)
		slices.SortFunc(d, func(x, y Item) int { return cmp.Compare(y.Name, x.Name) })
		if !slices.Equal(a, b) {
			t.Fatalf("n=%d: sort.Slice and slices.SortFunc order ties differently", n)
		}
		if !slices.Equal(c, d) {
			t.Fatalf("n=%d: descending: sort.Slice and slices.SortFunc order ties differently", n)
		}
	}
}

// slog: Info with pairs and LogAttrs with the typed Attrs write the same line.
func TestSlogSameOutput(t *testing.T) {
	var b1, b2 strings.Builder
	l1 := slog.New(slog.NewTextHandler(&b1, &slog.HandlerOptions{ReplaceAttr: noTime}))
	l2 := slog.New(slog.NewTextHandler(&b2, &slog.HandlerOptions{ReplaceAttr: noTime}))
	l1.Info("m", "n", 1000, "s", "x y", slog.Any("u", uint8(3)), "b", true, "i8", int8(-2))
	l2.LogAttrs(context.Background(), slog.LevelInfo, "m", slog.Int("n", 1000), slog.String("s", "x y"), slog.Uint64("u", uint64(uint8(3))), slog.Bool("b", true), slog.Int64("i8", int64(int8(-2))))
	eq(t, b1.String(), b2.String())
}

func noTime(_ []string, a slog.Attr) slog.Attr {
	if a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}
