package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestDepsExportAndCallRoots checks the two flags the result cache runs the helper with: with
// -depsexport the roots' records are those of a plain run and no root is compiled; with
// -callroots a package's records are those it has in a run over all the report's packages.
func TestDepsExportAndCallRoots(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"go.mod":     "module example.com/cachetest\n\ngo 1.22\n",
		"lib/lib.go": "package lib\n\nvar Sink any\n\nfunc Box(n int) { Sink = n }\n",
		"app/app.go": "package app\n\nimport \"example.com/cachetest/lib\"\n\nfunc Use(n int) { lib.Box(n) }\n",
	}
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cache := t.TempDir()
	env := append(os.Environ(), "GOCACHE="+cache, "GOFLAGS=")
	gcflags := []string{"-m=2 -d=escapedebug=1 -S"}
	build := exec.Command("go", "build", "-gcflags="+gcflags[0], "-o", os.DevNull, "./lib", "./app")
	build.Dir = dir
	build.Env = env
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	helper := func(o options) string {
		t.Helper()
		o.dir, o.env = dir, env
		var out strings.Builder
		if err := run(o, &out); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	both := helper(options{gcflags: gcflags, patterns: []string{"./lib", "./app"}})
	if got := helper(options{depsExport: true, patterns: []string{"./lib", "./app"}}); got != both {
		t.Errorf("-depsexport changed the records:\n%s\nwant\n%s", got, both)
	}
	// The records of app in the run over both packages: from its package record to the done record.
	start := strings.Index(both, `{"kind":"package","path":"example.com/cachetest/app"`)
	end := strings.Index(both, `{"kind":"done"`)
	if start < 0 || end < start || !strings.Contains(both[start:end], `"callee":"example.com/cachetest/lib.Box"`) {
		t.Fatalf("no call record of lib.Box in app's records:\n%s", both)
	}
	appOnly := func(o options) string {
		s := helper(o)
		return s[strings.Index(s, `{"kind":"package"`):strings.Index(s, `{"kind":"done"`)]
	}
	if got := appOnly(options{depsExport: true, callRoots: []string{"example.com/cachetest/lib"}, patterns: []string{"./app"}}); got != both[start:end] {
		t.Errorf("app alone with -callroots:\n%s\nwant its records of the run over both:\n%s", got, both[start:end])
	}
	if got := appOnly(options{depsExport: true, patterns: []string{"./app"}}); strings.Contains(got, `"callee":"example.com/cachetest/lib.Box"`) {
		t.Errorf("app alone without -callroots reports calls into lib, which is not analysed:\n%s", got)
	}

	// -depsexport compiles no root: a fresh cache holding only lib's plain compile gains nothing
	// but what go list itself keeps.
	fresh := t.TempDir()
	env = append(os.Environ(), "GOCACHE="+fresh, "GOFLAGS=")
	plain := exec.Command("go", "build", "-o", os.DevNull, "./lib")
	plain.Dir = dir
	plain.Env = env
	if out, err := plain.CombinedOutput(); err != nil {
		t.Fatalf("go build ./lib: %v\n%s", err, out)
	}
	archives := func() (n int) {
		_ = filepath.WalkDir(fresh, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, "-d") {
				if b, err := os.ReadFile(p); err == nil && strings.HasPrefix(string(b), "!<arch>\n") {
					n++
				}
			}
			return nil
		})
		return n
	}
	before := archives()
	helper(options{depsExport: true, patterns: []string{"./app"}})
	if after := archives(); after != before {
		t.Errorf("-depsexport compiled %d packages (the root app, or lib again)", after-before)
	}
}
