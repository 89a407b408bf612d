package main

import (
	"fmt"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Findings of the typed-nil check: the records and their messages, and the typed nils left out
// because they are harmless.

// findings are the reported conversions and comparisons in the user's files, one per rule and
// position.
func (c *tnCheck) findings() []*Finding {
	var out []*Finding
	seen := map[string]bool{}
	for _, cv := range c.convList {
		if !c.src.user(cv.pos) || c.harmless(cv) {
			continue
		}
		f := c.convFinding(cv)
		key := f.Rule + "\x00" + findingPosKey(f.Pos)
		if !seen[key] {
			seen[key] = true
			out = append(out, f)
		}
	}
	for _, cmp := range c.compares {
		if !c.src.user(cmp.expr.OpPos) {
			continue
		}
		f := c.compareFinding(cmp)
		key := f.Rule + "\x00" + findingPosKey(f.Pos)
		if !seen[key] {
			seen[key] = true
			out = append(out, f)
		}
	}
	return out // runChecks sorts them
}

func findingPosKey(p Pos) string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col) }

// words shows the interface's two words: an itab for non-empty interfaces, the type
// descriptor for empty ones.
func words(concrete, iface string, empty bool) string {
	if empty {
		return fmt.Sprintf("(type=%s; data=nil)", concrete)
	}
	return fmt.Sprintf("(itab=%s,%s; data=nil)", concrete, iface)
}

func (c *tnCheck) convFinding(cv *tnConv) *Finding {
	sv := c.src
	concrete := types.TypeString(cv.mi.X.Type(), nil)
	iface := types.TypeString(cv.mi.Type(), nil)
	empty := false
	if it, ok := cv.mi.Type().Underlying().(*types.Interface); ok {
		empty = it.Empty()
	}
	kind := nilKindOf(cv.mi.X.Type())
	operand := sv.text(cv.operand)

	// What is nil, and when; messages name types by package name, records by path.
	short := func(t types.Type) string { return types.TypeString(t, pkgName) }
	sc, si := short(cv.mi.X.Type()), short(cv.mi.Type())
	var what, when, where string
	switch s := cv.src; s.kind {
	case "const":
		what, where = fmt.Sprintf("%s (a nil %s)", operand, sc), "on this path"
	case "guard":
		what, where = fmt.Sprintf("%s (a nil %s here)", operand, sc), "on this path"
	case "phi":
		if s.inner != nil && s.inner.kind == "call" {
			what = fmt.Sprintf("%s (a %s, nil on some paths: %s can return nil at %s)", operand, sc,
				funcDisplay(s.inner.callee), sv.shortPos(s.inner.at))
		} else {
			what = fmt.Sprintf("%s (a %s, nil on some paths)", operand, sc)
		}
		when, where = "when it is nil, ", "where it is nil"
	case "call":
		what = fmt.Sprintf("%s (a %s, nil when %s returns nil at %s)", operand, sc, funcDisplay(s.callee), sv.shortPos(s.at))
		when, where = "when it is nil, ", "after checking it for nil"
	}
	var verb, fix string
	switch cv.rule {
	case RuleTypedNilReturn:
		verb, fix = fmt.Sprintf("returns %s as %s", what, si), "return nil explicitly "+where
	case RuleTypedNilArgument:
		verb, fix = fmt.Sprintf("passes %s as %s to %s", what, si, cv.target), "pass nil explicitly "+where
	default:
		dst := cv.target
		if dst == "" {
			dst = "a variable"
		}
		verb, fix = fmt.Sprintf("stores %s in %s (%s)", what, dst, si), "store nil explicitly "+where
	}
	msg := fmt.Sprintf("%s: %sthe interface is %s, which is != nil; %s", verb, when, words(sc, si, empty), fix)
	related := cv.related
	if related == nil {
		related = []Related{}
	}
	pos := sv.position(cv.pos)
	return &Finding{Rule: cv.rule, Function: c.pass.funcAt(pos),
		Pos: pos, Operand: operand, Concrete: concrete, Iface: iface, NilKind: kind, Message: msg, Related: related,
		Generated: c.src.generated(cv.pos)}
}

func (c *tnCheck) compareFinding(cmp *tnCompare) *Finding {
	sv := c.src
	o := cmp.origins[0]
	concrete := types.TypeString(o.mi.X.Type(), nil)
	iface := types.TypeString(cmp.binop.X.Type(), nil)
	if types.IsInterface(cmp.binop.Y.Type()) && !isNilConst(cmp.binop.Y) {
		iface = types.TypeString(cmp.binop.Y.Type(), nil)
	}
	truth, never := "true", "false"
	if cmp.binop.Op == token.EQL {
		truth, never = "false", "true"
	}
	x := sv.text(cmp.x)
	empty := false
	if it, ok := o.mi.Type().Underlying().(*types.Interface); ok {
		empty = it.Empty()
	}
	short := func(t types.Type) string { return types.TypeString(t, pkgName) }
	sc := short(o.mi.X.Type())
	msg := fmt.Sprintf("%s is always %s, never %s: %s is never a nil interface, and where it holds a nil %s it is %s; "+
		"convert nil instead of the nil %s (at %s), or compare the %s before converting it",
		sv.text(cmp.expr), truth, never, x, sc, words(sc, short(o.mi.Type()), empty),
		sc, sv.shortPos(o.pos), nilKindOf(o.mi.X.Type()))
	var related []Related
	seen := map[token.Pos]bool{}
	for _, o := range cmp.origins {
		if seen[o.pos] {
			continue
		}
		seen[o.pos] = true
		related = append(related, Related{Pos: sv.position(o.pos),
			Message: fmt.Sprintf("%s (a %s that can be nil) becomes %s here", sv.text(o.operand), short(o.mi.X.Type()), short(o.mi.Type()))})
	}
	pos := sv.position(cmp.expr.OpPos)
	return &Finding{Rule: RuleTypedNilCompare, Function: c.pass.funcAt(pos),
		Pos: pos, Operand: x, Concrete: concrete, Iface: iface, NilKind: nilKindOf(o.mi.X.Type()), Message: msg, Related: related,
		Generated: c.src.generated(cmp.expr.OpPos)}
}

func funcDisplay(fn *ssa.Function) string {
	return fn.RelString(fn.Pkg.Pkg)
}

// harmless: a conversion whose typed nil works as the value it stands for, and that no
// comparison in the package tests against nil: a nil slice or map (an empty collection) in an
// interface other than an error, or a nil pointer, func or channel of a same-package type whose
// methods of the interface all work on a nil receiver (the "null object" of
// `func (m *metrics) inc() { if m == nil { return }; ... }`).
func (c *tnCheck) harmless(cv *tnConv) bool {
	if len(cv.related) > 0 {
		return false
	}
	switch nilKindOf(cv.mi.X.Type()) {
	case "slice", "map":
		return !errorLike(cv.mi.Type())
	}
	return c.nilSafe(cv.mi.X.Type(), cv.mi.Type())
}

// nilSafe: every method of iface, as concrete type t implements it, is declared in this
// package with t itself as receiver (no promotion, no value receiver behind a pointer) and
// uses the receiver only where it is known non-nil, to compare it, convert it, return it or
// call another such method on it.
func (c *tnCheck) nilSafe(t, iface types.Type) bool {
	it, ok := iface.Underlying().(*types.Interface)
	if !ok || it.NumMethods() == 0 {
		return false
	}
	mset := types.NewMethodSet(t)
	for i := 0; i < it.NumMethods(); i++ {
		m := it.Method(i)
		sel := mset.Lookup(m.Pkg(), m.Name())
		if sel == nil || len(sel.Index()) != 1 {
			return false
		}
		obj, ok := sel.Obj().(*types.Func)
		if !ok || obj.Pkg() != c.pkg.Types {
			return false
		}
		if recv := obj.Type().(*types.Signature).Recv(); recv == nil || !types.Identical(recv.Type(), t) {
			return false
		}
		if !c.recvSafe(c.prog.FuncValue(obj)) {
			return false
		}
	}
	return true
}

func (c *tnCheck) recvSafe(fn *ssa.Function) bool {
	f := c.funcs[fn]
	if f == nil || len(fn.Params) == 0 || fn.Signature.Recv() == nil {
		return false
	}
	if c.safe == nil {
		c.safe = map[*ssa.Function]tnState{}
	}
	switch c.safe[fn] {
	case tnYes, tnBusy:
		return true // recursion: decided by the other uses
	case tnNo:
		return false
	}
	c.safe[fn] = tnBusy
	recv := fn.Params[0]
	ok := true
	guarded := func(instr ssa.Instruction) bool {
		b := instr.Block()
		return !f.live[b.Index] || nilnessOf(f.facts[b.Index], recv) == nnNonNil
	}
	for _, r := range *recv.Referrers() {
		switch r := r.(type) {
		case *ssa.DebugRef, *ssa.BinOp, *ssa.MakeInterface, *ssa.Return, *ssa.Phi:
		case *ssa.ChangeType:
		case *ssa.Store:
			if r.Addr == recv {
				ok = ok && guarded(r)
			}
		case ssa.CallInstruction:
			common := r.Common()
			if common.Value == recv {
				ok = ok && guarded(r)
				continue
			}
			callee := common.StaticCallee()
			if callee != nil && callee.Signature.Recv() != nil && len(common.Args) > 0 && common.Args[0] == recv {
				ok = ok && (guarded(r) || c.recvSafe(callee))
				continue
			}
			ok = ok && guarded(r)
		default: // field and element addresses, loads, sends, map updates, slicing, ...
			ok = ok && guarded(r)
		}
		if !ok {
			break
		}
	}
	if ok {
		c.safe[fn] = tnYes
	} else {
		c.safe[fn] = tnNo
	}
	return ok
}
