package main

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strconv"
	"strings"
)

// Rewrites for `ifacelens fix` (-rewrites): source edits that may remove an allocation, found
// where go/types can tell they keep the program's meaning, and refused (with why) where the shape
// matches but the meaning could change. They are candidates only: ifacelens proves each one in an
// overlay (re-analysis, measurement, go vet and go test) before it shows it.

// Rewrite is one candidate edit, or a refusal (Refused says why).
type Rewrite struct {
	Kind     string       `json:"kind"`    // "rewrite"
	Rewrite  string       `json:"rewrite"` // fmt-strconv | slog-attrs | sort-slices | error-sentinel
	Package  string       `json:"package"`
	Function string       `json:"function"` // the compiler's symbol of the enclosing function
	Pos      Pos          `json:"pos"`      // the rewritten expression, as the compiler prints positions
	End      Pos          `json:"end"`      // its end
	File     string       `json:"file"`     // the file the edits apply to (its name as parsed)
	Edits    []TextEdit   `json:"edits"`
	Imports  []ImportEdit `json:"imports"`
	Why      string       `json:"why"`
	Refused  string       `json:"refused,omitempty"`
}

// TextEdit replaces the file's bytes [Start, End) with New.
type TextEdit struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	New   string `json:"new"`
}

// ImportEdit adds an import (Text inserted at Start) or says how many uses of an import a rewrite
// removes (Uses of Total in the file; when the applied rewrites remove them all, the spec
// [Start, End) is deleted).
type ImportEdit struct {
	Path  string `json:"path"`
	Add   bool   `json:"add"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text,omitempty"`
	Uses  int    `json:"uses,omitempty"`
	Total int    `json:"total,omitempty"`
}

// rewriter is one package's rewrite search: the pass, and per-file import facts.
type rewriter struct {
	p     *pass
	info  *types.Info
	out   []*Rewrite
	names map[string]bool // package-level names taken by candidates (sentinels)
}

// emitRewrites writes the rewrite records of one package (a root without errors).
func emitRewrites(p *pass, out *emitter) {
	pkg := p.pkg
	if len(pkg.Errors) > 0 || pkg.Types == nil || pkg.TypesInfo == nil {
		return
	}
	r := &rewriter{p: p, info: pkg.TypesInfo, names: map[string]bool{}}
	for _, f := range pkg.Syntax {
		if !p.src.user(f.Package) || p.src.generated(f.Package) {
			continue
		}
		r.file(f)
	}
	sort.SliceStable(r.out, func(i, j int) bool {
		a, b := r.out[i].Pos, r.out[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	for _, rw := range r.out {
		out.record(rw)
	}
}

// fileCtx is what the rewrites of one file share.
type fileCtx struct {
	f    *ast.File
	tf   *token.File
	uses map[string]int // import path → uses of its name in the file
}

func (r *rewriter) file(f *ast.File) {
	fc := &fileCtx{f: f, tf: r.p.src.fset.File(f.Package), uses: map[string]int{}}
	ast.Inspect(f, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if pn, ok := r.info.Uses[id].(*types.PkgName); ok {
				fc.uses[pn.Imported().Path()]++
			}
		}
		return true
	})
	var stack []ast.Node
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		if call, ok := n.(*ast.CallExpr); ok {
			r.call(fc, call, stack)
		}
		return true
	})
}

// call tries each rewrite on one call.
func (r *rewriter) call(fc *fileCtx, call *ast.CallExpr, stack []ast.Node) {
	fn := r.callee(call)
	if fn == nil || fn.Pkg() == nil {
		return
	}
	switch fn.Pkg().Path() {
	case "fmt":
		r.fmtCall(fc, call, fn, stack)
	case "log/slog":
		r.slogCall(fc, call, fn)
	case "sort":
		if fn.Name() == "Slice" {
			r.sortSlice(fc, call)
		}
	case "errors":
		if fn.Name() == "New" {
			r.sentinel(fc, call, fn, stack)
		}
	}
}

// callee is the function or method a call calls statically, nil otherwise.
func (r *rewriter) callee(call *ast.CallExpr) *types.Func {
	var id *ast.Ident
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	default:
		return nil
	}
	fn, _ := r.info.Uses[id].(*types.Func)
	return fn
}

// newRewrite starts a record for the expression e.
func (r *rewriter) newRewrite(fc *fileCtx, kind string, e ast.Node) *Rewrite {
	pos := r.p.src.position(e.Pos())
	rw := &Rewrite{Kind: "rewrite", Rewrite: kind, Package: r.p.pkg.PkgPath, Function: r.p.funcAt(pos), Pos: pos,
		End: r.p.src.position(e.End()), File: fc.tf.Name(), Edits: []TextEdit{}, Imports: []ImportEdit{}}
	r.out = append(r.out, rw)
	return rw
}

func (r *rewriter) refuse(rw *Rewrite, format string, args ...any) {
	rw.Refused = fmt.Sprintf(format, args...)
	rw.Edits, rw.Imports = []TextEdit{}, []ImportEdit{}
}

func (r *rewriter) off(fc *fileCtx, p token.Pos) int { return fc.tf.Offset(p) }

// replace replaces the node's text.
func (r *rewriter) replace(fc *fileCtx, rw *Rewrite, n ast.Node, text string) {
	rw.Edits = append(rw.Edits, TextEdit{Start: r.off(fc, n.Pos()), End: r.off(fc, n.End()), New: text})
}

// text is the source of a node.
func (r *rewriter) text(fc *fileCtx, n ast.Node) string {
	src := r.p.src.bytes(fc.tf)
	a, b := r.off(fc, n.Pos()), r.off(fc, n.End())
	if src == nil || a < 0 || b > len(src) || a > b {
		return ""
	}
	return string(src[a:b])
}

// pkgRef is the name by which the file refers to package path at pos: its import's name, else the
// package's own name after adding the import (an ImportEdit). ok is false when that name is taken
// at pos by something else.
func (r *rewriter) pkgRef(fc *fileCtx, rw *Rewrite, path string, at token.Pos) (string, bool) {
	for _, spec := range fc.f.Imports {
		if p, _ := strconv.Unquote(spec.Path.Value); p == path {
			if spec.Name != nil {
				if spec.Name.Name == "_" || spec.Name.Name == "." {
					continue
				}
				return spec.Name.Name, true
			}
			return path[strings.LastIndex(path, "/")+1:], true
		}
	}
	name := path[strings.LastIndex(path, "/")+1:]
	if scope := r.p.pkg.Types.Scope().Innermost(at); scope != nil {
		if _, obj := scope.LookupParent(name, at); obj != nil {
			return "", false
		}
	}
	for _, spec := range fc.f.Imports {
		if spec.Name != nil && spec.Name.Name == name {
			return "", false
		}
	}
	for _, ie := range rw.Imports {
		if ie.Add && ie.Path == path {
			return name, true
		}
	}
	ie := ImportEdit{Path: path, Add: true}
	var block *ast.GenDecl
	for _, d := range fc.f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			block = g
			break
		}
	}
	switch {
	case block != nil && block.Lparen.IsValid():
		ie.Start = r.off(fc, block.Lparen) + 1
		ie.Text = "\n\t" + strconv.Quote(path)
	case block != nil:
		ie.Start = r.off(fc, block.Pos())
		ie.Text = "import " + strconv.Quote(path) + "\n"
	default:
		ie.Start = r.off(fc, fc.f.Name.End())
		ie.Text = "\n\nimport " + strconv.Quote(path)
	}
	ie.End = ie.Start
	rw.Imports = append(rw.Imports, ie)
	return name, true
}

// dropUse records that the rewrite removes n uses of the import of path.
func (r *rewriter) dropUse(fc *fileCtx, rw *Rewrite, path string, n int) {
	for _, spec := range fc.f.Imports {
		if p, _ := strconv.Unquote(spec.Path.Value); p != path {
			continue
		}
		start, end := r.off(fc, spec.Pos()), r.off(fc, spec.End())
		src := r.p.src.bytes(fc.tf)
		// the spec's whole line when nothing else is on it (a line comment after it goes too)
		ls := strings.LastIndexByte(string(src[:start]), '\n') + 1
		le := strings.IndexByte(string(src[end:]), '\n')
		before := strings.TrimSpace(string(src[ls:start]))
		if le >= 0 && (before == "" || before == "import") {
			after := strings.TrimSpace(string(src[end : end+le]))
			if after == "" || strings.HasPrefix(after, "//") {
				start, end = ls, end+le+1
			}
		}
		rw.Imports = append(rw.Imports, ImportEdit{Path: path, Start: start, End: end, Uses: n, Total: fc.uses[path]})
		return
	}
}

// basicOf is an argument's type when it is one of Go's unnamed basic types (untyped constants
// take their default type), nil for any other type: a named type may have String or Format
// methods that fmt and slog would call.
func (r *rewriter) basicOf(e ast.Expr) *types.Basic {
	tv, ok := r.info.Types[e]
	if !ok || tv.Type == nil {
		return nil
	}
	t := types.Default(tv.Type)
	if _, isAlias := t.(*types.Alias); isAlias {
		t = types.Unalias(t)
	}
	b, _ := t.(*types.Basic)
	return b
}

// constText is the constant value of e formatted as fmt formats it (%v), if e is a constant.
func (r *rewriter) constText(e ast.Expr) (string, bool) {
	tv, ok := r.info.Types[e]
	if !ok || tv.Value == nil {
		return "", false
	}
	b := r.basicOf(e)
	if b == nil {
		return "", false
	}
	switch {
	case b.Info()&types.IsString != 0:
		s, err := strconv.Unquote(tv.Value.ExactString())
		return s, err == nil
	case b.Info()&types.IsInteger != 0, b.Info()&types.IsBoolean != 0:
		return tv.Value.ExactString(), true
	}
	return "", false
}

// simple: an operand that needs no parentheses as an operand of + or a call argument.
func simple(e ast.Expr) bool {
	switch e.(type) {
	case *ast.Ident, *ast.BasicLit, *ast.CallExpr, *ast.SelectorExpr, *ast.IndexExpr, *ast.ParenExpr:
		return true
	}
	return false
}
