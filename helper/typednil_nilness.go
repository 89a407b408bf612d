// Parts of this file (newTNFunc's dominator-tree walk, branchFacts, expandValue, nilnessOf) are
// adapted from golang.org/x/tools/go/analysis/passes/nilness (nilness.go), which carries this
// notice:
//
// Copyright 2018 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.
//
// (That license is reproduced in golang_license.go.)

package main

import (
	"go/ast"
	"go/constant"
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// Per-function nilness facts of the typed-nil check: as x/tools' nilness pass, each block's
// dominating `x == nil` / `x != nil` facts (and `len(x) != 0`, and the failed branch of a
// comma-ok assertion), impossible edges of degenerate comparisons, and blocks no live path
// reaches.

// tnFact is a dominating fact: value is nil (isNil) or non-nil; or, with zeroLen, that its
// length is zero (which says nothing about its nilness).
type tnFact struct {
	v       ssa.Value
	isNil   bool
	zeroLen bool
}

type tnFunc struct {
	fn    *ssa.Function
	live  []bool     // block reachable (not pruned by a degenerate nil comparison)
	dead  []bool     // block calls a function that never returns
	facts [][]tnFact // facts holding on entry to each live block
	refs  map[ssa.Value]ast.Expr
}

type nilness int

const (
	nnUnknown nilness = iota
	nnNil
	nnNonNil
)

// newTNFunc visits the dominator tree as nilness does, recording each block's facts; a block is
// live when the control flow graph reaches it without impossible edges or leaving a dead end (a
// block that calls a function that does not return).
func newTNFunc(fn *ssa.Function, deadEnd func(*ssa.BasicBlock) bool) *tnFunc {
	f := &tnFunc{fn: fn, live: make([]bool, len(fn.Blocks)), dead: make([]bool, len(fn.Blocks)), facts: make([][]tnFact, len(fn.Blocks))}
	var visit func(b *ssa.BasicBlock, stack []tnFact)
	visit = func(b *ssa.BasicBlock, stack []tnFact) {
		if f.live[b.Index] {
			return
		}
		f.live[b.Index] = true
		f.facts[b.Index] = stack
		edges, impossible := branchFacts(b, stack)
		for _, d := range b.Dominees() {
			if len(d.Preds) == 1 {
				if impossible[d] {
					continue
				}
				if add := edges[d]; len(add) > 0 {
					visit(d, append(stack[:len(stack):len(stack)], add...))
					continue
				}
			}
			visit(d, stack)
		}
	}
	if len(fn.Blocks) == 0 {
		return f
	}
	visit(fn.Blocks[0], nil)
	reach := make([]bool, len(fn.Blocks))
	work := []*ssa.BasicBlock{fn.Blocks[0]}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if reach[b.Index] || !f.live[b.Index] {
			continue
		}
		reach[b.Index] = true
		if deadEnd(b) {
			f.dead[b.Index] = true
			continue
		}
		_, impossible := branchFacts(b, f.facts[b.Index])
		for _, s := range b.Succs {
			if !impossible[s] {
				work = append(work, s)
			}
		}
	}
	f.live = reach
	return f
}

// branchFacts are the facts that the edges out of b add, by successor, and the successors that
// a degenerate nil comparison makes unreachable from b.
func branchFacts(b *ssa.BasicBlock, stack []tnFact) (edges map[*ssa.BasicBlock][]tnFact, impossible map[*ssa.BasicBlock]bool) {
	if len(b.Instrs) == 0 {
		return nil, nil
	}
	ifInstr, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok || len(b.Succs) != 2 || b.Succs[0] == b.Succs[1] {
		return nil, nil
	}
	add := func(s *ssa.BasicBlock, fs ...tnFact) {
		if edges == nil {
			edges = map[*ssa.BasicBlock][]tnFact{}
		}
		edges[s] = append(edges[s], fs...)
	}
	cond, tsucc, fsucc := ifInstr.Cond, b.Succs[0], b.Succs[1]
	if un, ok := cond.(*ssa.UnOp); ok && un.Op == token.NOT {
		cond, tsucc, fsucc = un.X, fsucc, tsucc
	}
	if binop, ok := cond.(*ssa.BinOp); ok {
		eqT, eqF := tsucc, fsucc // successors where X == Y holds / fails
		switch binop.Op {
		case token.NEQ:
			eqT, eqF = fsucc, tsucc
			fallthrough
		case token.EQL:
			xn, yn := nilnessOf(stack, binop.X), nilnessOf(stack, binop.Y)
			if xn != nnUnknown && yn != nnUnknown && (xn == nnNil || yn == nnNil) {
				if xn == yn {
					impossible = map[*ssa.BasicBlock]bool{eqF: true}
				} else {
					impossible = map[*ssa.BasicBlock]bool{eqT: true}
				}
				return nil, impossible
			}
			if xn == nnNil || yn == nnNil {
				v := binop.X
				if xn == nnNil {
					v = binop.Y
				}
				for _, x := range expandValue(v) {
					add(eqT, tnFact{v: x, isNil: true})
					add(eqF, tnFact{v: x})
				}
				return edges, nil
			}
		}
		// len(x) != 0, len(x) > 0, 0 < len(x), len(x) >= 1 and their negations: where the
		// length is not zero, x is not nil.
		if v, nonZero, ok := lenCond(binop, tsucc, fsucc); ok {
			add(nonZero, tnFact{v: v})
			zero := tsucc
			if nonZero == tsucc {
				zero = fsucc
			}
			add(zero, tnFact{v: v, zeroLen: true})
			return edges, nil
		}
	}
	// if p, ok := x.(*T); ok { ... } else { p is nil here }
	if ex1, ok := cond.(*ssa.Extract); ok && ex1.Index == 1 {
		if ta, ok := ex1.Tuple.(*ssa.TypeAssert); ok && nilKindOf(ta.AssertedType) != "" {
			for _, r := range *ta.Referrers() {
				if ex0, ok := r.(*ssa.Extract); ok && ex0.Index == 0 {
					add(fsucc, tnFact{v: ex0, isNil: true})
				}
			}
		}
	}
	return edges, nil
}

// lenCond recognises a comparison of len(x) with 0 or 1 and returns the successor where the
// length is not zero.
func lenCond(binop *ssa.BinOp, tsucc, fsucc *ssa.BasicBlock) (x ssa.Value, nonZero *ssa.BasicBlock, ok bool) {
	lenArg := func(v ssa.Value) ssa.Value {
		call, ok := v.(*ssa.Call)
		if !ok {
			return nil
		}
		if b, ok := call.Call.Value.(*ssa.Builtin); ok && b.Name() == "len" && len(call.Call.Args) == 1 {
			if k := nilKindOf(call.Call.Args[0].Type()); k == "slice" || k == "map" || k == "chan" {
				return call.Call.Args[0]
			}
		}
		return nil
	}
	constInt := func(v ssa.Value) (int64, bool) {
		c, ok := v.(*ssa.Const)
		if !ok || c.Value == nil {
			return 0, false
		}
		n, exact := constantInt64(c)
		return n, exact
	}
	op := binop.Op
	x = lenArg(binop.X)
	k, kok := constInt(binop.Y)
	if x == nil { // constant on the left: mirror the operator
		x = lenArg(binop.Y)
		k, kok = constInt(binop.X)
		switch op {
		case token.LSS:
			op = token.GTR
		case token.GTR:
			op = token.LSS
		case token.LEQ:
			op = token.GEQ
		case token.GEQ:
			op = token.LEQ
		}
	}
	if x == nil || !kok {
		return nil, nil, false
	}
	switch {
	case op == token.NEQ && k == 0, op == token.GTR && k == 0, op == token.GEQ && k == 1:
		return x, tsucc, true
	case op == token.EQL && k == 0, op == token.LEQ && k == 0, op == token.LSS && k == 1:
		return x, fsucc, true
	}
	return nil, nil, false
}

// constantInt64 is an integer constant's value; ok false for other constants.
func constantInt64(c *ssa.Const) (int64, bool) {
	if c.Value == nil || c.Value.Kind() != constant.Int {
		return 0, false
	}
	return constant.Int64Val(c.Value)
}

// expandValue is v and the values whose nilness is v's (ChangeInterface, ChangeType).
func expandValue(v ssa.Value) []ssa.Value {
	vs := []ssa.Value{v}
	for {
		switch x := v.(type) {
		case *ssa.ChangeInterface:
			v = x.X
		case *ssa.ChangeType:
			v = x.X
		default:
			return vs
		}
		vs = append(vs, v)
	}
}

// nilnessOf is v's nilness from its kind or the dominating facts (nilness.nilnessOf, except
// that free variables are unknown: an unmodified captured variable is its value).
func nilnessOf(stack []tnFact, v ssa.Value) nilness {
	switch v := v.(type) {
	case *ssa.ChangeInterface:
		if n := nilnessOf(stack, v.X); n != nnUnknown {
			return n
		}
	case *ssa.ChangeType:
		if n := nilnessOf(stack, v.X); n != nnUnknown {
			return n
		}
	case *ssa.MakeInterface:
		if !isTypeParam(v.X.Type()) {
			return nnNonNil
		}
	case *ssa.Alloc, *ssa.FieldAddr, *ssa.Function, *ssa.Global, *ssa.IndexAddr,
		*ssa.MakeChan, *ssa.MakeClosure, *ssa.MakeMap, *ssa.MakeSlice:
		return nnNonNil
	case *ssa.Const:
		if v.IsNil() {
			return nnNil
		}
		return nnUnknown
	}
	for i := len(stack) - 1; i >= 0; i-- {
		if stack[i].v == v && !stack[i].zeroLen {
			if stack[i].isNil {
				return nnNil
			}
			return nnNonNil
		}
	}
	return nnUnknown
}

// edgeFacts are the facts holding on the edge pred→succ; ok is false when the edge cannot be
// taken.
func (f *tnFunc) edgeFacts(pred, succ *ssa.BasicBlock) (facts []tnFact, ok bool) {
	if !f.live[pred.Index] || f.dead[pred.Index] {
		return nil, false
	}
	stack := f.facts[pred.Index]
	edges, impossible := branchFacts(pred, stack)
	if impossible[succ] {
		return nil, false
	}
	if add := edges[succ]; len(add) > 0 {
		return append(stack[:len(stack):len(stack)], add...), true
	}
	return stack, true
}

// exprOf is the syntax a DebugRef gives v (the last one, for values named several times).
func (f *tnFunc) exprOf(v ssa.Value) ast.Expr {
	if f.refs == nil {
		f.refs = map[ssa.Value]ast.Expr{}
		for _, b := range f.fn.Blocks {
			for _, instr := range b.Instrs {
				if ref, ok := instr.(*ssa.DebugRef); ok && !ref.IsAddr {
					f.refs[ref.X] = ref.Expr
				}
			}
		}
	}
	return f.refs[v]
}
