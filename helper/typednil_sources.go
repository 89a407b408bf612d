package main

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// Nil sources of the typed-nil check: why a value may be nil where it is converted (a nil
// constant, a dominating nil guard, a φ-node with a nil edge no guard excludes, a same-package
// function's `return nil` that its caller does not rule out).

// tnSource says why a value may be nil where it is converted.
type tnSource struct {
	kind   string        // "const", "guard", "phi", "call"
	callee *ssa.Function // "call": the same-package function returning nil
	at     token.Pos     // "call": where it returns nil
	inner  *tnSource
}

// mayBeNil reports why v, used in block b where facts hold, may be nil on some feasible path
// (nil if it cannot be shown to be).
func (c *tnCheck) mayBeNil(f *tnFunc, v ssa.Value, facts []tnFact, seen map[*ssa.Phi]bool) *tnSource {
	if nilKindOf(v.Type()) == "" {
		return nil
	}
	switch nilnessOf(facts, v) {
	case nnNonNil:
		return nil
	case nnNil:
		if k, ok := v.(*ssa.Const); ok && k.IsNil() {
			return &tnSource{kind: "const"}
		}
		return &tnSource{kind: "guard"}
	}
	switch v := v.(type) {
	case *ssa.Phi:
		if seen[v] {
			return nil
		}
		seen[v] = true
		for i, e := range v.Edges {
			pred := v.Block().Preds[i]
			ef, ok := f.edgeFacts(pred, v.Block())
			if !ok {
				continue
			}
			if s := c.mayBeNil(f, e, ef, seen); s != nil {
				return &tnSource{kind: "phi", inner: s}
			}
		}
	case *ssa.ChangeType:
		return c.mayBeNil(f, v.X, facts, seen)
	case *ssa.Call:
		if v.Call.Signature().Results().Len() == 1 {
			return c.callMayBeNil(v, 0, facts)
		}
	case *ssa.Extract:
		if call, ok := v.Tuple.(*ssa.Call); ok {
			return c.callMayBeNil(call, v.Index, facts)
		}
	}
	return nil
}

// callMayBeNil: a static call of a same-package function that returns a nil constant for this
// result, on a path that tells the caller nothing failed (see successPath), either on its own
// (no branch on its arguments decides it) or, for concrete error types (where nil is the
// success the caller is meant to pass on), whatever the arguments, unless the call site
// already knows the argument field the nil return depends on to be non-nil
// (`if m.Error != nil { return m.decodeError() }`).
func (c *tnCheck) callMayBeNil(call *ssa.Call, index int, facts []tnFact) *tnSource {
	callee := call.Call.StaticCallee()
	if callee == nil || c.funcs[callee] == nil {
		return nil
	}
	rets := c.nilReturns(tnResult{callee, index})
	errType := len(rets) > 0 && types.Implements(callee.Signature.Results().At(index).Type(), errorType.Underlying().(*types.Interface))
	for _, nr := range rets {
		if nr.decided && (!errType || refuted(nr, call, facts)) {
			continue
		}
		return &tnSource{kind: "call", callee: callee, at: nr.at}
	}
	return nil
}

// tnNilReturn is a `return nil` of one result.
type tnNilReturn struct {
	at      token.Pos
	decided bool         // a branch on the arguments decides it (paramConditional)
	guards  []tnPathFact // dominating nil facts about the parameters' fields
}

// tnPathFact is a nil fact about a value reached from a parameter through fields.
type tnPathFact struct {
	param int
	path  []int
	isNil bool
}

func (c *tnCheck) nilReturns(r tnResult) []tnNilReturn {
	if c.nilRets == nil {
		c.nilRets = map[tnResult][]tnNilReturn{}
	}
	if rets, ok := c.nilRets[r]; ok {
		return rets
	}
	var rets []tnNilReturn
	f := c.funcs[r.fn]
	for _, b := range r.fn.Blocks {
		if !f.live[b.Index] || len(b.Instrs) == 0 {
			continue
		}
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || r.index >= len(ret.Results) || !isNilConst(ret.Results[r.index]) || !successPath(ret, r.index) {
			continue
		}
		// Only a nil constant: one that reaches the return through variables or other calls
		// would make every wrapper a source.
		nr := tnNilReturn{at: ret.Pos(), decided: paramConditional(b)}
		for _, fact := range f.facts[b.Index] {
			if fact.zeroLen {
				continue
			}
			root, path := fieldPath(fact.v)
			for i, p := range r.fn.Params {
				if root == ssa.Value(p) {
					nr.guards = append(nr.guards, tnPathFact{param: i, path: path, isNil: fact.isNil})
				}
			}
		}
		rets = append(rets, nr)
	}
	c.nilRets[r] = rets
	return rets
}

// refuted: the call site's facts contradict one of the nil return's guards.
func refuted(nr tnNilReturn, call *ssa.Call, facts []tnFact) bool {
	for _, g := range nr.guards {
		if g.param >= len(call.Call.Args) {
			continue
		}
		arg, argPath := fieldPath(call.Call.Args[g.param])
		want := append(argPath[:len(argPath):len(argPath)], g.path...)
		if len(want) == 0 && g.isNil && (nilnessOf(facts, arg) == nnNonNil || neverNil(arg)) {
			return true // `if err == nil { return nil }` called with fmt.Errorf(...)
		}
		for _, fact := range facts {
			if fact.zeroLen || fact.isNil == g.isNil {
				continue
			}
			if root, path := fieldPath(fact.v); root == arg && slices.Equal(path, want) {
				return true
			}
		}
	}
	return false
}

// neverNil: v is the result of a constructor that never returns nil.
func neverNil(v ssa.Value) bool {
	call, ok := v.(*ssa.Call)
	if !ok {
		return false
	}
	if fn := call.Call.StaticCallee(); fn != nil && fn.Pkg != nil {
		switch fn.Pkg.Pkg.Path() + "." + fn.Name() {
		case "fmt.Errorf", "errors.New":
			return true
		}
	}
	return false
}

// fieldPath is v as root.f1.f2...: the field indices loaded from root (through pointers or
// struct values); a captured parameter's variable counts as the parameter, and a load of a
// variable (a captured or address-taken local, a free variable, a global) as the variable's
// address, so that two loads of one variable have the same root.
func fieldPath(v ssa.Value) (root ssa.Value, path []int) {
	for {
		switch x := v.(type) {
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.UnOp:
			if x.Op == token.MUL {
				if fa, ok := x.X.(*ssa.FieldAddr); ok {
					path = append(path, fa.Field)
					v = fa.X
					continue
				}
				if isParam(x) {
					for _, r := range *x.X.Referrers() {
						if st, ok := r.(*ssa.Store); ok && st.Addr == x.X {
							v = st.Val
						}
					}
					continue
				}
				switch x.X.(type) {
				case *ssa.FreeVar, *ssa.Alloc, *ssa.Global:
					v = x.X
					slices.Reverse(path)
					return v, path
				}
			}
		case *ssa.Field:
			path = append(path, x.Field)
			v = x.X
			continue
		}
		slices.Reverse(path)
		return v, path
	}
}

// paramConditional: a branch that decides whether block b runs reads a parameter (or a field
// or element reached from one), as in `func wrap(err error) *E { if err == nil { return nil };
// ... }`, `func NewTuple(x ...*Var) *Tuple { if len(x) > 0 { ... }; return nil }`,
// `func (m *msg) decodeError() *E { if m.Error == nil { return nil }; ... }` or
// `if index >= len(b.txs) { return nil }`. Such a nil return follows the caller's arguments,
// which callers check (`if m.Error != nil { return m.decodeError() }`) or keep in range in ways
// the check does not track: not a source.
func paramConditional(b *ssa.BasicBlock) bool {
	for d := b; d.Idom() != nil; d = d.Idom() {
		p := d.Idom()
		ifInstr, ok := p.Instrs[len(p.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		// p's branch decides b when one of p's successors dominates b.
		if !p.Succs[0].Dominates(b) && !p.Succs[1].Dominates(b) {
			continue
		}
		if readsParam(ifInstr.Cond, 0) {
			return true
		}
	}
	return false
}

// readsParam: v is computed from a parameter (or what paramDerived reaches from one).
func readsParam(v ssa.Value, depth int) bool {
	if depth > 4 {
		return false
	}
	if paramDerived(v, 0) {
		return true
	}
	switch v := v.(type) {
	case *ssa.BinOp:
		return readsParam(v.X, depth+1) || readsParam(v.Y, depth+1)
	case *ssa.UnOp:
		return readsParam(v.X, depth+1)
	case *ssa.Convert:
		return readsParam(v.X, depth+1)
	case *ssa.ChangeType:
		return readsParam(v.X, depth+1)
	case *ssa.Extract:
		return readsParam(v.Tuple, depth+1)
	case *ssa.TypeAssert:
		return readsParam(v.X, depth+1)
	case *ssa.Lookup:
		return readsParam(v.X, depth+1) || readsParam(v.Index, depth+1)
	case *ssa.Call:
		if v.Call.IsInvoke() && readsParam(v.Call.Value, depth+1) {
			return true
		}
		for _, a := range v.Call.Args {
			if readsParam(a, depth+1) {
				return true
			}
		}
	}
	return false
}

// paramDerived: v is a parameter, or a field or element reached from one.
func paramDerived(v ssa.Value, depth int) bool {
	if depth > 8 {
		return false
	}
	for _, x := range expandValue(v) {
		if isParam(x) {
			return true
		}
		switch x := x.(type) {
		case *ssa.UnOp:
			if x.Op == token.MUL && paramDerived(x.X, depth+1) {
				return true
			}
		case *ssa.FieldAddr:
			if paramDerived(x.X, depth+1) {
				return true
			}
		case *ssa.Field:
			if paramDerived(x.X, depth+1) {
				return true
			}
		case *ssa.IndexAddr:
			if paramDerived(x.X, depth+1) {
				return true
			}
		case *ssa.Index:
			if paramDerived(x.X, depth+1) {
				return true
			}
		}
	}
	return false
}

// isParam: v is a parameter, or a load of the variable a captured parameter lives in.
func isParam(v ssa.Value) bool {
	switch v := v.(type) {
	case *ssa.Parameter:
		return true
	case *ssa.UnOp:
		a, ok := v.X.(*ssa.Alloc)
		if v.Op != token.MUL || !ok {
			return false
		}
		stored := false
		for _, r := range *a.Referrers() {
			if st, ok := r.(*ssa.Store); ok && st.Addr == a {
				if _, ok := st.Val.(*ssa.Parameter); !ok {
					return false
				}
				stored = true
			}
		}
		return stored
	}
	return false
}

// successPath: a return whose other results say nothing failed, so that a caller has no
// reason to look at anything but result index. `return nil, err` (an error result that is not
// a nil constant) and `return nil, false` (any non-error result besides) are the callee's way
// of saying "no value"; callers check those, not the pointer.
func successPath(ret *ssa.Return, index int) bool {
	for k, v := range ret.Results {
		if k == index {
			continue
		}
		if !types.Identical(v.Type(), errorType) || !isNilConst(v) {
			return false
		}
	}
	return true
}

func isNilConst(v ssa.Value) bool {
	k, ok := v.(*ssa.Const)
	return ok && k.IsNil()
}
