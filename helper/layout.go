package main

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
)

// Struct layouts for `ifacelens layout` and `explain`: every named struct type declared in the
// analysed packages, and every struct type that a site boxes or moves to the heap. Offsets,
// sizes and alignments come from types.SizesFor("gc", GOARCH), the compiler's own rules
// (trailing zero-size field, 8-byte alignment of sync/atomic's 64-bit types on 32-bit targets).

// StructRecord is one struct layout.
type StructRecord struct {
	Kind     string `json:"kind"` // "struct"
	Package  string `json:"package"`
	Name     string `json:"name"` // types.TypeString, package-path qualified
	Declared bool   `json:"declared"`
	Pos      *Pos   `json:"pos,omitempty"` // the type name in its declaration
	// TypeStart..TypeEnd is the `struct { ... }` type expression of a declared type (End exclusive),
	// which a suggested reorder replaces.
	TypeStart *Pos          `json:"typeStart,omitempty"`
	TypeEnd   *Pos          `json:"typeEnd,omitempty"`
	Size      int64         `json:"size"`
	Align     int64         `json:"align"`
	PtrBytes  int64         `json:"ptrBytes"`
	Fields    []FieldRecord `json:"fields"`
}

// FieldRecord is one field; Doc, Comment and TypeText are the source, for declared types.
type FieldRecord struct {
	Name     string   `json:"name"`
	Type     string   `json:"type"`
	TypeText string   `json:"typeText,omitempty"`
	Offset   int64    `json:"offset"`
	Size     int64    `json:"size"`
	Align    int64    `json:"align"`
	PtrBytes int64    `json:"ptrBytes"`
	Embedded bool     `json:"embedded,omitempty"`
	Tag      string   `json:"tag,omitempty"`
	Doc      []string `json:"doc,omitempty"`
	Comment  string   `json:"comment,omitempty"`
}

// layoutOf lays out a struct type; ok is false when its size depends on a type parameter.
func (f *facter) layoutOf(t types.Type) (rec StructRecord, ok bool) {
	st, isStruct := types.Unalias(t).Underlying().(*types.Struct)
	if !isStruct || sizeDependsOnTypeParam(t, nil) || !validType(t) {
		return rec, false
	}
	fields := make([]*types.Var, st.NumFields())
	for i := range fields {
		fields[i] = st.Field(i)
	}
	offsets := f.sizes.Offsetsof(fields)
	rec = StructRecord{Kind: "struct", Name: types.TypeString(t, nil), Size: f.sizes.Sizeof(t), Align: f.sizes.Alignof(t), PtrBytes: f.ptrBytes(t), Fields: []FieldRecord{}}
	for i, v := range fields {
		rec.Fields = append(rec.Fields, FieldRecord{
			Name: v.Name(), Type: types.TypeString(v.Type(), nil), Offset: offsets[i],
			Size: f.sizes.Sizeof(v.Type()), Align: f.sizes.Alignof(v.Type()), PtrBytes: f.ptrBytes(v.Type()),
			Embedded: v.Embedded(), Tag: st.Tag(i),
		})
	}
	return rec, true
}

// emitLayouts writes the struct records of one package: declared named structs first (with
// their fields' source text and comments), then the other struct types its sites box.
func (w *walker) emitLayouts(boxed []types.Type) {
	w.emitOrderUses()
	seen := map[string]bool{}
	for _, file := range w.pkg.Syntax {
		if !w.src.user(file.Package) {
			continue
		}
		for _, d := range file.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, spec := range gd.Specs {
				ts := spec.(*ast.TypeSpec)
				obj, _ := w.info.Defs[ts.Name].(*types.TypeName)
				stx, isStruct := ts.Type.(*ast.StructType)
				if obj == nil || !isStruct || ts.TypeParams != nil || ts.Assign.IsValid() {
					continue
				}
				rec, ok := w.facter.layoutOf(obj.Type())
				if !ok {
					continue
				}
				rec.Package, rec.Declared = w.pkg.PkgPath, true
				p := w.src.position(ts.Name.Pos())
				rec.Pos = &p
				ps, pe := w.src.rawPos(stx.Pos()), w.src.rawPos(stx.End())
				rec.TypeStart, rec.TypeEnd = &ps, &pe
				k := 0
				for _, fld := range stx.Fields.List {
					n := max(1, len(fld.Names))
					for j := 0; j < n && k < len(rec.Fields); j++ {
						rec.Fields[k].TypeText = w.src.exprText(fld.Type)
						rec.Fields[k].Doc, rec.Fields[k].Comment = w.src.fieldComments(fld)
						k++
					}
				}
				seen[rec.Name] = true
				w.out.record(rec)
			}
		}
	}
	var extra []StructRecord
	for _, t := range boxed {
		rec, ok := w.facter.layoutOf(t)
		if !ok || seen[rec.Name] {
			continue
		}
		seen[rec.Name] = true
		rec.Package = w.pkg.PkgPath
		extra = append(extra, rec)
	}
	sort.Slice(extra, func(i, j int) bool { return extra[i].Name < extra[j].Name })
	for _, rec := range extra {
		w.out.record(rec)
	}
}
