package main

import (
	"go/ast"
	"go/types"
	"strconv"
	"strings"
)

// fmt-strconv: fmt.Sprint, Sprintf, Sprintln and Errorf of integers, strings and bools become
// strconv calls and string concatenation (errors.New for Errorf), only where the output is
// identical by construction: unnamed basic types (a named type's String, Error or Format method
// would print it), the verbs %d %s %v %t on the kinds they print as plain text, no flags, width,
// precision or argument index, and as many arguments as verbs. Sprint's spaces (between
// operands when neither is a string) and Sprintln's (always, and the newline) are kept.

// fmtPart is a piece of the output: a literal, or an expression of type string.
type fmtPart struct {
	lit  string
	expr string
	isEx bool
}

func (r *rewriter) fmtCall(fc *fileCtx, call *ast.CallExpr, fn *types.Func, stack []ast.Node) {
	name := fn.Name()
	if fn.Type().(*types.Signature).Recv() != nil {
		return
	}
	switch name {
	case "Sprint", "Sprintf", "Sprintln", "Errorf":
	default:
		return
	}
	if name == "Errorf" && len(call.Args) == 1 && r.sentinelCandidate(call, stack) {
		r.sentinelOf(fc, call, name, stack) // a constant error message returned: the sentinel rewrite's
		return
	}
	rw := r.newRewrite(fc, "fmt-strconv", call)
	if call.Ellipsis.IsValid() {
		r.refuse(rw, "the arguments are a slice passed with ...")
		return
	}
	args := call.Args
	var parts []fmtPart
	if name == "Sprintf" || name == "Errorf" {
		if len(args) == 0 {
			r.refuse(rw, "no format")
			return
		}
		format, ok := r.constText(args[0])
		if !ok || r.basicOf(args[0]) == nil || r.basicOf(args[0]).Info()&types.IsString == 0 {
			r.refuse(rw, "the format is not a constant string")
			return
		}
		var why string
		parts, why = r.formatParts(fc, format, args[1:], name == "Errorf")
		if why != "" {
			r.refuse(rw, "%s", why)
			return
		}
	} else {
		for i, a := range args {
			if name == "Sprintln" && i > 0 {
				parts = append(parts, fmtPart{lit: " "})
			}
			if name == "Sprint" && i > 0 && !r.isStringArg(args[i-1]) && !r.isStringArg(a) {
				parts = append(parts, fmtPart{lit: " "})
			}
			p, why := r.fmtOperand(fc, a, 'v', i+1)
			if why != "" {
				r.refuse(rw, "%s", why)
				return
			}
			parts = append(parts, p)
		}
		if name == "Sprintln" {
			parts = append(parts, fmtPart{lit: "\n"})
		}
	}
	for _, p := range parts {
		if p.isEx && strings.HasPrefix(p.expr, "strconv.") {
			if ref, ok := r.pkgRef(fc, rw, "strconv", call.Pos()); !ok || ref != "strconv" {
				r.refuse(rw, "the name strconv means something else here")
				return
			}
			break
		}
	}
	expr := concat(parts)
	what := "string concatenation"
	if name == "Errorf" {
		ref, ok := r.pkgRef(fc, rw, "errors", call.Pos())
		if !ok {
			r.refuse(rw, "the name errors means something else here")
			return
		}
		expr = ref + ".New(" + expr + ")"
		what = "errors.New"
	} else if strings.Contains(expr, "strconv.") {
		what = "strconv and " + what
	}
	r.replace(fc, rw, call, expr)
	r.dropUse(fc, rw, "fmt", 1)
	rw.Why = "fmt." + name + " boxes each argument into an interface; " + what + " makes the same text without boxing"
}

func (r *rewriter) isStringArg(e ast.Expr) bool {
	b := r.basicOf(e)
	return b != nil && b.Info()&types.IsString != 0
}

// formatParts splits a constant format into literals and operands, or says why it cannot.
func (r *rewriter) formatParts(fc *fileCtx, format string, args []ast.Expr, errorf bool) ([]fmtPart, string) {
	var parts []fmtPart
	lit := ""
	n := 0
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			lit += string(c)
			continue
		}
		if i+1 >= len(format) {
			return nil, "the format ends in %"
		}
		i++
		verb := format[i]
		if verb == '%' {
			lit += "%"
			continue
		}
		if errorf && verb == 'w' {
			return nil, "%w wraps an error (errors.Unwrap would differ)"
		}
		if !strings.ContainsRune("dsvt", rune(verb)) {
			return nil, "%" + string(verb) + " (only %d, %s, %v and %t without flags or width are rewritten)"
		}
		if n >= len(args) {
			return nil, "fewer arguments than verbs: fmt prints %!" + string(verb) + "(MISSING)"
		}
		if lit != "" {
			parts = append(parts, fmtPart{lit: lit})
			lit = ""
		}
		p, why := r.fmtOperand(fc, args[n], verb, n+2)
		if why != "" {
			return nil, why
		}
		parts = append(parts, p)
		n++
	}
	if n != len(args) {
		return nil, "more arguments than verbs: fmt prints %!(EXTRA ...)"
	}
	if lit != "" {
		parts = append(parts, fmtPart{lit: lit})
	}
	return parts, ""
}

// fmtOperand is the string expression that prints as fmt prints e with verb, or why none does.
func (r *rewriter) fmtOperand(fc *fileCtx, e ast.Expr, verb byte, argNo int) (fmtPart, string) {
	b := r.basicOf(e)
	if b == nil {
		return fmtPart{}, "argument " + strconv.Itoa(argNo) + " (" + r.text(fc, e) + ") is not of a basic type: a String, Error or Format method could print it"
	}
	info := b.Info()
	ok := info&types.IsString != 0 && (verb == 's' || verb == 'v') ||
		info&types.IsInteger != 0 && (verb == 'd' || verb == 'v') && b.Kind() != types.UnsafePointer ||
		info&types.IsBoolean != 0 && (verb == 't' || verb == 'v')
	if !ok {
		return fmtPart{}, "argument " + strconv.Itoa(argNo) + " is a " + b.Name() + " printed with %" + string(verb) + " (only ints with %d/%v, strings with %s/%v, bools with %t/%v)"
	}
	if s, isConst := r.constText(e); isConst {
		return fmtPart{lit: s}, ""
	}
	x := r.text(fc, e)
	switch {
	case info&types.IsString != 0:
		if !simple(e) {
			x = "(" + x + ")"
		}
		return fmtPart{expr: x, isEx: true}, ""
	case info&types.IsBoolean != 0:
		return fmtPart{expr: "strconv.FormatBool(" + x + ")", isEx: true}, ""
	case b.Kind() == types.Int:
		return fmtPart{expr: "strconv.Itoa(" + x + ")", isEx: true}, ""
	case b.Kind() == types.Int64:
		return fmtPart{expr: "strconv.FormatInt(" + x + ", 10)", isEx: true}, ""
	case b.Kind() == types.Uint64:
		return fmtPart{expr: "strconv.FormatUint(" + x + ", 10)", isEx: true}, ""
	case info&types.IsUnsigned != 0:
		return fmtPart{expr: "strconv.FormatUint(uint64(" + x + "), 10)", isEx: true}, ""
	default:
		return fmtPart{expr: "strconv.FormatInt(int64(" + x + "), 10)", isEx: true}, ""
	}
}

// concat joins the parts with +, literals merged and quoted.
func concat(parts []fmtPart) string {
	var merged []fmtPart
	for _, p := range parts {
		if !p.isEx && len(merged) > 0 && !merged[len(merged)-1].isEx {
			merged[len(merged)-1].lit += p.lit
			continue
		}
		if !p.isEx && p.lit == "" {
			continue
		}
		merged = append(merged, p)
	}
	if len(merged) == 0 {
		return `""`
	}
	var out []string
	for _, p := range merged {
		if p.isEx {
			out = append(out, p.expr)
		} else {
			out = append(out, strconv.Quote(p.lit))
		}
	}
	return strings.Join(out, " + ")
}
