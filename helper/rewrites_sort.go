package main

import (
	"go/ast"
	"go/token"
	"go/types"
)

// sort-slices: sort.Slice(x, func(i, j int) bool { return x[i].f < x[j].f }) becomes
// slices.SortFunc(x, func(a, b T) int { return cmp.Compare(a.f, b.f) }) (x[i] < x[j]:
// slices.Sort(x)). sort.Slice boxes the slice into an interface and builds a reflect swapper;
// slices.SortFunc is the same pdqsort (both are generated from sort's gen_sort_variants.go, with
// less(a, b) as cmp(a, b) < 0), so equal elements end in the same order. Only for integer and
// string keys: cmp.Compare(a, b) < 0 is a < b there (not for floats: NaN).

func (r *rewriter) sortSlice(fc *fileCtx, call *ast.CallExpr) {
	if len(call.Args) != 2 {
		return
	}
	rw := r.newRewrite(fc, "sort-slices", call)
	x := ast.Unparen(call.Args[0])
	if _, ok := x.(*ast.Ident); !ok {
		if _, ok := x.(*ast.SelectorExpr); !ok {
			r.refuse(rw, "the slice is not a variable or field (it would be evaluated once more)")
			return
		}
	}
	st, ok := types.Unalias(r.info.TypeOf(x)).Underlying().(*types.Slice)
	if !ok {
		r.refuse(rw, "the argument is not a slice")
		return
	}
	lit, ok := call.Args[1].(*ast.FuncLit)
	if !ok || len(lit.Body.List) != 1 || len(lit.Type.Params.List) != 1 || len(lit.Type.Params.List[0].Names) != 2 {
		r.refuse(rw, "the less function is not func(i, j int) bool { return x[i]... < x[j]... }")
		return
	}
	ret, ok := lit.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		r.refuse(rw, "the less function is not a single return")
		return
	}
	cmpx, ok := ast.Unparen(ret.Results[0]).(*ast.BinaryExpr)
	if !ok || (cmpx.Op != token.LSS && cmpx.Op != token.GTR) {
		r.refuse(rw, "the less function does not compare with < or >")
		return
	}
	iName, jName := lit.Type.Params.List[0].Names[0].Name, lit.Type.Params.List[0].Names[1].Name
	xText := r.text(fc, x)
	lp, lok := r.keyPath(fc, cmpx.X, xText, iName)
	rp, rok := r.keyPath(fc, cmpx.Y, xText, jName)
	desc := false
	if !lok || !rok {
		lp, lok = r.keyPath(fc, cmpx.X, xText, jName)
		rp, rok = r.keyPath(fc, cmpx.Y, xText, iName)
		desc = true
	}
	if !lok || !rok || lp != rp {
		r.refuse(rw, "the less function does not compare the same key of x[i] and x[j]")
		return
	}
	if cmpx.Op == token.GTR {
		desc = !desc
	}
	kb := r.basicOf(cmpx.X)
	if kb == nil || kb.Info()&(types.IsInteger|types.IsString) == 0 {
		r.refuse(rw, "the key is not an integer or a string (cmp.Compare orders NaNs, < does not)")
		return
	}
	slicesRef, ok := r.pkgRef(fc, rw, "slices", call.Pos())
	if !ok {
		r.refuse(rw, "the name slices means something else here")
		return
	}
	var text string
	if lp == "" && !desc {
		text = slicesRef + ".Sort(" + xText + ")"
	} else {
		cmpRef, ok := r.pkgRef(fc, rw, "cmp", call.Pos())
		if !ok {
			r.refuse(rw, "the name cmp means something else here")
			return
		}
		elem, ok := r.typeText(fc, st.Elem())
		if !ok {
			r.refuse(rw, "the element type cannot be named in this file")
			return
		}
		a, b := "a", "b"
		if desc {
			a, b = b, a
		}
		text = slicesRef + ".SortFunc(" + xText + ", func(a, b " + elem + ") int { return " + cmpRef + ".Compare(" + a + lp + ", " + b + lp + ") })"
	}
	r.replace(fc, rw, call, text)
	r.dropUse(fc, rw, "sort", 1)
	rw.Why = "sort.Slice boxes the slice into an interface and builds a reflect swapper; slices." + map[bool]string{true: "Sort", false: "SortFunc"}[lp == "" && !desc] + " is the same sort without either"
}

// keyPath: e is x[idx] followed by field selections (.f.g); returns ".f.g".
func (r *rewriter) keyPath(fc *fileCtx, e ast.Expr, xText, idx string) (string, bool) {
	path := ""
	for {
		switch v := ast.Unparen(e).(type) {
		case *ast.SelectorExpr:
			if sel, ok := r.info.Selections[v]; !ok || sel.Kind() != types.FieldVal {
				return "", false
			}
			path = "." + v.Sel.Name + path
			e = v.X
		case *ast.IndexExpr:
			id, ok := v.Index.(*ast.Ident)
			if !ok || id.Name != idx || r.text(fc, v.X) != xText {
				return "", false
			}
			return path, true
		default:
			return "", false
		}
	}
}

// typeText spells t in this file: the package's own names bare, others by their import names.
func (r *rewriter) typeText(fc *fileCtx, t types.Type) (string, bool) {
	ok := true
	s := types.TypeString(t, func(p *types.Package) string {
		if p == r.p.pkg.Types {
			return ""
		}
		for _, spec := range fc.f.Imports {
			if path := spec.Path.Value; path == `"`+p.Path()+`"` {
				if spec.Name != nil {
					return spec.Name.Name
				}
				return p.Name()
			}
		}
		ok = false
		return p.Name()
	})
	return s, ok
}
