package main

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"runtime"
	"strings"
	"testing"
	"unsafe"
)

// checkTypes type-checks `type T<i> = <expr>` for each expression and returns the types.
func checkTypes(t *testing.T, exprs []string) []types.Type {
	t.Helper()
	var b strings.Builder
	b.WriteString("package p\nimport \"unsafe\"\nvar _ unsafe.Pointer\n")
	for i, e := range exprs {
		fmt.Fprintf(&b, "type T%d = %s\n", i, e)
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", b.String(), 0)
	if err != nil {
		t.Fatal(err)
	}
	conf := types.Config{Importer: importer.Default()}
	pkg, err := conf.Check("p", fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := make([]types.Type, len(exprs))
	for i := range exprs {
		ts[i] = pkg.Scope().Lookup(fmt.Sprintf("T%d", i)).Type()
	}
	return ts
}

type (
	padTail struct {
		p *int
		z struct{}
	}
	padHead struct {
		z struct{}
		p *int
	}
	mixed struct {
		a int32
		s string
		b int8
	}
	small struct {
		a int8
		b int64
	}
	noPtrTail struct {
		a [0]*int
		b int
	}
)

// TestTypeFactsAmd64 checks sizes against the running (amd64) compiler's unsafe.Sizeof and
// Alignof, and pointer facts against the compiler's definitions.
func TestTypeFactsAmd64(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("expectations are for amd64")
	}
	cases := []struct {
		expr        string
		size, align uintptr
		ptrBytes    int64
		direct      bool
		sole        string
	}{
		{"int8", unsafe.Sizeof(int8(0)), unsafe.Alignof(int8(0)), 0, false, "int8"},
		{"int64", unsafe.Sizeof(int64(0)), unsafe.Alignof(int64(0)), 0, false, "int64"},
		{"complex128", unsafe.Sizeof(complex128(0)), unsafe.Alignof(complex128(0)), 0, false, "complex128"},
		{"string", unsafe.Sizeof(""), unsafe.Alignof(""), 8, false, "string"},
		{"[]int", unsafe.Sizeof([]int(nil)), unsafe.Alignof([]int(nil)), 8, false, "slice"},
		{"map[int]int", unsafe.Sizeof(map[int]int(nil)), unsafe.Alignof(map[int]int(nil)), 8, true, "other"},
		{"chan int", unsafe.Sizeof((chan int)(nil)), unsafe.Alignof((chan int)(nil)), 8, true, "other"},
		{"func()", unsafe.Sizeof((func())(nil)), unsafe.Alignof((func())(nil)), 8, true, "other"},
		{"*int", unsafe.Sizeof((*int)(nil)), unsafe.Alignof((*int)(nil)), 8, true, "pointer"},
		{"unsafe.Pointer", unsafe.Sizeof(unsafe.Pointer(nil)), unsafe.Alignof(unsafe.Pointer(nil)), 8, true, "pointer"},
		{"any", unsafe.Sizeof(any(nil)), unsafe.Alignof(any(nil)), 16, false, "other"},
		{"error", unsafe.Sizeof(error(nil)), unsafe.Alignof(error(nil)), 16, false, "other"},
		{"struct{ a int8; b int64 }", unsafe.Sizeof(small{}), unsafe.Alignof(small{}), 0, false, ""},
		{"struct{ p *int; z struct{} }", unsafe.Sizeof(padTail{}), unsafe.Alignof(padTail{}), 8, false, ""},
		{"struct{ z struct{}; p *int }", unsafe.Sizeof(padHead{}), unsafe.Alignof(padHead{}), 8, true, ""},
		{"struct{ a int32; s string; b int8 }", unsafe.Sizeof(mixed{}), unsafe.Alignof(mixed{}), 16, false, ""},
		{"struct{ a [0]*int; b int }", unsafe.Sizeof(noPtrTail{}), unsafe.Alignof(noPtrTail{}), 0, false, ""},
		{"[3]int16", unsafe.Sizeof([3]int16{}), unsafe.Alignof([3]int16{}), 0, false, ""},
		{"[2]string", unsafe.Sizeof([2]string{}), unsafe.Alignof([2]string{}), 24, false, ""},
		{"[1]*int", unsafe.Sizeof([1]*int{}), unsafe.Alignof([1]*int{}), 8, true, "pointer"},
		{"struct{ s struct{ b [1]byte } }", unsafe.Sizeof(struct{ s struct{ b [1]byte } }{}), 1, 0, false, "uint8"},
		{"struct{}", unsafe.Sizeof(struct{}{}), unsafe.Alignof(struct{}{}), 0, false, ""},
	}
	exprs := make([]string, len(cases))
	for i, c := range cases {
		exprs[i] = c.expr
	}
	ts := checkTypes(t, exprs)
	f := newFacter("amd64")
	for i, c := range cases {
		got := f.facts(ts[i])
		if got.Size != int64(c.size) || got.Align != int64(c.align) {
			t.Errorf("%s: size/align %d/%d, unsafe says %d/%d", c.expr, got.Size, got.Align, c.size, c.align)
		}
		if got.PtrBytes != c.ptrBytes || got.DirectIface != c.direct || got.Sole != c.sole {
			t.Errorf("%s: ptrBytes %d directIface %v sole %q, want %d %v %q", c.expr, got.PtrBytes, got.DirectIface, got.Sole, c.ptrBytes, c.direct, c.sole)
		}
	}
	if e := f.facts(ts[11]); !e.Interface || e.Empty || e.Methods != 1 {
		t.Errorf("error interface facts: %+v", e)
	}
	if a := f.facts(ts[10]); !a.Interface || !a.Empty || a.Basic != "" {
		t.Errorf("any interface facts: %+v", a)
	}
}

// TestTypeFacts386 checks the layout for another GOARCH: 4-byte pointers, int64 aligned to 4.
func TestTypeFacts386(t *testing.T) {
	ts := checkTypes(t, []string{"int64", "*int", "string", "struct{ a int8; b int64; p *int }", "complex128", "any"})
	f := newFacter("386")
	want := []struct{ size, align, ptr int64 }{{8, 4, 0}, {4, 4, 4}, {8, 4, 4}, {16, 4, 16}, {16, 4, 0}, {8, 4, 8}}
	for i, w := range want {
		got := f.facts(ts[i])
		if got.Size != w.size || got.Align != w.align || got.PtrBytes != w.ptr {
			t.Errorf("386 %s: %d/%d/%d, want %d/%d/%d", got.Type, got.Size, got.Align, got.PtrBytes, w.size, w.align, w.ptr)
		}
	}
	if !f.facts(ts[1]).DirectIface {
		t.Errorf("386 *int must be pointer-shaped")
	}
}

// TestGOARCHFromEnvironment runs the whole helper for GOARCH=386 and checks header and facts.
func TestGOARCHFromEnvironment(t *testing.T) {
	env := append(os.Environ(), "GOARCH=386")
	out := runHelper(t, "testdata/src/sizes", env, ".")
	if out.header.GOARCH != "386" || out.header.GOOS != runtime.GOOS || out.header.Go != runtime.Version() {
		t.Fatalf("header: %+v", out.header)
	}
	got := map[string]string{}
	for _, s := range out.sites {
		got[s.Source.Type] = fmt.Sprintf("%d/%d/%d/%v", s.Source.Size, s.Source.Align, s.Source.PtrBytes, s.Source.DirectIface)
	}
	want := map[string]string{
		"int64":      "8/4/0/false",
		"sizes.P":    "16/4/16/false",
		"string":     "8/4/4/false",
		"complex128": "16/4/0/false",
		"*int":       "4/4/4/true",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("386 facts:\n got %v\nwant %v", got, want)
	}
	// Without GOARCH in the environment, the helper asks `go env`.
	var env2 []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GOARCH=") {
			env2 = append(env2, kv)
		}
	}
	if out := runHelper(t, "testdata/src/sizes", env2, "."); out.header.GOARCH != runtime.GOARCH {
		t.Errorf("header without GOARCH: %+v", out.header)
	}
}

func TestPathToPrefix(t *testing.T) {
	for in, want := range map[string]string{
		"fmt":                     "fmt",
		"example.com/m/p":         "example.com/m/p",
		"gopkg.in/yaml.v3":        "gopkg.in/yaml%2ev3",
		"example.com/a b/c\"d%":   "example.com/a%20b/c%22d%25",
		"crypto/internal/v1.0.0":  "crypto/internal/v1%2e0%2e0",
		"example.com/ü/x":         "example.com/%c3%bc/x",
		"example.com/m.v2/sub.pk": "example.com/m.v2/sub%2epk",
	} {
		if got := pathToPrefix(in); got != want {
			t.Errorf("pathToPrefix(%q) = %q, want %q", in, got, want)
		}
	}
}
