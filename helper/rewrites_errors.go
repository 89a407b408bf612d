package main

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
	"unicode"
)

// error-sentinel: `return errors.New("constant")` (or fmt.Errorf of a constant without verbs)
// in a function becomes a package-level `var errX = errors.New("constant")` made once: the
// function no longer allocates an error per call. Callers then get the same error value from
// every call, which they can tell apart only by comparing two of its errors with each other, so
// it is refused where that could happen: the error is not returned directly (wrapped, stored or
// passed per call), the function is exported (its callers are not all in view), or the package
// compares two non-nil errors with == or != (or in a switch).

// sentinelCandidate: the call is the shape the sentinel rewrite takes (a constant message
// returned directly); fmt-strconv leaves it alone.
func (r *rewriter) sentinelCandidate(call *ast.CallExpr, stack []ast.Node) bool {
	if len(call.Args) != 1 {
		return false
	}
	s, ok := r.constText(call.Args[0])
	if !ok || strings.Contains(s, "%") {
		return false
	}
	_, isRet := stack[len(stack)-2].(*ast.ReturnStmt)
	return isRet
}

func (r *rewriter) sentinel(fc *fileCtx, call *ast.CallExpr, fn *types.Func, stack []ast.Node) {
	r.sentinelOf(fc, call, fn.Name(), stack)
}

func (r *rewriter) sentinelOf(fc *fileCtx, call *ast.CallExpr, name string, stack []ast.Node) {
	if len(call.Args) != 1 {
		return
	}
	msg, ok := r.constText(call.Args[0])
	if !ok {
		return
	}
	var decl *ast.FuncDecl
	for i := len(stack) - 1; i >= 0; i-- {
		if d, ok := stack[i].(*ast.FuncDecl); ok {
			decl = d
			break
		}
	}
	if decl == nil {
		return // package level: made once already
	}
	rw := r.newRewrite(fc, "error-sentinel", call)
	if _, isRet := stack[len(stack)-2].(*ast.ReturnStmt); !isRet {
		r.refuse(rw, "the error is not returned as it is (wrapped, stored or passed on per call)")
		return
	}
	if name == "Errorf" && strings.Contains(msg, "%") {
		r.refuse(rw, "the message has a %% verb")
		return
	}
	if decl.Name.IsExported() && r.p.pkg.Name != "main" {
		r.refuse(rw, "%s is exported: callers outside the analysed packages could compare two of its errors", decl.Name.Name)
		return
	}
	if at := r.errorIdentityCompare(); at != "" {
		r.refuse(rw, "the package compares two errors by identity at %s", at)
		return
	}
	errRef, ok := r.pkgRef(fc, rw, "errors", call.Pos())
	if !ok {
		r.refuse(rw, "the name errors means something else here")
		return
	}
	v := r.sentinelName(msg)
	r.replace(fc, rw, call, v)
	end := r.off(fc, decl.End())
	rw.Edits = append(rw.Edits, TextEdit{Start: end, End: end, New: "\n\n// " + v + " is made once: " + decl.Name.Name + " returned a new error with this text on each call.\nvar " + v + " = " + errRef + ".New(" + r.text(fc, call.Args[0]) + ")"})
	if name == "Errorf" {
		r.dropUse(fc, rw, "fmt", 1)
	}
	rw.Why = map[bool]string{true: "fmt.Errorf", false: "errors.New"}[name == "Errorf"] + " allocates a new error on every call; a package-level error made once does not"
}

// errorIdentityCompare is the first place the package compares two error values neither of
// which is nil (==, !=, a switch on an error with non-nil cases), "" if none.
func (r *rewriter) errorIdentityCompare() string {
	isErr := func(e ast.Expr) bool {
		t := r.info.TypeOf(e)
		if t == nil {
			return false
		}
		_, isIface := t.Underlying().(*types.Interface)
		return isIface && errorLike(t)
	}
	isNil := func(e ast.Expr) bool {
		tv, ok := r.info.Types[e]
		return ok && tv.IsNil()
	}
	found := ""
	for _, f := range r.p.pkg.Syntax {
		ast.Inspect(f, func(n ast.Node) bool {
			if found != "" {
				return false
			}
			switch v := n.(type) {
			case *ast.BinaryExpr:
				if (v.Op == token.EQL || v.Op == token.NEQ) && isErr(v.X) && isErr(v.Y) && !isNil(v.X) && !isNil(v.Y) {
					found = r.p.src.shortPos(v.Pos())
				}
			case *ast.SwitchStmt:
				if v.Tag != nil && isErr(v.Tag) {
					found = r.p.src.shortPos(v.Pos())
				}
			}
			return true
		})
	}
	return found
}

// sentinelName is errWordsOfTheMessage, unique in the package.
func (r *rewriter) sentinelName(msg string) string {
	var b strings.Builder
	b.WriteString("err")
	words := strings.FieldsFunc(msg, func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsDigit(c) })
	for i, w := range words {
		if i == 4 || w == "" || w[0] > unicode.MaxASCII {
			break
		}
		b.WriteString(strings.ToUpper(w[:1]) + strings.ToLower(w[1:]))
	}
	base := b.String()
	if base == "err" {
		base = "errSentinel"
	}
	name := base
	for i := 2; r.p.pkg.Types.Scope().Lookup(name) != nil || r.names[name]; i++ {
		name = base + strconv.Itoa(i)
	}
	r.names[name] = true
	return name
}
