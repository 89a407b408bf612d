// Parts of this file are adapted from the Go compiler (cmd/compile/internal/noder/quirks.go and
// writer.go), which carry this notice:
//
// Copyright 2021 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.
//
// (That license is reproduced in golang_license.go.)

package main

import (
	"go/ast"
	"go/token"
	"go/types"
	"go/version"
)

// Compiler quirks: where the gc compiler's choices are not what the language spec or go/types
// would suggest, mirrored so that sites sit where the compiler reports them. (The column rules
// of its position encoding are in source.go, what it drops as dead code in deadcode.go.)

// typeExprEndPos is the compiler's quirky position for a type-switch clause variable: the
// last name in the clause's last type expression (noder/quirks.go).
func typeExprEndPos(e ast.Expr) token.Pos {
	for {
		switch x := e.(type) {
		case *ast.Ident:
			return x.Pos()
		case *ast.SelectorExpr:
			return x.X.Pos()
		case *ast.ParenExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.ArrayType:
			e = x.Elt
		case *ast.ChanType:
			e = x.Value
		case *ast.Ellipsis:
			e = x.Elt
		case *ast.MapType:
			e = x.Value
		case *ast.StructType:
			return x.Struct
		case *ast.InterfaceType:
			if x.Methods == nil || len(x.Methods.List) == 0 {
				return x.Interface
			}
			e = x.Methods.List[len(x.Methods.List)-1].Type
		case *ast.FuncType:
			if x.Results != nil && len(x.Results.List) > 0 {
				e = x.Results.List[len(x.Results.List)-1].Type
			} else if x.Params != nil && len(x.Params.List) > 0 {
				e = x.Params.List[len(x.Params.List)-1].Type
			} else {
				return x.Func
			}
		case *ast.IndexExpr:
			e = x.Index
		case *ast.IndexListExpr:
			e = x.Indices[len(x.Indices)-1]
		default:
			return e.Pos()
		}
	}
}

// perIterationVars is writer.distinctVars without the -d=loopvar debug knob: files at go1.22
// or later (or of unknown version) get per-iteration loop variables.
func (w *walker) perIterationVars(s *ast.ForStmt) bool {
	v := w.info.FileVersions[w.file]
	return v == "" || version.Compare(v, "go1.22") >= 0
}

// underIsInterface is types2.IsInterface, which counts type parameters (their underlying type
// is the constraint); the compiler uses it to decide when a switch compares as `any`.
func underIsInterface(t types.Type) bool {
	_, ok := t.Underlying().(*types.Interface)
	return ok
}
