package main

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"unicode/utf8"
)

// Loop facts let the cost model multiply a site's cost by how often it runs. They are
// syntactic on purpose: anything the syntax cannot prove is reported as unknown (null) or
// conditional, never guessed.

// loopFacts reports the walker's current loop state.
func (w *walker) loopFacts() Loop {
	trips := make([]*int64, len(w.loops))
	for i, t := range w.loops {
		trips[len(w.loops)-1-i] = t // innermost first
	}
	return Loop{Depth: len(w.loops), TripCounts: trips, Conditional: w.cond}
}

// forTrip is the trip count of `for i := A; i < B; i++` (or <=, !=) with constant A and B and
// i not assigned in the body, else nil.
func (w *walker) forTrip(s *ast.ForStmt) *int64 {
	init, ok := s.Init.(*ast.AssignStmt)
	if !ok || init.Tok != token.DEFINE || len(init.Lhs) != 1 || len(init.Rhs) != 1 {
		return nil
	}
	id, ok := init.Lhs[0].(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := w.info.Defs[id].(*types.Var)
	if !ok || v == nil {
		return nil
	}
	a, ok := w.constInt(init.Rhs[0])
	if !ok {
		return nil
	}
	cond, ok := ast.Unparen(s.Cond).(*ast.BinaryExpr)
	if !ok || !w.isVar(cond.X, v) {
		return nil
	}
	b, ok := w.constInt(cond.Y)
	if !ok {
		return nil
	}
	post, ok := s.Post.(*ast.IncDecStmt)
	if !ok || post.Tok != token.INC || !w.isVar(post.X, v) {
		return nil
	}
	if w.assigns(s.Body, v) {
		return nil
	}
	var n int64
	switch cond.Op {
	case token.LSS:
		n = max(0, b-a)
	case token.LEQ:
		if b < a {
			n = 0
		} else {
			n = b - a + 1
		}
	case token.NEQ:
		if b < a {
			return nil // wraps around: not a count worth reporting
		}
		n = b - a
	default:
		return nil
	}
	if n < 0 { // overflow of the subtraction
		return nil
	}
	return &n
}

// rangeTrip is the trip count of a range loop over a constant integer or string, an array or
// a pointer to an array, else nil.
func (w *walker) rangeTrip(s *ast.RangeStmt) *int64 {
	tv, ok := w.info.Types[s.X]
	if !ok {
		return nil
	}
	if tv.Value != nil {
		switch tv.Value.Kind() {
		case constant.Int:
			n, exact := constant.Int64Val(tv.Value)
			if !exact {
				return nil
			}
			n = max(0, n)
			return &n
		case constant.String:
			n := int64(utf8.RuneCountInString(constant.StringVal(tv.Value)))
			return &n
		}
		return nil
	}
	if tv.Type == nil {
		return nil
	}
	t := coreType(tv.Type)
	if p, ok := t.(*types.Pointer); ok {
		t = coreType(p.Elem())
	}
	if a, ok := t.(*types.Array); ok {
		n := a.Len()
		return &n
	}
	return nil
}

func (w *walker) constInt(e ast.Expr) (int64, bool) {
	tv, ok := w.info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int {
		return 0, false
	}
	return constant.Int64Val(tv.Value)
}

func (w *walker) isVar(e ast.Expr, v *types.Var) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && w.info.Uses[id] == v
}

// assigns reports whether body may change v: an assignment, ++/--, or its address taken
// (also inside function literals, which may run in the body).
func (w *walker) assigns(body ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if w.isVar(l, v) {
					found = true
				}
			}
		case *ast.IncDecStmt:
			if w.isVar(n.X, v) {
				found = true
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND && w.isVar(n.X, v) {
				found = true
			}
		case *ast.RangeStmt:
			if n.Tok == token.ASSIGN && (w.isVar(n.Key, v) || w.isVar(n.Value, v)) {
				found = true
			}
		}
		return !found
	})
	return found
}

// hasLabelOrGoto reports whether a function body (not counting nested literals) has a label or
// goto, after which no site can be said to run exactly once per iteration.
func hasLabelOrGoto(body *ast.BlockStmt) bool {
	if body == nil {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.LabeledStmt:
			found = true
		case *ast.BranchStmt:
			if n.Tok == token.GOTO {
				found = true
			}
		}
		return !found
	})
	return found
}

// mayLeave reports whether s contains a statement that can end the enclosing block early: a
// return, goto, panic, or a break/continue aimed outside s.
func (w *walker) mayLeave(s ast.Stmt) bool {
	labels := map[string]bool{}
	ast.Inspect(s, func(n ast.Node) bool {
		if l, ok := n.(*ast.LabeledStmt); ok {
			labels[l.Label.Name] = true
		}
		_, lit := n.(*ast.FuncLit)
		return !lit
	})
	var visit func(n ast.Node, inBreakable, inLoop bool) bool
	visit = func(n ast.Node, inBreakable, inLoop bool) bool {
		found := false
		ast.Inspect(n, func(m ast.Node) bool {
			if found || m == nil {
				return false
			}
			if m != n {
				switch m.(type) {
				case *ast.ForStmt, *ast.RangeStmt:
					found = visit(m, true, true)
					return false
				case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
					found = visit(m, true, inLoop)
					return false
				}
			}
			switch m := m.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				found = true
			case *ast.BranchStmt:
				switch {
				case m.Tok == token.GOTO:
					found = true
				case m.Label != nil:
					found = !labels[m.Label.Name]
				case m.Tok == token.BREAK:
					found = !inBreakable
				case m.Tok == token.CONTINUE:
					found = !inLoop
				}
			case *ast.ExprStmt:
				if call, ok := ast.Unparen(m.X).(*ast.CallExpr); ok && w.isBuiltin(call.Fun, "panic") {
					found = true
				}
			}
			return !found
		})
		return found
	}
	switch s.(type) {
	case *ast.ForStmt, *ast.RangeStmt:
		return visit(s, true, true)
	case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
		return visit(s, true, false)
	}
	return visit(s, false, false)
}
