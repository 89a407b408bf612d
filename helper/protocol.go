// The Go helper (`helper/`, built with the user's `go` on first use and cached) answers only what
// Go's own libraries can: packages, types, sizes, and where in the syntax a value becomes an
// interface. It makes no judgments about cost; the TypeScript side joins its facts with the
// compiler's output.
//
// This file mirrors docs/helper-protocol.md and src/parse/helper-protocol.ts: one struct per
// JSON-lines record. Change all three together and bump Protocol when a change is incompatible.
package main

// Protocol is the version of the JSON-lines contract; the TypeScript side refuses any other.
const Protocol = 1

// HelperVersion identifies this helper build in the header, for bug reports.
const HelperVersion = "0.1.0"

// Header is always the first line, so a stale helper or CLI is detected before anything else.
type Header struct {
	Kind     string `json:"kind"` // "header"
	Protocol int    `json:"protocol"`
	Helper   string `json:"helper"`
	Go       string `json:"go"`
	GOOS     string `json:"goos"`
	GOARCH   string `json:"goarch"`
	// Checks are the checks this helper has (run or not): what -checks accepts, and what a
	// report needs to describe their findings.
	Checks []CheckInfo `json:"checks"`
}

// CheckInfo describes one registered check (checks.go).
type CheckInfo struct {
	Name  string     `json:"name"`  // as given to -checks; the check field of its findings
	Doc   string     `json:"doc"`   // a one-line summary, a blank line, then the details
	URL   string     `json:"url"`   // its documentation, relative to the repository root
	Rules []RuleInfo `json:"rules"` // the rule ids of its findings
}

// RuleInfo is one rule of a check: the rule field of its findings, and a one-line description.
type RuleInfo struct {
	ID  string `json:"id"`
	Doc string `json:"doc"`
}

// PackageRecord precedes everything reported about one package.
type PackageRecord struct {
	Kind  string   `json:"kind"` // "package"
	Path  string   `json:"path"`
	Name  string   `json:"name"`
	Dir   string   `json:"dir"`
	Files []string `json:"files"`
}

// LoadError carries list, syntax and type errors as data: a broken package is not a helper failure.
type LoadError struct {
	Kind    string `json:"kind"` // "loadError"
	Package string `json:"package"`
	Pos     string `json:"pos"`
	Msg     string `json:"msg"`
}

// LineCol is a 1-based line and byte column, the compiler's convention.
type LineCol struct {
	Line int `json:"line"`
	Col  int `json:"col"`
}

// FunctionRecord describes one compiled function body under its linker symbol name.
type FunctionRecord struct {
	Kind      string  `json:"kind"` // "function"
	Package   string  `json:"package"`
	Name      string  `json:"name"`
	File      string  `json:"file"`
	Start     LineCol `json:"start"`
	End       LineCol `json:"end"`
	BodyStart LineCol `json:"bodyStart"`
}

// Pos is a file position as the compiler prints it in -m output.
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
}

// TypeFacts are the layout facts the cost model needs, computed with the target's gc sizes.
type TypeFacts struct {
	Type        string `json:"type"`
	Size        int64  `json:"size"`  // -1 when it depends on a type parameter
	Align       int64  `json:"align"` // -1 when it depends on a type parameter
	PtrBytes    int64  `json:"ptrBytes"`
	Interface   bool   `json:"interface"`
	Empty       bool   `json:"empty"`
	Methods     int    `json:"methods"`
	DirectIface bool   `json:"directIface"`
	Sole        string `json:"sole"`
	Basic       string `json:"basic"`
	TypeParam   bool   `json:"typeParam"`
}

// Loop locates a site within the loops of its function, for multiplying costs.
type Loop struct {
	Depth       int      `json:"depth"`
	TripCounts  []*int64 `json:"tripCounts"` // innermost first; null entries are not constant
	Conditional bool     `json:"conditional"`
}

// Site is one place where a value becomes (or stops being) an interface, or a related
// allocation the compiler reports at a position of its own.
type Site struct {
	Kind       string       `json:"kind"` // "site"
	SiteKind   string       `json:"siteKind"`
	Package    string       `json:"package"`
	Function   string       `json:"function"`
	Pos        Pos          `json:"pos"`
	Context    string       `json:"context"`
	Operand    string       `json:"operand"`
	Constant   bool         `json:"constant"`
	ConstValue string       `json:"constValue,omitempty"`
	Nil        bool         `json:"nil"`
	Source     *TypeFacts   `json:"source,omitempty"`
	Target     *TypeFacts   `json:"target,omitempty"`
	Object     *TypeFacts   `json:"object,omitempty"`
	Count      int          `json:"count,omitempty"`
	VarName    string       `json:"varName,omitempty"`
	Via        *Pos         `json:"via,omitempty"`
	CommaOk    bool         `json:"commaOk,omitempty"`
	Cases      []*TypeFacts `json:"cases,omitempty"`
	TypeParam  bool         `json:"typeParam"`
	Loop       Loop         `json:"loop"`
	// TypeParamIndex: when the operand's type is a type parameter, its index in its list (of the
	// function, or of the receiver's type for methods of generic types)
	TypeParamIndex *int `json:"typeParamIndex,omitempty"`
	// Captures: indirect-closure heap-move sites, the captured variables in field order
	Captures []Capture `json:"captures,omitempty"`
	// Dynamic: dynamic-arg sites only, the call whose unknown callee may keep the argument
	Dynamic *DynamicCall `json:"dynamic,omitempty"`
}

// Capture is a variable a func literal captures; the compiler decides by value or by reference.
type Capture struct {
	Name  string    `json:"name"`
	Pos   Pos       `json:"pos"` // its declaration
	Facts TypeFacts `json:"facts"`
}

// DynamicCallRecord is every call through an interface or a function value (at its '('): an
// argument whose -m=2 flow passes it escapes because the callee is unknown.
type DynamicCallRecord struct {
	Kind      string `json:"kind"` // "dyncall"
	Function  string `json:"function"`
	Pos       Pos    `json:"pos"`
	Callee    string `json:"callee"`
	Interface bool   `json:"interface"`
}

// DynamicCall is a call the compiler cannot resolve statically: a method of an interface value
// or a function value. Via (on the site) is its '('.
type DynamicCall struct {
	Callee    string `json:"callee"`    // "io.Writer.Write", "func value f"
	Interface bool   `json:"interface"` // a method of an interface value
	Arg       int    `json:"arg"`       // 0-based argument index
}

// Call is a static call of a function declared in one of the analysed packages, at the `(`
// where the compiler reports `inlining call to F`: the loop facts of the call let the cost model
// place sites inlined there.
type Call struct {
	Kind     string `json:"kind"` // "call"
	Function string `json:"function"`
	Callee   string `json:"callee,omitempty"` // the called function's symbol ("" for a closure variable)
	Pos      Pos    `json:"pos"`
	Loop     Loop   `json:"loop"`
	// TypeArgs: for a call of a generic function, its type arguments (absent when a size
	// depends on an enclosing type parameter)
	TypeArgs []TypeArg `json:"typeArgs,omitempty"`
}

// Instance is one instantiation, with concrete type arguments, of a generic function or type
// declared in the analysed packages (as go/types records it at each use).
type Instance struct {
	Kind     string    `json:"kind"`    // "instance"
	Generic  string    `json:"generic"` // pkg.F[...] for functions, pkg.T for types
	TypeArgs []TypeArg `json:"typeArgs"`
}

// TypeArg is one type argument of a generic call.
type TypeArg struct {
	Param string    `json:"param"` // the type parameter's name
	Index int       `json:"index"` // its index in the function's or type's type parameter list
	Shape string    `json:"shape"` // the shape the compiler instantiates: go.shape.<Shape> (spacing differs)
	Facts TypeFacts `json:"facts"`
}

// Finding is one result of an opt-in check (-checks: checks.go; typed-nil: typednil.go), after
// the package's other records. Pos is where to change the code; Related are the other places it
// affects.
type Finding struct {
	Kind     string    `json:"kind"`  // "finding"
	Check    string    `json:"check"` // the check's name (CheckInfo.Name)
	Rule     string    `json:"rule"`  // typed-nil-return | typed-nil-assign | typed-nil-argument | typed-nil-compare
	Package  string    `json:"package"`
	Function string    `json:"function"` // the compiler's symbol, as in function records
	Pos      Pos       `json:"pos"`
	Operand  string    `json:"operand"`  // source text of the converted operand (compare: the interface operand)
	Concrete string    `json:"concrete"` // the nil value's concrete type
	Iface    string    `json:"iface"`    // the interface type
	NilKind  string    `json:"nilKind"`  // pointer | map | slice | func | chan
	Message  string    `json:"message"`
	Related  []Related `json:"related"`
	// Generated: the position is in a file marked `// Code generated ... DO NOT EDIT.`
	Generated bool `json:"generated"`
}

// Related is a secondary location of a finding.
type Related struct {
	Pos     Pos    `json:"pos"`
	Message string `json:"message"`
}

// Done is the last line; its counts let the reader detect a truncated stream.
type Done struct {
	Kind      string `json:"kind"` // "done"
	Packages  int    `json:"packages"`
	Functions int    `json:"functions"`
	Sites     int    `json:"sites"`
}

// Site kinds.
const (
	KindConvert       = "convert"
	KindIfaceToIface  = "iface-to-iface"
	KindAssert        = "assert"
	KindTypeSwitch    = "type-switch"
	KindHeapMove      = "heap-move"
	KindVariadicSlice = "variadic-slice"
	KindDynamicArg    = "dynamic-arg" // an argument of a dynamic call that would escape (Site.Dynamic)
	// KindReflectInterface is v.Interface() on a reflect.Value (Object: its type when known)
	KindReflectInterface = "reflect-interface"
)

// Site contexts.
const (
	CtxAssign           = "assign"
	CtxDefine           = "define"
	CtxVar              = "var"
	CtxArgument         = "argument"
	CtxVariadic         = "variadic"
	CtxReturn           = "return"
	CtxCompositeField   = "composite-field"
	CtxCompositeElement = "composite-element"
	CtxMapKey           = "map-key"
	CtxMapValue         = "map-value"
	CtxMapIndex         = "map-index"
	CtxSend             = "send"
	CtxExplicit         = "explicit"
	CtxStringToSlice    = "string-to-slice" // dynamic-arg: []byte(s), []rune(s); Count = constant length
	CtxMake             = "make"            // dynamic-arg: make([]T, n); Count = constant capacity or -1
	// heap-move sites of allocations whose pointer may reach an interface through variables;
	// kept only when the compiler's flow shows an interface conversion
	CtxIndirectNew      = "indirect-new"
	CtxIndirectLiteral  = "indirect-literal"
	CtxIndirectAddress  = "indirect-address"
	CtxIndirectClosure  = "indirect-closure"   // a func literal's closure object (Site.Captures)
	CtxIndirectSliceLit = "indirect-slice-lit" // a slice literal's backing array (Object: [n]T)
	// reflect-interface: what the receiver chain tells about the Value
	CtxReflectAddressable    = "addressable"
	CtxReflectNotAddressable = "not-addressable"
	CtxReflectUnknown        = "unknown"
	CtxAppend                = "append"
	CtxPanic                 = "panic"
	CtxCompare               = "compare"
	CtxCase                  = "case"
	CtxRange                 = "range"
	CtxSelectSend            = "select-send"
	CtxAddressOf             = "address-of"
	CtxNew                   = "new"
	CtxVariable              = "variable"
	CtxLiteral               = "literal"
)
