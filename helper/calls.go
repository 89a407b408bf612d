package main

import (
	"go/ast"
	"go/types"
	"sort"
)

// Calls and instances: where the compiler may inline code of the analysed packages, and which
// type arguments generic code runs with.

// callRecord reports a static call of a function of the analysed packages (a possible inlining).
func (w *walker) callRecord(e *ast.CallExpr) {
	var ident *ast.Ident
	switch f := ast.Unparen(e.Fun).(type) {
	case *ast.Ident:
		ident = f
	case *ast.SelectorExpr:
		ident = f.Sel
	case *ast.IndexExpr:
		if id, ok := ast.Unparen(f.X).(*ast.Ident); ok {
			ident = id
		} else if sel, ok := ast.Unparen(f.X).(*ast.SelectorExpr); ok {
			ident = sel.Sel
		}
	case *ast.IndexListExpr:
		if id, ok := ast.Unparen(f.X).(*ast.Ident); ok {
			ident = id
		} else if sel, ok := ast.Unparen(f.X).(*ast.SelectorExpr); ok {
			ident = sel.Sel
		}
	}
	var obj types.Object
	if ident != nil {
		obj = w.info.Uses[ident]
	}
	callee := ""
	switch o := obj.(type) {
	case *types.Func:
		if o.Pkg() == nil || !w.cfg.roots[o.Pkg().Path()] {
			return
		}
		callee = funcSymbol(o, w.cfg.testedMains)
	case *types.Var:
		// a local holding a function literal: the compiler can inline the closure
		if o.Parent() == nil || o.Parent() == o.Pkg().Scope() {
			return
		}
	default:
		return
	}
	call := Call{Kind: "call", Function: w.fn.name, Callee: callee, Pos: w.src.position(e.Lparen), Loop: w.loopFacts()}
	if fn, ok := obj.(*types.Func); ok && ident != nil {
		call.TypeArgs = w.typeArgs(fn, w.info.Instances[ident])
	}
	w.out.record(call)
}

// typeArgs describes the type arguments of a call of a generic function: their sizes price the
// conversions of type-parameter values in the inlined body, and their shapes (the compiler's
// noder.shapify: the underlying type, any pointer as *uint8 under a basic constraint) name the
// shaped instantiation G[go.shape.X] whose code the call runs when it is not inlined.
func (w *walker) typeArgs(fn *types.Func, inst types.Instance) []TypeArg {
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || inst.TypeArgs == nil || sig.TypeParams().Len() != inst.TypeArgs.Len() {
		return nil
	}
	var out []TypeArg
	for i := 0; i < inst.TypeArgs.Len(); i++ {
		a, ok := w.typeArg(inst.TypeArgs.At(i), sig.TypeParams().At(i))
		if !ok {
			return nil
		}
		out = append(out, a)
	}
	return out
}

// typeArg describes one type argument; false when its size depends on a type parameter.
func (w *walker) typeArg(targ types.Type, tp *types.TypeParam) (TypeArg, bool) {
	facts := w.facter.facts(targ)
	if facts == nil || facts.Size < 0 {
		return TypeArg{}, false
	}
	under := types.Unalias(targ).Underlying()
	if _, isPtr := under.(*types.Pointer); isPtr {
		if c, ok := tp.Constraint().Underlying().(*types.Interface); ok && c.IsMethodSet() {
			under = types.NewPointer(types.Typ[types.Uint8])
		}
	}
	shape := types.TypeString(under, func(p *types.Package) string { return p.Path() })
	return TypeArg{Param: tp.Obj().Name(), Index: tp.Index(), Shape: shape, Facts: *facts}, true
}

// instances reports every instantiation of a generic function or type of the analysed packages
// with concrete type arguments: the shaped bodies G[go.shape.X] and (*T[go.shape.X]).M price
// their type-parameter conversions from the arguments whose shapes are X.
func (w *walker) instances() {
	seen := map[string]bool{}
	ids := make([]*ast.Ident, 0, len(w.info.Instances))
	for id := range w.info.Instances {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i].Pos() < ids[j].Pos() })
	for _, id := range ids {
		inst := w.info.Instances[id]
		var generic string
		var tparams *types.TypeParamList
		switch o := w.info.Uses[id].(type) {
		case *types.Func:
			if o.Pkg() == nil || !w.cfg.roots[o.Pkg().Path()] {
				continue
			}
			generic = funcSymbol(o, w.cfg.testedMains)
			if sig, ok := o.Origin().Type().(*types.Signature); ok {
				tparams = sig.TypeParams()
			}
		case *types.TypeName:
			if o.Pkg() == nil || !w.cfg.roots[o.Pkg().Path()] {
				continue
			}
			n, ok := types.Unalias(o.Type()).(*types.Named)
			if !ok {
				continue
			}
			generic = symPrefix(o.Pkg(), w.cfg.testedMains) + "." + o.Name()
			tparams = n.Origin().TypeParams()
		default:
			continue
		}
		if generic == "" || tparams == nil || tparams.Len() != inst.TypeArgs.Len() {
			continue
		}
		args := make([]TypeArg, 0, inst.TypeArgs.Len())
		key := generic
		for i := 0; i < inst.TypeArgs.Len(); i++ {
			a, ok := w.typeArg(inst.TypeArgs.At(i), tparams.At(i))
			if !ok {
				args = nil
				break
			}
			args = append(args, a)
			key += "\x00" + a.Shape
		}
		if args == nil || seen[key] {
			continue
		}
		seen[key] = true
		w.out.record(Instance{Kind: "instance", Generic: generic, TypeArgs: args})
	}
}
