package main

import (
	"go/types"
)

// facter computes TypeFacts with the target's gc layout. The cost of an interface conversion
// depends on exactly these facts (see cmd/compile/internal/walk/convert.go), so they follow the
// compiler's definitions rather than reflect's.
type facter struct {
	sizes   types.Sizes
	ptrSize int64
	cache   map[types.Type]*TypeFacts
	structs []types.Type // struct types seen, in first-seen order (for layout records)
}

func newFacter(goarch string) *facter {
	sizes := types.SizesFor("gc", goarch)
	if sizes == nil {
		// Unknown GOARCH: amd64 layout is the least surprising guess; go/packages would
		// already have failed for a GOARCH the go command does not know.
		sizes = types.SizesFor("gc", "amd64")
	}
	return &facter{
		sizes:   sizes,
		ptrSize: sizes.Sizeof(types.Typ[types.UnsafePointer]),
		cache:   map[types.Type]*TypeFacts{},
	}
}

// facts returns the TypeFacts of t, or nil for a missing or invalid type (ill-typed code).
func (f *facter) facts(t types.Type) *TypeFacts {
	if t == nil || !validType(t) {
		return nil
	}
	if tf, ok := f.cache[t]; ok {
		return tf
	}
	tf := &TypeFacts{
		Type:      types.TypeString(t, nil),
		TypeParam: containsTypeParam(t),
	}
	if sizeDependsOnTypeParam(t, nil) {
		tf.Size, tf.Align, tf.PtrBytes = -1, -1, -1
	} else {
		tf.Size = f.sizes.Sizeof(t)
		tf.Align = f.sizes.Alignof(t)
		tf.PtrBytes = f.ptrBytes(t)
		// Go 1.26's types.IsDirectIface: exactly one pointer word, and nothing else.
		tf.DirectIface = tf.Size == f.ptrSize && tf.PtrBytes == f.ptrSize
	}
	if iface, ok := isInterface(t); ok {
		tf.Interface = true
		tf.Methods = iface.NumMethods()
		tf.Empty = tf.Methods == 0
	}
	if b, ok := types.Unalias(t).Underlying().(*types.Basic); ok && !isTypeParam(t) {
		tf.Basic = basicName(b)
	}
	tf.Sole = soleKind(t)
	if _, ok := types.Unalias(t).Underlying().(*types.Struct); ok {
		f.structs = append(f.structs, t)
	}
	f.cache[t] = tf
	return tf
}

// ptrBytes mirrors the compiler's PtrDataSize: the length of the prefix the GC must scan.
func (f *facter) ptrBytes(t types.Type) int64 {
	switch u := types.Unalias(t).Underlying().(type) {
	case *types.Basic:
		switch u.Kind() {
		case types.String, types.UntypedString:
			return f.ptrSize
		case types.UnsafePointer:
			return f.ptrSize
		}
		return 0
	case *types.Pointer:
		if notInHeap(u.Elem(), nil) {
			return 0
		}
		return f.ptrSize
	case *types.Slice:
		if notInHeap(u.Elem(), nil) {
			return 0
		}
		return f.ptrSize
	case *types.Map, *types.Chan, *types.Signature:
		return f.ptrSize
	case *types.Interface:
		return 2 * f.ptrSize
	case *types.Array:
		if u.Len() == 0 {
			return 0
		}
		x := f.ptrBytes(u.Elem())
		if x == 0 {
			return 0
		}
		return (u.Len()-1)*f.sizes.Sizeof(u.Elem()) + x
	case *types.Struct:
		n := u.NumFields()
		if n == 0 {
			return 0
		}
		fields := make([]*types.Var, n)
		for i := range n {
			fields[i] = u.Field(i)
		}
		offsets := f.sizes.Offsetsof(fields)
		for i := n - 1; i >= 0; i-- {
			if x := f.ptrBytes(fields[i].Type()); x > 0 {
				return offsets[i] + x
			}
		}
		return 0
	}
	return 0
}

// notInHeap reports whether t embeds internal/runtime/sys.nih, which makes pointers to it
// non-pointers for the GC (and so never direct interface values). Only the runtime uses it.
func notInHeap(t types.Type, seen map[*types.Named]bool) bool {
	t = types.Unalias(t)
	if n, ok := t.(*types.Named); ok {
		obj := n.Obj()
		if obj.Name() == "nih" && obj.Pkg() != nil && obj.Pkg().Path() == "internal/runtime/sys" {
			return true
		}
		if seen[n] {
			return false
		}
		if seen == nil {
			seen = map[*types.Named]bool{}
		}
		seen[n] = true
	}
	switch u := t.Underlying().(type) {
	case *types.Struct:
		for i := range u.NumFields() {
			if notInHeap(u.Field(i).Type(), seen) {
				return true
			}
		}
	case *types.Array:
		return notInHeap(u.Elem(), seen)
	}
	return false
}

// soleKind names the kind of the compiler's SoleComponent (struct of one field / array of one
// element, recursively), which selects convTstring/convTslice and the single-byte fast path.
func soleKind(t types.Type) string {
	for range 100 { // bounded: a sole component cannot recurse through a value
		if isTypeParam(t) {
			return ""
		}
		switch u := types.Unalias(t).Underlying().(type) {
		case *types.Struct:
			if u.NumFields() != 1 {
				return ""
			}
			t = u.Field(0).Type()
			continue
		case *types.Array:
			if u.Len() != 1 {
				return ""
			}
			t = u.Elem()
			continue
		case *types.Basic:
			if u.Kind() == types.UnsafePointer {
				return "pointer"
			}
			return basicName(u)
		case *types.Slice:
			return "slice"
		case *types.Pointer:
			return "pointer"
		default:
			return "other"
		}
	}
	return ""
}

// basicName normalises aliases (byte, rune) and untyped kinds to the type's own kind name.
func basicName(b *types.Basic) string {
	if b.Info()&types.IsUntyped != 0 {
		d, ok := types.Default(b).(*types.Basic)
		if !ok || d == b {
			return b.Name()
		}
		b = d
	}
	if b.Kind() == types.UnsafePointer {
		return "unsafe.Pointer"
	}
	return types.Typ[b.Kind()].Name()
}
