package main

import (
	"go/ast"
	"go/types"
	"path/filepath"
	"strconv"
	"strings"
)

// Uses of a struct that depend on the order of its fields, for the language server's "reorder
// the fields" code action: it is offered only for a struct with none. Each package reports the
// uses in its own syntax (with -tests: its _test.go files and its external test package too) of
// the struct types declared in the run's root packages. What is not seen: other packages of the
// module that the run did not load, reflection (fmt's %v, encoding/json's key order and the like
// follow the declaration order), and assembly that hard-codes offsets.

// OrderUseRecord is one such use.
type OrderUseRecord struct {
	Kind string `json:"kind"` // "orderUse"
	// Type is the struct type, types.TypeString (package-path qualified), as in StructRecord.Name.
	Type string `json:"type"`
	// Why: unkeyed-literal (T{1, 2}), unsafe (Offsetof/Sizeof/Alignof, *T to or from
	// unsafe.Pointer, unsafe.Slice of *T), binary-encoding (a T passed to encoding/binary or
	// encoding/asn1), atomic (&x.f passed to sync/atomic: 64-bit alignment on 32-bit targets),
	// cgo (declared in a package that uses cgo), host-layout (a structs.HostLayout field).
	Why string `json:"why"`
	Pos Pos    `json:"pos"`
}

// orderedStruct is the named, non-generic struct type behind t (through pointers, slices and
// arrays when deref is set), declared in one of the run's root packages; "" otherwise.
func (w *walker) orderedStruct(t types.Type, deref bool) string {
	for deref && t != nil {
		switch u := types.Unalias(t).Underlying().(type) {
		case *types.Pointer:
			t = u.Elem()
			continue
		case *types.Slice:
			t = u.Elem()
			continue
		case *types.Array:
			t = u.Elem()
			continue
		}
		break
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.TypeParams().Len() > 0 || n.Obj().Pkg() == nil || !w.cfg.roots[n.Obj().Pkg().Path()] {
		return ""
	}
	if _, isStruct := n.Underlying().(*types.Struct); !isStruct {
		return ""
	}
	return types.TypeString(n, nil)
}

// emitOrderUses writes the order-dependent uses found in the package's own files.
func (w *walker) emitOrderUses() {
	emit := func(typ, why string, n ast.Node) {
		if typ != "" {
			w.out.record(OrderUseRecord{Kind: "orderUse", Type: typ, Why: why, Pos: w.src.rawPos(n.Pos())})
		}
	}
	cgo := false
	for _, file := range w.pkg.Syntax {
		name := filepath.Base(w.src.fset.Position(file.Package).Filename)
		if name == "_cgo_gotypes.go" || strings.HasSuffix(name, ".cgo1.go") {
			cgo = true
		}
		for _, imp := range file.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == "C" {
				cgo = true
			}
		}
	}
	for _, file := range w.pkg.Syntax {
		if !w.src.user(file.Package) {
			continue
		}
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.TypeSpec:
				if obj, _ := w.info.Defs[n.Name].(*types.TypeName); obj != nil {
					typ := w.orderedStruct(obj.Type(), false)
					if cgo {
						emit(typ, "cgo", n)
					}
					if st, ok := obj.Type().Underlying().(*types.Struct); ok && typ != "" {
						for i := 0; i < st.NumFields(); i++ {
							if nt, ok := types.Unalias(st.Field(i).Type()).(*types.Named); ok && nt.Obj().Pkg() != nil &&
								nt.Obj().Pkg().Path() == "structs" && nt.Obj().Name() == "HostLayout" {
								emit(typ, "host-layout", n)
							}
						}
					}
				}
			case *ast.CompositeLit:
				if len(n.Elts) > 0 {
					if _, keyed := n.Elts[0].(*ast.KeyValueExpr); !keyed {
						emit(w.orderedStruct(w.info.TypeOf(n), false), "unkeyed-literal", n)
					}
				}
			case *ast.CallExpr:
				w.orderUsesOfCall(n, emit)
			}
			return true
		})
	}
}

func (w *walker) orderUsesOfCall(call *ast.CallExpr, emit func(typ, why string, n ast.Node)) {
	// a conversion between *T and unsafe.Pointer
	if tv, ok := w.info.Types[call.Fun]; ok && tv.IsType() && len(call.Args) == 1 {
		to, from := tv.Type, w.info.TypeOf(call.Args[0])
		if isUnsafePointer(to) && from != nil {
			emit(w.orderedStruct(from, true), "unsafe", call)
		} else if from != nil && isUnsafePointer(from) {
			emit(w.orderedStruct(to, true), "unsafe", call)
		}
		return
	}
	var obj types.Object
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		obj = w.info.Uses[f]
	case *ast.SelectorExpr:
		obj = w.info.Uses[f.Sel]
	}
	if obj == nil || obj.Pkg() == nil {
		return
	}
	switch obj.Pkg().Path() {
	case "unsafe":
		for _, a := range call.Args {
			if sel, ok := ast.Unparen(a).(*ast.SelectorExpr); ok && obj.Name() == "Offsetof" {
				if s := w.info.Selections[sel]; s != nil {
					emit(w.orderedStruct(s.Recv(), true), "unsafe", call)
				}
			}
			emit(w.orderedStruct(w.info.TypeOf(a), true), "unsafe", call)
		}
	case "encoding/binary", "encoding/asn1":
		for _, a := range call.Args {
			emit(w.orderedStruct(w.info.TypeOf(a), true), "binary-encoding", call)
		}
	case "sync/atomic":
		for _, a := range call.Args {
			u, ok := ast.Unparen(a).(*ast.UnaryExpr)
			if !ok {
				continue
			}
			if sel, ok := ast.Unparen(u.X).(*ast.SelectorExpr); ok {
				if s := w.info.Selections[sel]; s != nil && s.Kind() == types.FieldVal {
					emit(w.orderedStruct(s.Recv(), true), "atomic", call)
				}
			}
		}
	}
}

func isUnsafePointer(t types.Type) bool {
	b, ok := types.Unalias(t).(*types.Basic)
	return ok && b.Kind() == types.UnsafePointer
}
