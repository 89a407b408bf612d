package main

import (
	"fmt"
	"go/types"
	"sort"
	"strings"
)

// A check is one opt-in analysis of a package whose results are findings, modelled on
// golang.org/x/tools/go/analysis.Analyzer{Name, Doc, Run}. Adding one is a file with its value
// and an entry in checks; the command line (-checks), the header's checks list and each
// finding's check field follow from it.
type check struct {
	// Name selects the check (-checks=name) and is the check field of its findings.
	Name string
	// Doc says what the check finds: a one-line summary, a blank line, then the details.
	Doc string
	// URL is the check's documentation, relative to the repository root.
	URL string
	// Rules are the rule ids its findings carry, each with a one-line description.
	Rules []checkRule
	// Run finds the check's findings in one package: a root without errors, after the walk.
	// Findings need not be sorted or carry Kind, Package or Check; a panic or an error costs only
	// this check's findings for the package (a loadError says so).
	Run func(*pass) ([]*Finding, error)
}

// checkRule is one kind of finding of a check.
type checkRule struct {
	ID  string
	Doc string
}

// checks are the registered checks, in the order they run and their findings are written.
var checks = []*check{typedNilCheck}

// selectChecks resolves -checks names (and -typednil, an alias of -checks=typed-nil) to the
// registered checks, in registration order.
func selectChecks(names []string, typedNil bool) ([]*check, error) {
	want := map[string]bool{}
	if typedNil {
		want[typedNilCheck.Name] = true
	}
	for _, n := range names {
		known := false
		for _, c := range checks {
			if c.Name == n {
				known = true
			}
		}
		if !known {
			return nil, fmt.Errorf("unknown check %q (known: %s)", n, strings.Join(checkNames(), ", "))
		}
		want[n] = true
	}
	var out []*check
	for _, c := range checks {
		if want[c.Name] {
			out = append(out, c)
		}
	}
	return out, nil
}

func checkNames() []string {
	var names []string
	for _, c := range checks {
		names = append(names, c.Name)
	}
	return names
}

// checkInfos describes the registered checks for the header record.
func checkInfos() []CheckInfo {
	out := []CheckInfo{}
	for _, c := range checks {
		rules := []RuleInfo{}
		for _, r := range c.Rules {
			rules = append(rules, RuleInfo{ID: r.ID, Doc: r.Doc})
		}
		out = append(out, CheckInfo{Name: c.Name, Doc: c.Doc, URL: c.URL, Rules: rules})
	}
	return out
}

// pass is what a check's Run gets for one package (x/tools' analysis.Pass): the type-checked
// package, its positions and source text, and the function records the walk wrote.
type pass struct {
	pkg       *Package
	src       *sourceView
	functions []FunctionRecord // in the order written
	prefix    string           // the package's symbol prefix (symPrefix)
}

// funcAt is the compiler's symbol of the innermost function record around p (the records the
// walk wrote for this package), else the package initialiser.
func (p *pass) funcAt(at Pos) string {
	before := func(a, b LineCol) bool { return a.Line < b.Line || a.Line == b.Line && a.Col <= b.Col }
	pos := LineCol{at.Line, at.Col}
	best := -1
	for i, r := range p.functions {
		if r.File != at.File || !before(r.Start, pos) || !before(pos, r.End) {
			continue
		}
		if best < 0 || before(p.functions[best].Start, r.Start) {
			best = i
		}
	}
	if best >= 0 {
		return p.functions[best].Name
	}
	return p.prefix + ".init"
}

// runChecks appends the findings of the selected checks to the package's records, sorted by
// position (then rule). Checks need well-typed code: packages with errors get none.
func runChecks(cs []*check, p *pass, out *emitter) {
	pkg := p.pkg
	if len(cs) == 0 || len(pkg.Errors) > 0 || pkg.Types == nil || pkg.Types == types.Unsafe || pkg.TypesInfo == nil || len(pkg.Syntax) == 0 {
		return
	}
	var all []*Finding
	for _, c := range cs {
		all = append(all, runCheck(c, p, out)...)
	}
	sort.SliceStable(all, func(i, j int) bool {
		a, b := all[i].Pos, all[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return all[i].Rule < all[j].Rule
	})
	for _, f := range all {
		out.record(f)
	}
}

// runCheck runs one check; a panic or an error becomes a loadError and no findings.
func runCheck(c *check, p *pass, out *emitter) (findings []*Finding) {
	defer func() {
		if r := recover(); r != nil {
			findings = nil
			out.record(LoadError{Kind: "loadError", Package: p.pkg.PkgPath, Pos: "-",
				Msg: fmt.Sprintf("ifacelens-helper internal error in the %s check: %v", c.Name, r)})
		}
	}()
	findings, err := c.Run(p)
	if err != nil {
		out.record(LoadError{Kind: "loadError", Package: p.pkg.PkgPath, Pos: "-",
			Msg: fmt.Sprintf("ifacelens-helper: the %s check failed: %v", c.Name, err)})
		return nil
	}
	for _, f := range findings {
		f.Kind, f.Check, f.Package = "finding", c.Name, p.pkg.PkgPath
		if f.Related == nil {
			f.Related = []Related{}
		}
	}
	return findings
}
