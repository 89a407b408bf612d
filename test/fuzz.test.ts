// Issue 9: a fuzz test of every parser of untrusted input — the compiler's -m=2 and -S output, the
// helper's JSON lines, pprof profiles, `go test -bench` output and the web server's JSON body
// gate — for a fixed time budget each.
//
// Inputs are mostly mutations of real recorded output (testdata/gc/**, testdata/fuzz/**,
// testdata/pgo's profile): byte flips, line deletion, duplication, reordering, truncation, lines
// spliced from another input, grammar tokens inserted, huge numbers, control characters, very long
// lines and deep brackets. The properties are the parsers' contracts: a value of the documented
// shape, or only the documented error type; time roughly linear in the input (no catastrophic
// regex backtracking); output bounded by the input; the gzip limit of parseProfile; determinism.
//
// Each fuzz run draws a fresh random seed; a failure prints it. Replay with FUZZ_SEED=<seed>
// (and FUZZ_PATH=<path> for the shrunk case); FUZZ_SCALE=10 runs each target ten times longer.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { GcflagsMParser, packageHeader, parseGcflagsM, type MParseResult } from '../src/parse/gcflags-m.js';
import { GcflagsAsmParser, parseGcflagsAsm, readInstruction, splitOperands, splitTopLevel, type AsmData, type AsmFunction } from '../src/parse/gcflags-asm.js';
import { parseHelperLine, ProtocolError } from '../src/parse/helper-protocol.js';
import { parseProfile, ProfileFormatError, type ParsedProfile } from '../src/parse/pprof.js';
import { parseBenchLine, parseBenchOutput, type BenchLine } from '../src/parse/go-bench.js';
import { nestingDepth } from '../src/web/server.js';

const root = resolve(__dirname, '..', 'testdata');
const read = (...p: string[]) => readFileSync(join(root, ...p), 'utf8');

// ---------------------------------------------------------------------------------------------
// Budget and harness

const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const PATH = process.env.FUZZ_PATH;
/** Runs of each target, for the log line at the end. */
const runs: Record<string, number> = {};

/** Checks `prop` on random inputs for `ms` milliseconds; fails with fast-check's report (seed and
 *  shrunk counterexample). At least `minRuns` inputs must have been tried. */
function fuzz<T>(name: string, arb: fc.Arbitrary<T>, prop: (v: T) => void, ms: number, minRuns = 20, shrink = true): void {
  const out = fc.check(fc.property(arb, prop), {
    seed: SEED,
    path: PATH,
    numRuns: PATH ? 1 : 1e9,
    interruptAfterTimeLimit: ms * SCALE,
    markInterruptAsFailure: false,
    // shrinking a slow (quadratic) input re-runs it many times: the long-line targets report it as found
    endOnFailure: !shrink,
  });
  runs[name] = out.numRuns;
  if (out.failed) {
    // counterexamples can be 100 KB strings: shorten every long literal of the report
    const report = (fc.defaultReportMessage(out) ?? 'failed').replace(
      /"(?:[^"\\]|\\.){400,}?"/g,
      (q) => `${q.slice(0, 200)}…(${q.length} chars)…${q.slice(-200)}`,
    );
    const cause = out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance);
    throw new Error(`${name}: ${report}\nGot: ${cause.length > 2000 ? `${cause.slice(0, 2000)}…` : cause}`);
  }
  if (!PATH) expect(out.numRuns, `${name}: runs in ${ms} ms`).toBeGreaterThanOrEqual(minRuns);
}

/** Milliseconds one parse of `chars` characters may take: linear, 200 ms at 100 KB. */
const timeLimit = (chars: number) => 40 + chars / 640;

/** Calls `f`, failing when it takes longer than linear time allows. A slow call is measured twice
 *  more and the fastest taken, so that a GC pause or a busy core does not fail the test. */
function timed<R>(what: string, chars: number, f: () => R): R {
  let t0 = performance.now();
  const r = f();
  let best = performance.now() - t0;
  for (let i = 0; i < 2 && best > timeLimit(chars); i++) {
    t0 = performance.now();
    f();
    best = Math.min(best, performance.now() - t0);
  }
  if (best > timeLimit(chars)) throw new Error(`${what}: ${best.toFixed(0)} ms for ${chars} characters (limit ${timeLimit(chars).toFixed(0)} ms)`);
  return r;
}

function check(cond: unknown, msg: string | (() => string)): asserts cond {
  if (!cond) throw new Error(typeof msg === 'string' ? msg : msg());
}

/** Fails naming the first element where two lists of plain values differ. */
function sameList(what: string, got: unknown[], want: unknown[]): void {
  const n = Math.max(got.length, want.length);
  for (let i = 0; i < n; i++) {
    const g = JSON.stringify(got[i]);
    const w = JSON.stringify(want[i]);
    check(g === w, () => `${what}[${i}] (of ${got.length}, want ${want.length}): got ${short(g ?? 'nothing')}, want ${short(w ?? 'nothing')}`);
  }
}

const short = (s: string) => JSON.stringify(s.length > 200 ? `${s.slice(0, 100)}…${s.slice(-100)}` : s);

// ---------------------------------------------------------------------------------------------
// Text mutations: seeds are real recorded outputs

type Mut =
  | { t: 'flip'; at: number; bit: number }
  | { t: 'del'; at: number; n: number }
  | { t: 'dup'; at: number; n: number; times: number }
  | { t: 'swap'; a: number; b: number }
  | { t: 'rev'; at: number; n: number }
  | { t: 'trunc'; at: number }
  | { t: 'splice'; at: number; from: number }
  | { t: 'tok'; at: number; tok: string }
  | { t: 'cut'; at: number; n: number; tok: string }
  | { t: 'num'; at: number; num: string }
  | { t: 'long'; at: number; n: number; times: number }
  | { t: 'deep'; at: number; open: string; n: number; balanced: boolean };

const hugeNumbers = [
  '0',
  '-1',
  '00',
  '2147483648',
  '4294967296',
  '9007199254740993',
  '1'.repeat(30),
  '9'.repeat(400),
  '1e999',
  'NaN',
  '0x7fffffffffffffff',
  '-9223372036854775808',
];
const controls = [
  '\0',
  '\r',
  '\t',
  '\v',
  '\f',
  '\x1b',
  '\x7f',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ud800',
  '\udfff',
  '\u{1F600}',
  ' ',
  '\r\n',
  '\n',
  '\\',
  '"',
];

const mutArb = (dict: string[]): fc.Arbitrary<Mut> => {
  const tok = fc.oneof(fc.constantFrom(...dict), fc.constantFrom(...controls), fc.string({ maxLength: 8, unit: 'binary' }));
  return fc.oneof(
    fc.record({ t: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat({ max: 15 }) }),
    fc.record({ t: fc.constant('del' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 4 }) }),
    fc.record({ t: fc.constant('dup' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 4 }), times: fc.integer({ min: 1, max: 5 }) }),
    fc.record({ t: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
    fc.record({ t: fc.constant('rev' as const), at: fc.nat(), n: fc.integer({ min: 2, max: 12 }) }),
    fc.record({ t: fc.constant('trunc' as const), at: fc.nat() }),
    fc.record({ t: fc.constant('splice' as const), at: fc.nat(), from: fc.nat() }),
    fc.record({ t: fc.constant('tok' as const), at: fc.nat(), tok }),
    fc.record({ t: fc.constant('cut' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 40 }), tok }),
    fc.record({ t: fc.constant('num' as const), at: fc.nat(), num: fc.constantFrom(...hugeNumbers) }),
    fc.record({ t: fc.constant('long' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 30 }), times: fc.integer({ min: 2, max: 3000 }) }),
    fc.record({
      t: fc.constant('deep' as const),
      at: fc.nat(),
      open: fc.constantFrom('[', '(', '{', '[{(', '<'),
      n: fc.integer({ min: 1, max: 5000 }),
      balanced: fc.boolean(),
    }),
  );
};

const closing: Record<string, string> = { '[': ']', '(': ')', '{': '}', '<': '>' };

/** Applies mutations to a text; `pool` is every line of every seed, for splicing. */
function mutate(text: string, muts: Mut[], pool: string[]): string {
  for (const m of muts) {
    const lines = text.split('\n');
    const li = (k: number) => k % Math.max(lines.length, 1);
    const ci = (k: number) => k % (text.length + 1);
    switch (m.t) {
      case 'flip': {
        if (!text) break;
        const i = m.at % text.length;
        text = text.slice(0, i) + String.fromCharCode(text.charCodeAt(i) ^ (1 << m.bit)) + text.slice(i + 1);
        break;
      }
      case 'del':
        lines.splice(li(m.at), m.n);
        text = lines.join('\n');
        break;
      case 'dup': {
        const i = li(m.at);
        const run = lines.slice(i, i + m.n);
        lines.splice(i, 0, ...Array.from({ length: m.times }, () => run).flat());
        text = lines.join('\n');
        break;
      }
      case 'swap': {
        const a = li(m.a),
          b = li(m.b);
        [lines[a], lines[b]] = [lines[b], lines[a]];
        text = lines.join('\n');
        break;
      }
      case 'rev': {
        const i = li(m.at);
        lines.splice(i, m.n, ...lines.slice(i, i + m.n).reverse());
        text = lines.join('\n');
        break;
      }
      case 'trunc':
        text = text.slice(0, ci(m.at));
        break;
      case 'splice':
        lines.splice(li(m.at), 0, pool[m.from % pool.length]);
        text = lines.join('\n');
        break;
      case 'tok': {
        const i = ci(m.at);
        text = text.slice(0, i) + m.tok + text.slice(i);
        break;
      }
      case 'cut': {
        const i = ci(m.at);
        text = text.slice(0, i) + m.tok + text.slice(i + m.n);
        break;
      }
      case 'num': {
        // replace the digit run at or after the position (or insert the number)
        const i = ci(m.at);
        const d = /\d+/.exec(text.slice(i));
        text = d ? text.slice(0, i + d.index) + m.num + text.slice(i + d.index + d[0].length) : text + m.num;
        break;
      }
      case 'long': {
        const i = ci(m.at);
        text = text.slice(0, i) + text.slice(i, i + m.n).repeat(m.times) + text.slice(i);
        break;
      }
      case 'deep': {
        const i = ci(m.at);
        const close = m.balanced
          ? [...m.open]
              .reverse()
              .map((c) => closing[c])
              .join('')
              .repeat(m.n)
          : '';
        text = text.slice(0, i) + m.open.repeat(m.n) + close + text.slice(i);
        break;
      }
    }
  }
  return text;
}

interface TextCase {
  seed: number;
  start: number;
  len: number;
  whole: boolean;
  muts: Mut[];
}

const textCaseArb = (seeds: string[], dict: string[]): fc.Arbitrary<TextCase> =>
  fc.record({
    seed: fc.nat({ max: seeds.length - 1 }),
    start: fc.nat(),
    len: fc.integer({ min: 1, max: 300 }),
    // now and then the whole recorded output, not a window of it
    whole: fc.nat({ max: 15 }).map((k) => k === 0),
    muts: fc.array(mutArb(dict), { maxLength: 10 }),
  });

function buildText(c: TextCase, seeds: string[], pool: string[]): string {
  const lines = seeds[c.seed].split('\n');
  const start = c.start % lines.length;
  const base = c.whole ? seeds[c.seed] : lines.slice(start, start + c.len).join('\n');
  return mutate(base, c.muts, pool);
}

/** One very long line (50–130 KB): a prefix, a fragment repeated, a suffix — each from seed lines and
 *  grammar tokens — the shape that makes backtracking regular expressions quadratic. */
const longLineArb = (pool: string[], dict: string[]) => {
  const piece = fc.oneof(
    fc.constantFrom(...dict),
    fc.constantFrom(...controls),
    fc.record({ line: fc.nat(), a: fc.nat(), n: fc.integer({ min: 1, max: 60 }) }).map(({ line, a, n }) => {
      const l = pool[line % pool.length];
      const i = a % (l.length + 1);
      return l.slice(i, i + n);
    }),
  );
  return fc
    .record({
      prefix: fc.array(piece, { maxLength: 3 }).map((p) => p.join('')),
      fragment: fc
        .array(piece, { minLength: 1, maxLength: 3 })
        .map((p) => p.join(''))
        .filter((f) => f.length > 0),
      suffix: fc.array(piece, { maxLength: 3 }).map((p) => p.join('')),
      size: fc.integer({ min: 50_000, max: 130_000 }),
    })
    .map(({ prefix, fragment, suffix, size }) => prefix + fragment.repeat(Math.ceil(size / fragment.length)) + suffix);
};

// ---------------------------------------------------------------------------------------------
// Seeds

const gcDir = join(root, 'gc', 'go1.26');
const m2S = read('gc', 'go1.26', 'gcsample.m2S.txt');
const mSeeds = [m2S, read('fuzz', 'm2-extra.txt')];
const asmSeeds = [
  m2S,
  ...readdirSync(gcDir)
    .filter((f) => /^calls\..*\.S\.txt$/.test(f))
    .sort()
    .map((f) => read('gc', 'go1.26', f)),
];
const textPool = [...new Set([...mSeeds, ...asmSeeds].flatMap((s) => s.split('\n')))];
const helperSeeds = read('fuzz', 'helper.jsonl').split('\n').filter(Boolean);
const benchSeeds = [read('fuzz', 'bench.txt'), read('fuzz', 'bench-cpu1.txt')];
const profileSeedsGz = [readFileSync(join(root, 'pgo', 'cmd', 'app', 'default.pgo')), readFileSync(join(root, 'fuzz', 'allocs.pb.gz'))];
const profileSeeds = profileSeedsGz.map((b) => new Uint8Array(gunzipSync(b)));

/** Tokens of the -m=2 grammar and its near misses. */
const mDict = [
  '# ',
  '# example.com/m [example.com/m.test]',
  ': ',
  ':',
  ':1:',
  ':12:7: ',
  '<autogenerated>:1: ',
  './a.go:',
  '  flow: ',
  '    from ',
  ' escapes to heap',
  ' escapes to heap in ',
  ' escapes to heap:',
  ' does not escape',
  'moved to heap: ',
  'parameter ',
  ' leaks to ',
  ' for ',
  ' with derefs=',
  '-1:',
  'leaking param: ',
  'leaking param content: ',
  'inlining call to ',
  'can inline ',
  ' with cost ',
  ' as: ',
  'cannot inline ',
  'convert: using global for interface value: ',
  'convert: using stack temporary for interface value: ',
  'devirtualizing ',
  'partially devirtualizing ',
  'PGO devirtualizing interface call ',
  ' capturing by value: ',
  ' capturing by ref: ',
  ' (addr=false assign=false width=8)',
  ' (addr=',
  'warning: truncated explanation',
  'syntax error',
  'undefined: x',
  '[',
  ']',
  'go.shape.struct { A int; B int }',
  '__proto__',
  'constructor',
];
/** Tokens of the -S grammar. */
const asmDict = [
  '# ',
  ' STEXT ',
  ' STEXTFIPS ',
  ' STEXT size=',
  'size=',
  ' size=99 args=0x8',
  ' SRODATA ',
  ' SRODATA dupok size=16',
  ' SNOPTRDATA ',
  '\t0x0000 00000 (',
  '\t0x',
  '\t0xffff ',
  '\t0x0010 ',
  ' 00 ',
  '00 ff ',
  'a.go:1)',
  ':19)\t',
  ')\t',
  '\tCALL\t',
  '\tCALL\t',
  '\tBL\t',
  '\tJAL\t',
  'X1, ',
  'X0, ',
  '\tJALR\t',
  '\tBCL\t$20, CR0LT, $1, LR',
  '\tMOVD\t',
  '\tLEAQ\t',
  'runtime.convT64(SB)',
  '$type:int(SB)',
  'go:itab.*os.File,io.Writer(SB)',
  'TOC.',
  '(SB)',
  '+8(SB)',
  '-16',
  ', ',
  ',',
  'AX',
  'R3',
  '(R1)',
  '\trel ',
  '\trel 0+8 t=R_ADDR ',
  't=R_ADDR ',
  '+0',
  '+-1',
  '..stmp_1',
  '..typeAssert.0',
  '[',
  ']',
  '{',
  '}',
  '(',
  ')',
  '\tTEXT\t',
  '\tFUNCDATA\t',
  '\tPCDATA\t',
];
const benchDict = [
  'Benchmark',
  'BenchmarkX',
  '-8',
  '-0',
  ' ',
  '\t',
  '100',
  ' ns/op',
  ' B/op',
  ' allocs/op',
  ' mallocs/op',
  '1.5',
  '-',
  '+',
  '.',
  'e',
  'E',
  '1e308',
  '1e400',
  '.e',
  '__proto__',
  'constructor',
  'toString',
  'NaN',
  'Inf',
  'PASS',
  'ok  \texample.com/m\t0.01s',
];

// ---------------------------------------------------------------------------------------------
// gcflags-m

const mKinds = new Set(['escape', 'moved', 'leak', 'inline-call', 'inlinable', 'convert', 'devirtualize', 'capture']);
const decisions = new Set(['zero-sized', 'single-byte', 'small-int', 'zero-value', 'global', 'stack']);
const isCount = (n: unknown) => typeof n === 'number' && n >= 0; // not NaN, not negative
const isStr = (s: unknown, max: number) => typeof s === 'string' && s.length <= max;

/** The documented shape of MParseResult, and its size bound: each input line gives at most one
 *  record, one flow step, one unrecognized line or one error. */
function checkM(res: MParseResult, text: string): void {
  const lines = text.split('\n');
  const longest = lines.reduce((n, l) => Math.max(n, l.length), 0);
  const headers = new Set(lines.filter((l) => l.startsWith('# ')).map((l) => packageHeader(l)));
  const pkgs = new Set(['', ...[...headers].map((h) => h.pkg)]);
  check(Array.isArray(res.records) && Array.isArray(res.unrecognized) && Array.isArray(res.errors), 'result arrays');
  let out = res.unrecognized.length + res.errors.length;
  const lineSet = new Set(lines);
  for (const l of [...res.unrecognized, ...res.errors]) check(lineSet.has(l), () => `reported line not in the input: ${short(l)}`);
  for (const r of res.records) {
    const bad = () => `bad ${r.kind} record ${short(JSON.stringify(r))}`;
    check(mKinds.has(r.kind), bad);
    check(pkgs.has(r.pkg), bad);
    check(r.variant === undefined || (isStr(r.variant, longest) && r.variant.length > 0), bad);
    check(isStr(r.pos.file, longest) && r.pos.file.length > 0 && isCount(r.pos.line) && isCount(r.pos.col), bad);
    out++;
    switch (r.kind) {
      case 'escape':
        check(isStr(r.subject, longest) && typeof r.escapes === 'boolean' && (r.func === undefined || isStr(r.func, longest)), bad);
        check(Array.isArray(r.flow) && r.flow.every((f) => isStr(f, longest)), bad);
        out += r.flow.length;
        break;
      case 'moved':
        check(isStr(r.name, longest) && (r.func === undefined || isStr(r.func, longest)), bad);
        check(Array.isArray(r.flow) && r.flow.every((f) => isStr(f, longest)), bad);
        out += r.flow.length;
        break;
      case 'leak':
        check(isStr(r.text, longest), bad);
        break;
      case 'inline-call':
        check(isStr(r.callee, longest), bad);
        break;
      case 'inlinable':
        check(isStr(r.func, longest) && r.func.length > 0 && typeof r.can === 'boolean', bad);
        check(r.can ? r.cost === undefined || isCount(r.cost) : isStr(r.reason, longest), bad);
        break;
      case 'convert':
        check(decisions.has(r.decision) && isStr(r.sym, longest), bad);
        break;
      case 'devirtualize':
        check(isStr(r.text, longest) && (r.pgo === undefined || r.pgo === true), bad);
        break;
      case 'capture':
        check(isStr(r.func, longest) && isStr(r.name, longest) && r.name.length > 0 && typeof r.byValue === 'boolean' && isCount(r.width), bad);
        break;
    }
  }
  check(out <= lines.length, () => `${out} outputs from ${lines.length} lines`);
}

describe('fuzz: gcflags -m=2 parser', () => {
  const seedResults = mSeeds.map((s) => parseGcflagsM(s));

  it('parses the recorded outputs to records of the documented shape', () => {
    for (const [i, s] of mSeeds.entries()) {
      checkM(seedResults[i], s);
      expect(seedResults[i].unrecognized).toEqual([]);
      expect(seedResults[i].errors).toEqual([]);
    }
    // the extra seed covers the forms the gcsample build does not print
    const kinds = new Set(seedResults.flatMap((r) => r.records.map((x) => x.kind)));
    expect([...kinds].sort()).toEqual([...mKinds].sort());
    expect(seedResults[1].records.some((r) => r.variant)).toBe(true);
  });

  it('mutated recorded output: documented shape, bounded output, linear time', () => {
    fuzz(
      'gcflags-m mutations',
      textCaseArb(mSeeds, mDict),
      (c) => {
        const text = buildText(c, mSeeds, textPool);
        const res = timed('parseGcflagsM', text.length, () => parseGcflagsM(text));
        checkM(res, text);
        // deterministic: a second parser reads the same
        expect(parseGcflagsM(text)).toEqual(res);
      },
      2200,
    );
  });

  it('very long lines: linear time', () => {
    fuzz(
      'gcflags-m long lines',
      longLineArb(textPool, mDict),
      (line) => {
        for (const text of [line, `./a.go:1:2: ${line}`])
          checkM(
            timed('parseGcflagsM', text.length, () => parseGcflagsM(text)),
            text,
          );
      },
      1500,
      5,
      false,
    );
  });

  it('packages are independent: parse(A + B) = parse(A) ++ parse(B) when B starts with a header', () => {
    fuzz(
      'gcflags-m concatenation',
      fc.tuple(textCaseArb(mSeeds, mDict), textCaseArb(mSeeds, mDict), fc.constantFrom('# example.com/q', '# example.com/m [example.com/m.test]')),
      ([a, b, h]) => {
        const A = buildText(a, mSeeds, textPool);
        const B = `${h}\n${buildText(b, mSeeds, textPool)}`;
        const ra = parseGcflagsM(A);
        const rb = parseGcflagsM(B);
        const rab = parseGcflagsM(`${A}\n${B}`);
        sameList('records', rab.records, [...ra.records, ...rb.records]);
        sameList('unrecognized', rab.unrecognized, [...ra.unrecognized, ...rb.unrecognized]);
        sameList('errors', rab.errors, [...ra.errors, ...rb.errors]);
      },
      1000,
    );
  });

  it('packageHeader: the import path and the variant, nothing lost', () => {
    const word = fc.string({ minLength: 1, maxLength: 20, unit: 'binary' });
    fuzz(
      'packageHeader',
      fc.oneof(
        fc.tuple(word, word).map(([p, v]) => `# ${p} [${v}]`),
        word.map((s) => `# ${s}`),
        fc.constantFrom(...textPool.filter((l) => l.startsWith('# '))),
      ),
      (line) => {
        const h = packageHeader(line);
        const rest = line.slice(2).trim();
        check(typeof h.pkg === 'string', 'pkg');
        if (h.variant === undefined) check(h.pkg === rest, () => `pkg ${short(h.pkg)} of ${short(line)}`);
        else check(`${h.pkg} [${h.variant}]` === rest && !/\s/.test(h.pkg) && h.variant.length > 0, () => `header ${short(line)}`);
      },
      300,
    );
    expect(packageHeader('# example.com/m [example.com/m.test]')).toEqual({ pkg: 'example.com/m', variant: 'example.com/m.test' });
    expect(packageHeader('# example.com/m')).toEqual({ pkg: 'example.com/m' });
  });

  it('reads the recorded outputs as before the fuzzing (no state shared between parsers)', () => {
    for (const [i, s] of mSeeds.entries()) expect(parseGcflagsM(s)).toEqual(seedResults[i]);
    const p = new GcflagsMParser();
    for (const l of mSeeds[0].split('\n')) p.line(l);
    expect(p.result()).toEqual(seedResults[0]);
  });
});

// ---------------------------------------------------------------------------------------------
// gcflags-asm

const registerRe = /^[A-Z][A-Z0-9_]*$/;

function checkAsm(fns: AsmFunction[], data: AsmData[], text: string, keepText: boolean): void {
  const lines = text.split('\n');
  const longest = lines.reduce((n, l) => Math.max(n, l.length), 0);
  const instrLines = lines.filter((l) => l.startsWith('\t0x')).length;
  let refs = 0;
  let texts = 0;
  for (const f of fns) {
    const bad = () => `bad function ${short(JSON.stringify({ ...f, refs: f.refs.length, text: f.text?.length }))}`;
    check(typeof f.pkg === 'string' && isStr(f.name, longest) && f.name.length > 0 && !/^\s/.test(f.name) && isCount(f.size), bad);
    check(f.variant === undefined || (typeof f.variant === 'string' && f.variant.length > 0), bad);
    check(f.textPos === undefined || (isStr(f.textPos.file, longest) && isCount(f.textPos.line)), bad);
    check(keepText ? Array.isArray(f.text) && f.text.every((t) => isStr(t, longest)) : f.text === undefined, bad);
    texts += f.text?.length ?? 0;
    for (const r of f.refs) {
      check(isStr(r.file, longest) && r.file.length > 0 && isCount(r.line) && isCount(r.offset), () => `bad ref ${short(JSON.stringify(r))}`);
      check(
        isStr(r.op, longest) && r.op.length > 0 && !/\s/.test(r.op) && typeof r.call === 'boolean' && isStr(r.sym, longest),
        () => `bad ref ${short(JSON.stringify(r))}`,
      );
    }
    refs += f.refs.length;
  }
  check(
    fns.length <= lines.length && refs <= instrLines && texts <= instrLines,
    () => `${fns.length} functions, ${refs} refs, ${texts} text lines from ${lines.length} lines`,
  );
  if (!keepText) check(data.length === 0, 'data symbols without keepText');
  let present = 0;
  for (const d of data) {
    const bad = () => `bad data symbol ${short(JSON.stringify({ ...d, bytes: d.bytes.length }))}`;
    check(isStr(d.name, longest) && d.name.length > 0 && /^S[A-Z]+$/.test(d.kind) && isCount(d.size), bad);
    // a listing's offsets are 0x%04x: at most 0xffff + one line of bytes; entries are bytes
    check(d.bytes.length <= 0x10000 + longest, bad);
    d.bytes.forEach((b) => {
      present++;
      check(Number.isInteger(b) && b >= 0 && b <= 255, bad);
    });
    for (const r of d.relocs)
      check(
        isCount(r.offset) &&
          isCount(r.size) &&
          typeof r.type === 'string' &&
          typeof r.sym === 'string' &&
          r.sym.length > 0 &&
          typeof r.add === 'number' &&
          !Number.isNaN(r.add),
        bad,
      );
  }
  check(data.length <= lines.length && present <= text.length, () => `${data.length} data symbols, ${present} bytes from ${text.length} characters`);
}

function parseAsm(text: string, keepText: boolean): { fns: AsmFunction[]; data: AsmData[] } {
  const p = new GcflagsAsmParser(keepText);
  for (const l of text.split('\n')) p.line(l);
  return { fns: p.result(), data: p.dataSymbols() };
}

describe('fuzz: gcflags -S parser', () => {
  const seedResults = asmSeeds.map((s) => parseAsm(s, true));

  it('parses the recorded outputs to functions of the documented shape', () => {
    for (const [i, s] of asmSeeds.entries()) {
      checkAsm(seedResults[i].fns, seedResults[i].data, s, true);
      expect(seedResults[i].fns.length).toBeGreaterThan(3);
      expect(parseGcflagsAsm(s)).toEqual(seedResults[i].fns.map(({ text: _, ...f }) => f));
    }
  });

  it('mutated recorded output: documented shape, bounded output, linear time', () => {
    fuzz(
      'gcflags-asm mutations',
      fc.tuple(textCaseArb(asmSeeds, asmDict), fc.boolean()),
      ([c, keepText]) => {
        const text = buildText(c, asmSeeds, textPool);
        const { fns, data } = timed('GcflagsAsmParser', text.length, () => parseAsm(text, keepText));
        checkAsm(fns, data, text, keepText);
        expect(parseAsm(text, keepText)).toEqual({ fns, data });
      },
      2200,
    );
  });

  it('very long lines: linear time', () => {
    fuzz(
      'gcflags-asm long lines',
      longLineArb(textPool, asmDict),
      (line) => {
        for (const text of [
          line,
          `f STEXT size=1\n\t0x0000 00000 (a.go:1)\tCALL\t${line}`,
          `f STEXT size=1\n\t0x0000 00000 (${line}`,
          `d SRODATA size=1\n\t${line}`,
        ]) {
          const { fns, data } = timed('GcflagsAsmParser', text.length, () => parseAsm(text, true));
          checkAsm(fns, data, text, true);
        }
      },
      1500,
      5,
      false,
    );
  });

  it('packages are independent: parse(A + B) = parse(A) ++ parse(B) when B starts with a header', () => {
    fuzz(
      'gcflags-asm concatenation',
      fc.tuple(textCaseArb(asmSeeds, asmDict), textCaseArb(asmSeeds, asmDict)),
      ([a, b]) => {
        const A = buildText(a, asmSeeds, textPool);
        const B = `# example.com/q\n${buildText(b, asmSeeds, textPool)}`;
        const ra = parseAsm(A, true);
        const rb = parseAsm(B, true);
        const rab = parseAsm(`${A}\n${B}`, true);
        sameList('functions', rab.fns, [...ra.fns, ...rb.fns]);
        sameList('data symbols', rab.data, [...ra.data, ...rb.data]);
      },
      1000,
    );
  });

  it('splitTopLevel / splitOperands: trimmed parts, in order, split only outside brackets', () => {
    const balanced: fc.Arbitrary<string> = fc.letrec((tie) => ({
      s: fc
        .array(
          fc.oneof(
            { weight: 4, arbitrary: fc.constantFrom('a', 'go.shape.int', ' ', ',', ', ', ';', '*', '$', '(SB)', 'R1', '\t', '"', '\\') },
            { weight: 1, arbitrary: fc.tuple(fc.constantFrom('[]', '()', '{}'), tie('s')).map(([b, s]) => `${b[0]}${s}${b[1]}`) },
          ),
          { maxLength: 6 },
        )
        .map((p) => p.join('')),
    })).s as fc.Arbitrary<string>;
    fuzz(
      'splitTopLevel',
      fc.tuple(balanced, balanced, fc.constantFrom(', ', ','), fc.string({ maxLength: 30, unit: 'binary' })),
      ([a, b, sep, junk]) => {
        for (const text of [a, junk, `${a}${junk}`]) {
          const parts = timed('splitTopLevel', text.length, () => splitTopLevel(text, sep));
          let from = 0;
          for (const p of parts) {
            check(p.length > 0 && p === p.trim(), () => `part ${short(p)} of ${short(text)}`);
            const at = text.indexOf(p, from);
            check(at >= 0, () => `part ${short(p)} not in order in ${short(text)}`);
            from = at + p.length;
          }
          if (!/[[\](){}]/.test(text))
            expect(parts).toEqual(
              text
                .split(sep)
                .map((p) => p.trim())
                .filter(Boolean),
            );
        }
        // a separator between two balanced texts splits there and nowhere inside brackets
        expect(splitTopLevel(`${a}${sep}${b}`, sep)).toEqual([...splitTopLevel(a, sep), ...splitTopLevel(b, sep)]);
        expect(splitOperands(`[${a}${sep}${b}]`)).toEqual([`[${a}${sep}${b}]`.trim()]);
      },
      700,
    );
  });

  it('readInstruction: the operands, a symbol of one of them, a register destination', () => {
    const operand = fc.oneof(
      fc.constantFrom('AX', 'R3', 'X0', 'X1', 'LR', 'CTR', 'ZERO', '(R1)', '$20', 'CR0LT', '$-16', '8(SP)', ''),
      fc
        .constantFrom(...['runtime.convT64', 'go:itab.*os.File,io.Writer', 'type:int', 'p.G[go.shape.struct { A int; B int }]', 'x..stmp_0'])
        .chain((s) => fc.constantFrom(`${s}(SB)`, `$${s}(SB)`, `TOC.${s}(SB)`, `${s}+8(SB)`, `$${s}-16(SB)`)),
      fc.string({ maxLength: 12, unit: 'binary' }),
    );
    fuzz(
      'readInstruction',
      fc.tuple(
        fc.constantFrom('CALL', 'CALLL', 'BL', 'Call', 'CallIndirect', 'JAL', 'JALR', 'BCL', 'MOVD', 'LEAQ', 'MOVQ', 'TEXT', ''),
        fc.array(operand, { maxLength: 5 }),
      ),
      ([op, ops]) => {
        const args = ops.join(', ');
        const ins = timed('readInstruction', args.length, () => readInstruction(op, args));
        expect(ins.operands).toEqual(splitOperands(args));
        check(typeof ins.call === 'boolean' && typeof ins.immediate === 'boolean', 'flags');
        if (['CALL', 'CALLL', 'BL', 'Call', 'CallIndirect'].includes(op)) check(ins.call, `${op} is a call`);
        if (ins.sym !== undefined) {
          const o = ins.operands.find((o) => o.endsWith('(SB)') && o.includes(ins.sym!) && o.startsWith('$') === ins.immediate);
          check(o !== undefined && ins.sym.length > 0, () => `sym ${short(ins.sym!)} of ${short(args)}`);
        } else check(!ins.immediate, 'immediate without a symbol');
        if (ins.dest !== undefined)
          check(!ins.call && ins.dest === ins.operands[ins.operands.length - 1] && registerRe.test(ins.dest), () => `dest ${ins.dest} of ${short(args)}`);
      },
      700,
    );
  });

  it('reads the recorded outputs as before the fuzzing', () => {
    for (const [i, s] of asmSeeds.entries()) expect(parseAsm(s, true)).toEqual(seedResults[i]);
  });
});

// ---------------------------------------------------------------------------------------------
// helper records

const posOk = (p: unknown) => {
  const q = p as { file?: unknown; line?: unknown; col?: unknown };
  return !!q && typeof q.file === 'string' && typeof q.line === 'number' && typeof q.col === 'number';
};

/** What parseHelperLine validates (docs/helper-protocol.md; "validated once, at the boundary"). */
function checkHelperRecord(r: Record<string, unknown>): void {
  const bad = () => `accepted ${short(JSON.stringify(r))}`;
  check(typeof r === 'object' && r !== null && !Array.isArray(r) && typeof r.kind === 'string', bad);
  switch (r.kind) {
    case 'header':
      check(typeof r.protocol === 'number', bad);
      break;
    case 'site':
      check(typeof r.siteKind === 'string' && typeof r.function === 'string' && posOk(r.pos), bad);
      break;
    case 'function':
      check(typeof r.name === 'string' && typeof r.file === 'string', bad);
      break;
    case 'package':
      check(typeof r.path === 'string', bad);
      break;
    case 'loadError':
      check(typeof r.msg === 'string', bad);
      break;
  }
}

type JsonMut = { path: number[]; op: 'delete' | 'replace' | 'wrap' | 'retype'; value: unknown };

/** Structural mutations of a JSON record: delete, replace, wrap or retype the value at a path. */
function mutateJson(v: unknown, m: JsonMut): unknown {
  if (m.path.length === 0 || v === null || typeof v !== 'object') {
    switch (m.op) {
      case 'delete':
        return undefined;
      case 'replace':
        return m.value;
      case 'wrap':
        return [v];
      case 'retype':
        return typeof v === 'string' ? Number(v) || 0 : typeof v === 'number' ? String(v) : typeof v === 'boolean' ? Number(v) : v === null ? {} : String(v);
    }
  }
  const o = (Array.isArray(v) ? [...v] : { ...(v as object) }) as Record<string | number, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 0) return m.op === 'replace' ? m.value : v;
  const k = keys[m.path[0] % keys.length];
  const nv = mutateJson(o[k], { ...m, path: m.path.slice(1) });
  if (nv === undefined) {
    if (Array.isArray(o)) (o as unknown[]).splice(Number(k), 1);
    else delete o[k];
  } else o[k] = nv;
  return o;
}

/** Deep equality of two JSON values, without recursion (records may be nested 100 000 deep). */
function sameJson(a: unknown, b: unknown): boolean {
  const stack: [unknown, unknown][] = [[a, b]];
  while (stack.length) {
    const [x, y] = stack.pop()!;
    if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') {
      if (!Object.is(x, y)) return false;
      continue;
    }
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    const kx = Object.keys(x),
      ky = Object.keys(y);
    if (kx.length !== ky.length) return false;
    for (const k of kx) {
      if (!Object.hasOwn(y, k)) return false;
      stack.push([(x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]]);
    }
  }
  return true;
}

describe('fuzz: helper protocol records', () => {
  it('accepts every recorded record kind as is', () => {
    const kinds = new Set<string>();
    for (const l of helperSeeds) {
      const r = parseHelperLine(l);
      expect(r).toEqual(JSON.parse(l));
      kinds.add(r.kind === 'site' ? `site:${r.siteKind}` : r.kind);
    }
    expect(kinds.size).toBe(18);
  });

  it('mutated records: the record as sent, validated, or a ProtocolError', () => {
    const jsonMut = fc.record({
      path: fc.array(fc.nat(), { maxLength: 4 }),
      op: fc.constantFrom('delete', 'replace', 'wrap', 'retype') as fc.Arbitrary<JsonMut['op']>,
      value: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(1e308, -0, 2 ** 53 + 2, '', '__proto__', null)),
    });
    const input = fc.oneof(
      // structural: a record with fields deleted, replaced, wrapped or of another type
      {
        weight: 20,
        arbitrary: fc.tuple(fc.constantFrom(...helperSeeds), fc.array(jsonMut, { minLength: 1, maxLength: 4 }), fc.nat({ max: 2 })).map(([l, ms, indent]) => {
          let v: unknown = JSON.parse(l);
          for (const m of ms) v = mutateJson(v, m) ?? null;
          return JSON.stringify(v, null, indent) ?? 'undefined';
        }),
      },
      // textual: the generic mutations of a run of records
      {
        weight: 20,
        arbitrary: fc
          .tuple(
            textCaseArb(
              [helperSeeds.join('\n')],
              ['{', '}', '[', ']', '"', ':', ',', '"kind":', '"kind":"site"', '\\u0000', '\\', 'null', '1e999', '-', '"__proto__":{}', 'true'],
            ),
            fc.nat(),
          )
          .map(([c, k]) => {
            const ls = buildText(c, [helperSeeds.join('\n')], helperSeeds).split('\n');
            return ls[k % ls.length];
          }),
      },
      // arbitrary JSON values and strings
      { weight: 10, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
      { weight: 10, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
      // deep nesting (rarely: each costs milliseconds)
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 200_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`) },
      {
        weight: 1,
        arbitrary: fc
          .integer({ min: 1, max: 100_000 })
          .map((n) => `{"kind":"site","siteKind":"convert","function":"f","pos":{"file":"a","line":1,"col":1},"x":${'['.repeat(n)}${']'.repeat(n)}}`),
      },
    );
    fuzz(
      'parseHelperLine',
      input,
      (line) => {
        let r: ReturnType<typeof parseHelperLine>;
        try {
          r = timed('parseHelperLine', line.length, () => parseHelperLine(line));
        } catch (e) {
          check(e instanceof ProtocolError, () => `threw ${(e as Error)?.constructor?.name}: ${(e as Error)?.message} for ${short(line)}`);
          check(e.message.startsWith('helper: ') && e.message.length <= 200, () => `message ${short(e.message)}`);
          return;
        }
        checkHelperRecord(r as unknown as Record<string, unknown>);
        // the record is the JSON value as sent: nothing added, nothing dropped
        check(sameJson(r, JSON.parse(line)), () => `record differs from its line ${short(line)}`);
      },
      1800,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// pprof

/** Top-level protobuf fields of `b`, or undefined when it does not split into fields. */
function pbFields(b: Uint8Array): { wt: number; start: number; tagEnd: number; body: number; end: number }[] | undefined {
  const out = [];
  let i = 0;
  const varint = () => {
    let v = 0;
    for (let s = 0; s < 64; s += 7) {
      if (i >= b.length) return -1;
      const c = b[i++];
      v += (c & 0x7f) * 2 ** s;
      if (c < 0x80) return v;
    }
    return -1;
  };
  while (i < b.length) {
    const start = i;
    const tag = varint();
    if (tag < 0) return undefined;
    const wt = tag % 8;
    const tagEnd = i;
    let body = i;
    if (wt === 0) {
      if (varint() < 0) return undefined;
    } else if (wt === 1) i += 8;
    else if (wt === 5) i += 4;
    else if (wt === 2) {
      const n = varint();
      if (n < 0) return undefined;
      body = i;
      i += n;
    } else return undefined;
    if (i > b.length) return undefined;
    out.push({ wt, start, tagEnd, body, end: i });
  }
  return out;
}

const varintBytes = (v: bigint): number[] => {
  const out = [];
  let x = BigInt.asUintN(64, v);
  do {
    out.push(Number(x & 0x7fn) | (x > 0x7fn ? 0x80 : 0));
    x >>= 7n;
  } while (x > 0n);
  return out;
};

type PbMut =
  | { t: 'flip'; at: number; bit: number }
  | { t: 'bytes'; at: number; bytes: Uint8Array }
  | { t: 'cut'; at: number; n: number }
  | { t: 'trunc'; at: number }
  | { t: 'dupRange'; at: number; n: number; times: number }
  | { t: 'dropField'; f: number; depth: number }
  | { t: 'dupField'; f: number; depth: number; times: number }
  | { t: 'setVarint'; f: number; depth: number; v: bigint };

const pbMutArb: fc.Arbitrary<PbMut> = fc.oneof(
  fc.record({ t: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat({ max: 7 }) }),
  fc.record({ t: fc.constant('bytes' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 12 }) }),
  fc.record({ t: fc.constant('cut' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ t: fc.constant('trunc' as const), at: fc.nat() }),
  fc.record({ t: fc.constant('dupRange' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 64 }), times: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ t: fc.constant('dropField' as const), f: fc.nat(), depth: fc.nat({ max: 2 }) }),
  fc.record({ t: fc.constant('dupField' as const), f: fc.nat(), depth: fc.nat({ max: 2 }), times: fc.integer({ min: 1, max: 20 }) }),
  fc.record({
    t: fc.constant('setVarint' as const),
    f: fc.nat(),
    depth: fc.nat({ max: 2 }),
    v: fc.oneof(
      fc.constantFrom(0n, 1n, 2n, 7n, 127n, 128n, 2n ** 31n, 2n ** 32n, 2n ** 53n + 1n, 2n ** 63n - 1n, 2n ** 64n - 1n, -1n, -(2n ** 63n)),
      fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
    ),
  }),
);

/** Applies one field-level mutation to the `f`-th varint/length-delimited field, `depth` messages down. */
function mutateField(b: Uint8Array, m: Extract<PbMut, { f: number }>): Uint8Array {
  const fields = pbFields(b);
  if (!fields || fields.length === 0) return b;
  const fd = fields[m.f % fields.length];
  if (m.depth > 0 && fd.wt === 2) {
    const inner = mutateField(b.subarray(fd.body, fd.end), { ...m, depth: m.depth - 1, f: Math.floor(m.f / fields.length) });
    return cat(b.subarray(0, fd.tagEnd), varintBytes(BigInt(inner.length)), inner, b.subarray(fd.end));
  }
  switch (m.t) {
    case 'dropField':
      return cat(b.subarray(0, fd.start), b.subarray(fd.end));
    case 'dupField':
      return cat(b.subarray(0, fd.end), ...Array.from({ length: m.times }, () => b.subarray(fd.start, fd.end)), b.subarray(fd.end));
    case 'setVarint': {
      if (fd.wt !== 0) return b;
      return cat(b.subarray(0, fd.tagEnd), varintBytes(m.v), b.subarray(fd.end));
    }
  }
}

const cat = (...parts: (Uint8Array | number[])[]): Uint8Array =>
  new Uint8Array(Buffer.concat(parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p)))));

function mutatePb(b: Uint8Array, muts: PbMut[]): Uint8Array {
  for (const m of muts) {
    const at = (k: number) => k % (b.length + 1);
    switch (m.t) {
      case 'flip':
        if (b.length) {
          b = Uint8Array.from(b);
          b[m.at % b.length] ^= 1 << m.bit;
        }
        break;
      case 'bytes': {
        const i = at(m.at);
        b = cat(b.subarray(0, i), m.bytes, b.subarray(i));
        break;
      }
      case 'cut': {
        const i = at(m.at);
        b = cat(b.subarray(0, i), b.subarray(i + m.n));
        break;
      }
      case 'trunc':
        b = b.subarray(0, at(m.at));
        break;
      case 'dupRange': {
        const i = at(m.at);
        const r = b.subarray(i, i + m.n);
        b = cat(b.subarray(0, i), ...Array.from({ length: m.times }, () => r), b.subarray(i));
        break;
      }
      default:
        b = mutateField(b, m);
    }
  }
  return b;
}

function checkProfile(p: ParsedProfile, inputBytes: number): void {
  const bad = (what: string) => () => `bad profile (${what}): ${short(JSON.stringify(p, (_k, v) => (typeof v === 'bigint' ? String(v) : v)))}`;
  check(
    Array.isArray(p.sampleTypes) && p.sampleTypes.length > 0 && p.sampleTypes.every((t) => typeof t.type === 'string' && typeof t.unit === 'string'),
    bad('sample types'),
  );
  check(typeof p.defaultSampleType === 'string', bad('default sample type'));
  check(p.periodType === undefined || (typeof p.periodType.type === 'string' && typeof p.periodType.unit === 'string'), bad('period type'));
  check(typeof p.period === 'number' && !Number.isNaN(p.period), bad('period'));
  let refs = 0;
  for (const s of p.samples) {
    check(s.values.length === p.sampleTypes.length && s.values.every((v) => typeof v === 'number' && !Number.isNaN(v)), bad('values'));
    for (const l of s.stack) {
      check(typeof l.address === 'bigint' && l.address >= 0n && Array.isArray(l.frames), bad('location'));
      for (const f of l.frames)
        check(typeof f.function === 'string' && typeof f.file === 'string' && typeof f.line === 'number' && !Number.isNaN(f.line), bad('frame'));
    }
    refs += s.stack.length;
  }
  // every sample and every stack entry costs at least a byte of the (inflated) input
  check(p.samples.length <= inputBytes && refs <= inputBytes, bad(`${p.samples.length} samples, ${refs} stack entries from ${inputBytes} bytes`));
}

/** parseProfile's contract: a ParsedProfile, or a ProfileFormatError with one line. */
function parseProfileChecked(data: Uint8Array, max?: number, inflated = data.length): ParsedProfile | ProfileFormatError {
  try {
    const p = timed('parseProfile', Math.max(data.length, inflated), () => parseProfile(data, max));
    return p;
  } catch (e) {
    check(e instanceof ProfileFormatError, () => `threw ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    check(!e.message.includes('\n') && e.message.length > 0, () => `message ${short(e.message)}`);
    return e;
  }
}

describe('fuzz: pprof profiles', () => {
  const seedParsed = profileSeedsGz.map((b) => parseProfile(b));

  it('reads the recorded profiles, gzipped or not, to the same result', () => {
    for (const [i, raw] of profileSeeds.entries()) {
      checkProfile(seedParsed[i], raw.length);
      expect(seedParsed[i].samples.length).toBeGreaterThan(0);
      expect(parseProfile(raw)).toEqual(seedParsed[i]);
    }
    expect(seedParsed.map((p) => p.sampleTypes.map((t) => t.type))).toEqual([
      ['samples', 'cpu'],
      ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'],
    ]);
  });

  it('mutated profiles (bytes and protobuf fields): a profile of the documented shape or a ProfileFormatError', () => {
    // the allocs profile three times in four: the CPU profile (33 KB) takes 15 ms a parse
    const seed = fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.constant(1) });
    fuzz(
      'parseProfile mutations',
      fc.tuple(seed, fc.array(pbMutArb, { minLength: 1, maxLength: 6 }), fc.nat({ max: 5 })),
      ([s, muts, gz]) => {
        const raw = mutatePb(profileSeeds[s], muts);
        const r = parseProfileChecked(raw);
        if (!(r instanceof ProfileFormatError)) checkProfile(r, raw.length);
        // the same bytes gzipped read the same (one run in six: gzip costs time)
        if (gz === 0) expect(parseProfileChecked(gzipSync(raw), undefined, raw.length)).toEqual(r);
      },
      2200,
    );
  });

  it('mutated gzip streams: a profile or a ProfileFormatError', () => {
    fuzz(
      'parseProfile gzip mutations',
      fc.tuple(
        fc.nat({ max: profileSeedsGz.length - 1 }),
        fc.array(
          pbMutArb.filter((m) => !('f' in m)),
          { minLength: 1, maxLength: 4 },
        ),
      ),
      ([s, muts]) => {
        const gz = mutatePb(new Uint8Array(profileSeedsGz[s]), muts);
        const r = parseProfileChecked(gz, 1 << 20, 1 << 20);
        if (!(r instanceof ProfileFormatError)) checkProfile(r, 1 << 20);
      },
      1000,
    );
  });

  it('gzip bombs: never inflates past maxInflated', () => {
    const bombs = [0, 1, 1000, 1 << 16, 1 << 20, 4 << 20].map((n) => ({ n, gz: gzipSync(Buffer.alloc(n)) }));
    fuzz(
      'parseProfile gzip limit',
      fc.tuple(
        fc.nat({ max: bombs.length - 1 }),
        fc.integer({ min: 1, max: 8 << 20 }),
        fc.integer({ min: 1, max: 40 }),
        fc.nat({ max: profileSeeds.length - 1 }),
      ),
      ([b, max, members, s]) => {
        const { n, gz } = bombs[b];
        // several gzip members inflate to their sum: the limit is on the whole
        const data = Buffer.concat(Array.from({ length: members }, () => gz));
        const r = parseProfileChecked(data, max, Math.min(n * members, max));
        check(r instanceof ProfileFormatError, 'zeros are not a profile');
        if (n * members > max)
          check(
            r.message === `gzip data inflates to more than the ${max}-byte limit (--max-profile-bytes raises it)`,
            () => `${n}×${members} > ${max}: ${r.message}`,
          );
        else check(!r.message.includes('limit'), () => `${n}×${members} <= ${max}: ${r.message}`);
        // a real profile: read when it fits, refused when it does not
        const raw = profileSeeds[s];
        const p = parseProfileChecked(gzipSync(raw), max, raw.length);
        if (raw.length > max) check(p instanceof ProfileFormatError && p.message.includes('limit'), 'over the limit');
        else expect(p).toEqual(seedParsed[s]);
      },
      1500,
      5,
    );
  });

  it('reads the recorded profiles as before the fuzzing', () => {
    for (const [i, b] of profileSeedsGz.entries()) expect(parseProfile(b)).toEqual(seedParsed[i]);
  });
});

// ---------------------------------------------------------------------------------------------
// go test -bench

function checkBench(out: BenchLine[], text: string, procsSuffix: boolean): void {
  const lines = text.split('\n');
  check(out.length <= lines.length, 'more results than lines');
  for (const b of out) {
    const bad = () => `bad bench line ${short(JSON.stringify(b))}`;
    check(b.name.startsWith('Benchmark') && !/\s/.test(b.name), bad);
    check(Number.isInteger(b.procs) || b.procs === Infinity, bad);
    check(b.procs >= (procsSuffix ? 0 : 1) && isCount(b.n), bad);
    check(typeof b.metrics === 'object' && b.metrics !== null, bad);
    for (const [u, v] of Object.entries(b.metrics)) check(u.length > 0 && !/\s/.test(u) && typeof v === 'number', bad);
  }
}

describe('fuzz: go test -bench output', () => {
  it('reads the recorded outputs', () => {
    expect(parseBenchOutput(benchSeeds[0]).map((b) => [b.name, b.procs])).toEqual([
      ['BenchmarkBox/none', 2],
      ['BenchmarkBox/small', 2],
      ['BenchmarkBox/big', 2],
      ['BenchmarkBox/big-loop', 2],
      ['BenchmarkPair', 2],
    ]);
    expect(parseBenchOutput(benchSeeds[1], { procsSuffix: false }).map((b) => b.name)).toEqual([
      'BenchmarkBox/none',
      'BenchmarkBox/small',
      'BenchmarkBox/big',
      'BenchmarkBox/big-loop',
      'BenchmarkPair',
    ]);
    for (const b of parseBenchOutput(benchSeeds[0])) expect(Object.keys(b.metrics)).toEqual(['ns/op', 'B/op', 'allocs/op']);
  });

  it('mutated output: results of the documented shape, every metric kept, linear time', () => {
    fuzz(
      'parseBenchOutput',
      fc.tuple(textCaseArb(benchSeeds, benchDict), fc.boolean()),
      ([c, procsSuffix]) => {
        const text = buildText(
          c,
          benchSeeds,
          benchSeeds.flatMap((s) => s.split('\n')),
        );
        const opts = { procsSuffix };
        const out = timed('parseBenchOutput', text.length, () => parseBenchOutput(text, opts));
        checkBench(out, text, procsSuffix);
        // line by line: the words of a result line are name, iterations, then value/unit pairs,
        // and the metrics are exactly those pairs (the last value of a repeated unit)
        for (const l of text.split('\n')) {
          const b = parseBenchLine(l, opts);
          if (!b) continue;
          const words = l.trim().split(/\s+/);
          check(words.length % 2 === 0 && words.length >= 4, () => `odd words in ${short(l)}`);
          const pairs = new Map<string, string>();
          for (let i = 2; i < words.length; i += 2) pairs.set(words[i + 1], words[i]);
          check(Object.keys(b.metrics).length === pairs.size, () => `metrics ${short(JSON.stringify(b.metrics))} of ${short(l)}`);
          for (const [unit, value] of pairs) {
            check(Object.hasOwn(b.metrics, unit), () => `metric ${short(unit)} lost from ${short(l)}`);
            check(Object.is(b.metrics[unit], Number(value)), () => `metric ${short(unit)} of ${short(l)}`);
          }
        }
      },
      1200,
    );
  });

  it('very long lines: linear time', () => {
    fuzz(
      'parseBenchOutput long lines',
      longLineArb(
        benchSeeds.flatMap((s) => s.split('\n')),
        benchDict,
      ),
      (line) => {
        for (const text of [line, `BenchmarkX-8 100${line}`])
          checkBench(
            timed('parseBenchOutput', text.length, () => parseBenchOutput(text)),
            text,
            true,
          );
      },
      800,
      5,
      false,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The web server's JSON body gate: nestingDepth before JSON.parse

/** Nesting depth of a parsed JSON value: arrays and objects count one each. */
function depthOf(v: unknown): number {
  // iterative: the values under test may be deeper than the stack
  let max = 0;
  const stack: [unknown, number][] = [[v, 0]];
  while (stack.length) {
    const [x, d] = stack.pop()!;
    if (x !== null && typeof x === 'object') {
      max = Math.max(max, d + 1);
      for (const y of Object.values(x)) stack.push([y, d + 1]);
    }
  }
  return max;
}

describe('fuzz: JSON body nesting gate', () => {
  it('nestingDepth is the depth JSON.parse builds, for every JSON text (so the 32 limit holds)', () => {
    const tricky = fc.constantFrom('[', ']', '{', '}', '"', '\\', '\\"', '\\\\', '[\\"]', '\\u005b', '\u2028', '\ud800', ' ', ':', ',');
    const jsonText = fc.oneof(
      fc.tuple(fc.jsonValue({ maxDepth: 6 }), fc.nat({ max: 3 })).map(([v, indent]) => JSON.stringify(v, null, indent)),
      // strings full of brackets, quotes and backslashes
      fc
        .tuple(fc.array(fc.oneof(tricky, fc.string({ maxLength: 5, unit: 'binary' })), { maxLength: 12 }), fc.nat({ max: 40 }))
        .map(([parts, d]) => `${'['.repeat(d)}${JSON.stringify({ [parts.join('')]: parts.join('') })}${']'.repeat(d)}`),
      // deep nesting, rarely (each costs milliseconds)
      fc
        .nat({ max: 19 })
        .chain((k) => fc.integer({ min: 0, max: k > 0 ? 100 : 100_000 }))
        .map((d) => `${'[{"a":'.repeat(d)}"\\\\"${'}]'.repeat(d)}`),
    );
    // texts that are not JSON too: the gate runs before JSON.parse
    const text = fc.oneof(
      jsonText,
      fc.tuple(jsonText, fc.array(fc.tuple(fc.nat(), tricky), { maxLength: 4 })).map(([t, ins]) => {
        for (const [at, s] of ins) {
          const i = at % (t.length + 1);
          t = t.slice(0, i) + s + t.slice(i);
        }
        return t;
      }),
      fc.string({ maxLength: 60, unit: 'binary' }),
    );
    fuzz(
      'nestingDepth',
      text,
      (t) => {
        const d = timed('nestingDepth', t.length, () => nestingDepth(t));
        check(Number.isInteger(d) && d >= 0 && d <= (t.match(/[[{]/g)?.length ?? 0), () => `depth ${d} of ${short(t)}`);
        let v: unknown;
        try {
          v = JSON.parse(t);
        } catch {
          return;
        }
        check(depthOf(v) === d, () => `nestingDepth ${d}, JSON.parse built ${depthOf(v)}, for ${short(t)}`);
      },
      1200,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// What the fuzzing found, kept as regression cases

describe('fuzz findings', () => {
  const N = 100_000;
  const rep = (s: string) => s.repeat(Math.ceil(N / s.length));

  // The parsers' regular expressions before they were made linear: the rewrites must read every
  // line the same (the originals are fine on short lines).
  const orig = {
    posLine: /^(.+?):(\d+)(?::(\d+))?: (.*)$/,
    paramHeader: /^parameter (.*) leaks to (.*?)(?: for (.*?))? with derefs=(-?\d+):$/,
    capture: /^(.*) capturing by (value|ref): (.+) \(addr=(true|false) assign=(true|false) width=(\d+)\)$/,
    header: /^(\S.*?) STEXT\w* .*?\bsize=(\d+)/,
    dataHeader: /^(\S.*?) (S[A-Z]+)\b.*?\bsize=(\d+)/,
    instr: /^\t0x([0-9a-f]+) \d+ \((.+):(\d+)\)\t(\S+)(?:\t(.*))?$/,
  };

  it('gcflags-m: long messages that almost match a form take linear time (were 0.6–3 s at 100 KB)', () => {
    for (const line of [
      `./a.go:1:2: ${rep('x escapes to heap in ')}`,
      `./a.go:1:2: parameter ${rep('x leaks to ')}`,
      `./a.go:1:2: parameter x leaks to ${rep('y for ')}`,
      `./a.go:1:2: ${rep('f capturing by value: ')}`,
      `${rep('a:1: ')}\r`,
    ])
      checkM(
        timed('parseGcflagsM', line.length, () => parseGcflagsM(line)),
        line,
      );
  });

  it('gcflags-asm: long symbol lines without size= and instructions with a CR take linear time (were 0.6–4.5 s)', () => {
    for (const text of [rep('a STEXT '), rep('a SRODATA '), `f STEXT size=1\n\t0x0000 00000 (${rep('a:1)\tX\t')}\r`]) {
      const { fns, data } = timed('GcflagsAsmParser', text.length, () => parseAsm(text, true));
      checkAsm(fns, data, text, true);
    }
  });

  it('gcflags-m: an explanation left waiting in one compile does not give its flow to the next compile', () => {
    const res = parseGcflagsM(
      [
        '# example.com/m',
        './a.go:3:9: x escapes to heap in F:',
        './a.go:3:9:   flow: {heap} ← x:',
        '# example.com/m [example.com/m.test]',
        './a.go:3:9: x escapes to heap in F:',
        './a.go:3:9:   flow: {heap} ← &{storage for x}:',
        './a.go:3:9: x escapes to heap',
      ].join('\n'),
    );
    expect(res.records).toEqual([
      {
        kind: 'escape',
        pkg: 'example.com/m',
        variant: 'example.com/m.test',
        pos: { file: './a.go', line: 3, col: 9 },
        subject: 'x',
        escapes: true,
        func: 'F',
        flow: ['flow: {heap} ← &{storage for x}:'],
      },
    ]);
  });

  it("gcflags-asm: data bytes before the first symbol of a package are not the previous package's", () => {
    const { data } = parseAsm(['# example.com/p', 'p.d SRODATA size=2', '\t0x0000 01 02', '# example.com/q', '\t0x0010 03 04'].join('\n'), true);
    expect(data.map((d) => [d.name, d.bytes])).toEqual([['p.d', [1, 2]]]);
  });

  it('go-bench: a unit named __proto__ is kept', () => {
    const b = parseBenchLine('BenchmarkX-8 \t 100\t 3.5 ns/op\t 7 __proto__')!;
    expect(Object.entries(b.metrics)).toEqual([
      ['ns/op', 3.5],
      ['__proto__', 7],
    ]);
  });

  it('the rewritten patterns read short lines as the original regular expressions did', () => {
    // each form's grammar, every slot the well-formed part (most often) or a near miss: empty
    // parts, missing spaces, line terminators
    const slots = (...alts: string[][]) =>
      fc
        .tuple(...alts.map((a) => fc.oneof({ weight: 3, arbitrary: fc.constant(a[0]) }, { weight: 2, arbitrary: fc.constantFrom(...a) })))
        .map((p) => p.join(''));
    const junk = ['', 'x', ' ', '\r', '\u2028', '\v', ':'];
    const mMsg = fc.oneof(
      slots(
        ['parameter ', 'parameter', '', 'x '],
        ['p', '', 'p leaks to q', ' '],
        [' leaks to ', ' leaks to', 'leaks to ', ''],
        ['{heap}', '', ' ', 'r'],
        [' for F', '', ' for ', 'for '],
        [' with derefs=', ' with derefs', 'with derefs='],
        ['0', '-1', '', 'x', '12'],
        [':', '', '::', ': '],
        junk,
      ),
      slots(
        ['', 'F', 'F.func1', ' '],
        [' capturing by value: ', ' capturing by ref: ', ' capturing by value:', 'capturing by value: ', ' capturing by '],
        ['', 'x', ' ', 'x y'],
        [' (addr=', '(addr=', ' (addr'],
        ['true', 'false', ''],
        [' assign=', 'assign=', ' assign'],
        ['true', 'false', 'x'],
        [' width=', ' width'],
        ['8', '', '16', '-1'],
        [')', '', '))'],
        junk,
      ),
    );
    const asmLine = slots(
      ['a', '', ' a', 'a.b[go.shape.int]', 'S'],
      [' ', '', '  '],
      ['STEXT', 'SRODATA', 'STEXTFIPS', 'SNOPTRDATA', 'S', 'Sx', 'STEXT_'],
      [' ', '', '.'],
      ['', '\r', '\u2028', 'dupok ', 'x'],
      ['size=', 'size', 'xsize=', '_size=', ' size='],
      ['1', '12', '', 'x'],
      junk,
    );
    const instrLine = slots(
      ['\t0x0000 00000 (', '\t0x0000 (', '0x0000 00000 ('],
      ['a.go', '', 'a:1)\tX'],
      [':', ''],
      ['1', '', '12'],
      [')', ''],
      ['\t', ' ', ''],
      ['CALL', '', 'X'],
      ['', '\t', '\truntime.f(SB)', '\tAX, BX'],
      junk,
    );
    fuzz(
      'original patterns',
      fc.tuple(mMsg, asmLine, instrLine, fc.constantFrom('./a.go:1:2: ', 'a:1: ', '')),
      ([msg, line, ins, at]) => {
        // gcflags-m: a line is read only if the original posLine matched it
        const raw = `${at}${msg}`;
        const res = parseGcflagsM(raw);
        const outputs = res.records.length + res.errors.length + res.unrecognized.length;
        if (!orig.posLine.test(raw)) check(outputs === 0, () => `read ${short(raw)}`);
        // a parameter header is swallowed; a capture line is a capture record, as before (the
        // tokens make no other form but ` leaks to ` leak records and ignored ` capturing by ` chatter)
        const m = orig.posLine.exec(raw);
        if (m && !m[4].startsWith('  ')) {
          const text = m[4];
          const header = orig.paramHeader.test(text);
          const c = orig.capture.exec(text);
          if (header) check(outputs === 0, () => `parameter header ${short(text)} read as ${short(JSON.stringify(res))}`);
          else if (!text.includes(' capturing by')) check(outputs === 1, () => `${short(text)} read as ${short(JSON.stringify(res))}`);
          if (c && !text.includes(' leaks to ')) {
            expect(res.records).toEqual([
              {
                kind: 'capture',
                pkg: '',
                pos: { file: m[1], line: Number(m[2]), col: m[3] ? Number(m[3]) : 0 },
                func: c[1],
                name: c[3],
                byValue: c[2] === 'value',
                width: Number(c[6]),
              },
            ]);
          } else check(!res.records.some((r) => r.kind === 'capture'), () => `capture from ${short(text)}`);
        }
        // gcflags-asm: the same function and data headers, the same instruction lines
        const h = orig.header.exec(line);
        const { fns, data } = parseAsm(line, true);
        expect(fns.map((f) => [f.name, f.size])).toEqual(h ? [[h[1], Number(h[2])]] : []);
        const d = !h && !line.startsWith('\t') && !line.startsWith('# ') && / S[A-Z]+( |$)/.test(line) ? orig.dataHeader.exec(line) : null;
        expect(data.map((x) => [x.name, x.kind, x.size])).toEqual(d ? [[d[1], d[2], Number(d[3])]] : []);
        const f = parseAsm(`f STEXT size=1\n${ins}`, true).fns[0];
        expect(f.text!.length).toBe(orig.instr.test(ins) ? 1 : 0);
      },
      800,
    );
  });
});

describe('fuzz: budget', () => {
  it('ran every target', () => {
    console.log(
      `fuzz runs: ${Object.entries(runs)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    expect(Object.keys(runs).length).toBeGreaterThanOrEqual(17);
  });
});
