package main

import (
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestLoadTests checks -tests: the package under test is loaded as its test variant (its
// _test.go files included), the external test package is a root of its own, and the generated
// test main is not reported.
func TestLoadTests(t *testing.T) {
	const dir = "../testdata/tests"
	out := runHelperWith(t, options{dir: dir, gcflags: []string{"-m"}, tests: true, patterns: []string{"./..."}})
	var paths []string
	files := map[string][]string{}
	for _, p := range out.packages {
		paths = append(paths, p.Path)
		for _, f := range p.Files {
			files[p.Path] = append(files[p.Path], filepath.Base(f))
		}
	}
	if got, want := strings.Join(paths, " "), "example.com/testsfixture/gen example.com/testsfixture/gen_test"; got != want {
		t.Errorf("packages: got %s, want %s", got, want)
	}
	if got := files["example.com/testsfixture/gen"]; !slices.Equal(got, []string{"gen.go", "gen_test.go"}) {
		t.Errorf("files of gen: %v", got)
	}
	var fns []string
	for _, f := range out.functions {
		fns = append(fns, f.Name)
	}
	for _, want := range []string{"example.com/testsfixture/gen.boxTriple", "example.com/testsfixture/gen.BenchmarkBoxTriple", "example.com/testsfixture/gen_test.store", "example.com/testsfixture/gen_test.BenchmarkBoxWord"} {
		if !slices.Contains(fns, want) {
			t.Errorf("no function %s in %v", want, fns)
		}
	}
	if len(out.errors) != 0 {
		t.Errorf("load errors: %+v", out.errors)
	}

	// Without -tests: the plain package only.
	plain := runHelperWith(t, options{dir: dir, gcflags: []string{"-m"}, patterns: []string{"./..."}})
	if len(plain.packages) != 1 || len(plain.packages[0].Files) != 1 {
		t.Errorf("without -tests: %+v", plain.packages)
	}
}

// TestListSharesPGOBuild checks that go list, given the go build's -pgo (here the default,
// auto: testdata/pgo/cmd/app has a default.pgo), finds every compile of that build in the cache.
// (With -pgo=off, which the helper passed before, the packages the profile applies to are other
// compiles: in a fresh cache go list compiled 75 packages again, the roots with -m=2 -S.)
func TestListSharesPGOBuild(t *testing.T) {
	dir, err := filepath.Abs("../testdata/pgo")
	if err != nil {
		t.Fatal(err)
	}
	const gcflags = "-m"
	build := exec.Command("go", "build", "-gcflags="+gcflags, "-o", "/dev/null", "./...")
	build.Dir = dir
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	compiles := func(lo listOptions) []string {
		args := listArgs(lo, []string{"./..."})
		cmd := exec.Command("go", append([]string{args[0], "-x"}, args[1:]...)...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go list: %v\n%s", err, out)
		}
		var pkgs []string
		for _, l := range strings.Split(string(out), "\n") {
			if f := strings.Fields(l); len(f) > 0 && strings.HasSuffix(f[0], "/compile") {
				if i := slices.Index(f, "-p"); i >= 0 && i+1 < len(f) {
					pkgs = append(pkgs, f[i+1])
				}
			}
		}
		return pkgs
	}
	if got := compiles(listOptions{gcflags: []string{gcflags}}); len(got) != 0 {
		t.Errorf("go list with the build's -pgo compiled %v again", got)
	}
}
