package main

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// Dynamic calls: calls through an interface or a function value, whose callee the compiler
// cannot see, and the arguments whose storage such a call would force to the heap.

// dynamicArgs reports, for a call whose callee the compiler cannot see (a method of an interface
// value, a function value), each argument whose storage would have to move to the heap if the
// unknown callee kept it: []byte(s) and []rune(s), &v and v[:] of a local, &T{...}, new(T), and a
// local made by make. Escape analysis assumes the worst of such calls; the compiler's verdict
// (and the call named in its -m=2 flow) decides in ifacelens whether the call forced the
// allocation. Arguments of interface type are conversion sites already.
func (w *walker) dynamicArgs(e *ast.CallExpr, sig *types.Signature) {
	if sig == nil {
		return
	}
	callee, iface := w.dynamicCallee(e.Fun)
	if callee == "" {
		return
	}
	if !w.hidden {
		w.out.record(DynamicCallRecord{Kind: "dyncall", Function: w.fn.name, Pos: w.src.position(e.Lparen), Callee: callee, Interface: iface})
	}
	params := sig.Params()
	for i, a := range e.Args {
		var pt types.Type
		if i < params.Len() {
			pt = params.At(i).Type()
		} else if sig.Variadic() && params.Len() > 0 {
			pt = params.At(params.Len() - 1).Type()
		}
		if pt != nil {
			if _, ok := isInterface(pt); ok {
				continue
			}
		}
		site := w.dynamicArg(a)
		if site == nil {
			continue
		}
		via := w.src.position(e.Lparen)
		site.Via = &via
		site.Dynamic = &DynamicCall{Callee: callee, Interface: iface, Arg: i}
		w.emit(site)
	}
}

// dynamicCallee names the callee of a call the compiler cannot resolve statically ("io.Writer.Write",
// "func value f"), or "" for static calls.
func (w *walker) dynamicCallee(fun ast.Expr) (string, bool) {
	fun = ast.Unparen(fun)
	qual := func(p *types.Package) string { return p.Name() }
	switch f := fun.(type) {
	case *ast.FuncLit:
		return "", false
	case *ast.SelectorExpr:
		if sel, ok := w.info.Selections[f]; ok {
			switch sel.Kind() {
			case types.MethodVal:
				if _, ok := isInterface(sel.Recv()); ok {
					return types.TypeString(sel.Recv(), qual) + "." + f.Sel.Name, true
				}
				return "", false
			case types.MethodExpr:
				return "", false
			}
		} else if _, ok := w.info.Uses[f.Sel].(*types.Func); ok {
			return "", false // pkg.F
		}
	case *ast.Ident:
		switch w.info.Uses[f].(type) {
		case *types.Func, *types.Builtin, *types.TypeName, nil:
			return "", false
		}
	case *ast.IndexExpr, *ast.IndexListExpr:
		if w.isInstantiation(fun) {
			return "", false
		}
	}
	if _, ok := coreType(w.typeOf(fun)).(*types.Signature); !ok {
		return "", false
	}
	return "func value " + w.src.text(fun), false
}

// dynamicArg describes what an argument of a dynamic call would allocate if it escaped.
func (w *walker) dynamicArg(a ast.Expr) *Site {
	switch x := ast.Unparen(a).(type) {
	case *ast.CallExpr:
		if tv := w.info.Types[x.Fun]; tv.IsType() && len(x.Args) == 1 {
			sl, ok := coreType(tv.Type).(*types.Slice)
			if !ok || !isString(w.typeOf(x.Args[0])) {
				return nil
			}
			site := w.newSite(KindDynamicArg, x.Args[0].Pos(), x, CtxStringToSlice)
			site.Object = w.facter.facts(sl.Elem())
			if v := w.info.Types[x.Args[0]].Value; v != nil && v.Kind() == constant.String {
				n := int64(len(constant.StringVal(v)))
				site.Count = int(n)
				site.Constant = true
			} else {
				site.Constant = false
			}
			return site
		}
		switch w.builtinName(x.Fun) {
		case "new":
			site := w.newSite(KindDynamicArg, x.Lparen, x, CtxNew)
			if p, ok := coreType(w.typeOf(x)).(*types.Pointer); ok {
				site.Object = w.facter.facts(p.Elem())
			}
			return site
		case "make":
			return w.makeSite(x)
		}
	case *ast.UnaryExpr:
		if x.Op != token.AND {
			return nil
		}
		if cl, ok := ast.Unparen(x.X).(*ast.CompositeLit); ok {
			site := w.newSite(KindDynamicArg, x.OpPos, x, CtxLiteral)
			site.Object = w.facter.facts(w.typeOf(cl))
			return site
		}
		return w.varSite(x.X, a)
	case *ast.SliceExpr:
		if _, ok := types.Unalias(w.typeOf(x.X)).Underlying().(*types.Array); ok {
			return w.varSite(x.X, a)
		}
	case *ast.Ident:
		if v, ok := w.info.Uses[x].(*types.Var); ok {
			if mk := w.madeBy[v]; mk != nil && !w.moved[v] {
				w.moved[v] = true // one site per make, however many calls receive it
				site := w.makeSite(mk)
				if site != nil {
					site.VarName = v.Name()
				}
				return site
			}
		}
	}
	return nil
}

// varSite: the local variable whose address the argument passes (reported at its declaration, once).
func (w *walker) varSite(x ast.Expr, arg ast.Expr) *Site {
	v, _ := w.baseVar(x)
	return w.movedVarSite(KindDynamicArg, v, arg, CtxAddressOf)
}

// makeSite: make([]T, n) (or a map or chan) at its '('; Count is a constant length, -1 if unknown.
func (w *walker) makeSite(mk *ast.CallExpr) *Site {
	site := w.newSite(KindDynamicArg, mk.Lparen, mk, CtxMake)
	site.Constant = false
	if sl, ok := coreType(w.typeOf(mk)).(*types.Slice); ok {
		site.Object = w.facter.facts(sl.Elem())
		site.Count = -1
		if len(mk.Args) >= 2 {
			last := mk.Args[len(mk.Args)-1] // the capacity decides the allocation
			if v := w.info.Types[last].Value; v != nil {
				if n, ok := constant.Int64Val(v); ok {
					site.Count = int(n)
				}
			}
		}
		return site
	}
	return nil
}
