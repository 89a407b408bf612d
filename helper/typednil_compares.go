package main

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Comparisons of the typed-nil check: `x == nil` / `x != nil` of interfaces that are never nil,
// and the comparisons each reported conversion reaches (its related locations).

// tnCompare is a reported comparison of an always-non-nil interface with nil.
type tnCompare struct {
	f       *tnFunc
	binop   *ssa.BinOp
	expr    *ast.BinaryExpr
	x       ast.Expr // the interface operand
	origins []*tnConv
}

// nilCompare: binop compares an interface value with the nil interface; x is that value.
func nilCompare(instr ssa.Instruction) (binop *ssa.BinOp, x ssa.Value, ok bool) {
	binop, ok = instr.(*ssa.BinOp)
	if !ok || binop.Op != token.EQL && binop.Op != token.NEQ {
		return nil, nil, false
	}
	isNilIface := func(v ssa.Value) bool {
		k, ok := v.(*ssa.Const)
		return ok && k.IsNil() && types.IsInterface(k.Type())
	}
	switch {
	case isNilIface(binop.Y) && types.IsInterface(binop.X.Type()):
		return binop, binop.X, true
	case isNilIface(binop.X) && types.IsInterface(binop.Y.Type()):
		return binop, binop.Y, true
	}
	return nil, nil, false
}

func (c *tnCheck) findComparisons(f *tnFunc) {
	for _, b := range f.fn.Blocks {
		if !f.live[b.Index] {
			continue
		}
		for _, instr := range b.Instrs {
			binop, x, ok := nilCompare(instr)
			if !ok {
				continue
			}
			nonNil, origins := c.alwaysNonNil(x, map[ssa.Value]bool{})
			if !nonNil || len(origins) == 0 {
				continue
			}
			be, ok := f.exprOf(binop).(*ast.BinaryExpr)
			if !ok {
				continue
			}
			cmp := &tnCompare{f: f, binop: binop, expr: be, origins: origins, x: be.X}
			if c.info.Types[ast.Unparen(be.X)].IsNil() {
				cmp.x = be.Y
			}
			c.compares = append(c.compares, cmp)
		}
	}
}

// alwaysNonNil: v is on every path an interface made from a concrete value; origins are the
// reported conversions among those that make it.
func (c *tnCheck) alwaysNonNil(v ssa.Value, seen map[ssa.Value]bool) (bool, []*tnConv) {
	if seen[v] {
		return true, nil // a cycle adds nothing
	}
	seen[v] = true
	switch v := v.(type) {
	case *ssa.MakeInterface:
		if isTypeParam(v.X.Type()) {
			return false, nil
		}
		if cv := c.convs[v]; cv != nil {
			return true, []*tnConv{cv}
		}
		return true, nil
	case *ssa.ChangeInterface:
		return c.alwaysNonNil(v.X, seen)
	case *ssa.Phi:
		f := c.funcs[v.Parent()]
		var all []*tnConv
		for i, e := range v.Edges {
			if f != nil {
				if _, ok := f.edgeFacts(v.Block().Preds[i], v.Block()); !ok {
					continue
				}
			}
			ok, origins := c.alwaysNonNil(e, seen)
			if !ok {
				return false, nil
			}
			all = append(all, origins...)
		}
		return true, all
	case *ssa.Call:
		if v.Call.Signature().Results().Len() == 1 {
			return c.callAlwaysNonNil(v, 0)
		}
	case *ssa.Extract:
		if call, ok := v.Tuple.(*ssa.Call); ok {
			return c.callAlwaysNonNil(call, v.Index)
		}
	}
	return false, nil
}

func (c *tnCheck) callAlwaysNonNil(call *ssa.Call, index int) (bool, []*tnConv) {
	callee := call.Call.StaticCallee()
	if callee == nil || c.funcs[callee] == nil {
		return false, nil
	}
	r := tnResult{callee, index}
	switch c.nonNil[r] {
	case tnBusy, tnNo:
		return false, nil
	}
	c.nonNil[r] = tnBusy
	f := c.funcs[callee]
	var all []*tnConv
	returns := 0
	for _, b := range callee.Blocks {
		if !f.live[b.Index] || len(b.Instrs) == 0 {
			continue
		}
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || index >= len(ret.Results) {
			continue
		}
		returns++
		ok, origins := c.alwaysNonNil(ret.Results[index], map[ssa.Value]bool{})
		if !ok {
			c.nonNil[r] = tnNo
			return false, nil
		}
		all = append(all, origins...)
	}
	if returns == 0 {
		c.nonNil[r] = tnNo
		return false, nil
	}
	c.nonNil[r] = tnYes
	return true, all
}

// relate gives a conversion its affected comparisons: those of its value in its own function
// and, for returns, those of the call's result in the package's callers.
func (c *tnCheck) relate(cv *tnConv) {
	var results []int
	c.flow(cv.mi, map[ssa.Value]bool{}, func(instr ssa.Instruction, v ssa.Value) {
		switch instr := instr.(type) {
		case *ssa.BinOp:
			c.addRelated(cv, cv.f, instr)
		case *ssa.Return:
			for k, r := range instr.Results {
				if r == v {
					results = append(results, k)
				}
			}
		case *ssa.Store:
			// Stored in a field or global: the package's comparisons of its loads.
			if instr.Val == v {
				if key := varKey(instr.Addr); key != nil {
					for _, cmp := range c.loadCompares()[key] {
						c.addRelated(cv, cmp.f, cmp.binop)
					}
				}
			}
		case ssa.CallInstruction:
			// Passed to a same-package function: its comparisons of the parameter.
			common := instr.Common()
			callee := common.StaticCallee()
			if callee == nil || c.funcs[callee] == nil {
				return
			}
			cf := c.funcs[callee]
			for i, a := range common.Args {
				if a == v && i < len(callee.Params) {
					c.flow(callee.Params[i], map[ssa.Value]bool{}, func(instr ssa.Instruction, v ssa.Value) {
						if b, ok := instr.(*ssa.BinOp); ok {
							c.addRelated(cv, cf, b)
						}
					})
				}
			}
		}
	})
	if cv.rule != RuleTypedNilReturn {
		return
	}
	fn := cv.f.fn
	for _, call := range c.callers[fn] {
		cval := call.Value()
		if cval == nil {
			continue
		}
		cf := c.funcs[call.Parent()]
		for _, k := range results {
			var rv ssa.Value
			if fn.Signature.Results().Len() == 1 {
				rv = cval
			} else {
				for _, r := range *cval.Referrers() {
					if ex, ok := r.(*ssa.Extract); ok && ex.Index == k {
						rv = ex
					}
				}
			}
			if rv == nil || cf == nil {
				continue
			}
			c.flow(rv, map[ssa.Value]bool{}, func(instr ssa.Instruction, v ssa.Value) {
				if b, ok := instr.(*ssa.BinOp); ok {
					c.addRelated(cv, cf, b)
				}
			})
		}
	}
}

// varKey is the variable an address denotes: a struct field (every value's) or a global.
func varKey(addr ssa.Value) types.Object {
	switch a := addr.(type) {
	case *ssa.FieldAddr:
		if st, ok := typeparamsDeref(a.X.Type()).Underlying().(*types.Struct); ok && a.Field < st.NumFields() {
			return st.Field(a.Field)
		}
	case *ssa.Global:
		return a.Object()
	}
	return nil
}

type tnLoadCompare struct {
	f     *tnFunc
	binop *ssa.BinOp
}

// loadCompares indexes the package's comparisons with nil of loaded fields and globals.
func (c *tnCheck) loadCompares() map[types.Object][]tnLoadCompare {
	if c.loadCmps != nil {
		return c.loadCmps
	}
	c.loadCmps = map[types.Object][]tnLoadCompare{}
	for _, fn := range c.order {
		f := c.funcs[fn]
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				binop, x, ok := nilCompare(instr)
				if !ok {
					continue
				}
				var key types.Object
				switch x := x.(type) {
				case *ssa.UnOp:
					if x.Op == token.MUL {
						key = varKey(x.X)
					}
				case *ssa.Field:
					if st, ok := x.X.Type().Underlying().(*types.Struct); ok && x.Field < st.NumFields() {
						key = st.Field(x.Field)
					}
				}
				if key != nil {
					c.loadCmps[key] = append(c.loadCmps[key], tnLoadCompare{f, binop})
				}
			}
		}
	}
	return c.loadCmps
}

func (c *tnCheck) addRelated(cv *tnConv, f *tnFunc, instr *ssa.BinOp) {
	binop, x, ok := nilCompare(instr)
	if !ok || !f.live[binop.Block().Index] {
		return
	}
	be, ok := f.exprOf(binop).(*ast.BinaryExpr)
	if !ok || cv.relSeen[be.OpPos] {
		return
	}
	cv.relSeen[be.OpPos] = true
	xe := be.X
	if c.info.Types[ast.Unparen(be.X)].IsNil() {
		xe = be.Y
	}
	always, _ := c.alwaysNonNil(x, map[ssa.Value]bool{})
	truth := "true"
	if binop.Op == token.EQL {
		truth = "false"
	}
	concrete := types.TypeString(cv.mi.X.Type(), pkgName)
	var msg string
	if always {
		msg = fmt.Sprintf("%s is always %s here: %s is never a nil interface, and holds (%s)(nil) on some paths",
			c.src.text(be), truth, c.src.text(xe), concrete)
	} else {
		msg = fmt.Sprintf("%s is %s here when %s holds (%s)(nil)", c.src.text(be), truth, c.src.text(xe), concrete)
	}
	cv.related = append(cv.related, Related{Pos: c.src.position(be.OpPos), Message: msg})
}
