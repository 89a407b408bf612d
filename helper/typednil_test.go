package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// The typed-nil fixture states its expectations in comments: `// want RULE` on a line where
// exactly that finding must be reported (and nothing else), `// affected` on a comparison that
// must be a related location of some finding. Every other line must stay clean.

const typedNilFixture = "testdata/src/typednil"

var wantRE = regexp.MustCompile(`//\s*want\s+(typed-nil-[a-z]+)`)

type lineKey struct {
	file string
	line int
}

func (k lineKey) String() string { return fmt.Sprintf("%s:%d", filepath.Base(k.file), k.line) }

// runTypedNil runs the helper with and without -typednil and checks that the only difference
// is the finding records.
func runTypedNil(t *testing.T, dir string) (findings []Finding, src map[string][]string) {
	t.Helper()
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	var with, without bytes.Buffer
	if err := run(options{dir: abs, typedNil: true, patterns: []string{"./..."}}, &with); err != nil {
		t.Fatalf("run -typednil: %v", err)
	}
	if err := run(options{dir: abs, patterns: []string{"./..."}}, &without); err != nil {
		t.Fatalf("run: %v", err)
	}
	var rest bytes.Buffer
	sites := map[Pos]bool{}
	sc := bufio.NewScanner(&with)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if !bytes.HasPrefix(line, []byte(`{"kind":"finding"`)) {
			rest.Write(line)
			rest.WriteByte('\n')
			if bytes.HasPrefix(line, []byte(`{"kind":"site","siteKind":"convert"`)) {
				var site Site
				if err := json.Unmarshal(line, &site); err != nil {
					t.Fatal(err)
				}
				sites[site.Pos] = true
			}
			continue
		}
		var f Finding
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&f); err != nil {
			t.Fatalf("bad finding %s: %v", line, err)
		}
		if f.Related == nil {
			t.Errorf("finding without related array: %s", line)
		}
		findings = append(findings, f)
	}
	if len(sites) == 0 {
		t.Errorf("no convert sites read")
	}
	// A conversion finding sits exactly where the walker reports the conversion's site, so
	// the two records join on position.
	for _, f := range findings {
		if f.Rule != RuleTypedNilCompare && !sites[f.Pos] {
			t.Errorf("finding at %v is at no convert site", f.Pos)
		}
	}
	if !bytes.Equal(rest.Bytes(), without.Bytes()) {
		t.Errorf("-typednil changed records other than findings")
	}
	if bytes.Contains(without.Bytes(), []byte(`"finding"`)) {
		t.Errorf("findings without -typednil")
	}
	src = map[string][]string{}
	for _, f := range findings {
		for _, p := range append([]Pos{f.Pos}, relatedPos(f)...) {
			if _, ok := src[p.File]; !ok {
				b, err := os.ReadFile(p.File)
				if err != nil {
					t.Fatal(err)
				}
				src[p.File] = strings.Split(string(b), "\n")
			}
		}
	}
	return findings, src
}

func relatedPos(f Finding) []Pos {
	var ps []Pos
	for _, r := range f.Related {
		ps = append(ps, r.Pos)
	}
	return ps
}

// at is the source text from a 1-based line and byte column on.
func at(src map[string][]string, p Pos) string {
	lines := src[p.File]
	if p.Line < 1 || p.Line > len(lines) || p.Col < 1 || p.Col > len(lines[p.Line-1])+1 {
		return ""
	}
	return lines[p.Line-1][p.Col-1:]
}

// operandCol is the compiler's column of operand on line (its last whole occurrence before the
// line's comment): its first byte, or the '(' of a call.
func operandCol(line, operand string) int {
	code, _, _ := strings.Cut(line, "//")
	re := regexp.MustCompile(`(^|[^\w.])` + regexp.QuoteMeta(operand) + `($|[^\w])`)
	m := re.FindAllStringSubmatchIndex(code, -1)
	if m == nil {
		return -1
	}
	i := m[len(m)-1][3] // end of the leading group: the operand's start
	if j := strings.Index(operand, "("); j > 0 && strings.HasSuffix(operand, ")") {
		i += j
	}
	return i + 1
}

func TestTypedNilFixture(t *testing.T) {
	findings, src := runTypedNil(t, typedNilFixture)

	// Expectations from the fixture's comments.
	want := map[lineKey]string{}
	affected := map[lineKey]bool{}
	files, _ := filepath.Glob(filepath.Join(typedNilFixture, "*.go"))
	for _, name := range files {
		abs, _ := filepath.Abs(name)
		b, err := os.ReadFile(abs)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			k := lineKey{abs, i + 1}
			if m := wantRE.FindStringSubmatch(line); m != nil {
				want[k] = m[1]
			}
			if strings.HasSuffix(strings.TrimSpace(line), "// affected") {
				affected[k] = true
			}
		}
	}
	if len(want) < 20 {
		t.Fatalf("fixture parsing found only %d want comments", len(want))
	}

	got := map[lineKey]Finding{}
	relatedSeen := map[lineKey]bool{}
	for _, f := range findings {
		k := lineKey{f.Pos.File, f.Pos.Line}
		if old, dup := got[k]; dup {
			t.Errorf("%v: two findings on one line: %s and %s", k, old.Rule, f.Rule)
		}
		got[k] = f
		if f.Generated != (filepath.Base(f.Pos.File) == "generated.go") {
			t.Errorf("%v: generated = %v", k, f.Generated)
		}
		if f.Package != "typednil" || f.Function == "" || f.Concrete == "" || f.Iface == "" || f.NilKind == "" || f.Message == "" {
			t.Errorf("%v: incomplete finding %+v", k, f)
		}
		// The position is the operand's (conversions) or the operator's (comparisons).
		text := at(src, f.Pos)
		if f.Rule == RuleTypedNilCompare {
			if !strings.HasPrefix(text, "==") && !strings.HasPrefix(text, "!=") {
				t.Errorf("%v: compare finding not at an operator: %q", k, text)
			}
		} else if f.Operand == "" || operandCol(src[f.Pos.File][f.Pos.Line-1], f.Operand) != f.Pos.Col {
			t.Errorf("%v: finding at %q, operand %q", k, text, f.Operand)
		}
		if !strings.Contains(f.Message, f.Concrete) || !strings.Contains(f.Message, "data=nil") {
			t.Errorf("%v: message lacks the type or the two words: %s", k, f.Message)
		}
		for _, r := range f.Related {
			rk := lineKey{r.Pos.File, r.Pos.Line}
			relatedSeen[rk] = true
			rtext := at(src, r.Pos)
			if f.Rule == RuleTypedNilCompare {
				if want[rk] == "" || want[rk] == RuleTypedNilCompare {
					t.Errorf("%v: compare's related %v is not a reported conversion", k, rk)
				}
			} else if !strings.HasPrefix(rtext, "==") && !strings.HasPrefix(rtext, "!=") {
				t.Errorf("%v: related %v not at a comparison operator: %q", k, rk, rtext)
			} else if want[rk] != RuleTypedNilCompare && !affected[rk] {
				t.Errorf("%v: related %v is neither a wanted comparison nor marked affected", k, rk)
			}
		}
	}
	var keys []lineKey
	for k := range want {
		keys = append(keys, k)
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	for _, k := range keys {
		w, f := want[k], got[k]
		switch {
		case w == "":
			t.Errorf("%v: unexpected %s: %s", k, f.Rule, f.Message)
		case f.Rule == "":
			t.Errorf("%v: missing %s", k, w)
		case f.Rule != w:
			t.Errorf("%v: got %s, want %s", k, f.Rule, w)
		}
	}
	for k := range affected {
		if !relatedSeen[k] {
			t.Errorf("%v: marked affected but no finding relates it", k)
		}
	}
	// Every wanted comparison is also a related location of its conversion.
	for k, w := range want {
		if w == RuleTypedNilCompare && !relatedSeen[k] {
			t.Errorf("%v: comparison is not a related location of any conversion", k)
		}
	}
}

// The findings name the function as the function records do.
func TestTypedNilFunctionNames(t *testing.T) {
	findings, _ := runTypedNil(t, typedNilFixture)
	names := map[string]bool{}
	for _, f := range findings {
		names[f.Function] = true
	}
	for _, want := range []string{"typednil.ReturnPhi", "typednil.Caller", "typednil.Closure.func1", "typednil.(*Conn).Close", "typednil.init"} {
		if !names[want] {
			t.Errorf("no finding in %s; functions: %v", want, names)
		}
	}
}
