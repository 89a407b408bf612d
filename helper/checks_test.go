package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// TestSelectChecks checks -checks and its -typednil alias: registration order whatever the
// order asked, duplicates once, unknown names refused with the known ones.
func TestSelectChecks(t *testing.T) {
	names := func(cs []*check) string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Name)
		}
		return strings.Join(out, ",")
	}
	for _, tc := range []struct {
		names    []string
		typedNil bool
		want     string
	}{
		{nil, false, ""},
		{nil, true, "typed-nil"},
		{[]string{"typed-nil"}, false, "typed-nil"},
		{[]string{"typed-nil", "typed-nil"}, true, "typed-nil"},
	} {
		got, err := selectChecks(tc.names, tc.typedNil)
		if err != nil || names(got) != tc.want {
			t.Errorf("selectChecks(%v, %v) = %s, %v; want %s", tc.names, tc.typedNil, names(got), err, tc.want)
		}
	}
	if _, err := selectChecks([]string{"nope"}, false); err == nil || err.Error() != `unknown check "nope" (known: typed-nil)` {
		t.Errorf("unknown check: %v", err)
	}
	if err := mainErr([]string{"-checks=typed-nil,nope", "--", "./..."}); err == nil || !strings.HasPrefix(err.Error(), `unknown check "nope"`) || !strings.Contains(err.Error(), "usage: ") {
		t.Errorf("mainErr with an unknown check: %v", err)
	}
	for _, c := range checks {
		if c.Name == "" || c.Run == nil || len(c.Rules) == 0 || !strings.Contains(c.Doc, "\n\n") || strings.Contains(strings.SplitN(c.Doc, "\n", 2)[0], ". ") {
			t.Errorf("check %q: want a name, a Run, rules and a Doc of a one-line summary, a blank line and details", c.Name)
		}
	}
}

// TestCheckValues runs checks registered for the test through the helper: the header lists
// every registered check, findings carry their check's name and are sorted by position across
// checks, and a check that panics or fails costs only its own findings (a loadError says so).
func TestCheckValues(t *testing.T) {
	saved := checks
	defer func() { checks = saved }()
	at := func(p *pass, name string) Pos {
		for _, f := range p.functions {
			if strings.HasSuffix(f.Name, "."+name) {
				return Pos{File: f.File, Line: f.Start.Line, Col: f.Start.Col}
			}
		}
		t.Fatalf("no function %s", name)
		return Pos{}
	}
	first := &check{Name: "first", Doc: "finds F\n\nDetails.", Rules: []checkRule{{"first-f", "F"}},
		Run: func(p *pass) ([]*Finding, error) {
			pos := at(p, "G")
			return []*Finding{{Rule: "first-f", Function: p.funcAt(pos), Pos: pos, Message: "m"}}, nil
		}}
	second := &check{Name: "second", Doc: "finds E\n\nDetails.", Rules: []checkRule{{"second-e", "E"}},
		Run: func(p *pass) ([]*Finding, error) {
			pos := at(p, "F")
			return []*Finding{{Rule: "second-e", Function: p.funcAt(pos), Pos: pos, Message: "m"}}, nil
		}}
	panics := &check{Name: "panics", Doc: "d\n\nd", Rules: []checkRule{{"p", "p"}},
		Run: func(p *pass) ([]*Finding, error) { panic("boom") }}
	fails := &check{Name: "fails", Doc: "d\n\nd", Rules: []checkRule{{"f", "f"}},
		Run: func(p *pass) ([]*Finding, error) { return nil, errors.New("no") }}
	checks = []*check{first, second, panics, fails}

	dir, err := filepath.Abs(loadingFixture)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := run(options{dir: dir, checks: []string{"fails", "second", "panics", "first"}, patterns: []string{"./user"}}, &buf); err != nil {
		t.Fatal(err)
	}
	var header Header
	var findings []Finding
	var errs []string
	sc := bufio.NewScanner(&buf)
	for sc.Scan() {
		var k struct{ Kind string }
		if err := json.Unmarshal(sc.Bytes(), &k); err != nil {
			t.Fatal(err)
		}
		switch k.Kind {
		case "header":
			if err := json.Unmarshal(sc.Bytes(), &header); err != nil {
				t.Fatal(err)
			}
		case "finding":
			var f Finding
			if err := json.Unmarshal(sc.Bytes(), &f); err != nil {
				t.Fatal(err)
			}
			findings = append(findings, f)
		case "loadError":
			var e LoadError
			if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
				t.Fatal(err)
			}
			errs = append(errs, e.Msg)
		}
	}
	var listed []string
	for _, c := range header.Checks {
		listed = append(listed, c.Name+":"+c.Rules[0].ID)
	}
	if got := strings.Join(listed, " "); got != "first:first-f second:second-e panics:p fails:f" {
		t.Errorf("header checks: %s", got)
	}
	if len(findings) != 2 || findings[0].Check != "second" || findings[1].Check != "first" ||
		findings[0].Function != "example.com/loading/user.F" || findings[1].Function != "example.com/loading/user.G" ||
		findings[0].Package != "example.com/loading/user" || findings[0].Related == nil {
		t.Errorf("findings: %+v", findings)
	}
	if got := strings.Join(errs, "|"); got != "ifacelens-helper internal error in the panics check: boom|ifacelens-helper: the fails check failed: no" {
		t.Errorf("load errors: %s", got)
	}
}
