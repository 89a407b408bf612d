package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"sync"

	"golang.org/x/tools/go/packages"
)

// loadMode asks for the roots' syntax and types only: dependencies come from export data,
// which keeps `std`-sized runs fast (no NeedDeps, no SSA).
const loadMode = packages.NeedName | packages.NeedFiles | packages.NeedSyntax |
	packages.NeedTypes | packages.NeedTypesInfo | packages.NeedModule

// sources keeps the bytes go/packages parsed, so operand text and dot positions come from
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

// load runs go/packages in dir with env (GOOS, GOARCH, GOFLAGS as for the user's go build).
func load(dir string, env []string, tags, gcflags string, patterns []string) ([]*packages.Package, *sources, error) {
	src := &sources{m: map[string][]byte{}}
	cfg := &packages.Config{
		Mode: loadMode,
		Dir:  dir,
		Env:  env,
		ParseFile: func(fset *token.FileSet, filename string, data []byte) (*ast.File, error) {
			src.put(filename, data)
			// No comments needed: //line directives and //go:build versions are seen anyway.
			return parser.ParseFile(fset, filename, data, parser.SkipObjectResolution)
		},
	}
	if tags != "" {
		cfg.BuildFlags = append(cfg.BuildFlags, "-tags="+tags)
	}
	if gcflags != "" {
		// Same flags, same action IDs: the export data comes from the go build's compiles.
		cfg.BuildFlags = append(cfg.BuildFlags, "-gcflags="+gcflags)
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, nil, err
	}
	return pkgs, src, nil
}
