// pathToPrefix is adapted from the Go project (cmd/internal/objabi/path.go), which carries this
// notice:
//
// Copyright 2017 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.
//
// (That license is reproduced in golang_license.go.)

package main

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// Function names follow cmd/compile's symbol naming (ir.FuncName, ir.closureName,
// noder.Renameinit), so that sites can be joined with -S output, profiles and stack traces.

// fnCtx is one function body as the compiler names it, with the counters the compiler keeps
// per function for the closures it contains.
type fnCtx struct {
	name        string
	closure     bool   // a function literal (or range-over-func body), not a declaration
	rangeParent *fnCtx // for range-over-func bodies: the function their closures are named after
	funcLitGen  int
	rangeLitGen int
	sig         *types.Signature // for return conversions; nil for the package initialiser
	labels      bool             // body has a label or goto: no site runs exactly once
	parent      *fnCtx           // enclosing function being walked, for captured variables
	lo, hi      token.Pos        // body braces
}

// symPrefix is the linker's prefix for a package: "main" for commands, otherwise the import
// path escaped like objabi.PathToPrefix. testedMains are the import paths of main packages
// loaded as test variants (-tests): go test compiles a command under test with -p <import
// path>, so its symbols are not main.F.
func symPrefix(pkg *types.Package, testedMains map[string]bool) string {
	if pkg.Name() == "main" && !testedMains[pkg.Path()] {
		return "main"
	}
	return pathToPrefix(pkg.Path())
}

// pathToPrefix is cmd/internal/objabi.PathToPrefix: control characters, space, '%', '"', bytes
// >= 0x7F and dots after the last slash become %xx.
func pathToPrefix(s string) string {
	slash := strings.LastIndex(s, "/")
	escape := func(r int) bool {
		c := s[r]
		return c <= ' ' || (c == '.' && r > slash) || c == '%' || c == '"' || c >= 0x7F
	}
	n := 0
	for r := range len(s) {
		if escape(r) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	const hex = "0123456789abcdef"
	p := make([]byte, 0, len(s)+2*n)
	for r := range len(s) {
		if c := s[r]; escape(r) {
			p = append(p, '%', hex[c>>4], hex[c&0xF])
		} else {
			p = append(p, c)
		}
	}
	return string(p)
}

// declName is the symbol of a declared function or method: pkg.F, pkg.G[...], pkg.T.M,
// pkg.(*T).M, pkg.(*T[...]).M. Generic instantiations get "[...]" where the compiler prints the
// shape arguments (e.g. [go.shape.int]).
func declName(prefix string, decl *ast.FuncDecl, obj *types.Func) string {
	if decl.Recv == nil || len(decl.Recv.List) == 0 {
		name := decl.Name.Name
		if decl.Type.TypeParams != nil && decl.Type.TypeParams.NumFields() > 0 {
			name += "[...]"
		}
		return prefix + "." + name
	}
	recvName, ptr, generic := recvTypeName(decl.Recv.List[0].Type, obj)
	if generic {
		recvName += "[...]"
	}
	if ptr {
		recvName = "(*" + recvName + ")"
	}
	return prefix + "." + recvName + "." + decl.Name.Name
}

// recvTypeName finds the receiver's base type name. The type checker's view wins (it sees
// through aliases); the syntax is the fallback for ill-typed receivers.
func recvTypeName(expr ast.Expr, obj *types.Func) (name string, ptr, generic bool) {
	if obj != nil {
		if sig, ok := obj.Type().(*types.Signature); ok && sig.Recv() != nil {
			t := types.Unalias(sig.Recv().Type())
			if p, ok := t.(*types.Pointer); ok {
				ptr = true
				t = types.Unalias(p.Elem())
			}
			if n, ok := t.(*types.Named); ok {
				return n.Obj().Name(), ptr, n.TypeParams().Len() > 0 || n.TypeArgs().Len() > 0
			}
		}
	}
	ptr = false
	for {
		switch e := expr.(type) {
		case *ast.ParenExpr:
			expr = e.X
			continue
		case *ast.StarExpr:
			ptr = true
			expr = e.X
			continue
		case *ast.IndexExpr:
			generic = true
			expr = e.X
			continue
		case *ast.IndexListExpr:
			generic = true
			expr = e.X
			continue
		case *ast.Ident:
			return e.Name, ptr, generic
		}
		return "?", ptr, generic
	}
}

// initName is the name the compiler gives the n'th (0-based) func init in the package.
func initName(prefix string, n int) string {
	return prefix + ".init." + strconv.Itoa(n)
}

// litName names a function literal inside outer as closureName does: pkg.F.func1 for a
// literal directly in a declared function, pkg.F.func1.1 for one nested in a literal. Literals
// inside a range-over-func body are numbered in the function that contains the loop.
func litName(outer *fnCtx) string {
	if outer.rangeParent != nil {
		outer = outer.rangeParent
	}
	outer.funcLitGen++
	if outer.closure {
		return outer.name + "." + strconv.Itoa(outer.funcLitGen)
	}
	return outer.name + ".func" + strconv.Itoa(outer.funcLitGen)
}

// rangeBodyName names the closure the compiler makes of a range-over-func loop body:
// pkg.F-range1, numbered in the function that contains the loop.
func rangeBodyName(outer *fnCtx) (string, *fnCtx) {
	parent := outer
	if outer.rangeParent != nil {
		parent = outer.rangeParent
	}
	parent.rangeLitGen++
	return parent.name + "-range" + strconv.Itoa(parent.rangeLitGen), parent
}

// funcSymbol is the compiler's symbol for a declared function or method, type arguments shown as
// [...] the way function records name generic code; call records use it to name their callee.
func funcSymbol(f *types.Func, testedMains map[string]bool) string {
	f = f.Origin()
	prefix := symPrefix(f.Pkg(), testedMains)
	sig, _ := f.Type().(*types.Signature)
	if sig == nil {
		return prefix + "." + f.Name()
	}
	if recv := sig.Recv(); recv != nil {
		t := recv.Type()
		ptr := false
		if p, ok := t.(*types.Pointer); ok {
			t, ptr = p.Elem(), true
		}
		name := ""
		if n, ok := types.Unalias(t).(*types.Named); ok {
			name = n.Obj().Name()
			if n.TypeParams().Len() > 0 || n.TypeArgs().Len() > 0 {
				name += "[...]"
			}
		} else if _, ok := t.Underlying().(*types.Interface); ok {
			return "" // an interface method: no body to inline
		}
		if ptr {
			return prefix + ".(*" + name + ")." + f.Name()
		}
		return prefix + "." + name + "." + f.Name()
	}
	name := f.Name()
	if sig.TypeParams().Len() > 0 {
		name += "[...]"
	}
	return prefix + "." + name
}
