package main

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"
)

// Conversions of the typed-nil check: the MakeInterface instructions whose operand may be nil,
// with the syntax around them that says what the conversion is (return, store, argument).

// tnConv is one reported conversion.
type tnConv struct {
	f       *tnFunc
	mi      *ssa.MakeInterface
	operand ast.Expr
	rule    string
	target  string // what receives it, for the message: "p.Do", "x.err", ""
	src     *tnSource
	pos     token.Pos
	related []Related
	relSeen map[token.Pos]bool
}

func (c *tnCheck) findConversions(f *tnFunc) {
	claimed := map[*ssa.DebugRef]bool{}
	for _, b := range f.fn.Blocks {
		if !f.live[b.Index] {
			continue
		}
		// Last conversion first: each claims the nearest DebugRef of its operand before it.
		for i := len(b.Instrs) - 1; i >= 0; i-- {
			mi, ok := b.Instrs[i].(*ssa.MakeInterface)
			if !ok || isTypeParam(mi.X.Type()) || nilKindOf(mi.X.Type()) == "" {
				continue
			}
			operand, rule, target, ok := c.operandOf(f, b, i, mi, claimed)
			if !ok {
				continue
			}
			src := c.mayBeNil(f, mi.X, f.facts[b.Index], map[*ssa.Phi]bool{})
			if src == nil {
				continue
			}
			if rule == RuleTypedNilAssign && c.reachesReturn(mi) {
				rule = RuleTypedNilReturn // a local variable (or named result) that is returned
			}
			cv := &tnConv{f: f, mi: mi, operand: operand, rule: rule, target: target, src: src,
				pos: c.src.exprPos(operand), relSeen: map[token.Pos]bool{}}
			c.convs[mi] = cv
			c.convList = append(c.convList, cv)
		}
	}
}

// operandOf finds the syntax of mi's operand (the nearest unclaimed DebugRef of mi.X before
// it whose context converts to mi's type) and the context's rule; ok false for conversions
// that are not reported (blank, empty-interface arguments, explicit typed nils, ...).
func (c *tnCheck) operandOf(f *tnFunc, b *ssa.BasicBlock, at int, mi *ssa.MakeInterface, claimed map[*ssa.DebugRef]bool) (operand ast.Expr, rule, target string, ok bool) {
	for i := at - 1; i >= 0; i-- {
		ref, isRef := b.Instrs[i].(*ssa.DebugRef)
		if !isRef || ref.IsAddr || ref.X != mi.X || claimed[ref] {
			continue
		}
		e := ref.Expr
		if tv, ok := c.info.Types[e]; !ok || !types.Identical(tv.Type, mi.X.Type()) {
			continue
		}
		rule, target, conv, report := c.context(f, e, mi.Type())
		if !conv {
			continue
		}
		claimed[ref] = true
		if !report || isExplicitNil(c.info, e) {
			return nil, "", "", false
		}
		// A nil slice or map in an empty interface is data (an empty collection), which
		// fmt, encoding/json and type switches handle; in an interface with methods it is a
		// value that callers test against nil.
		if k := nilKindOf(mi.X.Type()); (k == "slice" || k == "map") && isEmptyIface(mi.Type()) {
			return nil, "", "", false
		}
		return e, rule, target, true
	}
	return nil, "", "", false
}

// isExplicitNil: e is a conversion of the nil literal, T(nil), a deliberate typed nil.
func isExplicitNil(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return false
	}
	if tv, ok := info.Types[call.Fun]; !ok || !tv.IsType() {
		return false
	}
	tv, ok := info.Types[call.Args[0]]
	return ok && tv.IsNil() || isExplicitNil(info, call.Args[0])
}

// context classifies the syntax around operand e: conv is true when that syntax converts e to
// the interface type iface, and report when such a conversion is one the check reports.
func (c *tnCheck) context(f *tnFunc, e ast.Expr, iface types.Type) (rule, target string, conv, report bool) {
	file := c.src.file(e.Pos())
	if file == nil {
		return "", "", false, false
	}
	path, _ := astutil.PathEnclosingInterval(file, e.Pos(), e.End())
	// path[0] is e itself (or a node with the same extent); find e, then climb.
	i := 0
	for i < len(path) && path[i] != ast.Node(e) {
		i++
	}
	if i == len(path) {
		return "", "", false, false
	}
	info := c.info
	typeOf := func(x ast.Expr) types.Type { return info.TypeOf(x) }
	child := ast.Expr(e)
	explicit := false
	for i+1 < len(path) {
		parent := path[i+1]
		switch p := parent.(type) {
		case *ast.ParenExpr:
			child, i = p, i+1
			continue
		case *ast.CallExpr:
			if tv, ok := info.Types[p.Fun]; ok && tv.IsType() && len(p.Args) == 1 && p.Args[0] == child {
				if !explicit {
					if !types.Identical(tv.Type, iface) {
						return "", "", false, false
					}
					explicit = true
				}
				child, i = p, i+1
				continue
			}
		}
		break
	}
	if i+1 >= len(path) {
		return "", "", false, false
	}
	// target type the context converts child to; explicit conversions already matched.
	match := func(t types.Type) bool { return explicit || (t != nil && types.Identical(t, iface)) }
	emptyIface := func(t types.Type) bool {
		it, ok := t.Underlying().(*types.Interface)
		return ok && it.Empty()
	}
	switch p := path[i+1].(type) {
	case *ast.ReturnStmt:
		sig := f.fn.Signature
		for j, r := range p.Results {
			if r == child && len(p.Results) == sig.Results().Len() {
				return RuleTypedNilReturn, "", match(sig.Results().At(j).Type()), true
			}
		}
	case *ast.CallExpr:
		j := -1
		for k, a := range p.Args {
			if a == child {
				j = k
			}
		}
		if j < 0 {
			return "", "", false, false
		}
		if id, ok := ast.Unparen(p.Fun).(*ast.Ident); ok {
			if b, ok := info.Uses[id].(*types.Builtin); ok {
				if b.Name() == "append" && j > 0 && p.Ellipsis == token.NoPos {
					if s, ok := coreType(typeOf(p.Args[0])).(*types.Slice); ok {
						return RuleTypedNilAssign, "an element of " + c.src.text(p.Args[0]), match(s.Elem()), true
					}
				}
				return "", "", explicit, false // panic, print, ...: not reported
			}
		}
		sig, ok := coreType(typeOf(p.Fun)).(*types.Signature)
		if !ok {
			return "", "", false, false
		}
		var pt types.Type
		np := sig.Params().Len()
		switch {
		case sig.Variadic() && j >= np-1 && p.Ellipsis == token.NoPos:
			if s, ok := sig.Params().At(np - 1).Type().(*types.Slice); ok {
				pt = s.Elem()
			}
		case j < np:
			pt = sig.Params().At(j).Type()
		}
		if !match(pt) {
			return "", "", false, false
		}
		if emptyIface(iface) {
			return "", "", true, false
		}
		return RuleTypedNilArgument, c.src.text(p.Fun), true, true
	case *ast.AssignStmt:
		if p.Tok != token.ASSIGN && p.Tok != token.DEFINE || len(p.Lhs) != len(p.Rhs) {
			return "", "", false, false
		}
		for j, r := range p.Rhs {
			if r == child {
				lhs := p.Lhs[j]
				if id, ok := lhs.(*ast.Ident); ok && id.Name == "_" {
					return "", "", true, false
				}
				return RuleTypedNilAssign, c.src.text(lhs), match(typeOf(lhs)), true
			}
		}
	case *ast.ValueSpec:
		if len(p.Names) != len(p.Values) {
			return "", "", false, false
		}
		for j, v := range p.Values {
			if v == child {
				if p.Names[j].Name == "_" {
					return "", "", true, false
				}
				obj := info.Defs[p.Names[j]]
				if obj == nil {
					return "", "", false, false
				}
				return RuleTypedNilAssign, p.Names[j].Name, match(obj.Type()), true
			}
		}
	case *ast.KeyValueExpr:
		if p.Value != child || i+2 >= len(path) {
			return "", "", false, false
		}
		lit, ok := path[i+2].(*ast.CompositeLit)
		if !ok {
			return "", "", false, false
		}
		t, what := c.elemType(lit, p.Key)
		return RuleTypedNilAssign, what, match(t), true
	case *ast.CompositeLit:
		for j, el := range p.Elts {
			if el == child {
				t, what := c.elemType(p, nil)
				if st, ok := coreType(typeOf(p)).(*types.Struct); ok && j < st.NumFields() {
					t, what = st.Field(j).Type(), "field "+st.Field(j).Name()
				}
				return RuleTypedNilAssign, what, match(t), true
			}
		}
	case *ast.SendStmt:
		if p.Value == child {
			if ch, ok := coreType(typeOf(p.Chan)).(*types.Chan); ok {
				return RuleTypedNilAssign, "channel " + c.src.text(p.Chan), match(ch.Elem()), true
			}
		}
	}
	return "", "", explicit, false
}

// elemType is the type of an element (keyed by key, for struct literals) of a composite literal.
func (c *tnCheck) elemType(lit *ast.CompositeLit, key ast.Expr) (types.Type, string) {
	switch t := coreType(c.info.TypeOf(lit)).(type) {
	case *types.Struct:
		if id, ok := key.(*ast.Ident); ok {
			for k := 0; k < t.NumFields(); k++ {
				if t.Field(k).Name() == id.Name {
					return t.Field(k).Type(), "field " + id.Name
				}
			}
		}
	case *types.Map:
		return t.Elem(), "a map value"
	case *types.Slice:
		return t.Elem(), "a slice element"
	case *types.Array:
		return t.Elem(), "an array element"
	case *types.Pointer: // &[...]T{...} elided in nested literals
		if a, ok := coreType(t.Elem()).(*types.Array); ok {
			return a.Elem(), "an array element"
		}
	}
	return nil, ""
}

// reachesReturn: mi flows through φ-nodes and interface changes to a return.
func (c *tnCheck) reachesReturn(mi *ssa.MakeInterface) bool {
	found := false
	c.flow(mi, map[ssa.Value]bool{}, func(instr ssa.Instruction, v ssa.Value) {
		if _, ok := instr.(*ssa.Return); ok {
			found = true
		}
	})
	return found
}

// flow calls use for every use of v or of the values it flows into unchanged (φ-nodes,
// interface changes).
func (c *tnCheck) flow(v ssa.Value, seen map[ssa.Value]bool, use func(ssa.Instruction, ssa.Value)) {
	if seen[v] {
		return
	}
	seen[v] = true
	refs := v.Referrers()
	if refs == nil {
		return
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Phi:
			c.flow(r, seen, use)
		case *ssa.ChangeInterface:
			c.flow(r, seen, use)
		case *ssa.DebugRef:
		default:
			use(r, v)
		}
	}
}
