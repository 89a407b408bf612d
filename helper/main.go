package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

const usage = "usage: ifacelens-helper [-tags t1,t2] [-gcflags [pattern=]flags]... [-pgo file|auto|off] [-tests] [-overlay file] [-layouts] [-rewrites] [-checks name,...] [-typednil] -- pattern..."

func main() {
	if err := mainErr(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "ifacelens-helper: %v\n", err)
		os.Exit(1)
	}
}

func mainErr(args []string) error {
	fs := flag.NewFlagSet("ifacelens-helper", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported on one line by main
	tags := fs.String("tags", "", "comma-separated build tags, as for go build")
	layouts := fs.Bool("layouts", false, "also emit struct layout records")
	rewrites := fs.Bool("rewrites", false, "also emit rewrite records: candidate edits of ifacelens fix, and the ones refused with why")
	checkList := fs.String("checks", "", "comma-separated checks whose findings to emit ("+strings.Join(checkNames(), ", ")+")")
	typedNil := fs.Bool("typednil", false, "an alias of -checks=typed-nil")
	var gcflags stringList
	fs.Var(&gcflags, "gcflags", "a -gcflags of the go build beside us (repeatable, [pattern=]flags), so go list -export shares its compiles")
	pgo := fs.String("pgo", "off", "the -pgo of the go build beside us (a file, auto or off); empty: the go command's default (GOFLAGS, else auto)")
	tests := fs.Bool("tests", false, "also load the packages' tests (go list -test): the in-package test variant and the external _test package")
	overlay := fs.String("overlay", "", "the -overlay of the go build beside us: go list's too, and each replaced file's source read from its replacement")
	callRoots := fs.String("callroots", "", "comma-separated import paths analysed in the same report besides the patterns' (their results cached): calls into them are reported too")
	depsExport := fs.Bool("depsexport", false, "ask go list for the export data of the dependencies only, compiled plainly (not the roots', which are type-checked from source): the helper then needs no compile of the roots and can run beside it")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errors.New(usage)
		}
		return fmt.Errorf("%v; %s", err, usage)
	}
	if fs.NArg() == 0 {
		return errors.New(usage)
	}
	var names []string
	for _, n := range strings.Split(*checkList, ",") {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, n)
		}
	}
	if _, err := selectChecks(names, *typedNil); err != nil {
		return fmt.Errorf("%v; %s", err, usage)
	}
	return run(options{layouts: *layouts, rewrites: *rewrites, checks: names, typedNil: *typedNil, tags: *tags, gcflags: gcflags, pgo: *pgo, tests: *tests, overlay: *overlay, callRoots: splitList(*callRoots), depsExport: *depsExport, patterns: fs.Args()}, os.Stdout)
}

// splitList splits a comma-separated flag value, dropping empty items.
func splitList(v string) []string {
	var out []string
	for _, x := range strings.Split(v, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, " ") }

func (l *stringList) Set(v string) error {
	*l = append(*l, v)
	return nil
}
