package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// These tests hold the helper to the compiler: every site must sit exactly where
// `go build -gcflags=-m` reports the conversion, and every conversion the compiler reports
// must be a site. Function names must be the compiler's symbols (-S).

const fixture = "testdata/src/convsites"

type output struct {
	header    Header
	packages  []PackageRecord
	errors    []LoadError
	functions []FunctionRecord
	sites     []Site
	calls     []Call
	instances []Instance
	done      Done
}

func runHelper(t *testing.T, dir string, env []string, patterns ...string) output {
	t.Helper()
	return runHelperWith(t, options{dir: dir, env: env, patterns: patterns})
}

// runHelperWith runs the helper with opts (opts.dir made absolute) and decodes its records.
func runHelperWith(t *testing.T, opts options) output {
	t.Helper()
	abs, err := filepath.Abs(opts.dir)
	if err != nil {
		t.Fatal(err)
	}
	opts.dir = abs
	var buf bytes.Buffer
	if err := run(opts, &buf); err != nil {
		t.Fatalf("run: %v", err)
	}
	var out output
	sc := bufio.NewScanner(&buf)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var k struct{ Kind string }
		if err := json.Unmarshal(line, &k); err != nil {
			t.Fatalf("bad JSON line %q: %v", line, err)
		}
		var dst any
		switch k.Kind {
		case "header":
			dst = &out.header
		case "package":
			out.packages = append(out.packages, PackageRecord{})
			dst = &out.packages[len(out.packages)-1]
		case "loadError":
			out.errors = append(out.errors, LoadError{})
			dst = &out.errors[len(out.errors)-1]
		case "function":
			out.functions = append(out.functions, FunctionRecord{})
			dst = &out.functions[len(out.functions)-1]
		case "site":
			out.sites = append(out.sites, Site{})
			dst = &out.sites[len(out.sites)-1]
		case "call":
			out.calls = append(out.calls, Call{})
			dst = &out.calls[len(out.calls)-1]
		case "instance":
			out.instances = append(out.instances, Instance{})
			dst = &out.instances[len(out.instances)-1]
		case "dyncall":
			dst = &DynamicCallRecord{}
		case "done":
			dst = &out.done
		default:
			t.Fatalf("unknown record kind %q", k.Kind)
		}
		if err := json.Unmarshal(line, dst); err != nil {
			t.Fatalf("bad %s record %q: %v", k.Kind, line, err)
		}
	}
	if out.header.Protocol != Protocol || out.done.Kind != "done" {
		t.Fatalf("missing header or done: %+v %+v", out.header, out.done)
	}
	if out.done.Sites != len(out.sites) || out.done.Functions != len(out.functions) || out.done.Packages != len(out.packages) {
		t.Fatalf("done counts %+v disagree with records", out.done)
	}
	return out
}

// diag is one compiler diagnostic.
type diag struct {
	pos string // abs/file.go:line:col
	msg string
}

// The compiler omits the column where its encoding saturates (see compilerCol): col 0.
var diagRE = regexp.MustCompile(`^([^:\s]+\.go):(\d+)(?::(\d+))?: (.*)$`)

func compilerDiags(t *testing.T, dir string, gcflags string) []diag {
	t.Helper()
	abs, _ := filepath.Abs(dir)
	cmd := exec.Command("go", "build", "-gcflags="+gcflags, ".")
	cmd.Dir = abs
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go build -gcflags=%q: %v\n%s", gcflags, err, out)
	}
	var ds []diag
	for _, line := range strings.Split(string(out), "\n") {
		m := diagRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		col := m[3]
		if col == "" {
			col = "0"
		}
		ds = append(ds, diag{pos: filepath.Join(abs, m[1]) + ":" + m[2] + ":" + col, msg: m[4]})
	}
	if len(ds) == 0 {
		t.Fatalf("no diagnostics from go build -gcflags=%q:\n%s", gcflags, out)
	}
	return ds
}

func posKey(p Pos) string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col) }

func isEscapeMsg(msg string) bool {
	return strings.HasSuffix(msg, " escapes to heap") || strings.HasSuffix(msg, " does not escape") ||
		strings.HasPrefix(msg, "moved to heap: ")
}

// paramPositions are the declaring identifiers of parameters and results, where the compiler
// reports "leaking param" / "p does not escape" about the parameter itself.
func paramPositions(t *testing.T, dir string) map[string]bool {
	t.Helper()
	abs, _ := filepath.Abs(dir)
	fset := token.NewFileSet()
	files, _ := filepath.Glob(filepath.Join(abs, "*.go"))
	ps := map[string]bool{}
	for _, f := range files {
		af, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(af, func(n ast.Node) bool {
			if ft, ok := n.(*ast.FuncType); ok {
				for _, fl := range []*ast.FieldList{ft.Params, ft.Results} {
					if fl == nil {
						continue
					}
					for _, fld := range fl.List {
						for _, name := range fld.Names {
							p := fset.Position(name.Pos())
							ps[fmt.Sprintf("%s:%d:%d", p.Filename, p.Line, p.Column)] = true
						}
					}
				}
			}
			if fd, ok := n.(*ast.FuncDecl); ok && fd.Recv != nil {
				for _, fld := range fd.Recv.List {
					for _, name := range fld.Names {
						p := fset.Position(name.Pos())
						ps[fmt.Sprintf("%s:%d:%d", p.Filename, p.Line, p.Column)] = true
					}
				}
			}
			return true
		})
	}
	return ps
}

// notAboutConversions are diagnostics about allocations that are not interface conversions.
func notAboutConversions(msg string) bool {
	return strings.HasPrefix(msg, "leaking param") || strings.HasPrefix(msg, "func literal ") ||
		strings.HasPrefix(msg, "append ")
}

func TestSitesMatchCompiler(t *testing.T) {
	out := runHelper(t, fixture, nil, ".")
	if len(out.errors) != 0 {
		t.Fatalf("fixture has load errors: %+v", out.errors)
	}
	initFn := "convsites.init"
	params := paramPositions(t, fixture)

	sitesAt := map[string][]Site{}
	for _, s := range out.sites {
		sitesAt[posKey(s.Pos)] = append(sitesAt[posKey(s.Pos)], s)
	}
	// Every context of the brief must be exercised by the fixture.
	seen := map[string]bool{}
	for _, s := range out.sites {
		seen[s.SiteKind] = true
		seen[s.Context] = true
	}
	for _, want := range []string{KindConvert, KindIfaceToIface, KindAssert, KindTypeSwitch, KindHeapMove, KindVariadicSlice, KindDynamicArg, CtxStringToSlice, CtxMake, KindReflectInterface, CtxReflectAddressable, CtxReflectNotAddressable,
		CtxAssign, CtxDefine, CtxVar, CtxArgument, CtxVariadic, CtxReturn, CtxCompositeField, CtxCompositeElement,
		CtxMapKey, CtxMapValue, CtxMapIndex, CtxSend, CtxExplicit, CtxAppend, CtxPanic, CtxCompare, CtxCase,
		CtxRange, CtxSelectSend, CtxAddressOf, CtxNew, CtxVariable, CtxLiteral} {
		if !seen[want] {
			t.Errorf("fixture produces no %q site", want)
		}
	}

	for _, flags := range []string{"-m -l", "-m"} {
		t.Run(strings.ReplaceAll(flags, " ", ""), func(t *testing.T) {
			diags := compilerDiags(t, fixture, flags)
			at := map[string][]string{}
			for _, d := range diags {
				at[d.pos] = append(at[d.pos], d.msg)
			}
			has := func(pos string, ok func(string) bool) bool {
				for _, m := range at[pos] {
					if ok(m) {
						return true
					}
				}
				return false
			}
			inlinedCall := func(pos string) bool {
				return has(pos, func(m string) bool { return strings.HasPrefix(m, "inlining call to ") })
			}
			// With inlining, a closure inlined into its only caller is never compiled on its
			// own: its conversions are reported only at the call.
			inlined := map[string]bool{}
			for _, d := range diags {
				if name, ok := strings.CutPrefix(d.msg, "inlining call to "); ok {
					inlined["convsites."+genericArgs(name)] = true
				}
			}
			inlinedClosure := func(fn string) bool {
				return inlined[genericArgs(fn)] && (strings.Contains(fn, ".func") || strings.Contains(fn, "-range"))
			}

			// Forward: every site the compiler diagnoses is diagnosed exactly at its pos.
			for _, s := range out.sites {
				pos := posKey(s.Pos)
				desc := fmt.Sprintf("%s %s %s (%s in %s)", s.SiteKind, s.Context, s.Operand, pos, s.Function)
				switch s.SiteKind {
				case KindConvert:
					if s.Function == initFn {
						continue // package initialisers are lowered without -m diagnostics
					}
					if s.Context == CtxRange {
						continue // range assignments are converted by walk, after escape analysis
					}
					if s.Source.DirectIface {
						// Pointers, maps, funcs and channels may allocate themselves (a map
						// literal, a closure); a pointer-shaped struct or array value cannot, so
						// any diagnostic there would be the conversion's.
						if !hasAnyPrefix(s.Source.Type, "*", "map[", "chan ", "<-chan ", "func(") {
							if has(pos, isEscapeMsg) && !otherKindAt(sitesAt[pos]) {
								t.Errorf("pointer-shaped %s has an escape diagnostic: %q", desc, at[pos])
							}
						}
						continue
					}
					if !has(pos, func(m string) bool {
						return strings.HasSuffix(m, " escapes to heap") || strings.HasSuffix(m, " does not escape")
					}) && !(flags == "-m" && inlinedClosure(s.Function)) {
						t.Errorf("no escape diagnostic for %s; near: %s", desc, near(diags, pos))
					}
				case KindHeapMove:
					if strings.HasPrefix(s.Context, "indirect-") {
						continue // candidates: ifacelens keeps them only where the compiler reports an escape
					}
					want := func(m string) bool {
						return strings.HasSuffix(m, " escapes to heap") || strings.HasPrefix(m, "moved to heap: ")
					}
					if s.VarName != "" {
						want = func(m string) bool { return m == "moved to heap: "+s.VarName }
					}
					if !has(pos, want) {
						t.Errorf("no heap diagnostic for %s; near: %s", desc, near(diags, pos))
					}
				case KindVariadicSlice:
					if !has(pos, func(m string) bool {
						return m == "... argument escapes to heap" || m == "... argument does not escape"
					}) {
						t.Errorf("no '... argument' diagnostic for %s; near: %s", desc, near(diags, pos))
					}
				}
			}

			// Converse: nothing the compiler reports about conversions is missed.
			for _, d := range diags {
				if !isEscapeMsg(d.msg) || notAboutConversions(d.msg) || params[d.pos] {
					continue
				}
				if len(sitesAt[d.pos]) > 0 {
					continue
				}
				if flags == "-m" && inlinedCall(d.pos) {
					continue // an inlined callee's conversion, reported at the call
				}
				t.Errorf("compiler diagnostic without a site: %s: %s", d.pos, d.msg)
			}
		})
	}
}

func hasAnyPrefix(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func otherKindAt(sites []Site) bool {
	for _, s := range sites {
		if s.SiteKind != KindConvert || !s.Source.DirectIface {
			return true
		}
	}
	return false
}

func near(diags []diag, pos string) string {
	file, line := pos, ""
	if i := strings.LastIndex(pos, ":"); i > 0 {
		file = pos[:i]
		if j := strings.LastIndex(file, ":"); j > 0 {
			file, line = file[:j], file[j+1:]
		}
	}
	var ms []string
	for _, d := range diags {
		if strings.HasPrefix(d.pos, file+":"+line+":") {
			ms = append(ms, d.pos[len(file)+1:]+" "+d.msg)
		}
	}
	if len(ms) == 0 {
		return "(nothing on that line)"
	}
	return strings.Join(ms, "; ")
}

var (
	stextRE   = regexp.MustCompile(`^(\S+) STEXT`)
	textPosRE = regexp.MustCompile(`^\s+0x[0-9a-f]+ \d+ \(([^)]*)\)\s+TEXT\s+\S+,\s*(\S+)`)
	wrapperRE = regexp.MustCompile(`\.(deferwrap|gowrap)\d+$|-fm$`)
)

// genericArgs replaces each bracketed type-argument list (which may nest) by "[...]".
func genericArgs(name string) string {
	var b strings.Builder
	depth := 0
	for _, r := range name {
		switch {
		case r == '[':
			if depth == 0 {
				b.WriteString("[...]")
			}
			depth++
		case r == ']':
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func TestFunctionNamesMatchSymbols(t *testing.T) {
	out := runHelper(t, fixture, nil, ".")
	abs, _ := filepath.Abs(fixture)
	cmd := exec.Command("go", "build", "-gcflags=-S -l", ".")
	cmd.Dir = abs
	asm, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go build -gcflags=-S: %v\n%s", err, asm)
	}
	symbols := map[string]bool{}
	lines := strings.Split(string(asm), "\n")
	for i, line := range lines {
		m := stextRE.FindStringSubmatch(line)
		if m == nil || i+1 >= len(lines) {
			continue
		}
		tm := textPosRE.FindStringSubmatch(lines[i+1])
		if tm == nil {
			t.Fatalf("unexpected line after STEXT: %q", lines[i+1])
		}
		if !strings.HasPrefix(tm[1], abs+string(filepath.Separator)) || strings.Contains(tm[2], "WRAPPER") || wrapperRE.MatchString(m[1]) {
			continue // compiler-generated: package initialiser, equality, wrappers
		}
		symbols[genericArgs(m[1])] = true
	}
	names := map[string]bool{}
	for _, f := range out.functions {
		n := genericArgs(f.Name)
		if names[n] {
			t.Errorf("duplicate function name %s", f.Name)
		}
		names[n] = true
		if f.Start.Line == 0 || f.End.Line < f.Start.Line || f.BodyStart.Line < f.Start.Line {
			t.Errorf("bad extent for %s: %+v", f.Name, f)
		}
	}
	var missing, extra []string
	for s := range symbols {
		if !names[s] {
			missing = append(missing, s)
		}
	}
	for n := range names {
		if !symbols[n] {
			extra = append(extra, n)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	for _, s := range missing {
		t.Errorf("compiler symbol %s has no function record", s)
	}
	for _, n := range extra {
		t.Errorf("function record %s is not a compiler symbol", n)
	}
	if len(symbols) < 30 {
		t.Errorf("only %d symbols parsed from -S output; parser broken?", len(symbols))
	}
}

// TestSiteDetails pins facts the compiler comparison cannot see: contexts, constants, loop
// facts, comma-ok, type-switch cases, and the absence of sites in dead code.
func TestSiteDetails(t *testing.T) {
	out := runHelper(t, fixture, nil, ".")
	abs, _ := filepath.Abs(fixture)
	src := map[string][]string{}
	lineOf := func(p Pos) string {
		if src[p.File] == nil {
			b, err := os.ReadFile(p.File)
			if err != nil {
				t.Fatal(err)
			}
			src[p.File] = strings.Split(string(b), "\n")
		}
		return strings.TrimSpace(src[p.File][p.Line-1])
	}
	find := func(fn, kind, operand string) []Site {
		var r []Site
		for _, s := range out.sites {
			if s.Function == "convsites."+fn && s.SiteKind == kind && (operand == "" || s.Operand == operand) {
				r = append(r, s)
			}
		}
		return r
	}
	one := func(fn, kind, operand string) Site {
		t.Helper()
		r := find(fn, kind, operand)
		if len(r) != 1 {
			t.Fatalf("want 1 %s site %q in %s, got %d", kind, operand, fn, len(r))
		}
		return r[0]
	}

	// Dead code is not compiled, so it has no sites and no closures.
	for _, s := range out.sites {
		live := s.Context == CtxIndirectClosure && strings.HasPrefix(strings.TrimSpace(lineOf(s.Pos)), "f := func")
		if s.Function == "convsites.Dead" && (s.Operand == "n" || strings.HasPrefix(s.Operand, "func")) && !live {
			t.Errorf("site in dead code: %s at %s: %q", s.Operand, posKey(s.Pos), lineOf(s.Pos))
		}
		if s.Function == "convsites.AfterPanic" && s.Operand == "n + 1" {
			t.Errorf("site after panic")
		}
	}
	if got := find("Dead", KindConvert, "n + 1"); len(got) != 1 || got[0].Loop.Conditional {
		t.Errorf("constant switch default clause: %+v", got)
	}
	if got := find("Dead", KindConvert, "n + 2"); len(got) != 1 {
		t.Errorf("constant switch case 2: %+v", got)
	}
	if got := find("Dead.func1", KindConvert, "n"); len(got) != 1 {
		t.Errorf("closure after dead code should be Dead.func1: %+v", got)
	}

	c := one("Constants", KindConvert, "K")
	if !c.Constant || c.ConstValue != "1000" || c.Source.Type != "int" {
		t.Errorf("constant K: %+v", c)
	}
	if s := one("Constants", KindConvert, `"hello"`); s.ConstValue != `"hello"` || s.Source.Basic != "string" {
		t.Errorf("string constant: %+v", s)
	}
	if s := one("Constants", KindConvert, "'r'"); s.Source.Type != "rune" && s.Source.Type != "int32" {
		t.Errorf("rune constant: %+v", s.Source)
	}
	for _, s := range find("Constants", "", "") {
		if s.Operand == "nil" {
			t.Errorf("untyped nil reported: %+v", s)
		}
	}
	if s := find("Explicit", "", "nil"); len(s) != 0 {
		t.Errorf("fmt.Stringer(nil) converts nothing, yet: %+v", s)
	}

	asserts := find("Assert", KindAssert, "")
	if len(asserts) != 4 || asserts[0].CommaOk || !asserts[1].CommaOk || !asserts[2].CommaOk || asserts[3].CommaOk {
		t.Errorf("asserts: %+v", asserts)
	}
	ts := find("TypeSwitch", KindTypeSwitch, "")
	if len(ts) != 2 || len(ts[0].Cases) != 4 || ts[0].Cases[3].Type != "fmt.Stringer" || !ts[0].Source.Empty {
		t.Errorf("type switches: %+v", ts)
	}

	// Loops.
	loopSite := func(operand string, depth int, trips []any, cond bool) {
		t.Helper()
		for _, s := range find("Loops", KindConvert, operand) {
			var got []any
			for _, p := range s.Loop.TripCounts {
				if p == nil {
					got = append(got, nil)
				} else {
					got = append(got, int(*p))
				}
			}
			if s.Loop.Depth != depth || fmt.Sprint(got) != fmt.Sprint(trips) || s.Loop.Conditional != cond {
				t.Errorf("%s at %s: loop %+v (%v), want depth %d trips %v conditional %v", operand, posKey(s.Pos), s.Loop, got, depth, trips, cond)
			}
			return
		}
		t.Errorf("no site %q in Loops", operand)
	}
	loopSite("j", 2, []any{4, 10}, false)
	loopSite("i + 1", 1, []any{nil}, true)
	loopSite("v", 1, []any{4}, false)
	loopSite("c", 1, []any{5}, false)
	loopSite("k", 1, []any{nil}, false)
	if s := find("Loops", KindConvert, "xs"); len(s) != 1 || s[0].Context != CtxRange || s[0].Loop.Depth != 1 {
		t.Errorf("range assignment: %+v", s)
	}
	for _, s := range find("Loops", KindConvert, "i") {
		if lineOf(s.Pos) == "sink = i" && s.Pos.Line > 70 && len(s.Loop.TripCounts) == 1 && s.Loop.TripCounts[0] != nil && *s.Loop.TripCounts[0] == 4 {
			t.Errorf("loop assigning its variable has a trip count: %+v", s.Loop)
		}
	}
	for _, s := range find("Labels", KindConvert, "") {
		if !s.Loop.Conditional {
			t.Errorf("site in function with labels not conditional: %+v", s)
		}
	}

	// Heap moves: once per variable, at the declaration, with the conversion as via.
	hv := find("HeapVar", KindHeapMove, "")
	vars := map[string]int{}
	for _, s := range hv {
		vars[s.VarName]++
		if s.Via == nil {
			t.Errorf("heap-move without via: %+v", s)
		}
	}
	if vars["x"] != 1 || vars["buf"] != 1 || vars["s"] != 1 || vars["arr"] != 1 {
		t.Errorf("heap-move vars: %v", vars)
	}
	if s := one("HeapLoop", KindHeapMove, ""); s.Loop.Depth != 1 {
		t.Errorf("per-iteration variable: %+v", s.Loop)
	}
	if s := one("G2[...]", KindConvert, "n"); s.TypeParam || s.Source.Size != 8 {
		t.Errorf("typeParam on int: %+v", s)
	}
	g := one("G[...]", KindConvert, "x")
	if !g.TypeParam || g.Source.Size != -1 || g.Source.DirectIface || !g.Source.TypeParam {
		t.Errorf("type-parameter source: %+v", g.Source)
	}
	if s := find("G2[...]", KindConvert, "[]T{x}"); len(s) != 1 || s[0].Source.Size != 24 || !s[0].TypeParam {
		t.Errorf("[]T source: %+v", s)
	}
	vs := find("Variadic", KindVariadicSlice, "")
	if len(vs) != 4 || vs[0].Count != 3 || vs[0].Object.Size != 48 || vs[0].Object.Type != "[3]any" {
		t.Errorf("variadic slices: %+v", vs)
	}
	dyn := find("DynamicArgs", KindDynamicArg, "")
	want := map[string]string{ // operand → context
		"[]byte(s)": CtxStringToSlice, "buf[:]": CtxAddressOf, "make([]byte, 128)": CtxMake, "&v": CtxAddressOf,
		"&S{1, 2}": CtxLiteral, "new(S)": CtxNew, `[]byte("constant")`: CtxStringToSlice,
	}
	for _, s := range dyn {
		if want[s.Operand] != s.Context || s.Dynamic == nil || s.Via == nil {
			t.Errorf("dynamic-arg %q: context %q, dynamic %+v", s.Operand, s.Context, s.Dynamic)
		}
		delete(want, s.Operand)
	}
	if len(want) != 0 {
		t.Errorf("dynamic-arg sites missing: %v (have %+v)", want, dyn)
	}
	if p := out.packages[0]; p.Path != "convsites" || p.Dir != abs || len(p.Files) != 8 {
		t.Errorf("package record: %+v", p)
	}
}

// TestCallsCoverInlining checks that every `inlining call to F` the compiler prints for a callee
// of the fixture package sits on a call record, so inlined sites get their call's loop facts.
func TestCallsCoverInlining(t *testing.T) {
	out := runHelper(t, fixture, nil, ".")
	calls := map[string]bool{}
	for _, c := range out.calls {
		calls[fmt.Sprintf("%s:%d:%d", c.Pos.File, c.Pos.Line, c.Pos.Col)] = true
	}
	abs, _ := filepath.Abs(fixture)
	decls := map[string]bool{}
	for _, f := range out.functions {
		// the compiler reports a declaration at the function's name: func is 5 bytes before it
		decls[fmt.Sprintf("%s:%d:%d", f.File, f.Start.Line, f.Start.Col+5)] = true
		decls[fmt.Sprintf("%s:%d:%d", f.File, f.Start.Line, f.Start.Col)] = true
	}
	cmd := exec.Command("go", "build", "-gcflags=-m", "-o", os.DevNull, ".")
	cmd.Dir = abs
	b, _ := cmd.CombinedOutput()
	re := regexp.MustCompile(`^\./(\S+?):(\d+):(\d+): inlining call to ([^.\s]+(?:\.\S+)?)$`)
	n := 0
	for _, line := range strings.Split(string(b), "\n") {
		m := re.FindStringSubmatch(line)
		if m == nil || strings.Contains(m[4], ".") && !strings.HasPrefix(m[4], "(") {
			continue // callees of other packages (fmt.Println) are not analysed
		}
		key := fmt.Sprintf("%s:%s:%s", filepath.Join(abs, m[1]), m[2], m[3])
		if decls[key] {
			continue // a generic wrapper G[int] inlining its shaped body at the declaration
		}
		n++
		if !calls[key] {
			t.Errorf("no call record at %s (%s)", key, line)
		}
	}
	if n == 0 {
		t.Fatal("the fixture has no inlined calls")
	}
}
