package main

import (
	"go/ast"
	"go/constant"
	"go/types"
)

// reflect-interface sites: v.Interface() on a reflect.Value, which may copy the value to the heap.

// reflectInterface reports v.Interface() on a reflect.Value: reflect.packEface copies the value
// into a new heap object (unsafe_New, t.Size bytes) when the Value is addressable and its type is
// not pointer-shaped, and reuses the Value's pointer otherwise. The receiver chain is followed
// through ValueOf, Elem, Field, Index and FieldByName with constant arguments to learn the type
// and addressability; Context says what was learnt (addressable, not-addressable, unknown).
func (w *walker) reflectInterface(e *ast.CallExpr) {
	sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Interface" || len(e.Args) != 0 || !isReflectValue(w.typeOf(sel.X)) {
		return
	}
	site := w.newSite(KindReflectInterface, e.Lparen, sel.X, CtxReflectUnknown)
	t, addr, known := w.reflectValue(sel.X)
	if known && t != nil {
		site.Object = w.facter.facts(t)
		if addr {
			site.Context = CtxReflectAddressable
		} else {
			site.Context = CtxReflectNotAddressable
		}
	}
	site.Constant = false
	w.emit(site)
}

// reflectValue follows a reflect.Value expression: its dynamic type, whether it is addressable,
// and whether both are known.
func (w *walker) reflectValue(x ast.Expr) (types.Type, bool, bool) {
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		return nil, false, false
	}
	if fn := w.calledFunc(call.Fun); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "reflect" && fn.Name() == "ValueOf" && len(call.Args) == 1 {
		t := w.typeOf(call.Args[0])
		if t == nil {
			return nil, false, false
		}
		if _, isIface := isInterface(t); isIface {
			return nil, false, false // the dynamic type is not known here
		}
		return t, false, true
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || !isReflectValue(w.typeOf(sel.X)) {
		return nil, false, false
	}
	t, addr, known := w.reflectValue(sel.X)
	if !known {
		return nil, false, false
	}
	constInt := func(a ast.Expr) (int, bool) {
		v := w.info.Types[a].Value
		if v == nil {
			return 0, false
		}
		n, ok := constant.Int64Val(constant.ToInt(v))
		return int(n), ok
	}
	switch u := types.Unalias(t).Underlying().(type) {
	case *types.Pointer:
		if sel.Sel.Name == "Elem" {
			return u.Elem(), true, true
		}
	case *types.Struct:
		switch sel.Sel.Name {
		case "Field":
			if len(call.Args) == 1 {
				if i, ok := constInt(call.Args[0]); ok && i >= 0 && i < u.NumFields() {
					return u.Field(i).Type(), addr, true
				}
			}
		case "FieldByName":
			if len(call.Args) == 1 {
				if v := w.info.Types[call.Args[0]].Value; v != nil && v.Kind() == constant.String {
					name := constant.StringVal(v)
					for i := 0; i < u.NumFields(); i++ {
						if u.Field(i).Name() == name {
							return u.Field(i).Type(), addr, true
						}
					}
				}
			}
		}
	case *types.Slice:
		if sel.Sel.Name == "Index" {
			return u.Elem(), true, true
		}
	case *types.Array:
		if sel.Sel.Name == "Index" {
			return u.Elem(), addr, true
		}
	}
	return nil, false, false
}

// calledFunc is the *types.Func a call's Fun names statically (pkg.F or F), if any.
func (w *walker) calledFunc(fun ast.Expr) *types.Func {
	switch f := ast.Unparen(fun).(type) {
	case *ast.Ident:
		fn, _ := w.info.Uses[f].(*types.Func)
		return fn
	case *ast.SelectorExpr:
		fn, _ := w.info.Uses[f.Sel].(*types.Func)
		return fn
	}
	return nil
}

func isReflectValue(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "reflect" && n.Obj().Name() == "Value"
}
