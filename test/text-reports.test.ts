// The text reports are for people: on a real analysis of a small module (a function of another
// package inlined into its callers, functions whose cost per call is unknown, structs whose reorder
// drops a size class or only saves pointer bytes) they put what the user pays first, group sites
// under the function that runs them, and say things once, in good English.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { tempModule } from './module.js';
import { layoutRun } from '../src/pipeline/layout.js';
import { renderLayoutText, rulerText } from '../src/report/layout-text.js';

const bin = resolve(__dirname, '..', 'bin', 'ifacelens.js');

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [bin, ...args, '--no-color'], { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

const files = {
  'lib/lib.go': `package lib

// Box is 24 B: boxing it allocates from the 24-byte size class.
type Box struct {
	A, B int64
	C    bool
}

// NewBox is small enough to be inlined into its callers in other packages.
func NewBox(v int64) any { return Box{A: v} }
`,
  'app/app.go': `package app

import "example.com/m/lib"

var Sink any

// ZKnown runs lib.NewBox's conversion inlined: 24 B per call, known.
func ZKnown(v int64) { Sink = lib.NewBox(v) }

// YBig boxes a 64-byte array: 64 B per call, known.
func YBig(a [8]int64) { Sink = a }

// AMaybe boxes only on one path: its cost per call is unknown.
func AMaybe(b bool, a [3]int64) {
	if b {
		Sink = a
	}
}

// BAtLeast boxes 16 B on every call and 24 B more on one path: unknown, at least 16 B.
func BAtLeast(b bool, p [2]int64, a [3]int64) {
	Sink = p
	if b {
		Sink = a
	}
}

// G is never instantiated: its conversion's cost is unknown.
func G[T any](v T) any { return v }

// CFloats boxes a float64 and an int64: runtime.convT64 is free for each on its own condition.
func CFloats(f float64, n int64) { Sink = f; Sink = n }

// DTwice boxes on two lines of one branch.
func DTwice(b bool, a, c [3]int64) {
	if b {
		Sink = a
		Sink = c
	}
}
`,
  'shapes/shapes.go': `package shapes

// Padded drops from the 24-byte to the 16-byte size class when reordered.
type Padded struct {
	A bool
	B int64
	C bool
}

// Pointers only scans fewer pointer bytes when reordered (32 B either way).
type Pointers struct {
	N    int64
	M    int32
	Name string
}

// Wide is 136 B: a ruler of 17 word cells, labelled 0, 64 and 128.
type Wide struct {
	A [17]int64
}

// Few has one field: one struct type when asked for alone.
type Few struct{ N int64 }

// NotWorth shrinks 44 → 36 B reordered, but both sizes land in the 48-byte size class.
type NotWorth struct {
	A bool
	B int32
	C bool
	D int32
	E bool
	F int32
	G [5]int32
}

var Sink any

func BoxAll(p Padded, q Pointers, w Wide) { Sink = p; Sink = q; Sink = w }
`,
};

/** The text's package sections: header line → its lines. */
function sections(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let cur: string[] | undefined;
  for (const line of text.split('\n')) {
    const h = /^(\S+) {2}\d+ of \d+ sites? allocates?/.exec(line);
    if (h) out.set(h[1], (cur = []));
    else if (cur && line !== '') cur.push(line);
    else if (line === '') cur = undefined;
  }
  return out;
}

/** The "per call:" rows of a section: function name and its two figures. */
function perCall(lines: string[]): { fn: string; bytes: string; allocs: string }[] {
  const i = lines.findIndex((l) => l.trim() === 'per call:');
  return lines.slice(i + 1).map((l) => {
    const m = /^ +(\S+) +(\S+) {2}(\S+)/.exec(l)!;
    return { bytes: m[1], allocs: m[2], fn: m[3] };
  });
}

describe('analyze text on a real analysis', () => {
  let dir: string;
  let text: string;
  let json: {
    sites: {
      function: string;
      functionPackage: string;
      package: string;
      allocates: boolean | null;
      position: { file: string; line: number; column: number };
    }[];
    functions: { function: string; package: string; bytesPerCall: number | null; minBytesPerCall: number }[];
  };
  beforeAll(() => {
    dir = tempModule(files, 'ifacelens-text-');
    text = cli(['analyze', './...'], dir);
    json = JSON.parse(cli(['analyze', '--format', 'json', './...'], dir));
  });

  it('lists known per-call costs first, most bytes first, and unknown ones after them with their reason', () => {
    const app = sections(text).get('example.com/m/app')!;
    const rows = perCall(app);
    // alphabetically the unknown ones (AMaybe, BAtLeast) would come first
    expect(rows.map((r) => r.fn)).toEqual(['YBig', 'ZKnown', 'CFloats', 'BAtLeast', 'AMaybe', 'DTwice', 'G[...]']);
    expect(rows.slice(0, 3).map((r) => [r.bytes, r.allocs])).toEqual([
      ['64', '1'],
      ['24', '1'],
      ['16', '2'],
    ]);
    // an unknown figure shows what every call allocates at least, when that is not nothing
    expect(rows[3]).toMatchObject({ bytes: '≥16', allocs: '≥1' });
    expect(rows.slice(4).map((r) => [r.bytes, r.allocs])).toEqual([
      ['?', '?'],
      ['?', '?'],
      ['?', '?'],
    ]);
    // the reason, each said once
    const row = (fn: string) => app.find((l) => l.includes(`  ${fn}  (`));
    expect(row('AMaybe')).toMatch(/ {2}\(executed conditionally at app\/app\.go:16\)$/);
    expect(row('DTwice')).toMatch(/ {2}\(executed conditionally at app\/app\.go:37, app\/app\.go:38\)$/);
    expect(row('G[...]')).toMatch(/ {2}\(cost unknown at app\/app\.go:29\)$/);
    expect(row('CFloats')).toMatch(/ {2}\(assumes runtime\.convT64 allocates; it does not when its bits are < 256 .* or when value < 256\)$/);
    // the figures are the JSON's (which keeps its own order)
    const atLeast = json.functions.find((f) => f.function === 'example.com/m/app.BAtLeast')!;
    expect([atLeast.bytesPerCall, atLeast.minBytesPerCall]).toEqual([null, 16]);
  });

  it('groups each site under the package of the function that runs it, and says where inlined code came from', () => {
    const s = sections(text);
    const inlined = json.sites.find((x) => x.function === 'example.com/m/app.ZKnown')!;
    expect(inlined).toMatchObject({ package: 'example.com/m/lib', functionPackage: 'example.com/m/app', position: { file: 'lib/lib.go' } });
    const where = `${inlined.position.file}:${inlined.position.line}:${inlined.position.column}`;
    // lib's code inlined into app.ZKnown is app's cost: listed under app, with where it came from
    const app = s.get('example.com/m/app')!;
    const k = app.findIndex((l) => l.includes(` ${where} `));
    expect(k).toBeGreaterThanOrEqual(0);
    expect(app[k + 1]).toMatch(/^ +in ZKnown \(inlined from example\.com\/m\/lib\.NewBox at app\/app\.go:8:\d+\): /);
    // lib's own section has only lib's own function
    const lib = s.get('example.com/m/lib')!;
    expect(lib.filter((l) => /^ +in /.test(l))).toEqual([expect.stringMatching(/^ +in NewBox: /)]);
    // every site shown (those that allocate or may) is in the section of its function's package
    for (const site of json.sites.filter((x) => x.allocates !== false)) {
      const name = site.function.slice(site.functionPackage.length + 1);
      const sec = s.get(site.functionPackage)!;
      expect(
        sec.some((l) => l.trimStart().startsWith(`in ${name}`)),
        site.function,
      ).toBe(true);
    }
  });

  it('counts in good English', () => {
    expect(text).toMatch(/\n14 sites, 13 allocate, 1 unknown \(14 shown; --all for every site\)/);
    const one = tempModule({ 'a.go': 'package m\n\nvar Sink any\n\nfunc F(n int64) { Sink = n }\n' }, 'ifacelens-text-');
    const oneText = cli(['analyze', './...'], one);
    expect(oneText).toMatch(/\nexample\.com\/m {2}1 of 1 site allocates\n/);
    expect(oneText).toMatch(/\n1 site, 1 allocates \(1 shown; --all for every site\)/);
    expect(text).toMatch(/\nexample\.com\/m\/lib {2}1 of 1 site allocates\n/);
    expect(text).toMatch(/\nexample\.com\/m\/app {2}\d+ of \d+ sites allocate, 1 unknown\n/);
  });

  it('names a type without a size when its size is unknown, never "null B"', () => {
    // lib's closure inlined into app: the closure's captures are known to lib's compile only
    const d = tempModule(
      {
        'lib/lib.go': `package lib

type Option interface{ apply(*int) }

type optionFunc func(*int)

func (f optionFunc) apply(p *int) { f(p) }

func ErrorOutput(w int) Option { return optionFunc(func(p *int) { *p = w }) }
`,
        'app/app.go': `package app

import "example.com/m/lib"

var Sink []lib.Option

func Use(w int) { Sink = []lib.Option{lib.ErrorOutput(w)} }
`,
      },
      'ifacelens-text-',
    );
    const out = cli(['analyze', './...'], d);
    expect(out).not.toMatch(/null/);
    expect(out).toMatch(/^ +\? +1 {2}lib\/lib\.go:9:\d+ +runtime\.newobject +heap-move closure$/m);
  });

  it('explain says a cost is unknown, not that nothing is allocated', () => {
    const g = json.sites.find((x) => x.function.startsWith('example.com/m/app.G'))!;
    const out = cli(['explain', `${g.position.file}:${g.position.line}`], dir);
    expect(out).toMatch(/\n {2}cost unknown: generic example\.com\/m\/app\.G\[\.\.\.\] is not instantiated/);
    expect(out).not.toMatch(/no allocation/);
  });
});

describe('layout text on a real analysis', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempModule(files, 'ifacelens-text-');
  });

  it('ranks reorders by what the user pays: a smaller size class first, then fewer pointer bytes, then the rest', async () => {
    const r = await layoutRun({ dir, patterns: ['./...'] });
    const text = renderLayoutText(r, { color: false, all: false });
    const order = [...text.matchAll(/^example\.com\/m\/\w+\.(\w+):/gm)].map((m) => m[1]);
    expect(order.slice(0, 2)).toEqual(['Padded', 'Pointers']);
    expect(order.slice(2).sort()).toEqual(['Box', 'Few', 'NotWorth', 'Wide']); // the rest as the packages declare them
    // said once: per boxed or new'ed object when the struct's size is the object's
    expect(text).toContain("  reorder: 24 → 16 B per boxed or new'ed object\n");
    expect(text).toContain("  reorder for the GC only: it scans 24 → 8 B of each object (32 B per boxed or new'ed object either way)\n");
    expect(text).toContain(
      "  reordering shrinks the struct 44 → 36 B but not its size class (48 B per boxed or new'ed object either way): it pays only in arrays, slices and structs that hold it\n",
    );
    expect(text).not.toMatch(/(\d+ → \d+ B), \1/);
    expect(text).toMatch(
      /\n6 struct types declared in the packages .*; 1 would take a smaller size class when boxed or new'ed, 1 would only have fewer pointer bytes for the GC to scan\n$/,
    );
    // the JSON keeps its verdicts word for word
    const padded = r.types.find((t) => t.name.endsWith('.Padded'))!;
    expect(padded.optimal.verdict).toBe("reorder: 24 → 16 B, 24 → 16 B per boxed or new'ed object");

    // colour by weight: the size class in bold yellow, pointer bytes only in cyan, the rest dim
    const colored = renderLayoutText(r, { color: true, all: false });
    const verdictLine = (name: string) => {
      const lines = colored.split('\n');
      const at = lines.findIndex((l) => l.includes(`.${name}`) && l.includes(': '));
      return lines.slice(at).find((l) => /reorder|optimal/.test(l))!;
    };
    expect(verdictLine('Padded')).toContain('\u001b[1m\u001b[33m');
    expect(verdictLine('Pointers')).toContain('\u001b[36mreorder for the GC only');
    expect(verdictLine('Wide')).toContain('\u001b[2malready optimal');
  });

  it('ruler labels are whole, and one type is one struct type', () => {
    const wide = cli(['layout', '--type', 'Wide', './...'], dir);
    expect(wide).toMatch(/\n {2}0 {7}64 {6}128\n {2}a{17} {2}\(1 cell = 8 B\)\n/);
    expect(rulerText(17, 1)).toBe('0       8       16');
    expect(rulerText(24, 1)).toBe('0       8       16');
    const few = cli(['layout', '--type', 'Few', './...'], dir);
    expect(few).toMatch(/\n1 struct type; no reorder would take a smaller size class or fewer pointer bytes\n$/);
  });
});
