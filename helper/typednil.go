package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"path/filepath"
	"regexp"
	"slices"
	"sort"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"
)

// The typed-nil check (-typednil, issue 4): a nil pointer, map, slice, func or channel of a
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

// typedNilEnabled is options.typedNil for the package walkers (set once, before they start).
var typedNilEnabled bool

// emitTypedNil appends the package's typed-nil findings to its records. A failure of the SSA
// builder or of the check on unusual input costs only these findings: a loadError says so.
func (w *walker) emitTypedNil() {
	pkg := w.pkg
	if len(pkg.Errors) > 0 || pkg.Types == nil || pkg.Types == types.Unsafe || pkg.TypesInfo == nil || len(pkg.Syntax) == 0 {
		return // SSA needs well-typed code
	}
	var findings []*Finding
	func() {
		defer func() {
			if r := recover(); r != nil {
				findings = nil
				w.out.record(LoadError{Kind: "loadError", Package: pkg.PkgPath, Pos: "-",
					Msg: fmt.Sprintf("ifacelens-helper internal error in the typed-nil check: %v", r)})
			}
		}()
		findings = findTypedNil(w)
	}()
	for _, f := range findings {
		w.out.record(f)
	}
}

// findTypedNil runs the check on the walker's package, after walkPackage (its function records
// name the findings' functions).
func findTypedNil(w *walker) []*Finding {
	prog := ssa.NewProgram(w.fset, ssa.GlobalDebug|ssa.BuildSerially)
	// The builder refers to other packages' members only through direct imports; methods of
	// types from further away are created on demand.
	for _, imp := range w.pkg.Types.Imports() {
		prog.CreatePackage(imp, nil, nil, true)
	}
	spkg := prog.CreatePackage(w.pkg.Types, w.pkg.Syntax, w.pkg.TypesInfo, false)
	spkg.Build()

	c := &tnCheck{
		w:       w,
		prog:    prog,
		funcs:   map[*ssa.Function]*tnFunc{},
		convs:   map[*ssa.MakeInterface]*tnConv{},
		nonNil:  map[tnResult]tnState{},
		files:   map[*token.File]*ast.File{},
		callers: map[*ssa.Function][]ssa.CallInstruction{},
	}
	for _, f := range w.pkg.Syntax {
		c.files[w.fset.File(f.Package)] = f
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
	for _, f := range w.pkg.Syntax {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if obj, ok := w.info.Defs[fd.Name].(*types.Func); ok {
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
	return c.findings()
}

// ---- per-function facts ----

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

// findNoReturn finds the package's functions that never return: no return instruction is
// reachable without passing a call of a function that never returns (os.Exit, log.Fatal,
// t.Fatal, panicking helpers...).
func (c *tnCheck) findNoReturn() {
	c.noReturn = map[*ssa.Function]bool{}
	for changed := true; changed; {
		changed = false
		for _, fn := range c.order {
			if c.noReturn[fn] || len(fn.Blocks) == 0 {
				continue
			}
			seen := make([]bool, len(fn.Blocks))
			work := []*ssa.BasicBlock{fn.Blocks[0]}
			returns := false
			for len(work) > 0 && !returns {
				b := work[len(work)-1]
				work = work[:len(work)-1]
				if seen[b.Index] || c.deadEnd(b) {
					continue
				}
				seen[b.Index] = true
				if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
					returns = true
				}
				work = append(work, b.Succs...)
			}
			if !returns {
				c.noReturn[fn] = true
				changed = true
			}
		}
	}
}

// deadEnd: b calls a function that never returns.
func (c *tnCheck) deadEnd(b *ssa.BasicBlock) bool {
	for _, instr := range b.Instrs {
		call, ok := instr.(*ssa.Call)
		if !ok {
			continue
		}
		if callee := call.Call.StaticCallee(); callee != nil {
			if c.noReturn[callee] || exitFunc(callee) {
				return true
			}
		} else if call.Call.IsInvoke() && exitMethods[call.Call.Method.Name()] {
			if named, ok := types.Unalias(call.Call.Value.Type()).(*types.Named); ok && named.Obj().Pkg() != nil &&
				named.Obj().Pkg().Path() == "testing" && named.Obj().Name() == "TB" {
				return true
			}
		}
	}
	return false
}

var exitMethods = map[string]bool{"Fatal": true, "Fatalf": true, "Fatalln": true, "FailNow": true,
	"Skip": true, "Skipf": true, "SkipNow": true, "Exit": true, "Goexit": true,
	"Panic": true, "Panicf": true, "Panicln": true}

// exitFunc: a function of another package known never to return.
func exitFunc(fn *ssa.Function) bool {
	var pkg *types.Package
	if obj := fn.Object(); obj != nil {
		pkg = obj.Pkg()
	} else if fn.Pkg != nil {
		pkg = fn.Pkg.Pkg
	}
	if pkg == nil || !exitMethods[fn.Name()] {
		return false
	}
	switch pkg.Path() {
	case "os", "syscall", "runtime", "log", "testing",
		"k8s.io/klog", "k8s.io/klog/v2", "github.com/sirupsen/logrus", "go.uber.org/zap":
		return true
	}
	return false
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

// ---- nil sources ----

// tnSource says why a value may be nil where it is converted.
type tnSource struct {
	kind   string        // "const", "guard", "phi", "call"
	callee *ssa.Function // "call": the same-package function returning nil
	at     token.Pos     // "call": where it returns nil
	inner  *tnSource
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

type tnCheck struct {
	w        *walker
	prog     *ssa.Program
	safe     map[*ssa.Function]tnState // method works on a nil receiver
	gen      map[*token.File]bool      // file is generated
	order    []*ssa.Function
	funcs    map[*ssa.Function]*tnFunc
	convs    map[*ssa.MakeInterface]*tnConv
	convList []*tnConv
	compares []*tnCompare
	nilRets  map[tnResult][]tnNilReturn
	loadCmps map[types.Object][]tnLoadCompare
	nonNil   map[tnResult]tnState // result is always a non-nil interface
	files    map[*token.File]*ast.File
	callers  map[*ssa.Function][]ssa.CallInstruction
	noReturn map[*ssa.Function]bool
	fnRecs   []FunctionRecord
	fnRecsOK bool
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

var errorType = types.Universe.Lookup("error").Type()

// ---- conversions ----

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
				pos: c.w.exprPos(operand), relSeen: map[token.Pos]bool{}}
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
		if tv, ok := c.w.info.Types[e]; !ok || !types.Identical(tv.Type, mi.X.Type()) {
			continue
		}
		rule, target, conv, report := c.context(f, e, mi.Type())
		if !conv {
			continue
		}
		claimed[ref] = true
		if !report || isExplicitNil(c.w.info, e) {
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
	file := c.files[c.w.fset.File(e.Pos())]
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
	info := c.w.info
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
						return RuleTypedNilAssign, "an element of " + c.w.text(p.Args[0]), match(s.Elem()), true
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
		return RuleTypedNilArgument, c.w.text(p.Fun), true, true
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
				return RuleTypedNilAssign, c.w.text(lhs), match(typeOf(lhs)), true
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
				return RuleTypedNilAssign, "channel " + c.w.text(p.Chan), match(ch.Elem()), true
			}
		}
	}
	return "", "", explicit, false
}

// elemType is the type of an element (keyed by key, for struct literals) of a composite literal.
func (c *tnCheck) elemType(lit *ast.CompositeLit, key ast.Expr) (types.Type, string) {
	switch t := coreType(c.w.info.TypeOf(lit)).(type) {
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

// ---- comparisons ----

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
			if c.w.info.Types[ast.Unparen(be.X)].IsNil() {
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

func typeparamsDeref(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
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
	if c.w.info.Types[ast.Unparen(be.X)].IsNil() {
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
			c.w.text(be), truth, c.w.text(xe), concrete)
	} else {
		msg = fmt.Sprintf("%s is %s here when %s holds (%s)(nil)", c.w.text(be), truth, c.w.text(xe), concrete)
	}
	cv.related = append(cv.related, Related{Pos: c.w.position(be.OpPos), Message: msg})
}

// ---- records ----

func (c *tnCheck) findings() []*Finding {
	var out []*Finding
	seen := map[string]bool{}
	for _, cv := range c.convList {
		if !c.w.shown[c.w.fset.File(cv.pos)] || c.harmless(cv) {
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
		if !c.w.shown[c.w.fset.File(cmp.expr.OpPos)] {
			continue
		}
		f := c.compareFinding(cmp)
		key := f.Rule + "\x00" + findingPosKey(f.Pos)
		if !seen[key] {
			seen[key] = true
			out = append(out, f)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Pos, out[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return out[i].Rule < out[j].Rule
	})
	return out
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
	w := c.w
	concrete := types.TypeString(cv.mi.X.Type(), nil)
	iface := types.TypeString(cv.mi.Type(), nil)
	empty := false
	if it, ok := cv.mi.Type().Underlying().(*types.Interface); ok {
		empty = it.Empty()
	}
	kind := nilKindOf(cv.mi.X.Type())
	operand := w.text(cv.operand)

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
				funcDisplay(s.inner.callee), w.shortPos(s.inner.at))
		} else {
			what = fmt.Sprintf("%s (a %s, nil on some paths)", operand, sc)
		}
		when, where = "when it is nil, ", "where it is nil"
	case "call":
		what = fmt.Sprintf("%s (a %s, nil when %s returns nil at %s)", operand, sc, funcDisplay(s.callee), w.shortPos(s.at))
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
	pos := w.position(cv.pos)
	return &Finding{Kind: "finding", Rule: cv.rule, Package: w.pkg.PkgPath, Function: c.funcName(pos),
		Pos: pos, Operand: operand, Concrete: concrete, Iface: iface, NilKind: kind, Message: msg, Related: related,
		Generated: c.generated(cv.pos)}
}

func (c *tnCheck) compareFinding(cmp *tnCompare) *Finding {
	w := c.w
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
	x := w.text(cmp.x)
	empty := false
	if it, ok := o.mi.Type().Underlying().(*types.Interface); ok {
		empty = it.Empty()
	}
	short := func(t types.Type) string { return types.TypeString(t, pkgName) }
	sc := short(o.mi.X.Type())
	msg := fmt.Sprintf("%s is always %s, never %s: %s is never a nil interface, and where it holds a nil %s it is %s; "+
		"convert nil instead of the nil %s (at %s), or compare the %s before converting it",
		w.text(cmp.expr), truth, never, x, sc, words(sc, short(o.mi.Type()), empty),
		sc, w.shortPos(o.pos), nilKindOf(o.mi.X.Type()))
	var related []Related
	seen := map[token.Pos]bool{}
	for _, o := range cmp.origins {
		if seen[o.pos] {
			continue
		}
		seen[o.pos] = true
		related = append(related, Related{Pos: w.position(o.pos),
			Message: fmt.Sprintf("%s (a %s that can be nil) becomes %s here", w.text(o.operand), short(o.mi.X.Type()), short(o.mi.Type()))})
	}
	pos := w.position(cmp.expr.OpPos)
	return &Finding{Kind: "finding", Rule: RuleTypedNilCompare, Package: w.pkg.PkgPath, Function: c.funcName(pos),
		Pos: pos, Operand: x, Concrete: concrete, Iface: iface, NilKind: nilKindOf(o.mi.X.Type()), Message: msg, Related: related,
		Generated: c.generated(cmp.expr.OpPos)}
}

// pkgName qualifies types in messages by package name.
func pkgName(p *types.Package) string { return p.Name() }

func isEmptyIface(t types.Type) bool {
	it, ok := t.Underlying().(*types.Interface)
	return ok && it.Empty()
}

func isNilConst(v ssa.Value) bool {
	k, ok := v.(*ssa.Const)
	return ok && k.IsNil()
}

func funcDisplay(fn *ssa.Function) string {
	return fn.RelString(fn.Pkg.Pkg)
}

func (w *walker) shortPos(pos token.Pos) string {
	p := w.position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.File), p.Line)
}

// funcName is the compiler's symbol of the innermost function record around pos (the records
// the walker wrote for this package), else the package initialiser.
func (c *tnCheck) funcName(p Pos) string {
	if !c.fnRecsOK {
		c.fnRecsOK = true
		for _, line := range bytes.Split(c.w.out.buf.Bytes(), []byte("\n")) {
			if !bytes.HasPrefix(line, []byte(`{"kind":"function"`)) {
				continue
			}
			var r FunctionRecord
			if json.Unmarshal(line, &r) == nil {
				c.fnRecs = append(c.fnRecs, r)
			}
		}
	}
	before := func(a, b LineCol) bool { return a.Line < b.Line || a.Line == b.Line && a.Col <= b.Col }
	at := LineCol{p.Line, p.Col}
	best := -1
	for i, r := range c.fnRecs {
		if r.File != p.File || !before(r.Start, at) || !before(at, r.End) {
			continue
		}
		if best < 0 || before(c.fnRecs[best].Start, r.Start) {
			best = i
		}
	}
	if best >= 0 {
		return c.fnRecs[best].Name
	}
	return c.w.prefix + ".init"
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

// constantInt64 is an integer constant's value; ok false for other constants.
func constantInt64(c *ssa.Const) (int64, bool) {
	if c.Value == nil || c.Value.Kind() != constant.Int {
		return 0, false
	}
	return constant.Int64Val(c.Value)
}

// ---- harmless typed nils ----

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
		if !ok || obj.Pkg() != c.w.pkg.Types {
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

var generatedRE = regexp.MustCompile(`(?m)^// Code generated .* DO NOT EDIT\.$`)

// generated: pos is in a file with the standard generated-code comment before its package
// clause.
func (c *tnCheck) generated(pos token.Pos) bool {
	tf := c.w.fset.File(pos)
	if tf == nil {
		return false
	}
	if c.gen == nil {
		c.gen = map[*token.File]bool{}
	}
	g, ok := c.gen[tf]
	if !ok {
		src := c.w.src(tf)
		if f := c.files[tf]; f != nil && f.Package.IsValid() {
			if off := tf.Offset(f.Package); off <= len(src) {
				src = src[:off]
			}
		}
		g = generatedRE.Match(src)
		c.gen[tf] = g
	}
	return g
}
