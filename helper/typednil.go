package main

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// The typed-nil check (-checks=typed-nil, or -typednil; issue 4): a nil pointer, map, slice, func or channel of a
// concrete type that becomes an interface value gives an interface whose type word is set and
// whose data word is nil, and that interface is != nil. The check builds SSA for the root
// packages (golang.org/x/tools/go/ssa, from the already type-checked syntax) and, as
// x/tools' nilness pass does, carries facts from dominating `x == nil` / `x != nil` (and
// `len(x) != 0`) branches down the dominator tree. A conversion (MakeInterface) is reported
// when its operand is nil on at least one feasible path: a nil constant, a variable whose
// zero value or nil assignment reaches the conversion through a φ-node on an edge that no
// guard excludes, a value a dominating `x == nil` branch proves nil, or the result of a
// same-package function that returns a nil constant of the concrete type on a path no guard
// excludes (the call's result being unguarded too). Unknown values (parameters, fields,
// other packages' results) are never reported, so the check under-reports by design.
//
// Not reported: untyped nil (`return nil`: no MakeInterface), always-allocated values,
// package-level sentinel values, explicit typed nils written as a conversion of the nil literal
// (`(*T)(nil)`, `http.HandlerFunc(nil)`: the idiom for deliberate typed nils and for
// `var _ I = (*T)(nil)`), assignments to the blank identifier, arguments of empty-interface
// parameters (fmt, encoding/json, reflect and their kin print or inspect typed nils on
// purpose: `fmt.Println(m)` with a nil map is not a trap), operands of `panic` and of
// comparisons, and conversions the compiler itself generates without syntax of their own.
//
// Comparisons: `x == nil` / `x != nil` where x is, on every path, an interface made from a
// concrete value (directly, through φ-nodes, or as the result of a same-package function all
// of whose returns of that result are such interfaces) and at least one of those conversions
// is reported above: the comparison can never come out the way a nil concrete value suggests.

// Typed-nil rules.
const (
	RuleTypedNilReturn   = "typed-nil-return"
	RuleTypedNilAssign   = "typed-nil-assign"
	RuleTypedNilArgument = "typed-nil-argument"
	RuleTypedNilCompare  = "typed-nil-compare"
)

// typedNilCheck is the check's value, registered in checks.
var typedNilCheck = &check{
	Name: "typed-nil",
	Doc: "nil pointers, maps, slices, funcs and channels that become non-nil interfaces\n\n" +
		"An interface value is nil only when both words are nil. Storing a nil pointer of a concrete type sets " +
		"the type word (itab), so the interface compares != nil although its data word is nil. Return or store " +
		"an untyped nil instead on the paths where the value is nil.",
	URL: "docs/typed-nil.md",
	Rules: []checkRule{
		{RuleTypedNilReturn, "a nil pointer (or map, slice, func, chan) returned as an interface: callers see a non-nil interface"},
		{RuleTypedNilAssign, "a nil pointer (or map, slice, func, chan) stored into an interface-typed variable, field or element"},
		{RuleTypedNilArgument, "a nil pointer (or map, slice, func, chan) passed as an interface argument"},
		{RuleTypedNilCompare, "a comparison of an interface holding a typed nil with nil: never true"},
	},
	Run: findTypedNil,
}

// findTypedNil runs the check on one package, after the walk (whose function records name the
// findings' functions).
func findTypedNil(p *pass) ([]*Finding, error) {
	pkg := p.pkg
	prog := ssa.NewProgram(p.src.fset, ssa.GlobalDebug|ssa.BuildSerially)
	// The builder refers to other packages' members only through direct imports; methods of
	// types from further away are created on demand.
	for _, imp := range pkg.Types.Imports() {
		prog.CreatePackage(imp, nil, nil, true)
	}
	spkg := prog.CreatePackage(pkg.Types, pkg.Syntax, pkg.TypesInfo, false)
	spkg.Build()

	c := &tnCheck{
		pass:    p,
		pkg:     pkg,
		info:    pkg.TypesInfo,
		src:     p.src,
		prog:    prog,
		funcs:   map[*ssa.Function]*tnFunc{},
		convs:   map[*ssa.MakeInterface]*tnConv{},
		nonNil:  map[tnResult]tnState{},
		callers: map[*ssa.Function][]ssa.CallInstruction{},
	}
	// Source functions: declared functions and methods, the package initialiser, and the
	// function literals within them. Generic bodies are analysed once, with type parameters.
	var add func(fn *ssa.Function)
	add = func(fn *ssa.Function) {
		if fn == nil || c.funcs[fn] != nil || fn.Blocks == nil {
			return
		}
		c.funcs[fn] = nil // placeholder; analysed below
		c.order = append(c.order, fn)
		for _, anon := range fn.AnonFuncs {
			add(anon)
		}
	}
	add(spkg.Func("init"))
	for _, f := range pkg.Syntax {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if obj, ok := c.info.Defs[fd.Name].(*types.Func); ok {
					add(prog.FuncValue(obj))
				}
			}
		}
	}
	c.findNoReturn()
	for _, fn := range c.order {
		c.funcs[fn] = newTNFunc(fn, c.deadEnd)
	}
	for _, fn := range c.order {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if call, ok := instr.(ssa.CallInstruction); ok {
					if callee := call.Common().StaticCallee(); callee != nil && c.funcs[callee] != nil {
						c.callers[callee] = append(c.callers[callee], call)
					}
				}
			}
		}
	}

	// Conversions first (the comparisons refer to them), then comparisons.
	for _, fn := range c.order {
		c.findConversions(c.funcs[fn])
	}
	for _, fn := range c.order {
		c.findComparisons(c.funcs[fn])
	}
	for _, cv := range c.convList {
		c.relate(cv)
	}
	return c.findings(), nil
}

// tnCheck is the state of the check on one package.
type tnCheck struct {
	pass     *pass
	pkg      *Package
	info     *types.Info
	src      *sourceView
	prog     *ssa.Program
	safe     map[*ssa.Function]tnState // method works on a nil receiver
	order    []*ssa.Function
	funcs    map[*ssa.Function]*tnFunc
	convs    map[*ssa.MakeInterface]*tnConv
	convList []*tnConv
	compares []*tnCompare
	nilRets  map[tnResult][]tnNilReturn
	loadCmps map[types.Object][]tnLoadCompare
	nonNil   map[tnResult]tnState // result is always a non-nil interface
	callers  map[*ssa.Function][]ssa.CallInstruction
	noReturn map[*ssa.Function]bool
}

// tnResult is one result of a function.
type tnResult struct {
	fn    *ssa.Function
	index int
}

type tnState int

const (
	tnNo tnState = iota + 1
	tnYes
	tnBusy
)
