// `ifacelens measure`: proves predictions by running code. --func generates a benchmark for each
// selected function without arguments, reads raw runtime.MemStats deltas, and splits them with an
// exact memory profile into the part at the function's interface sites and the rest; --bench runs
// each of the package's own benchmarks in processes of its own with an exact memory profile and
// attributes it to the sites.
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { analyze, type AnalyzeOptions } from './analyze.js';
import { goTest, measureDir, runTestBinary } from '../toolchain/go-test.js';
import { removeTemp } from '../toolchain/workspace.js';
import { UserError } from '../toolchain/errors.js';
import { overlayReplacements, PackageSources } from '../toolchain/sources.js';
import { parseBenchOutput, type BenchLine } from '../parse/go-bench.js';
import { parseProfile, type ParsedProfile, type PFrame, type PSample } from '../parse/pprof.js';
import { attributeProfile, type CallResolver } from '../analysis/attribute.js';
import { callAt, disassemble, type Disassembly } from '../toolchain/objdump.js';
import { shortName } from '../analysis/names.js';
import { summarize } from '../analysis/summary.js';
import type { SizeClasses } from '../parse/sizeclasses-go.js';
import { SCHEMA_VERSION, type FunctionSummary, type Report, type SiteReport } from '../contract/report.js';
import type {
  MeasuredBenchmark,
  MeasuredFunction,
  MeasuredPart,
  MeasuredSite,
  MeasureReport,
  RestSource,
  SkippedFunction,
  Spread,
  TinyGroup,
} from '../contract/measure.js';
import { relFile } from '../facts/position.js';

export interface MeasureOptions extends AnalyzeOptions {
  funcRe?: string;
  /** --args: Go expressions to call each selected function that has parameters with (its
   *  `// measure: args` comment otherwise) */
  args?: string;
  benchRe?: string;
  /** repetitions of each measurement (go test -count) */
  count?: number;
  /** iterations per repetition (go test -benchtime=Nx) */
  iterations?: number;
}

/** The files an analysis overlay (`opts.overlay`) replaces, with their replacements' text: the
 *  generated benchmarks are built against the same sources as the analysis. */
function overlaidFiles(overlay: string | undefined, dir: string): Map<string, string> {
  const files = new Map<string, string>();
  if (overlay) for (const [from, to] of overlayReplacements(overlay, dir)) files.set(from, readFileSync(to, 'utf8'));
  return files;
}

/** Tolerances: allocation counts are nearly deterministic; bytes may differ by a tiny-block share. */
export function agrees(measured: { allocsPerOp: number; bytesPerOp: number }, predicted: FunctionSummary | undefined): boolean | null {
  if (!predicted) return measured.allocsPerOp < 0.02 && measured.bytesPerOp < 0.5;
  if (predicted.allocsPerCall === null || predicted.bytesPerCall === null) return null;
  return (
    Math.abs(measured.allocsPerOp - predicted.allocsPerCall) < 0.02 &&
    Math.abs(measured.bytesPerOp - predicted.bytesPerCall) <= Math.max(0.5, predicted.bytesPerCall * 0.01)
  );
}

function spread(xs: number[]): Spread {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor((s.length - 1) / 2)], min: s[0], max: s[s.length - 1] };
}

/** A function's declaration as far as calling it goes: its parameters and results, counted. */
interface Signature {
  /** parameters (`a, b int` is two) */
  params: number;
  /** the last parameter is `...T` */
  variadic: boolean;
  results: number;
  /** it has type parameters */
  generic: boolean;
}

/** Reads the signature of the function declared at `file:line:col` (`func Name[...](...) ...`), or undefined. */
export function signatureAt(lines: string[], line: number, col: number): Signature | undefined {
  const text = stripComments(
    lines
      .slice(line - 1, line + 40)
      .join('\n')
      .slice(col - 1),
  );
  const m = /^func\s+[A-Za-z_]\w*\s*/.exec(text);
  if (!m) return undefined;
  let at = m[0].length;
  const generic = text[at] === '[';
  if (generic) at = closing(text, at) + 1;
  if (text[at] !== '(') return undefined;
  const end = closing(text, at);
  const params = topLevelItems(text.slice(at + 1, end));
  const rest = text.slice(end + 1);
  const body = rest.search(/\{/);
  const res = (body < 0 ? rest : rest.slice(0, body)).trim();
  const results = res === '' ? 0 : res.startsWith('(') ? topLevelItems(res.slice(1, closing(res, 0))).length : 1;
  return { params: params.length, variadic: params.length > 0 && /\.\.\./.test(params[params.length - 1]), results, generic };
}

/** Go source with its comments blanked out (string and rune literals kept). */
function stripComments(text: string): string {
  let out = '';
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      out += ch;
      if (ch === '\\' && quote !== '`') out += text[++i] ?? '';
      else if (ch === quote) quote = '';
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
      out += ' ';
    } else {
      if (ch === '"' || ch === '`' || ch === "'") quote = ch;
      out += ch;
    }
  }
  return out;
}

/** The index of the bracket closing the one at `at` (string and rune literals skipped). */
function closing(text: string, at: number): number {
  let depth = 0;
  let quote = '';
  for (let i = at; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\' && quote !== '`') i++;
      else if (ch === quote) quote = '';
      continue;
    }
    if (ch === '"' || ch === '`' || ch === "'") quote = ch;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch) && --depth === 0) return i;
  }
  return text.length;
}

/** Splits a Go list (parameters, arguments) at its top-level commas; empty items dropped. */
export function topLevelItems(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    cur += ch;
    if (quote) {
      if (ch === '\\' && quote !== '`') cur += text[++i] ?? '';
      else if (ch === quote) quote = '';
      continue;
    }
    if (ch === '"' || ch === '`' || ch === "'") quote = ch;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === ',' && depth === 0) {
      out.push(cur.slice(0, -1).trim());
      cur = '';
    }
  }
  if (cur.trim()) out.push(cur.trim());
  return out.filter(Boolean);
}

/** The `// measure: args EXPR, ...` line of the comment directly above a declaration, if any. */
export function argsComment(lines: string[], line: number): string | undefined {
  for (let k = line - 2; k >= 0 && /^\s*\/\//.test(lines[k]); k--) {
    const a = /^\s*\/\/\s*measure:\s*args\s+(.*)$/.exec(lines[k]);
    if (a) return a[1].trim();
  }
  return undefined;
}

/** A generic function that binds a function of this shape to its arguments: `func() { f(a0, a1) }`. */
function binder(sig: Signature): { name: string; decl: string } {
  const n = sig.params;
  const name = `ifacelensBind${n}${sig.variadic ? 'v' : ''}r${sig.results}`;
  const ps = Array.from({ length: n }, (_, i) => `P${i}`);
  const rs = Array.from({ length: sig.results }, (_, i) => `R${i}`);
  const paramTypes = ps.map((p, i) => (sig.variadic && i === n - 1 ? `...${p}` : p));
  const results = rs.length === 0 ? '' : rs.length === 1 ? ` ${rs[0]}` : ` (${rs.join(', ')})`;
  const args = ps.map((p, i) => `a${i} ${sig.variadic && i === n - 1 ? '...' : ''}${p}`);
  const call = ps.map((_, i) => `a${i}${sig.variadic && i === n - 1 ? '...' : ''}`);
  const decl = `func ${name}[${[...ps, ...rs].join(', ')} any](f func(${paramTypes.join(', ')})${results}, ${args.join(', ')}) func() {
	return func() { f(${call.join(', ')}) }
}
`;
  return { name, decl };
}

export async function measureRun(opts: MeasureOptions): Promise<MeasureReport> {
  if (!opts.funcRe && !opts.benchRe) throw new UserError('measure needs --func REGEXP or --bench REGEXP');
  let funcRe: RegExp | undefined;
  try {
    funcRe = opts.funcRe ? new RegExp(opts.funcRe) : undefined;
  } catch (e) {
    throw new UserError(`--func: ${(e as Error).message}`);
  }
  if (opts.args !== undefined && !funcRe) throw new UserError('--args goes with --func: the arguments to call the matching functions with');
  const { report, store, env: goenv } = await analyze(opts);
  const env = goenv.env;
  const out: MeasureReport = { schemaVersion: SCHEMA_VERSION, go: report.go, functions: [], benchmarks: [] };
  if (funcRe) {
    const { measured, skipped } = await measureFunctions(opts, report, store.functions, store.packages, env, funcRe);
    out.functions = measured;
    if (skipped.length) out.skipped = skipped;
  }
  if (opts.benchRe) out.benchmarks = await measureBenchmarks(opts, report, store, env, opts.benchRe);
  return out;
}

async function measureFunctions(
  opts: MeasureOptions,
  report: Report,
  functions: { name: string; package: string; file: string; start: { line: number; col: number } }[],
  packages: { path: string; name: string; dir: string; files: string[] }[],
  env: NodeJS.ProcessEnv,
  re: RegExp,
): Promise<{ measured: MeasuredFunction[]; skipped: SkippedFunction[] }> {
  const progress = opts.progress ?? (() => {});
  const src = new PackageSources(
    packages.flatMap((p) => p.files),
    '/',
    opts.overlay ? overlayReplacements(opts.overlay, report.dir) : undefined,
  );
  const byPkg = new Map<string, { name: string; sym: string; args?: string[]; sig?: Signature }[]>();
  const skipped: SkippedFunction[] = [];
  const given = opts.args === undefined ? undefined : topLevelItems(opts.args);
  for (const f of functions) {
    const short = shortName(f.name).replace(/\[\.\.\.\]$/, ''); // a generic function's symbol ends in [...]
    if (!re.test(f.name) && !re.test(short)) continue;
    // methods (T.M), closures (F.func1) and the entry points are not called on their own
    if (short === 'main' || short === 'init' || short.includes('.')) continue;
    const lines = src.lines(f.file) ?? [];
    const sig = signatureAt(lines, f.start.line, f.start.col);
    if (!sig) continue;
    const skip = (reason: string) => skipped.push({ function: f.name, reason });
    if (sig.generic) {
      skip('it has type parameters');
      continue;
    }
    let args: string[] | undefined;
    if (sig.params > 0) {
      const comment = argsComment(lines, f.start.line);
      args = given ?? (comment !== undefined ? topLevelItems(comment) : undefined);
      if (!args) {
        skip(`it has parameters: give its arguments with --args '…' or a "// measure: args …" line in its doc comment`);
        continue;
      }
      const fits = sig.variadic ? args.length >= sig.params - 1 : args.length === sig.params;
      if (!fits) {
        skip(
          `it takes ${sig.variadic ? `at least ${sig.params - 1}` : sig.params} argument${sig.params === 1 && !sig.variadic ? '' : 's'}, not ${args.length} (${given ? '--args' : 'its // measure: args'})`,
        );
        continue;
      }
    } else if (given && given.length > 0) {
      skip('it has no parameters, and --args gives some');
      continue;
    }
    let l = byPkg.get(f.package);
    if (!l) byPkg.set(f.package, (l = []));
    l.push({ name: short, sym: f.name, ...(args ? { args, sig } : {}) });
  }
  const selected = [...byPkg.values()].reduce((n, l) => n + l.length, 0);
  if (selected === 0) {
    const why = skipped.length
      ? `; ${skipped
          .slice(0, 3)
          .map((s) => `${shortName(s.function)}: ${s.reason}`)
          .join('; ')}${skipped.length > 3 ? `; and ${skipped.length - 3} more` : ''}`
      : '';
    throw new UserError(`--func ${re.source}: no function to measure matches in ${opts.patterns.join(' ')}${why}`);
  }
  const args = new Map([...byPkg.values()].flat().map((f) => [f.sym, f.args]));
  const iterations = opts.iterations ?? 20000;
  const count = opts.count ?? 5;
  const files = overlaidFiles(opts.overlay, report.dir);
  const index: { pkg: string; sym: string }[] = [];
  for (const [pkg, list] of byPkg) {
    const p = packages.find((x) => x.path === pkg)!;
    const binders = new Map<string, string>();
    const calls: string[] = [];
    const benches = list.map((f) => {
      const i = index.push({ pkg, sym: f.sym }) - 1;
      // The classic b.N loop, so a call without arguments is inlined (or not) as in the user's own
      // loops; raw MemStats deltas, not the integer-truncated -benchmem figures. A function with
      // arguments is called through a closure made once (the arguments evaluated once, before the
      // loop), so its own code runs: not inlined, its arguments no constants to fold.
      let call = `${f.name}()`;
      if (f.args && f.sig) {
        const b = binder(f.sig);
        binders.set(b.name, b.decl);
        calls.push(`var ifacelensCall${i} = ${b.name}(${[f.name, ...f.args].join(', ')})`);
        call = `ifacelensCall${i}()`;
      }
      return `func BenchmarkIfacelensMeasure${i}(b *testing.B) {
	b.StopTimer()
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	b.StartTimer()
	for i := 0; i < b.N; i++ {
		${call}
	}
	b.StopTimer()
	runtime.ReadMemStats(&m1)
	b.ReportMetric(float64(m1.Mallocs-m0.Mallocs)/float64(b.N), "mallocs/op")
	b.ReportMetric(float64(m1.TotalAlloc-m0.TotalAlloc)/float64(b.N), "totalalloc-B/op")
}
`;
    });
    files.set(
      join(p.dir, 'zz_ifacelens_measure_test.go'),
      `package ${p.name}

import (
	"runtime"
	"testing"
)

${[...binders.values()].join('\n')}
${calls.join('\n')}

${benches.join('\n')}`,
    );
  }
  progress(`measuring ${selected} functions (${count} × ${iterations} calls each)`);
  const work = measureDir();
  try {
    const runs = new Map<number, { allocs: number[]; bytes: number[]; n: number }>();
    const profiles = new Map<string, { profile: ParsedProfile; resolve?: CallResolver }>();
    // One go test per package: -memprofile takes one package. Rate 1: every allocation recorded
    // (the profile's records live outside the heap: MemStats figures are unchanged).
    for (const [pi, pkg] of [...byPkg.keys()].entries()) {
      const dir = packages.find((x) => x.path === pkg)!.dir;
      const prof = join(work, `func${pi}.pprof`);
      const exe = join(work, `func${pi}.test`);
      const r = await goTest(work, {
        dir: report.dir,
        env,
        tags: opts.tags,
        files,
        signal: opts.signal,
        args: [
          '-run',
          '^$',
          '-bench',
          '^BenchmarkIfacelensMeasure',
          `-benchtime=${iterations}x`,
          `-count=${count}`,
          '-cpu=1',
          `-memprofile=${prof}`,
          '-memprofilerate=1',
          '-o',
          exe,
          dir,
        ],
      });
      if (r.exitCode !== 0) throw new UserError(generatedFailure(r.stdout + r.stderr, files.get(join(dir, 'zz_ifacelens_measure_test.go'))));
      for (const b of parseBenchOutput(r.stdout)) {
        const m = /^BenchmarkIfacelensMeasure(\d+)$/.exec(b.name);
        if (!m) continue;
        const k = Number(m[1]);
        let e = runs.get(k);
        if (!e) runs.set(k, (e = { allocs: [], bytes: [], n: b.n }));
        e.allocs.push(b.metrics['mallocs/op']);
        e.bytes.push(b.metrics['totalalloc-B/op']);
      }
      if (existsSync(prof)) {
        const profile = parseProfile(readFileSync(prof));
        profiles.set(pkg, { profile, resolve: existsSync(exe) ? await callResolver(exe, report)(profile) : undefined });
      }
    }
    const summaries = new Map(report.functions.map((f) => [f.function, f]));
    const measured = index.map(({ pkg, sym }, k): MeasuredFunction => {
      const e = runs.get(k);
      if (!e) throw new UserError(`generated benchmark for ${sym} produced no result`);
      const allocs = spread(e.allocs);
      const bytes = spread(e.bytes);
      const pred = summaries.get(sym);
      const profile = profiles.get(pkg);
      // The profile holds every call: each of the runs calls the function once with b.N = 1, then
      // N times (with -benchtime=1x, only the first).
      const calls = e.allocs.length * (e.n > 1 ? 1 + e.n : 1);
      const rest = profile
        ? restOfFunction(profile.profile, profile.resolve, report, sym, k, calls)
        : { allocsPerOp: 0, bytesPerOp: 0, sources: [], explanation: null };
      const iface = { allocsPerOp: Math.max(0, round(allocs.median - rest.allocsPerOp)), bytesPerOp: Math.max(0, round(bytes.median - rest.bytesPerOp)) };
      const measured = { allocsPerOp: allocs.median, bytesPerOp: bytes.median, runs: e.allocs.length, iterations: e.n, allocs, bytes, interface: iface, rest };
      return {
        function: sym,
        package: pkg,
        measured,
        predicted: pred
          ? { allocsPerCall: pred.allocsPerCall, bytesPerCall: pred.bytesPerCall, ...(pred.notes ? { notes: pred.notes } : {}) }
          : { allocsPerCall: 0, bytesPerCall: 0 },
        agrees: agrees(iface, pred),
        sites: report.sites.filter((s) => s.function === sym && s.allocates !== false),
        ...(args.get(sym) ? { args: args.get(sym) } : {}),
      };
    });
    return { measured, skipped };
  } finally {
    removeTemp(work);
  }
}

const isRuntimeFrame = (f: PFrame) => /^runtime\.|^runtime\/internal|^internal\/runtime/.test(f.function);

/**
 * The allocation the exact profile records while `sym` ran in its generated benchmark (number
 * `k`) at none of its own interface sites, per call: what the function's total holds beside its
 * interface cost. Interface sites of functions it calls (not inlined) count here too, as such.
 */
function restOfFunction(
  profile: ParsedProfile,
  resolve: CallResolver | undefined,
  report: Report,
  sym: string,
  k: number,
  calls: number,
): MeasuredFunction['measured']['rest'] {
  const bench = `.BenchmarkIfacelensMeasure${k}`;
  const inBench = (f: PFrame) => f.function.endsWith(bench) || f.function.includes(bench + '.');
  const inFn = (f: PFrame) => f.function === sym || f.function.startsWith(sym + '.');
  const frames = (sm: PSample) => sm.stack.flatMap((l) => l.frames);
  const samples = profile.samples.filter((sm) => frames(sm).some(inBench) && frames(sm).some(inFn));
  const own = attributeProfile(
    { ...profile, samples },
    report.sites.filter((s) => s.function === sym),
    report.dir,
    report.packages,
    resolve,
  );
  const elsewhere = attributeProfile(
    { ...profile, samples: own.unmatched },
    report.sites.filter((s) => s.function !== sym),
    report.dir,
    report.packages,
    resolve,
  );
  const space = profile.sampleTypes.findIndex((t) => t.type === 'alloc_space');
  const objs = profile.sampleTypes.findIndex((t) => t.type === 'alloc_objects');
  const rel = (file: string) => (isAbsolute(file) && file.startsWith(report.dir + '/') ? relFile(report.dir, file) : null);
  const bySource = new Map<string, RestSource>();
  const add = (key: string, src: Omit<RestSource, 'bytesPerOp' | 'allocsPerOp'>, b: number, o: number) => {
    let e = bySource.get(key);
    if (!e) bySource.set(key, (e = { ...src, bytesPerOp: 0, allocsPerOp: 0 }));
    e.bytesPerOp += b;
    e.allocsPerOp += o;
  };
  for (const a of elsewhere.sites) {
    const pos = { file: a.site.position.file, line: a.site.position.line };
    add(
      `site ${a.site.function} ${pos.file}:${pos.line}:${a.site.position.column}`,
      { function: a.site.function, position: pos, from: null, interfaceSite: true },
      a.values[space],
      a.values[objs],
    );
  }
  for (const sm of elsewhere.unmatched) {
    const all = frames(sm);
    const leaf = all.find((f) => !isRuntimeFrame(f)) ?? all[0];
    if (!leaf) continue;
    const at = rel(leaf.file);
    // the line of the measured function (or a closure of it) that led to the allocation
    const caller = inFn(leaf) ? undefined : all.find(inFn);
    const callerAt = caller ? rel(caller.file) : null;
    const from = caller && callerAt ? { file: callerAt, line: caller.line } : null;
    add(
      `other ${leaf.function} ${at ?? ''}:${at ? leaf.line : ''} ${from ? `${from.file}:${from.line}` : ''}`,
      { function: leaf.function, position: at ? { file: at, line: leaf.line } : null, from, interfaceSite: false },
      sm.values[space],
      sm.values[objs],
    );
  }
  const sources = [...bySource.values()]
    .map((x) => ({ ...x, bytesPerOp: round(x.bytesPerOp / calls), allocsPerOp: round(x.allocsPerOp / calls) }))
    .filter((x) => x.bytesPerOp > 0 || x.allocsPerOp > 0)
    .sort((x, y) => y.bytesPerOp - x.bytesPerOp || y.allocsPerOp - x.allocsPerOp);
  const total = (i: number) => own.unmatched.reduce((n, sm) => n + sm.values[i], 0) / calls;
  const rest = { allocsPerOp: round(total(objs)), bytesPerOp: round(total(space)) };
  return { ...rest, sources, explanation: sources.length ? explainRest(rest, sources) : null };
}

/** One line: how much of the function's allocation is not at its interface sites, and where it comes from. */
function explainRest(rest: MeasuredPart, sources: RestSource[]): string {
  const short = (fn: string) => fn.slice(fn.lastIndexOf('/') + 1);
  const one = (s: RestSource) => {
    const b = `${num(s.bytesPerOp)} B`;
    if (s.interfaceSite) return `${b} at an interface site of ${short(s.function)} (${s.position!.file}:${s.position!.line})`;
    if (s.position) return `${b} at ${s.position.file}:${s.position.line} in ${short(s.function)}` + (s.from ? ` ← ${s.from.file}:${s.from.line}` : '');
    return `${b} in ${short(s.function)}` + (s.from ? ` ← ${s.from.file}:${s.from.line}` : '');
  };
  const shown = sources.slice(0, 3).map(one);
  if (sources.length > 3) shown.push(`${sources.length - 3} more`);
  const allocs = `${num(rest.allocsPerOp)} alloc${rest.allocsPerOp === 1 ? '' : 's'}`;
  return `${num(rest.bytesPerOp)} B, ${allocs} per call not at its interface sites: ${shown.join('; ')}`;
}

function num(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(3).replace(/0+$/, '');
}

/**
 * For the profiles of one test binary: a resolver of sample addresses to the runtime call there,
 * so that an allocation on an interface site's line made by another call (a slice literal's
 * backing array beside its conversion) is not the site's. Only the functions holding such lines in
 * the samples are disassembled, each once.
 */
function callResolver(exe: string, report: Report): (profile: ParsedProfile) => Promise<CallResolver | undefined> {
  const lines = new Set(
    report.sites
      .filter((s) => s.allocates !== false)
      .map((s) => `${isAbsolute(s.position.file) ? s.position.file : join(report.dir, s.position.file)}:${s.position.line}`),
  );
  const dis: Disassembly = { functions: new Map() };
  const done = new Set<string>();
  let broken = false;
  return async (profile) => {
    const need = new Set<string>();
    for (const sm of profile.samples) {
      for (const loc of sm.stack) {
        const k = loc.frames.findIndex((f) => !isRuntimeFrame(f));
        if (k < 0) continue;
        const machine = loc.frames[loc.frames.length - 1].function;
        if (lines.has(`${loc.frames[k].file}:${loc.frames[k].line}`) && !done.has(machine)) need.add(machine);
        break;
      }
    }
    if (need.size && !broken) {
      try {
        for (const [fn, ins] of (await disassemble(exe, [...need])).functions) dis.functions.set(fn, ins);
      } catch {
        broken = true; // no objdump: samples are matched by line alone
      }
      for (const fn of need) done.add(fn);
    }
    return dis.functions.size ? (fn, address) => callAt(dis, fn, address) : undefined;
  };
}

/** A -test.bench pattern that matches exactly one benchmark (by its full, slash-separated name). */
function exactBench(name: string): string {
  return name
    .split('/')
    .map((part) => `^${part.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&')}$`)
    .join('/');
}

interface SiteValues {
  bytes: number;
  objects: number;
}

/**
 * Per-site and total alloc_space / alloc_objects of the samples of a profile made while the
 * benchmark function `top` (or a closure of it) was on the stack, attributed to the report's sites.
 * (The rest of the process — the framework, the runtime's own goroutines, regexp compilation —
 * allocates a few hundred bytes more or less from one process to the next.)
 */
function attributed(
  profile: ParsedProfile,
  report: Report,
  pkgPath: string,
  top: string,
  resolve: CallResolver | undefined,
): { sites: Map<SiteReport, SiteValues>; total: SiteValues } {
  const names = [pkgPath, `${pkgPath}_test`, 'main'].map((p) => `${p}.${top}`);
  const inTop = (f: PFrame) => names.some((n) => f.function === n || f.function.startsWith(n + '.'));
  const samples = profile.samples.filter((sm) => sm.stack.some((l) => l.frames.some(inTop)));
  const att = attributeProfile({ ...profile, samples }, report.sites, report.dir, report.packages, resolve);
  const space = profile.sampleTypes.findIndex((t) => t.type === 'alloc_space');
  const objs = profile.sampleTypes.findIndex((t) => t.type === 'alloc_objects');
  return {
    sites: new Map(att.sites.map((a) => [a.site, { bytes: a.values[space], objects: a.values[objs] }])),
    total: { bytes: att.totals[space], objects: att.totals[objs] },
  };
}

async function measureBenchmarks(
  opts: MeasureOptions,
  report: Report,
  store: { packages: { path: string; name: string; dir: string }[]; sizeClasses: SizeClasses; ptrSize: number },
  env: NodeJS.ProcessEnv,
  benchRe: string,
): Promise<MeasuredBenchmark[]> {
  const progress = opts.progress ?? (() => {});
  const N = opts.iterations ?? 2000;
  const results: MeasuredBenchmark[] = [];
  const work = measureDir();
  const parse = (out: string) => parseBenchOutput(out, { procsSuffix: false });
  try {
    for (const [i, p] of store.packages.entries()) {
      if (!existsSync(p.dir) || !readdirSync(p.dir).some((f) => f.endsWith('_test.go'))) continue;
      const exe = join(work, `pkg${i}.test`);
      progress(`building the tests of ${p.path}`);
      const built = await goTest(work, {
        dir: report.dir,
        env,
        tags: opts.tags,
        files: overlaidFiles(opts.overlay, report.dir),
        signal: opts.signal,
        args: ['-c', '-o', exe, p.dir],
      });
      if (built.exitCode !== 0) throw new UserError(`benchmarks of ${p.path} failed: ${tail(built.stdout + built.stderr)}`);
      if (!existsSync(exe)) continue;
      // Which benchmarks (sub-benchmarks included) match: one op of each.
      const listed = await runTestBinary(exe, {
        cwd: p.dir,
        env,
        signal: opts.signal,
        args: ['-test.run=^$', `-test.bench=${benchRe}`, '-test.benchtime=1x', '-test.cpu=1'],
      });
      if (listed.exitCode !== 0) throw new UserError(`benchmarks of ${p.path} failed: ${tail(listed.stdout + listed.stderr)}`);
      const names = [...new Set(parse(listed.stdout).map((b) => b.name))];
      const resolverFor = callResolver(exe, report);
      if (names.length) progress(`running ${names.length} benchmarks of ${p.path}, each in processes of its own (${N} and ${2 * N} ops)`);
      for (const [k, name] of names.entries()) {
        // Each benchmark alone, so sub-benchmarks sharing code get profiles of their own; twice, with
        // N and 2N ops, so that what does not scale with b.N (setup, the framework's b.N = 1 round,
        // b.Loop's ramp-up) cancels in the difference. Rate 1: every allocation recorded.
        const runs: { line: BenchLine; profile: ParsedProfile }[] = [];
        for (const n of [N, 2 * N]) {
          const prof = join(work, `mem${i}-${k}-${n}.pprof`);
          const r = await runTestBinary(exe, {
            cwd: p.dir,
            env,
            signal: opts.signal,
            args: [
              '-test.run=^$',
              `-test.bench=${exactBench(name)}`,
              '-test.benchmem',
              `-test.benchtime=${n}x`,
              '-test.count=1',
              '-test.cpu=1',
              `-test.memprofile=${prof}`,
              '-test.memprofilerate=1',
            ],
          });
          if (r.exitCode !== 0) throw new UserError(`benchmark ${name} of ${p.path} failed: ${tail(r.stdout + r.stderr)}`);
          const line = parse(r.stdout).find((b) => b.name === name);
          if (!line || !existsSync(prof)) break;
          runs.push({ line, profile: parseProfile(readFileSync(prof)) });
        }
        if (runs.length < 2) continue;
        const top = name.split('/')[0];
        const att = async (pr: ParsedProfile) => attributed(pr, report, p.path, top, await resolverFor(pr));
        results.push(benchmarkResult(name, p.path, N, runs[1].line, await att(runs[0].profile), await att(runs[1].profile), report, store));
      }
    }
  } finally {
    removeTemp(work);
  }
  if (results.length === 0) throw new UserError(`--bench ${benchRe}: no benchmark matched in ${opts.patterns.join(' ')}`);
  return results;
}

function benchmarkResult(
  name: string,
  pkg: string,
  N: number,
  line: BenchLine,
  atN: ReturnType<typeof attributed>,
  at2N: ReturnType<typeof attributed>,
  report: Report,
  store: { sizeClasses: SizeClasses; ptrSize: number },
): MeasuredBenchmark {
  const perOp = new Map<SiteReport, SiteValues>();
  for (const [s, v] of at2N.sites) perOp.set(s, { bytes: v.bytes / N, objects: v.objects / N });
  for (const [s, v] of atN.sites) {
    const e = perOp.get(s) ?? { bytes: 0, objects: 0 };
    perOp.set(s, { bytes: e.bytes - v.bytes / N, objects: e.objects - v.objects / N });
  }
  const measuredSite = (s: SiteReport, v: SiteValues | undefined): MeasuredSite => {
    const bytes = Math.max(0, v?.bytes ?? 0);
    const pred = s.bytesPerOp;
    return {
      position: s.position,
      function: s.function,
      kind: s.kind,
      predictedBytesPerExecution: pred,
      measuredBytesPerOp: round(bytes),
      measuredObjectsPerOp: Math.max(0, round(v?.objects ?? 0)),
      executionsPerOp: pred ? round(bytes / pred) : null,
      static: s,
    };
  };
  const sites = new Map<SiteReport, MeasuredSite>();
  for (const [s, v] of perOp) if (round(v.bytes) > 0) sites.set(s, measuredSite(s, v));
  // Tiny objects: the profile records a 16-byte block when one is opened, charged to the site that
  // opened it; objects that fill an open block are not recorded. So the tiny sites of a function
  // are measured together: the bytes of the blocks they opened against the blocks one call takes.
  const tinyGroups: TinyGroup[] = [];
  const tinyFns = [...new Set([...sites.keys()].filter((s) => s.allocPath === 'tiny').map((s) => s.function))].sort();
  for (const fn of tinyFns) {
    const members = report.sites
      .filter((s) => s.function === fn && s.allocPath === 'tiny' && s.allocates !== false)
      .sort((a, b) => a.position.file.localeCompare(b.position.file) || a.position.line - b.position.line || a.position.column - b.position.column);
    const predicted = summarize(members, store.sizeClasses, store.ptrSize)[0]?.bytesPerCall ?? null;
    const measured = members.reduce((n, s) => n + Math.max(0, perOp.get(s)?.bytes ?? 0), 0);
    const calls = predicted ? measured / predicted : null;
    tinyGroups.push({
      function: fn,
      sites: members.map((s) => s.position),
      predictedBytesPerCall: predicted,
      measuredBytesPerOp: round(measured),
      callsPerOp: calls === null ? null : round(calls),
    });
    for (const s of members) {
      const m = measuredSite(s, perOp.get(s));
      m.executionsPerOp = calls !== null && s.executionsPerCall !== null && !s.conditional ? round(calls * s.executionsPerCall) : null;
      m.tiny = { group: fn, blocksOpenedPerOp: m.measuredObjectsPerOp };
      sites.set(s, m);
    }
  }
  const ifaceBytes = [...perOp.values()].reduce((n, v) => n + v.bytes, 0);
  return {
    benchmark: name,
    package: pkg,
    iterations: N,
    benchmem: { bytesPerOp: line.metrics['B/op'] ?? null, allocsPerOp: line.metrics['allocs/op'] ?? null, nsPerOp: line.metrics['ns/op'] ?? null },
    profile: {
      bytesPerOp: Math.max(0, round((at2N.total.bytes - atN.total.bytes) / N)),
      objectsPerOp: Math.max(0, round((at2N.total.objects - atN.total.objects) / N)),
      interfaceBytesPerOp: Math.max(0, round(ifaceBytes)),
    },
    sites: [...sites.values()].sort(
      (x, y) =>
        y.measuredBytesPerOp - x.measuredBytesPerOp ||
        x.position.file.localeCompare(y.position.file) ||
        x.position.line - y.position.line ||
        x.position.column - y.position.column,
    ),
    tinyGroups,
  };
}

function round(x: number): number {
  // (+ 0 turns -0 into 0)
  return Math.round(x * 1000) / 1000 + 0;
}

/** Why the generated benchmarks did not build or run: a compile error on a function's arguments names the function. */
function generatedFailure(out: string, generated: string | undefined): string {
  const bad = /(?:overlay\d+\.go|zz_ifacelens_measure_test\.go):(\d+):\d+: (.*)/.exec(out);
  if (!bad) return `generated benchmarks failed: ${tail(out)}`;
  const line = generated?.split('\n')[Number(bad[1]) - 1] ?? '';
  const call = /^var ifacelensCall\d+ = ifacelensBind\w+\((\w+), (.*)\)$/.exec(line);
  if (!call) return `the generated benchmarks do not compile: ${bad[2]}`;
  return `the arguments ${call[2]} do not fit ${call[1]}: ${bad[2].replace(/ifacelensBind\w+(\[[^\]]*\])?/g, call[1])}`;
}

function tail(s: string): string {
  const lines = s
    .split('\n')
    .map((l) => l.trimEnd())
    .filter(Boolean);
  return lines.slice(-6).join(' | ');
}
