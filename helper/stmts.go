package main

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// Statements, in writer.stmt's order: targets before values, loop and branch state for the
// loop facts of the sites inside.

// stmtList mirrors writer.stmts: statements after a terminating statement are dropped unless a
// later label may make them reachable.
func (w *walker) stmtList(list []ast.Stmt) {
	lastLabel := -1
	for i, s := range list {
		if _, ok := s.(*ast.LabeledStmt); ok {
			lastLabel = i
		}
	}
	dead := false
	for i, s := range list {
		if dead && i > lastLabel {
			continue
		}
		w.stmt(s)
		if !w.cond && w.mayLeave(s) {
			w.cond = true
		}
		dead = w.terminates(s)
	}
}

func (w *walker) stmt(s ast.Stmt) {
	switch s := s.(type) {
	case nil, *ast.EmptyStmt, *ast.BranchStmt, *ast.BadStmt:
	case *ast.AssignStmt:
		switch s.Tok {
		case token.ASSIGN:
			w.assign(s.TokPos, s.Lhs, s.Rhs, CtxAssign)
		case token.DEFINE:
			w.assign(s.TokPos, s.Lhs, s.Rhs, CtxDefine)
		default: // op=
			if len(s.Lhs) != 1 || len(s.Rhs) != 1 {
				return
			}
			w.expr(s.Lhs[0])
			var dst types.Type
			if s.Tok != token.SHL_ASSIGN && s.Tok != token.SHR_ASSIGN {
				dst = w.typeOf(s.Lhs[0])
			}
			w.convExpr(dst, s.Rhs[0], CtxAssign)
		}
	case *ast.IncDecStmt:
		w.expr(s.X)
	case *ast.BlockStmt:
		w.stmtList(s.List)
	case *ast.GoStmt:
		w.expr(s.Call)
	case *ast.DeferStmt:
		w.expr(s.Call)
	case *ast.DeclStmt:
		if gd, ok := s.Decl.(*ast.GenDecl); ok && gd.Tok == token.VAR {
			for _, spec := range gd.Specs {
				if vs, ok := spec.(*ast.ValueSpec); ok && len(vs.Names) > 0 {
					lhs := make([]ast.Expr, len(vs.Names))
					for i, n := range vs.Names {
						lhs[i] = n
					}
					w.assign(vs.Names[0].Pos(), lhs, vs.Values, CtxVar)
				}
			}
		}
	case *ast.ExprStmt:
		w.expr(s.X)
	case *ast.ForStmt:
		w.forStmt(s)
	case *ast.RangeStmt:
		w.rangeStmt(s)
	case *ast.IfStmt:
		w.ifStmt(s)
	case *ast.LabeledStmt:
		w.stmt(s.Stmt)
	case *ast.ReturnStmt:
		if w.fn.sig == nil {
			return
		}
		res := w.fn.sig.Results()
		w.multiExpr(s.Return, tupleTypes(res), s.Results, fixedCtx(CtxReturn))
	case *ast.SelectStmt:
		for _, c := range s.Body.List {
			cc, ok := c.(*ast.CommClause)
			if !ok {
				continue
			}
			save := w.cond
			w.cond = true
			if send, ok := cc.Comm.(*ast.SendStmt); ok {
				w.send(send, CtxSelectSend)
			} else {
				w.stmt(cc.Comm)
			}
			w.stmtList(cc.Body)
			w.cond = save
		}
	case *ast.SendStmt:
		w.send(s, CtxSend)
	case *ast.SwitchStmt:
		w.switchStmt(s)
	case *ast.TypeSwitchStmt:
		w.typeSwitchStmt(s)
	}
}

// assign handles =, := and var specs: targets first, then the values converted to the
// targets' types. pos is where the compiler puts conversions of a multi-value call's results.
func (w *walker) assign(pos token.Pos, lhs, rhs []ast.Expr, ctx string) {
	dsts := make([]types.Type, len(lhs))
	for i, l := range lhs {
		l = ast.Unparen(l)
		if id, ok := l.(*ast.Ident); ok {
			if id.Name == "_" {
				continue
			}
			if obj, ok := w.info.Defs[id]; ok {
				if v, ok := obj.(*types.Var); ok && v != nil {
					w.declare(v)
					dsts[i] = v.Type()
					if len(lhs) == len(rhs) {
						if c, ok := ast.Unparen(rhs[i]).(*ast.CallExpr); ok && w.builtinName(c.Fun) == "make" {
							w.madeBy[v] = c
						}
					}
				}
				continue
			}
			if v, ok := w.info.Uses[id].(*types.Var); ok {
				dsts[i] = v.Type()
			}
			continue
		}
		w.expr(l)
		dsts[i] = w.typeOf(l)
	}
	w.multiExpr(pos, func(i int) types.Type {
		if i < len(dsts) {
			return dsts[i]
		}
		return nil
	}, rhs, fixedCtx(ctx))
}

func (w *walker) send(s *ast.SendStmt, ctx string) {
	w.expr(s.Chan)
	var elem types.Type
	if ch, ok := coreType(w.typeOf(s.Chan)).(*types.Chan); ok {
		elem = ch.Elem()
	}
	w.convExpr(elem, s.Value, ctx)
}

func (w *walker) ifStmt(s *ast.IfStmt) {
	w.stmt(s.Init)
	c := w.staticBool(s.Cond)
	w.expr(s.Cond)
	if c >= 0 {
		save := w.cond
		w.cond = w.cond || c == 0
		w.stmtList(s.Body.List)
		w.cond = save
	}
	if c <= 0 && s.Else != nil {
		save := w.cond
		w.cond = w.cond || c == 0
		w.stmt(s.Else)
		w.cond = save
	}
}

func (w *walker) forStmt(s *ast.ForStmt) {
	w.stmt(s.Init)
	post, body := s.Post, s.Body.List
	if s.Cond != nil && w.staticBool(s.Cond) < 0 {
		post, body = nil, nil
	}
	trip := w.forTrip(s)
	w.inLoop(trip, func() {
		// Since Go 1.22 each iteration has its own copy of the loop variables, so a moved
		// one is allocated once per iteration.
		if init, ok := s.Init.(*ast.AssignStmt); ok && init.Tok == token.DEFINE && w.perIterationVars(s) {
			for _, l := range init.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					if v, ok := w.info.Defs[id].(*types.Var); ok && v != nil {
						w.declare(v)
					}
				}
			}
		}
		w.expr(s.Cond)
		w.stmt(post)
		w.stmtList(body)
	})
}

// inLoop runs f one loop deeper, where "conditional" restarts from once-per-iteration.
func (w *walker) inLoop(trip *int64, f func()) {
	saveLoops, saveCond := w.loops, w.cond
	w.loops = append(w.loops[:len(w.loops):len(w.loops)], trip)
	w.cond = w.fn.labels
	f()
	w.loops, w.cond = saveLoops, saveCond
}

func (w *walker) rangeStmt(s *ast.RangeStmt) {
	xt := w.typeOf(s.X)
	var targets []ast.Expr
	for _, e := range []ast.Expr{s.Key, s.Value} {
		if e != nil {
			targets = append(targets, e)
		}
	}
	if s.Tok == token.ASSIGN {
		for _, t := range targets {
			if id, ok := ast.Unparen(t).(*ast.Ident); ok && (id.Name == "_" || w.info.Uses[id] != nil) {
				continue
			}
			w.expr(t)
		}
	}
	w.expr(s.X)
	keyT, valT := rangeKeyVal(xt)
	_, isFunc := coreType(xt).(*types.Signature)
	trip := w.rangeTrip(s)
	body := func() {
		srcs := []types.Type{keyT, valT}
		for i, t := range targets {
			id, isIdent := ast.Unparen(t).(*ast.Ident)
			if isIdent && id.Name == "_" {
				continue
			}
			if s.Tok == token.DEFINE {
				if isIdent {
					if v, ok := w.info.Defs[id].(*types.Var); ok && v != nil {
						w.declare(v)
					}
				}
				continue
			}
			if i < len(srcs) && srcs[i] != nil {
				w.conversionSite(w.typeOf(t), srcs[i], s.X, s.Range, CtxRange, false)
			}
		}
		w.stmtList(s.Body.List)
	}
	if !isFunc {
		w.inLoop(trip, body)
		return
	}
	// The iterator call and its body closure may be inlined at the `for`.
	w.out.record(Call{Kind: "call", Function: w.fn.name, Pos: w.src.position(s.For), Loop: w.loopFacts()})
	// A range-over-func body is compiled as its own closure, pkg.F-rangeN.
	name, parent := rangeBodyName(w.fn)
	ctx := &fnCtx{name: name, closure: true, rangeParent: parent, sig: w.fn.sig, labels: w.fn.labels, parent: w.fn}
	ctx.lo, ctx.hi = s.Body.Lbrace, s.Body.Rbrace
	w.emitFunction(ctx, s.For, s.Body)
	saveFn := w.fn
	w.fn = ctx
	w.inLoop(nil, body)
	w.fn = saveFn
}

func (w *walker) switchStmt(s *ast.SwitchStmt) {
	w.stmt(s.Init)
	clauses := make([]*ast.CaseClause, 0, len(s.Body.List))
	for _, c := range s.Body.List {
		if cc, ok := c.(*ast.CaseClause); ok {
			clauses = append(clauses, cc)
		}
	}
	tag := s.Tag
	var tagType types.Type
	var tagValue constant.Value
	tagIsChan := false
	if tag != nil {
		tv := w.info.Types[tag]
		tagType, tagValue = tv.Type, tv.Value
		if tagType != nil {
			_, tagIsChan = tagType.Underlying().(*types.Chan)
		}
	} else {
		tagType = types.Typ[types.Bool]
		tagValue = constant.MakeBool(true)
	}
	folded := false
	if tagValue != nil {
		if kept, ok := w.foldSwitch(tagValue, clauses); ok {
			clauses, tag, tagType, folded = kept, nil, types.Typ[types.Bool], true
		}
	}
	if !tagIsChan && tagType != nil {
	Widen:
		for _, cc := range clauses {
			for _, cas := range cc.List {
				ct := w.typeOf(cas)
				if ct == nil {
					continue
				}
				if !assignable(ct, tagType) && (underIsInterface(ct) || underIsInterface(tagType)) {
					tagType = types.NewInterfaceType(nil, nil)
					break Widen
				}
			}
		}
	}
	if tag != nil {
		w.convExpr(tagType, tag, CtxCase)
	}
	for _, cc := range clauses {
		save := w.cond
		w.cond = w.cond || !folded
		for _, cas := range cc.List {
			typ := tagType
			if tagIsChan {
				typ = nil
			}
			w.convExpr(typ, cas, CtxCase)
		}
		w.stmtList(cc.Body)
		w.cond = save
	}
}

func (w *walker) typeSwitchStmt(s *ast.TypeSwitchStmt) {
	w.stmt(s.Init)
	var guard ast.Expr
	switch a := s.Assign.(type) {
	case *ast.AssignStmt:
		if len(a.Rhs) == 1 {
			guard = a.Rhs[0]
		}
	case *ast.ExprStmt:
		guard = a.X
	}
	ta, ok := ast.Unparen(guard).(*ast.TypeAssertExpr)
	if !ok {
		return
	}
	w.expr(ta.X)
	var cases []*TypeFacts
	for _, c := range s.Body.List {
		cc, ok := c.(*ast.CaseClause)
		if !ok {
			continue
		}
		for _, cas := range cc.List {
			tv := w.info.Types[cas]
			if tv.IsNil() || !tv.IsType() {
				continue
			}
			if f := w.facter.facts(tv.Type); f != nil {
				cases = append(cases, f)
			}
		}
	}
	site := w.newSite(KindTypeSwitch, w.src.findDot(ta.X.End()), ta.X, "")
	site.Source = w.facter.facts(w.typeOf(ta.X))
	site.Cases = cases
	w.emit(site)

	for _, c := range s.Body.List {
		cc, ok := c.(*ast.CaseClause)
		if !ok {
			continue
		}
		save := w.cond
		w.cond = true
		if obj, ok := w.info.Implicits[cc].(*types.Var); ok {
			pos := cc.Case
			if len(cc.List) > 0 {
				pos = typeExprEndPos(cc.List[len(cc.List)-1])
			}
			w.varPos[obj] = pos
			w.declare(obj)
		}
		w.stmtList(cc.Body)
		w.cond = save
	}
}
