package main

import (
	"go/ast"
	"go/types"
	"strings"
)

// slog-attrs: Logger.Info(msg, "k", v, slog.Any("n", n)) and the package-level slog.Info (Debug,
// Warn, Error, and their Context forms) become LogAttrs(ctx, slog.LevelInfo, msg, slog.Int("k",
// v), ...): Info's ...any boxes each value and each Attr (40 bytes) into an interface; LogAttrs
// takes Attrs. Each pair becomes the Attr slog's own argsToAttr makes of it: the typed
// constructor AnyValue picks for an unnamed basic type (and time.Duration, time.Time), slog.Any
// otherwise. Refused where argsToAttr would make a !BADKEY attribute (a key that is not a string,
// a key without a value) or where the arguments are a slice passed with ....

var slogLevels = map[string]string{"Debug": "LevelDebug", "Info": "LevelInfo", "Warn": "LevelWarn", "Error": "LevelError"}

func (r *rewriter) slogCall(fc *fileCtx, call *ast.CallExpr, fn *types.Func) {
	name := fn.Name()
	withCtx := strings.HasSuffix(name, "Context")
	level, ok := slogLevels[strings.TrimSuffix(name, "Context")]
	if !ok {
		return
	}
	sig := fn.Type().(*types.Signature)
	if recv := sig.Recv(); recv != nil && types.TypeString(recv.Type(), nil) != "*log/slog.Logger" {
		return
	}
	lead := 1
	if withCtx {
		lead = 2
	}
	if len(call.Args) <= lead {
		return // no attributes: nothing is boxed
	}
	rw := r.newRewrite(fc, "slog-attrs", call)
	if call.Ellipsis.IsValid() {
		r.refuse(rw, "the arguments are a slice passed with ...")
		return
	}
	slogRef, ok := r.pkgRef(fc, rw, "log/slog", call.Pos())
	if !ok {
		r.refuse(rw, "the name slog means something else here")
		return
	}
	var attrs []string
	args := call.Args[lead:]
	for i := 0; i < len(args); i++ {
		a := args[i]
		t := r.info.TypeOf(a)
		if t != nil && types.TypeString(t, nil) == "log/slog.Attr" {
			attrs = append(attrs, r.typedAny(fc, a, slogRef))
			continue
		}
		b := r.basicOf(a)
		if b == nil || b.Info()&types.IsString == 0 {
			r.refuse(rw, "argument %s is neither a string key nor a slog.Attr: slog makes a !BADKEY attribute of it", r.text(fc, a))
			return
		}
		if i+1 >= len(args) {
			r.refuse(rw, "the key %s has no value: slog makes a !BADKEY attribute of it", r.text(fc, a))
			return
		}
		attrs = append(attrs, r.attrOf(fc, slogRef, r.text(fc, a), args[i+1]))
		i++
	}
	var ctx string
	if withCtx {
		ctx = r.text(fc, call.Args[0])
	} else {
		ref, ok := r.pkgRef(fc, rw, "context", call.Pos())
		if !ok {
			r.refuse(rw, "the name context means something else here")
			return
		}
		ctx = ref + ".Background()"
	}
	var head string
	if sig.Recv() != nil {
		head = r.text(fc, call.Fun.(*ast.SelectorExpr).X) + ".LogAttrs"
	} else {
		head = slogRef + ".LogAttrs"
	}
	msg := r.text(fc, call.Args[lead-1])
	r.replace(fc, rw, call, head+"("+ctx+", "+slogRef+"."+level+", "+msg+", "+strings.Join(attrs, ", ")+")")
	rw.Why = "slog." + name + " boxes each value and each Attr into its ...any; LogAttrs takes the Attrs as they are"
}

// attrOf is the Attr slog's argsToAttr makes of key and value: the constructor AnyValue picks.
func (r *rewriter) attrOf(fc *fileCtx, slogRef, key string, v ast.Expr) string {
	x := r.text(fc, v)
	mk := func(ctor, conv string) string {
		if conv != "" {
			x = conv + "(" + x + ")"
		}
		return slogRef + "." + ctor + "(" + key + ", " + x + ")"
	}
	t := r.info.TypeOf(v)
	if t != nil {
		switch types.TypeString(t, nil) {
		case "time.Duration":
			return mk("Duration", "")
		case "time.Time":
			return mk("Time", "")
		}
	}
	b := r.basicOf(v)
	if b == nil {
		return mk("Any", "")
	}
	switch b.Kind() {
	case types.String:
		return mk("String", "")
	case types.Int:
		return mk("Int", "")
	case types.Int64:
		return mk("Int64", "")
	case types.Int8, types.Int16, types.Int32:
		return mk("Int64", "int64")
	case types.Uint64:
		return mk("Uint64", "")
	case types.Uint, types.Uint8, types.Uint16, types.Uint32, types.Uintptr:
		return mk("Uint64", "uint64")
	case types.Float64:
		return mk("Float64", "")
	case types.Float32:
		return mk("Float64", "float64")
	case types.Bool:
		return mk("Bool", "")
	}
	return mk("Any", "")
}

// typedAny turns slog.Any(k, v) of a value AnyValue stores without boxing into its typed
// constructor; any other Attr expression is kept as written.
func (r *rewriter) typedAny(fc *fileCtx, a ast.Expr, slogRef string) string {
	if call, ok := ast.Unparen(a).(*ast.CallExpr); ok && len(call.Args) == 2 && !call.Ellipsis.IsValid() {
		if fn := r.callee(call); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "log/slog" && fn.Name() == "Any" {
			return r.attrOf(fc, slogRef, r.text(fc, call.Args[0]), call.Args[1])
		}
	}
	return r.text(fc, a)
}
