package main

import (
	"go/ast"
	"go/types"
)

// Type utilities: predicates over go/types, guarded against the invalid types and tuples of
// ill-typed code, and the lookups the walker makes in the package's types.Info.

func (w *walker) typeOf(e ast.Expr) types.Type {
	if e == nil {
		return nil
	}
	if tv, ok := w.info.Types[e]; ok && tv.Type != nil {
		return tv.Type
	}
	if id, ok := e.(*ast.Ident); ok {
		if obj := w.info.ObjectOf(id); obj != nil {
			return obj.Type()
		}
	}
	return nil
}

func (w *walker) builtinName(fun ast.Expr) string {
	var id *ast.Ident
	switch f := ast.Unparen(fun).(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	default:
		return ""
	}
	if b, ok := w.info.Uses[id].(*types.Builtin); ok {
		return b.Name()
	}
	return ""
}

// isBuiltin is writer.isBuiltin: a plain (possibly parenthesised) name of the builtin.
func (w *walker) isBuiltin(fun ast.Expr, name string) bool {
	id, ok := ast.Unparen(fun).(*ast.Ident)
	if !ok || id.Name != name {
		return false
	}
	_, ok = w.info.Uses[id].(*types.Builtin)
	return ok
}

// isInstantiation reports whether e names an instantiated generic function (G or G[int]).
func (w *walker) isInstantiation(e ast.Expr) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		_, ok := w.info.Instances[x]
		return ok
	case *ast.SelectorExpr:
		_, ok := w.info.Instances[x.Sel]
		return ok
	case *ast.IndexExpr:
		return w.isInstantiation(x.X)
	case *ast.IndexListExpr:
		return w.isInstantiation(x.X)
	}
	return false
}

// assignable guards types.AssignableTo against the tuples and invalid types of ill-typed code.
func assignable(v, t types.Type) bool {
	if !validType(v) || !validType(t) {
		return false
	}
	if _, ok := v.(*types.Tuple); ok {
		return false
	}
	if _, ok := t.(*types.Tuple); ok {
		return false
	}
	return types.AssignableTo(v, t)
}

// coreType is the single underlying type of t, looking through a type parameter whose type
// set has one underlying type (the spec's core type, enough for channels, maps and funcs).
func coreType(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	tp, ok := types.Unalias(t).(*types.TypeParam)
	if !ok {
		return t.Underlying()
	}
	var core types.Type
	ok = true
	var visit func(iface *types.Interface)
	visit = func(iface *types.Interface) {
		for i := range iface.NumEmbeddeds() {
			switch e := iface.EmbeddedType(i).(type) {
			case *types.Union:
				for j := range e.Len() {
					u := e.Term(j).Type().Underlying()
					if core == nil {
						core = u
					} else if !types.Identical(core, u) {
						ok = false
					}
				}
			default:
				if in, isIface := e.Underlying().(*types.Interface); isIface {
					visit(in)
				} else {
					u := e.Underlying()
					if core == nil {
						core = u
					} else if !types.Identical(core, u) {
						ok = false
					}
				}
			}
		}
	}
	if iface, isIface := tp.Constraint().Underlying().(*types.Interface); isIface {
		visit(iface)
	}
	if !ok {
		return nil
	}
	return core
}

// rangeKeyVal is types2.RangeKeyVal for the types a range loop may assign.
func rangeKeyVal(t types.Type) (key, val types.Type) {
	switch u := coreType(t).(type) {
	case *types.Basic:
		if u.Info()&types.IsString != 0 {
			return types.Typ[types.Int], types.Universe.Lookup("rune").Type()
		}
		if u.Info()&types.IsInteger != 0 {
			if u.Info()&types.IsUntyped != 0 {
				return types.Typ[types.Int], nil
			}
			return t, nil
		}
	case *types.Array:
		return types.Typ[types.Int], u.Elem()
	case *types.Pointer:
		if a, ok := coreType(u.Elem()).(*types.Array); ok {
			return types.Typ[types.Int], a.Elem()
		}
	case *types.Slice:
		return types.Typ[types.Int], u.Elem()
	case *types.Map:
		return u.Key(), u.Elem()
	case *types.Chan:
		return u.Elem(), nil
	case *types.Signature:
		if u.Params().Len() == 1 {
			if y, ok := coreType(u.Params().At(0).Type()).(*types.Signature); ok {
				p := y.Params()
				if p.Len() > 0 {
					key = p.At(0).Type()
				}
				if p.Len() > 1 {
					val = p.At(1).Type()
				}
			}
		}
	}
	return key, val
}

func isString(t types.Type) bool {
	b, ok := coreType(t).(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// isInterface reports whether t is an interface value type. A type parameter's underlying type
// is its constraint interface, but its values are not interfaces.
func isInterface(t types.Type) (*types.Interface, bool) {
	if t == nil || isTypeParam(t) {
		return nil, false
	}
	iface, ok := types.Unalias(t).Underlying().(*types.Interface)
	return iface, ok
}

func isTypeParam(t types.Type) bool {
	_, ok := types.Unalias(t).(*types.TypeParam)
	return ok
}

// validType rejects the Invalid type anywhere at the top, which type errors leave behind.
func validType(t types.Type) bool {
	if b, ok := types.Unalias(t).(*types.Basic); ok && b.Kind() == types.Invalid {
		return false
	}
	return true
}

// containsTypeParam reports whether t mentions a type parameter anywhere.
func containsTypeParam(t types.Type) bool {
	return typeParamWalk(t, map[types.Type]bool{})
}

func typeParamWalk(t types.Type, seen map[types.Type]bool) bool {
	if t == nil || seen[t] {
		return false
	}
	seen[t] = true
	switch t := t.(type) {
	case *types.TypeParam:
		return true
	case *types.Alias:
		return typeParamWalk(types.Unalias(t), seen)
	case *types.Named:
		if args := t.TypeArgs(); args != nil {
			for i := range args.Len() {
				if typeParamWalk(args.At(i), seen) {
					return true
				}
			}
		}
		return false
	case *types.Pointer:
		return typeParamWalk(t.Elem(), seen)
	case *types.Slice:
		return typeParamWalk(t.Elem(), seen)
	case *types.Array:
		return typeParamWalk(t.Elem(), seen)
	case *types.Chan:
		return typeParamWalk(t.Elem(), seen)
	case *types.Map:
		return typeParamWalk(t.Key(), seen) || typeParamWalk(t.Elem(), seen)
	case *types.Struct:
		for i := range t.NumFields() {
			if typeParamWalk(t.Field(i).Type(), seen) {
				return true
			}
		}
	case *types.Tuple:
		for i := range t.Len() {
			if typeParamWalk(t.At(i).Type(), seen) {
				return true
			}
		}
	case *types.Signature:
		return typeParamWalk(t.Params(), seen) || typeParamWalk(t.Results(), seen)
	case *types.Interface:
		for i := range t.NumMethods() {
			if typeParamWalk(t.Method(i).Type(), seen) {
				return true
			}
		}
	}
	return false
}

// sizeDependsOnTypeParam reports whether t's layout is unknown until instantiation, i.e. a
// type parameter is stored by value somewhere inside it.
func sizeDependsOnTypeParam(t types.Type, seen map[*types.Named]bool) bool {
	t = types.Unalias(t)
	switch t := t.(type) {
	case *types.TypeParam:
		return true
	case *types.Named:
		if seen[t] {
			return false
		}
		if seen == nil {
			seen = map[*types.Named]bool{}
		}
		seen[t] = true
		return sizeDependsOnTypeParam(t.Underlying(), seen)
	case *types.Array:
		return sizeDependsOnTypeParam(t.Elem(), seen)
	case *types.Struct:
		for i := range t.NumFields() {
			if sizeDependsOnTypeParam(t.Field(i).Type(), seen) {
				return true
			}
		}
	}
	return false
}

// nilKindOf is the kind of nil a (non-type-parameter) type's values can be, "" if none.
func nilKindOf(t types.Type) string {
	if isTypeParam(t) {
		return ""
	}
	switch u := types.Unalias(t).Underlying().(type) {
	case *types.Pointer:
		return "pointer"
	case *types.Basic:
		if u.Kind() == types.UnsafePointer {
			return "pointer"
		}
	case *types.Map:
		return "map"
	case *types.Slice:
		return "slice"
	case *types.Signature:
		return "func"
	case *types.Chan:
		return "chan"
	}
	return ""
}

func isEmptyIface(t types.Type) bool {
	it, ok := t.Underlying().(*types.Interface)
	return ok && it.Empty()
}

var errorType = types.Universe.Lookup("error").Type()

// errorLike: the interface has an Error() string method.
func errorLike(t types.Type) bool {
	it, ok := t.Underlying().(*types.Interface)
	if !ok {
		return false
	}
	for i := 0; i < it.NumMethods(); i++ {
		if m := it.Method(i); m.Name() == "Error" {
			sig := m.Type().(*types.Signature)
			return sig.Params().Len() == 0 && sig.Results().Len() == 1 && types.Identical(sig.Results().At(0).Type(), types.Typ[types.String])
		}
	}
	return false
}

func typeparamsDeref(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// pkgName qualifies types in messages by package name.
func pkgName(p *types.Package) string { return p.Name() }
