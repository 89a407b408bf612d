package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
)

// options is everything one helper run depends on; tests build it directly.
type options struct {
	dir      string   // the user's module directory ("" = current)
	env      []string // environment for go list; nil = os.Environ()
	tags     string
	gcflags  []string // passed to go list so its export-data compiles are the go build's own
	pgo      string   // go list's -pgo, as the go build's (a file, auto or off); "" = the go command's default
	tests    bool     // load the packages' tests too (go list -test)
	overlay  string   // a go build -overlay file: go list's too, and the sources read from its replacements
	layouts  bool     // also emit struct records (layout.go)
	rewrites bool     // also emit rewrite records (rewrites.go)
	checks   []string // the checks to run (checks.go), by name
	typedNil bool     // -typednil: an alias of checks "typed-nil"
	// callRoots are packages of the same report analysed by another run (their results came from
	// ifacelens's cache): calls into them are reported as calls into roots, so that a package's
	// records do not depend on which of the report's packages this run loads.
	callRoots []string
	// depsExport: export data for the dependencies only (see listOptions.depsExport)
	depsExport bool
	patterns   []string
}

// config is what the package walks of one run share: set before they start, then only read.
type config struct {
	goarch      string
	layouts     bool            // emit struct records
	rewrites    bool            // emit rewrite records
	checks      []*check        // run on each root, in registration order
	roots       map[string]bool // import paths of the packages analysed: calls into them may be inlined
	testedMains map[string]bool // main packages loaded as test variants (-tests): see symPrefix
}

// run loads the packages and streams the records to stdout.
func run(opts options, stdout io.Writer) error {
	checks, err := selectChecks(opts.checks, opts.typedNil)
	if err != nil {
		return err
	}
	env := opts.env
	if env == nil {
		env = os.Environ()
	}
	goos, goarch, err := targetPlatform(opts.dir, env)
	if err != nil {
		return err
	}
	ld, err := listPackages(opts.dir, env, listOptions{tags: opts.tags, gcflags: opts.gcflags, pgo: opts.pgo, tests: opts.tests, overlay: opts.overlay, depsExport: opts.depsExport}, goarch, opts.patterns)
	if err != nil {
		return fmt.Errorf("loading %s: %w", strings.Join(opts.patterns, " "), err)
	}

	bw := bufio.NewWriterSize(stdout, 1<<16)
	head := newEmitter()
	head.record(Header{Kind: "header", Protocol: Protocol, Helper: HelperVersion,
		Go: runtime.Version(), GOOS: goos, GOARCH: goarch, Checks: checkInfos()})
	if _, err := bw.Write(head.buf.Bytes()); err != nil {
		return err
	}
	// The header goes out at once: it says go list is done (with -depsexport, the dependencies'
	// export data is built), so a build waiting for that can start without compiling them twice.
	if err := bw.Flush(); err != nil {
		return err
	}

	// Each root is walked as soon as it is type-checked (its importers only need its types,
	// so its syntax and types.Info are dropped after the walk), and written in go list's order.
	results := make([]chan *emitter, len(ld.roots))
	for i := range results {
		results[i] = make(chan *emitter, 1)
	}
	cfg := &config{goarch: goarch, layouts: opts.layouts, rewrites: opts.rewrites, checks: checks, roots: map[string]bool{}, testedMains: map[string]bool{}}
	for _, p := range opts.callRoots {
		cfg.roots[p] = true
	}
	for _, n := range ld.roots {
		cfg.roots[n.PkgPath] = true
		if n.Name == "main" && n.id != n.PkgPath {
			cfg.testedMains[n.PkgPath] = true // `cmd [cmd.test]`
		}
	}
	ld.load(runtime.GOMAXPROCS(0), func(i int, pkg *Package) {
		results[i] <- walkOne(pkg, ld.src, cfg)
		ld.src.drop(ld.roots[i].compiled)
		pkg.Syntax, pkg.TypesInfo = nil, nil
	})

	done := Done{Kind: "done"}
	var werr error
	for _, ch := range results {
		e := <-ch
		done.Packages++
		done.Functions += e.functions
		done.Sites += e.sites
		if werr == nil {
			_, werr = bw.Write(e.buf.Bytes())
		}
	}
	if werr != nil {
		return werr
	}
	tail := newEmitter()
	tail.record(done)
	if _, err := bw.Write(tail.buf.Bytes()); err != nil {
		return err
	}
	return bw.Flush()
}

// walkOne produces all records of one package. A helper bug on unusual input must not lose
// the rest of the run, so a panic becomes a loadError record for this package.
func walkOne(pkg *Package, src *sources, cfg *config) (out *emitter) {
	out = newEmitter()
	out.record(PackageRecord{Kind: "package", Path: pkg.PkgPath, Name: pkg.Name, Dir: pkg.Dir, Files: nonNil(pkg.GoFiles)})
	for _, e := range pkg.Errors {
		out.record(LoadError{Kind: "loadError", Package: pkg.PkgPath, Pos: e.Pos, Msg: e.Msg})
	}
	if pkg.Types == nil || pkg.TypesInfo == nil || pkg.Fset == nil {
		return out
	}
	mark := out.buf.Len()
	defer func() {
		if r := recover(); r != nil {
			if os.Getenv("IFACELENS_HELPER_PANIC") != "" {
				panic(r)
			}
			out.buf.Truncate(mark)
			out.functions, out.sites = 0, 0
			out.record(LoadError{Kind: "loadError", Package: pkg.PkgPath, Pos: "-",
				Msg: fmt.Sprintf("ifacelens-helper internal error: %v", r)})
		}
	}()
	sv := newSourceView(pkg, src.get)
	w := newWalker(pkg, sv, newFacter(cfg.goarch), cfg, out)
	w.walkPackage()
	if cfg.layouts {
		w.emitLayouts(w.facter.structs)
	}
	runChecks(cfg.checks, &pass{pkg: pkg, src: sv, functions: w.functions, prefix: w.prefix}, out)
	if cfg.rewrites {
		emitRewrites(&pass{pkg: pkg, src: sv, functions: w.functions, prefix: w.prefix}, out)
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// targetPlatform is the GOOS/GOARCH the user's go build compiles for: the environment's, else
// what `go env` says (one call, only when needed).
func targetPlatform(dir string, env []string) (goos, goarch string, err error) {
	goos, goarch = lookupEnv(env, "GOOS"), lookupEnv(env, "GOARCH")
	if goos != "" && goarch != "" {
		return goos, goarch, nil
	}
	cmd := exec.Command("go", "env", "GOOS", "GOARCH")
	cmd.Dir = dir
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		return "", "", fmt.Errorf("go env GOOS GOARCH: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 2 {
		return "", "", fmt.Errorf("go env GOOS GOARCH: unexpected output %q", b)
	}
	if goos == "" {
		goos = strings.TrimSpace(lines[0])
	}
	if goarch == "" {
		goarch = strings.TrimSpace(lines[1])
	}
	return goos, goarch, nil
}

func lookupEnv(env []string, key string) string {
	v := ""
	for _, kv := range env {
		if k, val, ok := strings.Cut(kv, "="); ok && k == key {
			v = val // the last one wins, as for exec
		}
	}
	return v
}

// emitter buffers one package's JSON lines and counts what it wrote.
type emitter struct {
	buf       bytes.Buffer
	enc       *json.Encoder
	functions int
	sites     int
}

func newEmitter() *emitter {
	e := &emitter{}
	e.enc = json.NewEncoder(&e.buf)
	e.enc.SetEscapeHTML(false)
	return e
}

func (e *emitter) record(v any) {
	// Encoding our own plain structs cannot fail.
	_ = e.enc.Encode(v)
}

func (e *emitter) function(f FunctionRecord) {
	e.functions++
	e.record(f)
}

func (e *emitter) site(s *Site) {
	e.sites++
	e.record(s)
}
