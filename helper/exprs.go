package main

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// Expressions, as writer.expr: where the compiler converts implicitly (writer.convertExpr), a
// conversion site.

// expr walks e for the sites inside it, as writer.expr: constants, types, nil and plain
// object references have nothing inside.
func (w *walker) expr(e ast.Expr) {
	if e == nil || w.dropped[e] {
		return
	}
	e = ast.Unparen(e)
	if tv, ok := w.info.Types[e]; ok && (tv.IsType() || tv.Value != nil || tv.IsNil()) {
		return
	}
	switch e := e.(type) {
	case *ast.FuncLit:
		w.funcLit(e)
	case *ast.CompositeLit:
		w.compLit(e)
	case *ast.SelectorExpr:
		if sel, ok := w.info.Selections[e]; ok && sel.Kind() != types.MethodExpr {
			w.expr(e.X)
		}
	case *ast.IndexExpr:
		if w.isInstantiation(e.X) {
			return
		}
		w.expr(e.X)
		var keyType types.Type
		if m, ok := coreType(w.typeOf(e.X)).(*types.Map); ok {
			keyType = m.Key()
		}
		w.convExpr(keyType, e.Index, CtxMapIndex)
	case *ast.SliceExpr:
		if _, ok := types.Unalias(w.typeOf(e.X)).Underlying().(*types.Array); ok {
			if v, _ := w.baseVar(e.X); v != nil {
				w.candidate(CtxIndirectAddress, v.Pos(), e, v)
			}
		}
		w.expr(e.X)
		w.expr(e.Low)
		w.expr(e.High)
		w.expr(e.Max)
	case *ast.TypeAssertExpr:
		w.expr(e.X)
		if _, ok := isInterface(w.typeOf(e.X)); ok && e.Type != nil {
			site := w.newSite(KindAssert, w.src.findDot(e.X.End()), e.X, "")
			site.Source = w.facter.facts(w.typeOf(e.X))
			site.Target = w.facter.facts(w.typeOf(e.Type))
			_, site.CommaOk = w.typeOf(e).(*types.Tuple)
			w.emit(site)
		}
	case *ast.StarExpr:
		w.expr(e.X)
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			if _, ok := ast.Unparen(e.X).(*ast.CompositeLit); ok {
				w.candidate(CtxIndirectLiteral, e.OpPos, e, nil)
			} else if v, _ := w.baseVar(e.X); v != nil {
				w.candidate(CtxIndirectAddress, v.Pos(), e, v)
			}
		}
		w.expr(e.X)
	case *ast.BinaryExpr:
		w.binary(e)
	case *ast.CallExpr:
		w.call(e)
	case *ast.KeyValueExpr:
		w.expr(e.Key)
		w.expr(e.Value)
	}
}

func (w *walker) binary(e *ast.BinaryExpr) {
	switch e.Op {
	case token.LAND, token.LOR:
		w.expr(e.X)
		save := w.cond
		w.cond = true
		w.expr(e.Y)
		w.cond = save
		return
	case token.SHL, token.SHR:
		w.expr(e.X)
		w.expr(e.Y)
		return
	}
	xt, yt := w.typeOf(e.X), w.typeOf(e.Y)
	var common types.Type
	switch {
	case xt == nil || yt == nil:
	case assignable(xt, yt):
		common = yt
	case assignable(yt, xt):
		common = xt
	}
	w.convExpr(common, e.X, CtxCompare)
	w.convExpr(common, e.Y, CtxCompare)
}

func (w *walker) call(e *ast.CallExpr) {
	funTV := w.info.Types[e.Fun]
	if funTV.IsType() {
		if len(e.Args) == 1 {
			w.convExpr(funTV.Type, e.Args[0], CtxExplicit)
		}
		return
	}
	if funTV.IsBuiltin() {
		name := w.builtinName(e.Fun)
		switch name {
		case "make":
			if len(e.Args) > 1 {
				for _, a := range e.Args[1:] {
					w.expr(a)
				}
			}
			return
		case "new":
			w.candidate(CtxIndirectNew, e.Lparen, e, nil)
			if len(e.Args) == 1 && !w.info.Types[e.Args[0]].IsType() {
				w.expr(e.Args[0])
			}
			return
		case "Sizeof", "Alignof", "Offsetof":
			return
		}
		ctx := CtxArgument
		switch name {
		case "append":
			ctx = CtxAppend
		case "panic":
			ctx = CtxPanic
		}
		sig, _ := funTV.Type.(*types.Signature)
		w.args(e, sig, ctx, false)
		return
	}
	w.funExpr(e.Fun)
	w.callRecord(e)
	sig, _ := coreType(funTV.Type).(*types.Signature)
	w.args(e, sig, CtxArgument, true)
	w.dynamicArgs(e, sig)
	w.reflectInterface(e)
}

// funExpr walks the callee: a method call's receiver expression, nothing for an instantiated
// generic function, the function value otherwise.
func (w *walker) funExpr(fun ast.Expr) {
	fun = ast.Unparen(fun)
	if sel, ok := fun.(*ast.SelectorExpr); ok {
		if s, ok := w.info.Selections[sel]; ok && s.Kind() == types.MethodVal {
			// v.M() with a pointer receiver on an addressable local takes &v
			if sig, ok := s.Obj().Type().(*types.Signature); ok && sig.Recv() != nil {
				_, ptrRecv := sig.Recv().Type().(*types.Pointer)
				_, ptrX := coreType(w.typeOf(sel.X)).(*types.Pointer)
				if ptrRecv && !ptrX && !s.Indirect() {
					if v, _ := w.baseVar(sel.X); v != nil {
						w.candidate(CtxIndirectAddress, v.Pos(), sel.X, v)
					}
				}
			}
			w.expr(sel.X)
			return
		}
	}
	if w.isInstantiation(fun) {
		return
	}
	w.expr(fun)
}

// args converts call arguments to the parameter types and reports the variadic slice.
func (w *walker) args(e *ast.CallExpr, sig *types.Signature, ctx string, variadicSlice bool) {
	if sig == nil {
		for _, a := range e.Args {
			w.expr(a)
		}
		return
	}
	params := sig.Params()
	np := params.Len()
	variadic := sig.Variadic() && !e.Ellipsis.IsValid() && np > 0
	var elem types.Type
	if variadic {
		if s, ok := coreType(params.At(np - 1).Type()).(*types.Slice); ok {
			elem = s.Elem()
		} else {
			variadic = false
		}
	}
	paramType := func(i int) types.Type {
		if variadic && i >= np-1 {
			return elem
		}
		if i < np {
			return params.At(i).Type()
		}
		return nil
	}
	argCtx := func(i int) string {
		if variadic && i >= np-1 && ctx == CtxArgument {
			return CtxVariadic
		}
		return ctx
	}
	if variadic && variadicSlice {
		n := len(e.Args)
		if n == 1 {
			if tup, ok := w.typeOf(e.Args[0]).(*types.Tuple); ok {
				n = tup.Len()
			}
		}
		count := n - (np - 1)
		if _, ok := isInterface(elem); ok && count > 0 {
			site := w.newSite(KindVariadicSlice, e.Lparen, e, CtxVariadic)
			site.Target = w.facter.facts(elem)
			site.Object = w.facter.facts(types.NewArray(elem, int64(count)))
			site.Count = count
			w.emit(site)
		}
	}
	w.multiExpr(e.Lparen, paramType, e.Args, argCtx)
}

// multiExpr converts exprs to dst(i). A single multi-value expression is converted result by
// result at pos, where the compiler puts those conversions (the statement's or call's position).
func (w *walker) multiExpr(pos token.Pos, dst func(int) types.Type, exprs []ast.Expr, ctx func(int) string) {
	if len(exprs) == 1 {
		if tup, ok := w.typeOf(exprs[0]).(*types.Tuple); ok && tup.Len() > 1 {
			w.expr(exprs[0])
			for i := range tup.Len() {
				d := dst(i)
				src := tup.At(i).Type()
				if d != nil && !types.Identical(src, d) {
					w.conversionSite(d, src, exprs[0], pos, ctx(i), false)
				}
			}
			return
		}
	}
	for i, e := range exprs {
		w.convExpr(dst(i), e, ctx(i))
	}
}

// convExpr is writer.convertExpr: a conversion exists where the types are not identical.
func (w *walker) convExpr(dst types.Type, e ast.Expr, ctx string) {
	if e == nil {
		return
	}
	if dst != nil && !w.dropped[e] {
		if src := w.typeOf(e); src != nil && !types.Identical(src, dst) {
			w.conversionSite(dst, src, e, w.src.exprPos(e), ctx, true)
		}
	}
	w.expr(e)
}

// conversionSite reports a conversion of a value of type src to dst at pos, if dst is an
// interface: convert (plus any heap-move it causes) or iface-to-iface. whole is false when the
// value is one result of a multi-value operand, or a range element, rather than operand itself.
func (w *walker) conversionSite(dst, src types.Type, operand ast.Expr, pos token.Pos, ctx string, whole bool) {
	if _, ok := isInterface(dst); !ok || !validType(src) || !validType(dst) {
		return
	}
	if _, tuple := src.(*types.Tuple); tuple {
		return
	}
	if whole && w.info.Types[operand].IsNil() {
		return // untyped nil: the zero interface, nothing is converted
	}
	if b, ok := src.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
		src = types.Default(src)
	}
	kind := KindConvert
	if _, ok := isInterface(src); ok {
		kind = KindIfaceToIface
	}
	site := w.newSite(kind, pos, operand, ctx)
	if !whole {
		site.Constant, site.ConstValue, site.Nil = false, "", false
	}
	site.Source = w.facter.facts(src)
	site.Target = w.facter.facts(dst)
	site.TypeParam = site.Source != nil && site.Source.TypeParam
	if tp, ok := types.Unalias(src).(*types.TypeParam); ok {
		i := tp.Index()
		site.TypeParamIndex = &i
	}
	w.emit(site)
	if kind == KindConvert && whole {
		w.heapMove(operand, site.Pos)
	}
}

func (w *walker) compLit(e *ast.CompositeLit) {
	t := coreType(w.typeOf(e))
	if p, ok := t.(*types.Pointer); ok {
		t = coreType(p.Elem())
	}
	var keyType, elemType types.Type
	var st *types.Struct
	elemCtx := CtxCompositeElement
	switch u := t.(type) {
	case *types.Array:
		elemType = u.Elem()
	case *types.Slice:
		elemType = u.Elem()
		// its backing array is allocated when the slice reaches an interface (boxed, or through variables)
		if n := w.sliceLitLen(e); n > 0 && !w.hidden {
			w.candidate(CtxIndirectSliceLit, e.Lbrace, e, nil)
			w.candidates[len(w.candidates)-1].array = types.NewArray(u.Elem(), n)
		}
	case *types.Map:
		keyType, elemType = u.Key(), u.Elem()
		elemCtx = CtxMapValue
	case *types.Struct:
		st = u
	}
	for i, el := range e.Elts {
		if st != nil {
			var ft types.Type
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				ft = w.fieldType(st, kv.Key)
				el = kv.Value
			} else if i < st.NumFields() {
				ft = st.Field(i).Type()
			}
			w.convExpr(ft, el, CtxCompositeField)
			continue
		}
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			w.convExpr(keyType, kv.Key, CtxMapKey)
			el = kv.Value
		}
		w.convExpr(elemType, el, elemCtx)
	}
}

func (w *walker) fieldType(st *types.Struct, key ast.Expr) types.Type {
	id, ok := key.(*ast.Ident)
	if !ok {
		return nil
	}
	if f, ok := w.info.Uses[id].(*types.Var); ok && f.IsField() {
		return f.Type()
	}
	for i := range st.NumFields() {
		if st.Field(i).Name() == id.Name {
			return st.Field(i).Type()
		}
	}
	return nil
}

// sliceLitLen is the length of a slice literal's backing array: its highest index + 1.
func (w *walker) sliceLitLen(e *ast.CompositeLit) int64 {
	var n, i int64
	for _, el := range e.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if v := w.info.Types[kv.Key].Value; v != nil {
				if k, ok := constant.Int64Val(constant.ToInt(v)); ok {
					i = k
				}
			}
		}
		i++
		if i > n {
			n = i
		}
	}
	return n
}

func (w *walker) funcLit(e *ast.FuncLit) {
	if !w.hidden {
		w.candidate(CtxIndirectClosure, e.Type.Func, e, nil)
		w.candidates[len(w.candidates)-1].captures = w.captures(e)
	}
	sig, _ := w.typeOf(e).(*types.Signature)
	ctx := &fnCtx{name: litName(w.fn), closure: true, sig: sig, labels: hasLabelOrGoto(e.Body)}
	w.emitFunction(ctx, e.Type.Func, e.Body)
	w.walkBody(ctx, e.Body, sig)
}

func fixedCtx(ctx string) func(int) string { return func(int) string { return ctx } }

func tupleTypes(t *types.Tuple) func(int) types.Type {
	return func(i int) types.Type {
		if t != nil && i < t.Len() {
			return t.At(i).Type()
		}
		return nil
	}
}
