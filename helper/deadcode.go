// Parts of this file are adapted from the Go compiler (cmd/compile/internal/noder/writer.go),
// which carries this notice:
//
// Copyright 2021 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.
//
// (That license is reproduced in golang_license.go.)

package main

import (
	"go/ast"
	"go/constant"
	"go/token"
)

// Dead code, as the compiler's unified IR writer drops it before anything else sees it:
// statements after a terminating statement (stmtList), branches of constant conditions and
// operands of && and || that can never be evaluated (staticBool), the clauses a constant switch
// tag can never select (foldSwitch). What it drops has no sites, and its function literals get
// no closure numbers.

// staticBool is writer.staticBool: +1 always true, -1 always false, 0 unknown. Like the
// compiler it drops the operand of && / || that can never be evaluated. Parentheses are
// opaque, as in the compiler's syntax tree.
func (w *walker) staticBool(e ast.Expr) int {
	if e == nil {
		return 0
	}
	if v := w.info.Types[e].Value; v != nil {
		if v.Kind() == constant.Bool && constant.BoolVal(v) {
			return +1
		}
		return -1
	}
	b, ok := e.(*ast.BinaryExpr)
	if !ok {
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.NOT {
			return w.staticBool(u.X) // sic: mirrors the compiler, reachable only via parentheses
		}
		return 0
	}
	switch b.Op {
	case token.LAND:
		x := w.staticBool(b.X)
		if x < 0 {
			w.dropped[b.Y] = true
			return x
		}
		y := w.staticBool(b.Y)
		if x > 0 || y < 0 {
			return y
		}
	case token.LOR:
		x := w.staticBool(b.X)
		if x > 0 {
			w.dropped[b.Y] = true
			return x
		}
		y := w.staticBool(b.Y)
		if x < 0 || y > 0 {
			return y
		}
	}
	return 0
}

// foldSwitch mirrors writer.switchStmt for a constant tag: the clause it selects is compiled
// alone (as the body of a switch without tag, case and fallthrough), the others never; ok is
// false when the compiler keeps the switch (a case value that is not constant, a selected
// clause that falls through). No clause selected: kept is empty.
func (w *walker) foldSwitch(tagValue constant.Value, clauses []*ast.CaseClause) (kept []*ast.CaseClause, ok bool) {
	var target *ast.CaseClause
Outer:
	for _, cc := range clauses {
		if cc.List == nil {
			target = cc
		}
		for _, cas := range cc.List {
			v := w.info.Types[cas].Value
			if v == nil {
				return nil, false
			}
			if constEqual(tagValue, v) {
				target = cc
				break Outer
			}
		}
	}
	if target == nil {
		return nil, true
	}
	if hasFallthrough(target.Body) {
		return nil, false
	}
	return []*ast.CaseClause{{Case: target.Case, Body: target.Body}}, true
}

// terminates is writer.terminates.
func (w *walker) terminates(s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.BranchStmt:
		return s.Tok == token.GOTO
	case *ast.ReturnStmt:
		return true
	case *ast.ExprStmt:
		if call, ok := ast.Unparen(s.X).(*ast.CallExpr); ok {
			return w.isBuiltin(call.Fun, "panic")
		}
	case *ast.IfStmt:
		c := w.staticBool(s.Cond)
		return (c < 0 || w.terminates(s.Body)) && (c > 0 || (s.Else != nil && w.terminates(s.Else)))
	case *ast.BlockStmt:
		if s == nil {
			return false
		}
		if last := lastNonEmpty(s.List); last != nil {
			return w.terminates(last)
		}
	}
	return false
}

func lastNonEmpty(list []ast.Stmt) ast.Stmt {
	for i := len(list) - 1; i >= 0; i-- {
		if _, ok := list[i].(*ast.EmptyStmt); !ok {
			return list[i]
		}
	}
	return nil
}

func hasFallthrough(list []ast.Stmt) bool {
	s := lastNonEmpty(list)
	for {
		l, ok := s.(*ast.LabeledStmt)
		if !ok {
			break
		}
		s = l.Stmt
	}
	b, ok := s.(*ast.BranchStmt)
	return ok && b.Tok == token.FALLTHROUGH
}

func constEqual(x, y constant.Value) (eq bool) {
	defer func() {
		if recover() != nil {
			eq = false // mismatched kinds in ill-typed code
		}
	}()
	return constant.Compare(x, token.EQL, y)
}
