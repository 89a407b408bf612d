// `ifacelens measure`: proves predictions by running code. --func generates a benchmark for each
// selected function without arguments and reads raw runtime.MemStats deltas; --bench runs the
// package's own benchmarks with an exact memory profile and attributes it to the sites.
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, type AnalyzeOptions } from './analyze.js';
import { goTest, measureDir } from '../toolchain/go-test.js';
import { removeTemp } from '../toolchain/workspace.js';
import { UserError } from '../toolchain/errors.js';
import { parseBenchOutput } from '../parse/go-bench.js';
import { parseProfile } from '../parse/pprof.js';
import { attributeProfile } from '../analysis/attribute.js';
import { shortName } from '../analysis/names.js';
import { SCHEMA_VERSION, type FunctionSummary, type Position, type Report, type SiteReport } from '../facts/report.js';

export interface MeasureOptions extends AnalyzeOptions {
  funcRe?: string;
  benchRe?: string;
  /** repetitions of each measurement (go test -count) */
  count?: number;
  /** iterations per repetition (go test -benchtime=Nx) */
  iterations?: number;
}

export interface Spread { median: number; min: number; max: number }

export interface MeasuredFunction {
  function: string;
  package: string;
  measured: { allocsPerOp: number; bytesPerOp: number; runs: number; iterations: number; allocs: Spread; bytes: Spread };
  predicted: { allocsPerCall: number | null; bytesPerCall: number | null; notes?: string[] };
  /** null when there is no static per-call figure to compare with */
  agrees: boolean | null;
  sites: SiteReport[];
}

export interface MeasuredSite {
  position: Position;
  function: string;
  kind: SiteReport['kind'];
  /** the static prediction for one execution */
  predictedBytesPerExecution: number | null;
  /** from the exact memory profile, per benchmark op */
  measuredBytesPerOp: number;
  measuredObjectsPerOp: number;
  /** measured bytes per op / predicted bytes per execution */
  executionsPerOp: number | null;
  static: SiteReport;
}

export interface MeasuredBenchmark {
  benchmark: string;
  package: string;
  iterations: number;
  /** as go test -benchmem reports them (integer-truncated) */
  benchmem: { bytesPerOp: number | null; allocsPerOp: number | null; nsPerOp: number | null };
  /** from the memory profile: all allocation, and the part at interface sites */
  profile: { bytesPerOp: number; objectsPerOp: number; interfaceBytesPerOp: number };
  sites: MeasuredSite[];
}

export interface MeasureReport {
  schemaVersion: typeof SCHEMA_VERSION;
  go: { version: string; goos: string; goarch: string };
  functions: MeasuredFunction[];
  benchmarks: MeasuredBenchmark[];
}

/** Tolerances: allocation counts are nearly deterministic; bytes may differ by a tiny-block share. */
export function agrees(measured: { allocsPerOp: number; bytesPerOp: number }, predicted: FunctionSummary | undefined): boolean | null {
  if (!predicted) return measured.allocsPerOp < 0.02 && measured.bytesPerOp < 0.5;
  if (predicted.allocsPerCall === null || predicted.bytesPerCall === null) return null;
  return Math.abs(measured.allocsPerOp - predicted.allocsPerCall) < 0.02 && Math.abs(measured.bytesPerOp - predicted.bytesPerCall) <= Math.max(0.5, predicted.bytesPerCall * 0.01);
}

function spread(xs: number[]): Spread {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor((s.length - 1) / 2)], min: s[0], max: s[s.length - 1] };
}

/** Reports whether the function at `file:line:col` is declared as `func Name()`: no receiver, parameters or type parameters. */
function isNiladic(file: string, line: number, col: number, cache: Map<string, string[]>): boolean {
  let lines = cache.get(file);
  if (!lines) cache.set(file, (lines = readFileSync(file, 'utf8').split('\n')));
  const text = (lines[line - 1] ?? '').slice(col - 1);
  return /^func\s+[A-Za-z_]\w*\s*\(\s*\)/.test(text);
}

export async function measureRun(opts: MeasureOptions): Promise<MeasureReport> {
  if (!opts.funcRe && !opts.benchRe) throw new UserError('measure needs --func REGEXP or --bench REGEXP');
  let funcRe: RegExp | undefined;
  try {
    funcRe = opts.funcRe ? new RegExp(opts.funcRe) : undefined;
  } catch (e) {
    throw new UserError(`--func: ${(e as Error).message}`);
  }
  const { report, store, env: goenv } = await analyze(opts);
  const env = goenv.env;
  const out: MeasureReport = { schemaVersion: SCHEMA_VERSION, go: report.go, functions: [], benchmarks: [] };
  if (funcRe) out.functions = await measureFunctions(opts, report, store.functions, store.packages, env, funcRe);
  if (opts.benchRe) out.benchmarks = await measureBenchmarks(opts, report, store.packages, env, opts.benchRe);
  return out;
}

async function measureFunctions(
  opts: MeasureOptions, report: Report,
  functions: { name: string; package: string; file: string; start: { line: number; col: number } }[],
  packages: { path: string; name: string; dir: string }[], env: NodeJS.ProcessEnv, re: RegExp,
): Promise<MeasuredFunction[]> {
  const progress = opts.progress ?? (() => {});
  const src = new Map<string, string[]>();
  const byPkg = new Map<string, { name: string; sym: string }[]>();
  for (const f of functions) {
    const short = shortName(f.name);
    if (!re.test(f.name) && !re.test(short)) continue;
    if (short === 'main' || short === 'init' || short.includes('.') || !isNiladic(f.file, f.start.line, f.start.col, src)) continue;
    let l = byPkg.get(f.package);
    if (!l) byPkg.set(f.package, (l = []));
    l.push({ name: short, sym: f.name });
  }
  const selected = [...byPkg.values()].reduce((n, l) => n + l.length, 0);
  if (selected === 0) throw new UserError(`--func ${re.source}: no function without parameters matches in ${opts.patterns.join(' ')}`);
  const iterations = opts.iterations ?? 20000;
  const count = opts.count ?? 5;
  const files = new Map<string, string>();
  const index: { pkg: string; sym: string }[] = [];
  for (const [pkg, list] of byPkg) {
    const p = packages.find((x) => x.path === pkg)!;
    const benches = list.map((f) => {
      const i = index.push({ pkg, sym: f.sym }) - 1;
      // The classic b.N loop, so the call is inlined (or not) as in the user's own loops; raw
      // MemStats deltas, not the integer-truncated -benchmem figures.
      return `func BenchmarkIfacelensMeasure${i}(b *testing.B) {
	b.StopTimer()
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	b.StartTimer()
	for i := 0; i < b.N; i++ {
		${f.name}()
	}
	b.StopTimer()
	runtime.ReadMemStats(&m1)
	b.ReportMetric(float64(m1.Mallocs-m0.Mallocs)/float64(b.N), "mallocs/op")
	b.ReportMetric(float64(m1.TotalAlloc-m0.TotalAlloc)/float64(b.N), "totalalloc-B/op")
}
`;
    });
    files.set(join(p.dir, 'zz_ifacelens_measure_test.go'), `package ${p.name}

import (
	"runtime"
	"testing"
)

${benches.join('\n')}`);
  }
  progress(`measuring ${selected} functions (${count} × ${iterations} calls each)`);
  const work = measureDir();
  try {
    const dirs = [...byPkg.keys()].map((pkg) => packages.find((x) => x.path === pkg)!.dir);
    const r = await goTest(work, {
      dir: report.dir, env, tags: opts.tags, files,
      args: ['-run', '^$', '-bench', '^BenchmarkIfacelensMeasure', `-benchtime=${iterations}x`, `-count=${count}`, '-cpu=1', ...dirs],
    });
    if (r.exitCode !== 0) throw new UserError(`generated benchmarks failed: ${tail(r.stdout + r.stderr)}`);
    const runs = new Map<number, { allocs: number[]; bytes: number[]; n: number }>();
    for (const b of parseBenchOutput(r.stdout)) {
      const m = /^BenchmarkIfacelensMeasure(\d+)$/.exec(b.name);
      if (!m) continue;
      const k = Number(m[1]);
      let e = runs.get(k);
      if (!e) runs.set(k, (e = { allocs: [], bytes: [], n: b.n }));
      e.allocs.push(b.metrics['mallocs/op']);
      e.bytes.push(b.metrics['totalalloc-B/op']);
    }
    const summaries = new Map(report.functions.map((f) => [f.function, f]));
    return index.map(({ pkg, sym }, k): MeasuredFunction => {
      const e = runs.get(k);
      if (!e) throw new UserError(`generated benchmark for ${sym} produced no result`);
      const allocs = spread(e.allocs);
      const bytes = spread(e.bytes);
      const pred = summaries.get(sym);
      const measured = { allocsPerOp: allocs.median, bytesPerOp: bytes.median, runs: e.allocs.length, iterations: e.n, allocs, bytes };
      return {
        function: sym,
        package: pkg,
        measured,
        predicted: pred ? { allocsPerCall: pred.allocsPerCall, bytesPerCall: pred.bytesPerCall, ...(pred.notes ? { notes: pred.notes } : {}) } : { allocsPerCall: 0, bytesPerCall: 0 },
        agrees: agrees(measured, pred),
        sites: report.sites.filter((s) => s.function === sym && s.allocates !== false),
      };
    });
  } finally {
    removeTemp(work);
  }
}

async function measureBenchmarks(
  opts: MeasureOptions, report: Report, packages: { path: string; name: string; dir: string }[], env: NodeJS.ProcessEnv, benchRe: string,
): Promise<MeasuredBenchmark[]> {
  const progress = opts.progress ?? (() => {});
  const iterations = opts.iterations ?? 2000;
  const results: MeasuredBenchmark[] = [];
  const work = measureDir();
  try {
    for (const [i, p] of packages.entries()) {
      if (!existsSync(p.dir)) continue;
      progress(`running benchmarks of ${p.path}`);
      const prof = join(work, `mem${i}.pprof`);
      // One package per run: -memprofile takes one package. Rate 1: every allocation recorded.
      const r = await goTest(work, {
        dir: report.dir, env, tags: opts.tags,
        args: ['-run', '^$', '-bench', benchRe, '-benchmem', `-benchtime=${iterations}x`, '-count=1', '-cpu=1',
          `-memprofile=${prof}`, '-memprofilerate=1', '-o', join(work, `pkg${i}.test`), p.dir],
      });
      if (r.exitCode !== 0) throw new UserError(`benchmarks of ${p.path} failed: ${tail(r.stdout + r.stderr)}`);
      const lines = parseBenchOutput(r.stdout);
      if (lines.length === 0 || !existsSync(prof)) continue;
      const profile = parseProfile(readFileSync(prof));
      const loopStyle = benchmarksUsingLoop(p.dir);
      for (const b of lines) {
        // A classic b.N benchmark runs with b.N = 1 first, then the requested N: both are in the
        // profile. A b.Loop benchmark with a fixed iteration count runs exactly N times.
        const ops = loopStyle.has(b.name.split('/')[0]) ? b.n : 1 + b.n;
        const fnPrefix = `${p.name === 'main' ? 'main' : p.path}.${b.name.split('/')[0]}`;
        const samples = profile.samples.filter((s) => s.stack.some((l) => l.frames.some((f) => f.function === fnPrefix || f.function.startsWith(fnPrefix + '.'))));
        const sub = { ...profile, samples };
        const att = attributeProfile(sub, report.sites, report.dir, report.packages);
        const space = profile.sampleTypes.findIndex((t) => t.type === 'alloc_space');
        const objs = profile.sampleTypes.findIndex((t) => t.type === 'alloc_objects');
        const sites = att.sites.map((a): MeasuredSite => {
          const bytesPerOp = a.values[space] / ops;
          const pred = a.site.bytesPerOp;
          return {
            position: a.site.position, function: a.site.function, kind: a.site.kind,
            predictedBytesPerExecution: pred,
            measuredBytesPerOp: round(bytesPerOp), measuredObjectsPerOp: round(a.values[objs] / ops),
            executionsPerOp: pred ? round(bytesPerOp / pred) : null,
            static: a.site,
          };
        }).sort((x, y) => y.measuredBytesPerOp - x.measuredBytesPerOp);
        results.push({
          benchmark: b.name,
          package: p.path,
          iterations: b.n,
          benchmem: { bytesPerOp: b.metrics['B/op'] ?? null, allocsPerOp: b.metrics['allocs/op'] ?? null, nsPerOp: b.metrics['ns/op'] ?? null },
          profile: {
            bytesPerOp: round(att.totals[space] / ops),
            objectsPerOp: round(att.totals[objs] / ops),
            interfaceBytesPerOp: round(att.sites.reduce((n, a) => n + a.values[space], 0) / ops),
          },
          sites,
        });
      }
    }
  } finally {
    removeTemp(work);
  }
  if (results.length === 0) throw new UserError(`--bench ${benchRe}: no benchmark matched in ${opts.patterns.join(' ')}`);
  return results;
}

/** Names of the package's benchmarks whose body uses b.Loop (read from its _test.go files). */
function benchmarksUsingLoop(dir: string): Set<string> {
  const out = new Set<string>();
  for (const f of readdirSync(dir).filter((f) => f.endsWith('_test.go'))) {
    const text = readFileSync(join(dir, f), 'utf8');
    const re = /^func (Benchmark\w*)\(\s*(\w+) \*testing\.B\)[^\n]*\n([\s\S]*?)^}/gm;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) if (new RegExp(`\\b${m[2]}\\.Loop\\(\\)`).test(m[3])) out.add(m[1]);
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function tail(s: string): string {
  const lines = s.split('\n').map((l) => l.trimEnd()).filter(Boolean);
  return lines.slice(-6).join(' | ');
}

