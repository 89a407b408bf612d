package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"
)

// sourceView is one package's positions and source text, as the walker and the checks need
// them: token positions turned into the positions the gc compiler prints (its syntax
// package's node positions, its saturating columns), operand text from exactly the bytes that
// were type-checked, and which files are the user's own.
type sourceView struct {
	fset  *token.FileSet
	bytes func(*token.File) []byte  // the bytes the loader parsed
	files map[*token.File]*ast.File // the package's syntax, by file
	shown map[*token.File]bool      // the user's own files (userFiles)
	gen   map[*token.File]bool      // generated(), by file
}

func newSourceView(pkg *Package, src func(*token.File) []byte) *sourceView {
	s := &sourceView{fset: pkg.Fset, bytes: src, files: map[*token.File]*ast.File{}}
	for _, f := range pkg.Syntax {
		s.files[s.fset.File(f.Package)] = f
	}
	s.shown = s.userFiles(pkg)
	return s
}

// userFiles are the syntax files whose code the user wrote: the package's Go files, and cgo's
// rewrites of them (whose //line directives lead back). cgo's own declarations
// (_cgo_gotypes.go) are compiled too, but are nobody's to change.
func (s *sourceView) userFiles(pkg *Package) map[*token.File]bool {
	goFiles := map[string]bool{}
	for _, f := range pkg.GoFiles {
		goFiles[f] = true
	}
	shown := map[*token.File]bool{}
	for _, f := range pkg.Syntax {
		tf := s.fset.File(f.Package)
		if tf != nil && (len(goFiles) == 0 || goFiles[tf.Name()] || goFiles[s.fset.Position(f.Package).Filename]) {
			shown[tf] = true
		}
	}
	return shown
}

// user: pos is in one of the user's own files, where sites and findings are reported.
func (s *sourceView) user(pos token.Pos) bool { return s.shown[s.fset.File(pos)] }

// file is the syntax of the file that contains pos, nil if none of the package's.
func (s *sourceView) file(pos token.Pos) *ast.File { return s.files[s.fset.File(pos)] }

// ---- positions ----

// position is pos as the compiler prints it: the line directive's file and line, and the
// compiler's column (compilerCol).
func (s *sourceView) position(pos token.Pos) Pos {
	p := s.fset.Position(pos)
	return Pos{File: p.Filename, Line: p.Line, Col: s.compilerCol(pos, p.Column)}
}

// colMax is where the compiler's position encoding (cmd/internal/src.lico) saturates: it stores
// at most 255 for the physical column, and prints no column when the resulting column is 0 or
// colMax or more.
const colMax = 255

// compilerCol converts go/token's column (already adjusted for line directives) to the column
// the compiler prints, 0 where it prints none. Only lines longer than 254 bytes differ.
func (s *sourceView) compilerCol(pos token.Pos, col int) int {
	if col <= 0 {
		return 0 // a line directive without a column: unknown to both
	}
	phys := s.fset.PositionFor(pos, false).Column
	if phys < colMax {
		if col >= colMax {
			return 0
		}
		return col
	}
	// The compiler computes directive base column + (saturated column - saturated column of
	// the directive's end); without a directive on this line, the base is the line start.
	alt := s.sameLineDirectiveEnd(pos)
	var c int
	if alt < colMax {
		c = col - (phys - colMax)
	} else {
		c = col - (phys - alt)
	}
	if c <= 0 || c >= colMax {
		return 0
	}
	return c
}

// sameLineDirectiveEnd is the physical column just after the last /*line*/ comment that ends
// before pos on pos's line, or 1 (the line start) if there is none.
func (s *sourceView) sameLineDirectiveEnd(pos token.Pos) int {
	tf := s.fset.File(pos)
	if tf == nil {
		return 1
	}
	src := s.bytes(tf)
	off := tf.Offset(pos)
	if off > len(src) {
		return 1
	}
	start := tf.Offset(tf.LineStart(tf.PositionFor(pos, false).Line))
	line := src[start:off]
	i := bytes.LastIndex(line, []byte("/*line "))
	if i < 0 {
		return 1
	}
	j := bytes.Index(line[i:], []byte("*/"))
	if j < 0 {
		return 1
	}
	return i + j + 2 + 1
}

// exprPos is the position the compiler's syntax package gives an expression (its ast
// equivalents: '(' of a call, '.' of a selector or assertion, '[' of an index, the operator of
// a unary or binary expression, '{' of a composite literal, '(' of a parenthesised expression).
func (s *sourceView) exprPos(e ast.Expr) token.Pos {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return e.Lparen
	case *ast.SelectorExpr:
		return s.findDot(e.X.End())
	case *ast.TypeAssertExpr:
		return s.findDot(e.X.End())
	case *ast.CallExpr:
		return e.Lparen
	case *ast.IndexExpr:
		return e.Lbrack
	case *ast.IndexListExpr:
		return e.Lbrack
	case *ast.SliceExpr:
		return e.Lbrack
	case *ast.StarExpr:
		return e.Star
	case *ast.UnaryExpr:
		return e.OpPos
	case *ast.BinaryExpr:
		return e.OpPos
	case *ast.CompositeLit:
		return e.Lbrace
	case *ast.FuncLit:
		return e.Type.Func
	case *ast.KeyValueExpr:
		return e.Colon
	}
	return e.Pos()
}

// findDot returns the position of the first '.' at or after from, skipping white space and
// comments: go/ast does not record the dot of a selector or type assertion.
func (s *sourceView) findDot(from token.Pos) token.Pos {
	tf := s.fset.File(from)
	if tf == nil {
		return from
	}
	src := s.bytes(tf)
	off := tf.Offset(from)
	for off < len(src) {
		switch c := src[off]; {
		case c == '.':
			return tf.Pos(off)
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			off++
		case c == '/' && off+1 < len(src) && src[off+1] == '/':
			for off < len(src) && src[off] != '\n' {
				off++
			}
		case c == '/' && off+1 < len(src) && src[off+1] == '*':
			off += 2
			for off+1 < len(src) && !(src[off] == '*' && src[off+1] == '/') {
				off++
			}
			off += 2
		default:
			return from
		}
	}
	return from
}

// lineCol is position without the file.
func (s *sourceView) lineCol(pos token.Pos) LineCol {
	p := s.position(pos)
	return LineCol{p.Line, p.Col}
}

// shortPos is "file.go:line", for messages.
func (s *sourceView) shortPos(pos token.Pos) string {
	p := s.position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.File), p.Line)
}

// rawPos is a position with the file's own byte columns (no compiler column conventions): for
// text edits, not for matching compiler output.
func (s *sourceView) rawPos(p token.Pos) Pos {
	q := s.fset.Position(p)
	return Pos{File: q.Filename, Line: q.Line, Col: q.Column}
}

// ---- source text ----

// maxOperand bounds operand text: enough to match the compiler's rendering of the expression and
// to show it on one line; ifacelens collapses and elides it for display.
const maxOperand = 512

// text is the source text of e as written, bounded by maxOperand.
func (s *sourceView) text(e ast.Expr) string {
	if e == nil {
		return ""
	}
	tf := s.fset.File(e.Pos())
	if tf == nil {
		return ""
	}
	src := s.bytes(tf)
	lo, hi := tf.Offset(e.Pos()), tf.Offset(e.End())
	if lo < 0 || hi > len(src) || lo > hi {
		return ""
	}
	t := src[lo:hi]
	if len(t) > maxOperand {
		t = t[:maxOperand]
		for len(t) > 0 && !utf8.Valid(t) {
			t = t[:len(t)-1]
		}
	}
	return string(t)
}

// exprText is the whole source text of e (not bounded like text).
func (s *sourceView) exprText(e ast.Expr) string {
	tf := s.fset.File(e.Pos())
	if tf == nil {
		return ""
	}
	src := s.bytes(tf)
	if src == nil {
		return ""
	}
	a, b := tf.Offset(e.Pos()), tf.Offset(e.End())
	if a < 0 || b > len(src) || a > b {
		return ""
	}
	return string(src[a:b])
}

// fieldComments finds a field's doc comment (the // lines directly above it) and its line
// comment (after it on its last line) in the source text; the helper parses without comments.
func (s *sourceView) fieldComments(fld *ast.Field) (doc []string, comment string) {
	tf := s.fset.File(fld.Pos())
	if tf == nil {
		return nil, ""
	}
	src := s.bytes(tf)
	if src == nil {
		return nil, ""
	}
	lines := strings.Split(string(src), "\n")
	first, last := tf.Line(fld.Pos())-1, tf.Line(fld.End())-1
	startCol := tf.Position(fld.Pos()).Column - 1
	if first < len(lines) && startCol <= len(lines[first]) && strings.TrimSpace(lines[first][:startCol]) != "" {
		first = -1 // the field shares its line (`struct{ A int }`): the comments above are not its own
	}
	for i := first - 1; i >= 0; i-- {
		t := strings.TrimSpace(lines[i])
		if !strings.HasPrefix(t, "//") {
			break
		}
		doc = append([]string{t}, doc...)
	}
	if last < len(lines) {
		endCol := tf.Position(fld.End()).Column - 1
		if endCol <= len(lines[last]) {
			rest := strings.TrimSpace(lines[last][endCol:])
			if strings.HasPrefix(rest, "//") {
				comment = rest
			}
		}
	}
	return doc, comment
}

var generatedRE = regexp.MustCompile(`(?m)^// Code generated .* DO NOT EDIT\.$`)

// generated: pos is in a file with the standard generated-code comment before its package
// clause.
func (s *sourceView) generated(pos token.Pos) bool {
	tf := s.fset.File(pos)
	if tf == nil {
		return false
	}
	if s.gen == nil {
		s.gen = map[*token.File]bool{}
	}
	g, ok := s.gen[tf]
	if !ok {
		src := s.bytes(tf)
		if f := s.files[tf]; f != nil && f.Package.IsValid() {
			if off := tf.Offset(f.Package); off <= len(src) {
				src = src[:off]
			}
		}
		g = generatedRE.Match(src)
		s.gen[tf] = g
	}
	return g
}
