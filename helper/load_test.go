package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const loadingFixture = "testdata/src/loading"

// TestLoadRootsAndErrors checks what the loader reports in go list's order: a root imported by
// another root, a package whose compile fails (its type errors, with positions, and go list's
// own message), a root importing it (checked against its declarations, no errors of its own),
// and a package that does not exist (a package record with go list's error, not a failure).
func TestLoadRootsAndErrors(t *testing.T) {
	out := runHelper(t, loadingFixture, nil, "./user", "./base", "./usesbroken", "example.com/loading/nope", "./broken")
	var paths []string
	for _, p := range out.packages {
		paths = append(paths, strings.TrimPrefix(p.Path, "example.com/loading/"))
	}
	if got, want := strings.Join(paths, " "), "base user broken usesbroken nope"; got != want {
		t.Errorf("packages: got %s, want %s", got, want)
	}
	errs := map[string][]LoadError{}
	for _, e := range out.errors {
		errs[strings.TrimPrefix(e.Package, "example.com/loading/")] = append(errs[strings.TrimPrefix(e.Package, "example.com/loading/")], e)
	}
	if len(errs) != 2 {
		t.Errorf("errors for %d packages, want broken and nope: %+v", len(errs), out.errors)
	}
	if e := errs["nope"]; len(e) != 1 || e[0].Pos != "" || !strings.Contains(e[0].Msg, "no required module provides package example.com/loading/nope") {
		t.Errorf("nope: %+v", e)
	}
	abs, _ := filepath.Abs(filepath.Join(loadingFixture, "broken", "broken.go"))
	if e := errs["broken"]; len(e) != 2 || e[0].Pos != "" || !strings.HasPrefix(e[0].Msg, "# example.com/loading/broken\n") ||
		e[1].Pos != abs+":5:23" || !strings.HasPrefix(e[1].Msg, `cannot use "not an int"`) {
		t.Errorf("broken: %+v", e)
	}
	sites := map[string]string{}
	for _, s := range out.sites {
		sites[strings.TrimPrefix(s.Function, "example.com/loading/")] = s.Source.Type
	}
	want := map[string]string{
		"user.F":       "example.com/loading/base.T",
		"user.G":       "float64",
		"usesbroken.F": "example.com/loading/broken.T",
	}
	for fn, typ := range want {
		if sites[fn] != typ {
			t.Errorf("site in %s: source %q, want %q (all: %v)", fn, sites[fn], typ, sites)
		}
	}
}

// TestListSharesBuildCompiles checks that the helper's go list -export, given the go build's
// -gcflags, compiles nothing: every export file is the build's own.
func TestListSharesBuildCompiles(t *testing.T) {
	cache := t.TempDir()
	env := append(os.Environ(), "GOCACHE="+cache)
	build := exec.Command("go", "build", "-gcflags=-m", "-o", os.DevNull, "./base", "./user")
	build.Dir = loadingFixture
	build.Env = env
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	count := func() int {
		n := 0
		_ = filepath.WalkDir(cache, func(_ string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				n++
			}
			return nil
		})
		return n
	}
	before := count()
	abs, err := filepath.Abs(loadingFixture)
	if err != nil {
		t.Fatal(err)
	}
	var sink strings.Builder
	if err := run(options{dir: abs, env: env, gcflags: []string{"-m"}, patterns: []string{"./base", "./user"}}, &sink); err != nil {
		t.Fatal(err)
	}
	if after := count(); after != before {
		t.Errorf("go list -export added %d files to the build cache: it compiled again", after-before)
	}
	if !strings.Contains(sink.String(), `"function":"example.com/loading/user.F"`) {
		t.Errorf("no site in user.F:\n%s", sink.String())
	}
}
