package main

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Heap moves: the allocation behind a pointer that becomes an interface (&v, &T{...}, new(T)),
// reported directly at the conversion, or as a candidate that may reach an interface later
// through variables (kept by ifacelens only when the compiler's -m=2 flow says so).

// heapMove reports the allocation behind a pointer operand: &v of a local variable (at its
// declaration, once), &T{...} (at the &) or new(T) (at the '(').
func (w *walker) heapMove(operand ast.Expr, via Pos) {
	switch u := ast.Unparen(operand).(type) {
	case *ast.UnaryExpr:
		if u.Op != token.AND {
			return
		}
		if cl, ok := ast.Unparen(u.X).(*ast.CompositeLit); ok {
			site := w.newSite(KindHeapMove, u.OpPos, u, CtxLiteral)
			site.Object = w.facter.facts(w.typeOf(cl))
			site.Via = &via
			w.emit(site)
			return
		}
		v, direct := w.baseVar(u.X)
		ctx := CtxAddressOf
		if direct {
			ctx = CtxVariable
		}
		site := w.movedVarSite(KindHeapMove, v, u, ctx)
		if site == nil {
			return
		}
		site.Via = &via
		w.emit(site)
	case *ast.CallExpr:
		if w.builtinName(u.Fun) != "new" || len(u.Args) != 1 {
			return
		}
		site := w.newSite(KindHeapMove, u.Lparen, u, CtxNew)
		if p, ok := coreType(w.typeOf(u)).(*types.Pointer); ok {
			site.Object = w.facter.facts(p.Elem())
		}
		site.Via = &via
		w.emit(site)
	}
}

// movedVarSite reports a local variable whose address an operand takes, at its declaration, where
// the compiler says "moved to heap: v" — once per variable. nil if v is nil or already reported.
func (w *walker) movedVarSite(kind string, v *types.Var, node ast.Expr, ctx string) *Site {
	if v == nil || w.moved[v] {
		return nil
	}
	w.moved[v] = true
	pos := v.Pos()
	if p, ok := w.varPos[v]; ok {
		pos = p
	}
	site := w.newSite(kind, pos, node, ctx)
	site.VarName = v.Name()
	site.Object = w.facter.facts(v.Type())
	if d, ok := w.declAt[v]; ok {
		site.Function, site.Loop = d.fn.name, d.loop
	} else if fn := w.declaringFn(v.Pos()); fn != nil {
		site.Function = fn.name
	}
	return site
}

// baseVar finds the local variable whose storage &x points into: x itself, or a field or
// array element of it reached without a pointer indirection.
func (w *walker) baseVar(x ast.Expr) (v *types.Var, direct bool) {
	direct = true
	for {
		switch e := ast.Unparen(x).(type) {
		case *ast.Ident:
			obj, ok := w.info.Uses[e].(*types.Var)
			if !ok || obj.IsField() || obj.Parent() == nil || obj.Pkg() == nil || obj.Parent() == obj.Pkg().Scope() {
				return nil, false
			}
			return obj, direct
		case *ast.SelectorExpr:
			sel, ok := w.info.Selections[e]
			if !ok || sel.Kind() != types.FieldVal || sel.Indirect() {
				return nil, false
			}
			x, direct = e.X, false
		case *ast.IndexExpr:
			if _, ok := types.Unalias(w.typeOf(e.X)).Underlying().(*types.Array); !ok {
				return nil, false
			}
			x, direct = e.X, false
		default:
			return nil, false
		}
	}
}

// declaringFn finds the innermost function being walked whose body contains pos.
func (w *walker) declaringFn(pos token.Pos) *fnCtx {
	for fn := w.fn; fn != nil; fn = fn.parent {
		if fn.lo <= pos && pos <= fn.hi {
			return fn
		}
	}
	return w.fn
}

// allocCandidate is an allocation whose pointer may reach an interface later, through variables
// (p := new(T); var w io.Writer = p): reported as an indirect heap-move site after the walk when
// no direct site covers it, and kept by ifacelens only if the compiler's -m=2 flow shows it
// escaping through an interface conversion.
type allocCandidate struct {
	ctx      string // CtxIndirectNew, CtxIndirectLiteral, CtxIndirectAddress
	pos      token.Pos
	node     ast.Expr
	v        *types.Var // CtxIndirectAddress
	captures []Capture  // CtxIndirectClosure
	array    types.Type // CtxIndirectSliceLit: the backing array
	fn       string
	loop     Loop
	hidden   bool
}

func (w *walker) candidate(ctx string, pos token.Pos, node ast.Expr, v *types.Var) {
	w.candidates = append(w.candidates, allocCandidate{ctx: ctx, pos: pos, node: node, v: v, fn: w.fn.name, loop: w.loopFacts(), hidden: w.hidden})
}

// captures lists the variables of enclosing functions a func literal uses, in order of first use
// (the order of the compiler's closure struct fields X0, X1, …).
func (w *walker) captures(lit *ast.FuncLit) []Capture {
	var out []Capture
	seen := map[*types.Var]bool{}
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		v, ok := w.info.Uses[id].(*types.Var)
		if !ok || seen[v] || v.IsField() || v.Parent() == nil || v.Pkg() == nil || v.Parent() == v.Pkg().Scope() {
			return true
		}
		// declared outside the literal, inside a function
		if v.Pos() >= lit.Pos() && v.Pos() < lit.End() {
			return true
		}
		seen[v] = true
		if f := w.facter.facts(v.Type()); f != nil {
			out = append(out, Capture{Name: v.Name(), Pos: w.src.position(v.Pos()), Facts: *f})
		}
		return true
	})
	return out
}

// indirectHeapMoves emits the candidates no direct site reported.
func (w *walker) indirectHeapMoves() {
	saved := w.fn
	defer func() { w.fn = saved }()
	for _, c := range w.candidates {
		if c.hidden {
			continue
		}
		w.fn = &fnCtx{name: c.fn}
		var site *Site
		if c.v != nil {
			if site = w.movedVarSite(KindHeapMove, c.v, c.node, c.ctx); site == nil {
				continue
			}
			if _, ok := w.declAt[c.v]; !ok {
				site.Function, site.Loop = c.fn, c.loop
			}
		} else {
			site = w.newSite(KindHeapMove, c.pos, c.node, c.ctx)
			if w.allocReported[site.Pos] {
				continue
			}
			site.Function, site.Loop = c.fn, c.loop
			if c.ctx == CtxIndirectClosure {
				// the closure object: its layout comes with the compiler's by-value/by-reference choices
				site.Captures = c.captures
				if site.Captures == nil {
					site.Captures = []Capture{}
				}
				site.Object = w.facter.facts(w.typeOf(c.node))
			} else if c.array != nil {
				site.Object = w.facter.facts(c.array)
			} else if p, ok := coreType(w.typeOf(c.node)).(*types.Pointer); ok {
				site.Object = w.facter.facts(p.Elem())
			}
		}
		site.Constant, site.ConstValue, site.Nil = false, "", false
		if site.Object == nil {
			continue
		}
		w.emit(site)
	}
	w.candidates = nil
}
