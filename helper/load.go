// Parts of this file (build's marking of the packages that need source or types, loadPackage,
// loadFromExportData) are adapted from golang.org/x/tools/go/packages (packages.go), which
// carries this notice:
//
// Copyright 2018 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.
//
// (That license is reproduced in golang_license.go.)

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"golang.org/x/tools/go/gcexportdata"
)

// The loader does what go/packages did for us with NeedName|NeedFiles|NeedSyntax|NeedTypes|
// NeedTypesInfo|NeedModule (golang.org/x/tools v0.52.0), with the same results, but runs
// `go list` itself so that go list's stderr is never held: with the build's -gcflags, every
// compile is a cache hit and the go command replays its cached compiler output (-m=2 and -S
// text, hundreds of MB for std), which go/packages would have buffered in memory.
//
// Roots are parsed and type-checked from source; their dependencies come from the export data
// the go build left in the cache (`go list -export` finds it under the same action IDs). As in
// go/packages, a package whose compile failed (no export data) is type-checked from source
// instead, and so is every package between it and the roots.

// Package is one package as the walker sees it: the subset of go/packages' Package it used.
type Package struct {
	PkgPath   string
	Name      string
	Dir       string
	GoFiles   []string // absolute; the package's .go files, including cgo files
	Syntax    []*ast.File
	Types     *types.Package
	TypesInfo *types.Info
	Fset      *token.FileSet
	Errors    []PackageError
}

// PackageError is a go list, parse or type error: Pos is "file:line:col", "" or "-".
type PackageError struct {
	Pos string
	Msg string
}

func (e PackageError) Error() string {
	pos := e.Pos
	if pos == "" {
		pos = "-"
	}
	return pos + ": " + e.Msg
}

// sources keeps the bytes the loader parsed, so operand text and dot positions come from
// exactly what was type-checked (including cgo-generated files) without rereading files.
type sources struct {
	mu sync.RWMutex
	m  map[string][]byte
}

func (s *sources) put(name string, src []byte) {
	s.mu.Lock()
	s.m[name] = src
	s.mu.Unlock()
}

func (s *sources) get(tf *token.File) []byte {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.m[tf.Name()]
}

func (s *sources) drop(names []string) {
	s.mu.Lock()
	for _, n := range names {
		delete(s.m, n)
	}
	s.mu.Unlock()
}

// listFields are the go list -json fields the loader reads.
const listFields = "ImportPath,Name,Dir,GoFiles,CgoFiles,CompiledGoFiles,Export,Imports,ImportMap,DepOnly,ForTest,Error,Module"

// listedPackage is one JSON object of `go list -json=listFields`.
type listedPackage struct {
	ImportPath      string
	Name            string
	Dir             string
	GoFiles         []string
	CgoFiles        []string
	CompiledGoFiles []string
	Export          string
	Imports         []string
	ImportMap       map[string]string
	DepOnly         bool
	ForTest         string // with -test: the package under test, for its test variants and test main
	Module          *struct{ GoVersion string }
	Error           *listError
}

type listError struct {
	ImportStack []string
	Pos         string
	Err         string
}

// node is one package of the import graph below the roots.
type node struct {
	*Package
	id        string
	compiled  []string // files to parse (CompiledGoFiles: cgo output instead of cgo files)
	export    string   // export data file, "" when the compile failed
	goVersion string   // the module's go version, "" for std
	importIDs map[string]string
	root      int // index among the roots, -1 for dependencies

	imports      map[string]*node // by import path as written in the source
	importErrors map[string]error
	needsrc      bool // parse and type-check from source
	needtypes    bool // types needed: loaded from export data unless needsrc
	color        int
	preds        []*node // importers waiting for this node
	unfinished   atomic.Int32
	exportErr    error
}

func (n *node) String() string { return n.id }

type loader struct {
	fset  *token.FileSet
	src   *sources
	sizes types.Sizes
	dir   string
	// replaced: the overlay's files (absolute) → the file whose contents stand for them
	replaced map[string]string

	nodes    map[string]*node
	roots    []*node
	leaves   []*node // nodes without imports: where loading starts
	visited  int     // nodes reachable from the roots
	exportMu sync.Mutex
}

// listOptions are the go build's flags that go list must repeat: the same -tags, -gcflags and
// -pgo give the same action IDs, so `go list -export` finds the build's compiles in the cache.
type listOptions struct {
	tags    string
	gcflags []string
	pgo     string // "" leaves the go command's default (GOFLAGS, else auto)
	tests   bool   // go list -test, as for go test -c
	overlay string // go build -overlay: a JSON file {"Replace": {file: replacement}}
	// depsExport: the roots are listed without export data and the dependencies' export data is
	// asked for separately, without the -gcflags (the build compiles them plainly, as it does the
	// dependencies of the packages named on its command line): nothing waits for, or repeats, the
	// compile of the roots, which are type-checked from source anyway
	depsExport bool
}

// listPackages runs go list in dir with env (GOOS, GOARCH, GOFLAGS as for the user's go build)
// and builds the import graph of the patterns.
func listPackages(dir string, env []string, lo listOptions, goarch string, patterns []string) (*loader, error) {
	listed, err := goList(dir, env, lo, patterns)
	if err != nil {
		return nil, err
	}
	ld := &loader{
		fset:  token.NewFileSet(),
		src:   &sources{m: map[string][]byte{}},
		sizes: types.SizesFor("gc", goarch),
		dir:   dir,
		nodes: map[string]*node{},
	}
	if lo.overlay != "" {
		if ld.replaced, err = readOverlay(lo.overlay, dir); err != nil {
			return nil, err
		}
	}
	if lo.tests {
		listed = testRoots(listed)
	}
	if err := ld.build(listed); err != nil {
		return nil, err
	}
	return ld, nil
}

// goList runs `go list -e -export -deps -json`, with the flags go/packages passed, and decodes
// its output as it streams. Its stderr, the replayed compiler output of every cached compile,
// goes straight to the null device. Only when go list fails is it run again, keeping the
// beginning of its stderr for the error message: such failures (bad flags or patterns, no
// go.mod) come before any compile and are quick to repeat.
func goList(dir string, env []string, lo listOptions, patterns []string) ([]*listedPackage, error) {
	args := listArgs(lo, patterns)
	if dir != "" {
		// As go/packages: the go command then reports paths under dir as the user wrote it.
		env = append(append([]string(nil), env...), "PWD="+dir)
	}

	if lo.depsExport {
		args = listArgs(listOptions{tags: lo.tags, pgo: lo.pgo, overlay: lo.overlay}, patterns)
		for i, a := range args {
			if a == "-export=true" {
				args[i] = "-export=false"
			}
		}
	}
	listed, decodeErr, waitErr := runGoList(dir, env, args, nil)
	if waitErr != nil {
		stderr := &headWriter{max: 64 << 10}
		listed, decodeErr, waitErr = runGoList(dir, env, args, stderr)
		if waitErr != nil {
			replaced, err := listFailure(waitErr, stderr.String(), len(listed) > 0 || decodeErr != nil)
			if err != nil {
				return nil, err
			}
			if replaced != nil {
				return replaced, nil
			}
		}
	}
	if decodeErr != nil {
		return nil, decodeErr
	}
	if lo.depsExport {
		if err := addDepsExport(dir, env, lo, listed); err != nil {
			return nil, err
		}
	}
	return listed, nil
}

// addDepsExport fills in the export data of the listed dependencies (DepOnly), compiled without
// the roots' -gcflags.
func addDepsExport(dir string, env []string, lo listOptions, listed []*listedPackage) error {
	var deps []string
	byPath := map[string]*listedPackage{}
	for _, p := range listed {
		if p.DepOnly && p.ImportPath != "unsafe" && p.Error == nil {
			deps = append(deps, p.ImportPath)
			byPath[p.ImportPath] = p
		}
	}
	if len(deps) == 0 {
		return nil
	}
	args := []string{"list", "-e", "-json=ImportPath,Export,Error", "-export=true", "-find=false", "-buildvcs=false"}
	if lo.pgo != "" {
		args = append(args, "-pgo="+lo.pgo)
	}
	if lo.tags != "" {
		args = append(args, "-tags="+lo.tags)
	}
	if lo.overlay != "" {
		args = append(args, "-overlay="+lo.overlay)
	}
	args = append(append(args, "--"), deps...)
	exp, decodeErr, waitErr := runGoList(dir, env, args, nil)
	if decodeErr != nil {
		return decodeErr
	}
	if waitErr != nil && len(exp) == 0 {
		return fmt.Errorf("go list -export of the dependencies: %v", waitErr)
	}
	for _, e := range exp {
		if p := byPath[e.ImportPath]; p != nil {
			p.Export = e.Export
			if e.Error != nil && p.Error == nil {
				p.Error = e.Error
			}
		}
	}
	return nil
}

// listArgs are go list's arguments for the patterns: go/packages' flags, with the build's.
func listArgs(lo listOptions, patterns []string) []string {
	// -pgo as the build's: a main package's default.pgo (-pgo=auto, the go command's default)
	// compiles it and its dependencies with the profile, which changes their action IDs (and makes
	// variants `p [example.com/cmd/app]` of packages the patterns also build plainly). With
	// another -pgo than the build's, every such compile would miss the cache and run again.
	args := []string{"list", "-e", "-json=" + listFields, "-compiled=true", fmt.Sprintf("-test=%t", lo.tests),
		"-export=true", "-deps=true", "-find=false", "-buildvcs=false"}
	if lo.pgo != "" {
		args = append(args, "-pgo="+lo.pgo)
	}
	if lo.tags != "" {
		args = append(args, "-tags="+lo.tags)
	}
	for _, g := range lo.gcflags {
		args = append(args, "-gcflags="+g)
	}
	if lo.overlay != "" {
		args = append(args, "-overlay="+lo.overlay)
	}
	args = append(args, "--")
	args = append(args, patterns...)
	return args
}

// runGoList runs go with args, decoding stdout as a stream of packages; stderr nil is the null
// device.
func runGoList(dir string, env, args []string, stderr io.Writer) (listed []*listedPackage, decodeErr, waitErr error) {
	cmd := exec.Command("go", args...)
	cmd.Env = env
	cmd.Dir = dir
	cmd.Stderr = stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, nil, err
	}
	if err := cmd.Start(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return nil, nil, fmt.Errorf("'go list' driver requires 'go', but %s", exec.ErrNotFound)
		}
		return nil, nil, fmt.Errorf("couldn't run 'go': %w", err)
	}
	for dec := json.NewDecoder(stdout); ; {
		p := new(listedPackage)
		if err := dec.Decode(p); err != nil {
			if err != io.EOF {
				decodeErr = fmt.Errorf("JSON decoding failed: %v", err)
			}
			break
		}
		listed = append(listed, p)
	}
	_, _ = io.Copy(io.Discard, stdout) // after a decoding error, let go list finish
	return listed, decodeErr, cmd.Wait()
}

// listFailure is go/packages' handling of a go list that exited non-zero: some failures become
// a package with an error, a few are fatal, and otherwise (a failed compile in export mode) the
// output is used as it is. Unlike go/packages, a go list that printed nothing is fatal: there
// is no package to report, and its stderr says why.
func listFailure(waitErr error, stderr string, printed bool) ([]*listedPackage, error) {
	friendly := fmt.Errorf("err: %v: stderr: %s", waitErr, stderr)
	var exitErr *exec.ExitError
	if !errors.As(waitErr, &exitErr) {
		return nil, waitErr
	}
	has := func(s string) bool { return strings.Contains(stderr, s) }
	fake := func(importPath string) []*listedPackage {
		return []*listedPackage{{ImportPath: importPath, Error: &listError{Err: strings.Trim(stderr, "\n")}}}
	}
	switch {
	case has("flag provided but not defined"):
		return nil, fmt.Errorf("unsupported version of go: %s: %s", exitErr, stderr)
	case has("unexpected directory layout"), has("go: no such tool"):
		return nil, friendly
	}
	if msg, ok := strings.CutPrefix(stderr, "# "); ok {
		// A compile or cgo failure: go list -e reports it in the package's Error.
		isPkgPathRune := func(r rune) bool {
			return unicode.IsOneOf([]*unicode.RangeTable{unicode.L, unicode.M, unicode.N, unicode.P, unicode.S}, r) &&
				!strings.ContainsRune("!\"#$%&'()*,:;<=>?[\\]^`{|}\uFFFD", r)
		}
		if strings.HasPrefix(strings.TrimLeftFunc(msg, isPkgPathRune), "\n") || strings.HasPrefix(msg, "pkg-config") {
			return nil, nil
		}
	}
	switch {
	case has("named files must be .go files"), has("named files must all be in one directory"):
		return fake("command-line-arguments"), nil
	case has("no such directory"):
		i := strings.Index(stderr, "no such directory")
		return fake(strings.TrimSpace(stderr[i+len("no such directory"):])), nil
	case has("no such file or directory"), has("outside available modules"), has("outside module root"):
		return fake("command-line-arguments"), nil
	case has("no Go files in"):
		if printed {
			return nil, nil
		}
		importPath := ""
		if colon := strings.Index(stderr, ":"); colon > 0 && strings.HasPrefix(stderr, "go build ") {
			importPath = stderr[len("go build "):colon]
		}
		return fake(importPath), nil
	}
	if !printed {
		return nil, friendly
	}
	return nil, nil
}

// testRoots makes the roots of a `go list -test -deps` listing the packages go test -c compiles
// for the patterns, once each: for a package with in-package tests its test variant
// `p [p.test]` (its files and its _test.go files) instead of p, the external test package
// `p_test [p.test]`, and no generated test main `p.test`. The replaced plain packages, and
// dependencies recompiled for a test (`q [p.test]`, DepOnly), stay in the graph for importers.
func testRoots(listed []*listedPackage) []*listedPackage {
	testMain := map[string]bool{}   // import paths of generated test mains
	hasVariant := map[string]bool{} // packages whose in-package test variant is listed
	for _, p := range listed {
		if p.ForTest == "" || p.DepOnly {
			continue
		}
		testMain[p.ForTest+".test"] = true
		if p.ImportPath == p.ForTest+" ["+p.ForTest+".test]" {
			hasVariant[p.ForTest] = true
		}
	}
	for _, p := range listed {
		switch {
		case p.DepOnly:
		case testMain[p.ImportPath] && p.Name == "main":
			p.DepOnly = true // never imported: dropped from the roots, never loaded
		case hasVariant[p.ImportPath]:
			p.DepOnly = true
		case strings.Contains(p.ImportPath, " ") && p.ForTest == "":
			p.DepOnly = true // not a test variant (a PGO variant is never a root anyway)
		}
	}
	return listed
}

// headWriter keeps the first max bytes written to it and discards the rest.
type headWriter struct {
	buf bytes.Buffer
	max int
}

func (w *headWriter) Write(p []byte) (int, error) {
	if room := w.max - w.buf.Len(); room > 0 {
		w.buf.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

func (w *headWriter) String() string { return w.buf.String() }

// build turns go list's packages into the import graph, as go/packages' golist driver and
// refine did: the same files, errors, roots, and the same choice of what is loaded how.
func (ld *loader) build(listed []*listedPackage) error {
	seen := map[string]*listedPackage{}
	additionalErrors := map[string][]PackageError{}
	var rootIDs []string
	for _, p := range listed {
		if p.ImportPath == "" {
			if p.Error != nil {
				return PackageError{Pos: p.Error.Pos, Msg: p.Error.Err}
			}
			return fmt.Errorf("package missing import path: %+v", p)
		}
		if old, found := seen[p.ImportPath]; found {
			// go list may emit an erroneous variant of a package besides the good one; keep
			// the good one, and move "not importable" errors to the importer.
			if old.Error == nil && p.Error == nil {
				continue
			}
			if old.Error != nil {
				errkind := ""
				if strings.Contains(old.Error.Err, "not an importable package") {
					errkind = "not an importable package"
				} else if strings.Contains(old.Error.Err, "use of internal package") && strings.Contains(old.Error.Err, "not allowed") {
					errkind = "use of internal package not allowed"
				}
				if errkind != "" {
					stack := old.Error.ImportStack
					if len(stack) < 1 {
						return fmt.Errorf(`internal error: go list gave a %q error with empty import stack`, errkind)
					}
					importing := stack[len(stack)-1]
					if importing == old.ImportPath {
						if len(stack) < 2 {
							return fmt.Errorf(`internal error: go list gave a %q error with an import stack without importing package`, errkind)
						}
						importing = stack[len(stack)-2]
					}
					additionalErrors[importing] = append(additionalErrors[importing], PackageError{Pos: old.Error.Pos, Msg: old.Error.Err})
				}
			}
			if old.Error == nil {
				continue
			}
		}
		seen[p.ImportPath] = p
		n := ld.newNode(p)
		ld.nodes[n.id] = n
		if !p.DepOnly {
			rootIDs = append(rootIDs, n.id)
		}
	}
	for id, errs := range additionalErrors {
		if n, ok := ld.nodes[id]; ok {
			n.Errors = append(n.Errors, errs...)
		}
	}

	// Roots in go list's order (dependencies first), as go/packages returned them.
	rootIndex := map[string]int{}
	for i, id := range rootIDs {
		rootIndex[id] = i
	}
	ld.roots = make([]*node, len(rootIDs))
	for _, n := range ld.nodes {
		n.root = -1
		if i, ok := rootIndex[n.id]; ok {
			n.root = i
			ld.roots[i] = n
		}
	}
	for i, n := range ld.roots {
		if n == nil {
			return fmt.Errorf("root package %v is missing", rootIDs[i])
		}
	}
	for _, n := range ld.nodes {
		exportDataInvalid := n.export == "" && n.PkgPath != "unsafe"
		n.needtypes = n.root >= 0
		n.needsrc = (n.root >= 0 || exportDataInvalid) && n.PkgPath != "unsafe"
	}

	// Materialise the import DAG depth-first from the roots; import cycles and missing
	// packages become import errors. A node needs source when anything below it does.
	var stack []*node
	var visit func(from, n *node) bool
	visit = func(from, n *node) bool {
		if n.color == 0 {
			n.color = 1
			ld.visited++
			stack = append(stack, n)
			n.imports = make(map[string]*node, len(n.importIDs))
			paths := make([]string, 0, len(n.importIDs))
			for path := range n.importIDs {
				paths = append(paths, path)
			}
			sort.Strings(paths)
			for _, path := range paths {
				id := n.importIDs[path]
				var importErr error
				imp := ld.nodes[id]
				if imp == nil {
					importErr = fmt.Errorf("missing package: %q", id)
				} else if imp.color == 1 {
					importErr = fmt.Errorf("import cycle: %s", stack)
				}
				if importErr != nil {
					if n.importErrors == nil {
						n.importErrors = map[string]error{}
					}
					n.importErrors[path] = importErr
					continue
				}
				if visit(n, imp) {
					n.needsrc = true
				}
				n.imports[path] = imp
			}
			// A package checked from source needs complete types of its imports.
			if n.needsrc {
				for _, imp := range n.imports {
					imp.needtypes = true
				}
			}
			if len(n.imports) == 0 {
				ld.leaves = append(ld.leaves, n)
			}
			stack = stack[:len(stack)-1]
			n.color = 2
		}
		if from != nil {
			from.unfinished.Add(1)
			n.preds = append(n.preds, from)
		}
		return n.needsrc
	}
	for _, n := range ld.roots {
		visit(nil, n)
	}
	return nil
}

// newNode converts one go list package as go/packages' golist driver did.
func (ld *loader) newNode(p *listedPackage) *node {
	n := &node{
		Package: &Package{
			Name:    p.Name,
			Dir:     p.Dir,
			GoFiles: absJoin(p.Dir, p.GoFiles, p.CgoFiles),
		},
		id:        p.ImportPath,
		importIDs: map[string]string{},
	}
	n.PkgPath, _, _ = strings.Cut(n.id, " ")
	if p.Module != nil {
		n.goVersion = p.Module.GoVersion
	}
	// cmd/go lists assembly, C and C++ files in CompiledGoFiles too; cgo output files in the
	// cache have no extension.
	for _, f := range absJoin(p.Dir, p.CompiledGoFiles) {
		if ext := filepath.Ext(f); ext == ".go" || ext == "" {
			n.compiled = append(n.compiled, f)
		}
	}
	if n.PkgPath == "unsafe" {
		n.compiled = nil
	} else if len(n.compiled) == 0 {
		n.compiled = n.GoFiles
	}
	n.export = p.Export
	if n.export != "" && !filepath.IsAbs(n.export) {
		n.export = filepath.Join(p.Dir, n.export)
	}
	ids := map[string]bool{}
	for _, id := range p.Imports {
		ids[id] = true
	}
	for path, id := range p.ImportMap {
		n.importIDs[path] = id // vendored std packages: golang.org/x/net/... → vendor/golang.org/x/net/...
		delete(ids, id)
	}
	for id := range ids {
		if id != "C" {
			n.importIDs[id] = id
		}
	}
	if e := p.Error; e != nil {
		// A file that does not even parse as far as its package clause is named only in the
		// error: it is the package's file all the same.
		if len(p.GoFiles) == 0 && len(p.CompiledGoFiles) == 0 &&
			(len(e.ImportStack) == 0 || e.ImportStack[len(e.ImportStack)-1] == p.ImportPath) {
			if !ld.addFileFromError(n, e.Pos) {
				ld.addFileFromError(n, e.Err)
			}
		}
		msg := strings.TrimSpace(e.Err)
		if (msg == "import cycle not allowed" || msg == "import cycle not allowed in test") && len(e.ImportStack) != 0 {
			stack := make([]string, len(e.ImportStack))
			for i, s := range e.ImportStack {
				stack[i] = strings.TrimSuffix(s, " (test)")
			}
			msg += fmt.Sprintf(": import stack: %v", stack)
		}
		n.Errors = append(n.Errors, PackageError{Pos: e.Pos, Msg: msg})
	}
	return n
}

func (ld *loader) addFileFromError(n *node, pos string) bool {
	filename, _, _ := strings.Cut(pos, ":")
	filename = strings.TrimSpace(filename)
	if filename == "" {
		return false
	}
	if !filepath.IsAbs(filename) {
		filename = filepath.Join(ld.dir, filename)
	}
	if info, _ := os.Stat(filename); info == nil {
		return false
	}
	n.compiled = append(n.compiled, filename)
	n.GoFiles = append(n.GoFiles, filename)
	return true
}

func absJoin(dir string, lists ...[]string) (res []string) {
	for _, files := range lists {
		for _, f := range files {
			if !filepath.IsAbs(f) {
				f = filepath.Join(dir, f)
			}
			res = append(res, f)
		}
	}
	return res
}

// load parses and type-checks the graph on workers goroutines, each package once all its
// imports are done, and calls done for each root as soon as its types are complete (from one
// of the workers, possibly concurrently). Returns at once; done is called len(ld.roots) times.
func (ld *loader) load(workers int, done func(root int, pkg *Package)) {
	if ld.visited == 0 {
		return
	}
	ready := make(chan *node, ld.visited) // every node is sent exactly once
	for _, n := range ld.leaves {
		ready <- n
	}
	var finished atomic.Int32
	for range max(1, workers) {
		go func() {
			for n := range ready {
				ld.loadPackage(n)
				for _, pred := range n.preds {
					if pred.unfinished.Add(-1) == 0 {
						ready <- pred
					}
				}
				if int(finished.Add(1)) == ld.visited {
					close(ready)
				}
				if n.root >= 0 {
					done(n.root, n.Package)
				}
			}
		}()
	}
}

// loadPackage gives n its types: from export data, or by parsing and type-checking its files
// (with function bodies and types.Info for roots only). Its imports are complete.
func (ld *loader) loadPackage(n *node) {
	n.Fset = ld.fset
	if n.PkgPath == "unsafe" {
		n.Types = types.Unsafe
		n.Syntax = []*ast.File{}
		n.TypesInfo = newTypesInfo()
		return
	}
	n.Types = types.NewPackage(n.PkgPath, n.Name)
	if !n.needtypes && !n.needsrc {
		return // its types appear as far as its importers' export data mentions them
	}
	if !n.needsrc {
		if err := ld.loadFromExportData(n); err != nil {
			n.exportErr = err
			n.Errors = append(n.Errors, PackageError{Pos: "-", Msg: err.Error()})
		}
		return
	}

	appendError := func(err error) {
		switch err := err.(type) {
		case PackageError:
			n.Errors = append(n.Errors, err)
		case *os.PathError:
			n.Errors = append(n.Errors, PackageError{Pos: err.Path + ":1", Msg: err.Err.Error()})
		case scanner.ErrorList:
			for _, e := range err {
				n.Errors = append(n.Errors, PackageError{Pos: e.Pos.String(), Msg: e.Msg})
			}
		case types.Error:
			n.Errors = append(n.Errors, PackageError{Pos: err.Fset.Position(err.Pos).String(), Msg: err.Msg})
		default:
			n.Errors = append(n.Errors, PackageError{Pos: "-", Msg: err.Error()})
		}
	}

	if len(n.compiled) == 0 && n.export != "" {
		appendError(PackageError{Pos: "-", Msg: "sources missing for package " + n.id})
		_ = ld.loadFromExportData(n)
		return
	}

	for _, name := range n.compiled {
		from := name
		if r, ok := ld.replaced[filepath.Clean(name)]; ok {
			from = r
		}
		data, err := os.ReadFile(from)
		if err != nil {
			appendError(err)
			continue
		}
		ld.src.put(name, data)
		// No comments needed: //line directives and //go:build versions are seen anyway.
		f, err := parser.ParseFile(ld.fset, name, data, parser.SkipObjectResolution)
		if f != nil {
			n.Syntax = append(n.Syntax, f)
		}
		if err != nil {
			appendError(err)
		}
	}

	root := n.root >= 0
	if root {
		n.TypesInfo = newTypesInfo()
	}
	tc := &types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if path == "unsafe" {
				return types.Unsafe, nil
			}
			imp := n.imports[path]
			if imp == nil {
				if err := n.importErrors[path]; err != nil {
					return nil, err
				}
				return nil, fmt.Errorf("no metadata for %s", path)
			}
			if imp.Types != nil && imp.Types.Complete() {
				return imp.Types, nil
			}
			if imp.exportErr != nil {
				return nil, imp.exportErr
			}
			return nil, fmt.Errorf("internal error: expected complete types for package %q", path)
		}),
		// Dependencies checked from source (their compile failed) only need declarations.
		IgnoreFuncBodies: !root,
		Error:            appendError,
		Sizes:            ld.sizes,
	}
	if n.goVersion != "" {
		tc.GoVersion = "go" + n.goVersion
	}
	typErr := types.NewChecker(tc, ld.fset, n.Types, n.TypesInfo).Files(n.Syntax)
	if typErr != nil && len(n.Errors) == 0 && len(n.Syntax) > 0 {
		if msg := typErr.Error(); strings.HasPrefix(msg, "package requires newer Go version") {
			appendError(types.Error{Fset: ld.fset, Pos: n.Syntax[0].Package, Msg: msg})
		}
	}
	if typErr != nil && len(n.Errors) == 0 {
		appendError(typErr)
	}
}

// loadFromExportData reads n's export data. The view holds the (pre-created, possibly still
// incomplete) packages of n's transitive imports, so that export data never creates a second
// package for a path; reads are serialised because they fill in those shared packages.
func (ld *loader) loadFromExportData(n *node) error {
	ld.exportMu.Lock()
	defer ld.exportMu.Unlock()
	if n.Types != nil && n.Types.Complete() {
		return nil
	}
	if n.export == "" {
		return errors.New("no export data file") // the compile's errors are in go list's Error
	}
	f, err := os.Open(n.export)
	if err != nil {
		return err
	}
	defer f.Close()
	r, err := gcexportdata.NewReader(f)
	if err != nil {
		return fmt.Errorf("reading %s: %v", n.export, err)
	}
	view := map[string]*types.Package{}
	seen := map[*node]bool{}
	var visit func(imports map[string]*node)
	visit = func(imports map[string]*node) {
		for _, imp := range imports {
			if !seen[imp] {
				seen[imp] = true
				view[imp.PkgPath] = imp.Types
				visit(imp.imports)
			}
		}
	}
	visit(n.imports)
	tpkg, err := gcexportdata.Read(r, ld.fset, view, n.PkgPath)
	if err != nil {
		return fmt.Errorf("reading %s: %v", n.export, err)
	}
	n.Types = tpkg
	return nil
}

// newTypesInfo records what go/packages' NeedTypesInfo recorded.
func newTypesInfo() *types.Info {
	return &types.Info{
		Types:        map[ast.Expr]types.TypeAndValue{},
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Implicits:    map[ast.Node]types.Object{},
		Instances:    map[*ast.Ident]types.Instance{},
		Scopes:       map[ast.Node]*types.Scope{},
		Selections:   map[*ast.SelectorExpr]*types.Selection{},
		FileVersions: map[*ast.File]string{},
	}
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// readOverlay reads a go build -overlay file: its Replace map with the paths made absolute
// (relative ones are from dir, as the go command reads them). A file replaced by "" (deleted) has
// no entry: go list does not list it.
func readOverlay(file, dir string) (map[string]string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("reading -overlay: %w", err)
	}
	var o struct{ Replace map[string]string }
	if err := json.Unmarshal(data, &o); err != nil {
		return nil, fmt.Errorf("-overlay %s: %w", file, err)
	}
	abs := func(p string) string {
		if filepath.IsAbs(p) {
			return filepath.Clean(p)
		}
		return filepath.Join(dir, p)
	}
	m := map[string]string{}
	for from, to := range o.Replace {
		if to != "" {
			m[abs(from)] = abs(to)
		}
	}
	return m, nil
}
