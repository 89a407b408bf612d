// `ifacelens fix`: for each allocating site, the rewrites the helper finds for it (helper
// -rewrites) and the typed-nil check's guarded returns, each proven in an overlay copy of the
// package — never in the user's tree — before it is shown: (1) re-analysed with the overlay, the
// site is gone or cheaper and no function got costlier; (2) measured, the enclosing function
// allocates less, by at least what the analysis predicts (a generated benchmark, else the
// package's own benchmarks); (3) go vet and go test of the package pass with the overlay.
// `applyFixes` writes proven fixes (gofmt'd) after proving them together once more.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyze, type AnalyzeOptions, type AnalyzeResult } from './analyze.js';
import { measureRun } from './measure.js';
import { ensureHelper, runHelper } from '../toolchain/helper.js';
import { goWithOverlay } from '../toolchain/go-test.js';
import { gofmt } from '../toolchain/gofmt.js';
import { uncommittedFiles } from '../toolchain/git.js';
import { removeTemp, tempDir } from '../toolchain/workspace.js';
import { AbortedError, UserError } from '../toolchain/errors.js';
import type { RunResult } from '../toolchain/go-command.js';
import type { HRewrite } from '../parse/helper-protocol.js';
import { applyRewrites, lineChanges } from '../analysis/text-edits.js';
import { relFile, toPosition } from '../facts/position.js';
import { unifiedDiff } from '../report/diff.js';
import type { FunctionSummary, Report, SiteReport } from '../contract/report.js';
import {
  FIX_SCHEMA_VERSION,
  type FixEdit,
  type FixMeasurement,
  type FixReport,
  type PerCall,
  type ProofStep,
  type ProvenFix,
  type RewriteKind,
  type UnprovenFix,
} from '../contract/fix.js';

export interface FixOptions extends AnalyzeOptions {
  /** per candidate: the proof's time bound (ms) */
  timeoutMs?: number;
  /** measurement repetitions and calls per repetition (measure's --count, --iterations) */
  count?: number;
  iterations?: number;
  /** only these rewrites */
  rewrites?: string[];
}

/** A candidate: the helper's record (or the typed-nil fix made into one). */
type Candidate = Omit<HRewrite, 'rewrite'> & { rewrite: RewriteKind };

export interface FixRun {
  report: FixReport;
  /** the candidate behind each proven fix (same order as report.fixes), for applyFixes */
  candidates: Candidate[];
  goroot: string;
  env: NodeJS.ProcessEnv;
}

export const REWRITES: readonly RewriteKind[] = ['fmt-strconv', 'slog-attrs', 'sort-slices', 'error-sentinel', 'typed-nil-guard'];

const DEFAULT_TIMEOUT_MS = 300_000;

export async function fixRun(opts: FixOptions): Promise<FixRun> {
  const progress = opts.progress ?? (() => {});
  for (const r of opts.rewrites ?? []) {
    if (!REWRITES.includes(r as RewriteKind)) throw new UserError(`--rewrite ${r}: not a rewrite (${REWRITES.join(', ')})`);
  }
  const want = (k: string) => !opts.rewrites?.length || opts.rewrites.includes(k);
  const before = await analyze({ ...opts, checks: ['typed-nil'] });
  const { report, env } = before;
  const dir = report.dir;
  progress('finding rewrites');
  const helper = await ensureHelper(env.version);
  const records = await runHelper(helper, { dir, env: env.env, tags: opts.tags, patterns: opts.patterns, rewrites: true, signal: opts.signal });
  const candidates: Candidate[] = [];
  for (const r of records) if (r.kind === 'rewrite' && want(r.rewrite)) candidates.push(r as Candidate);
  if (want('typed-nil-guard')) candidates.push(...typedNilCandidates(report));

  const out: FixReport = { schemaVersion: FIX_SCHEMA_VERSION, go: report.go, dir, patterns: opts.patterns, fixes: [], unproven: [] };
  const proven: Candidate[] = [];
  const measuredBefore = new Map<string, Promise<Measured>>();
  const testedBefore = new Map<string, Promise<RunResult>>();
  const pkgDir = new Map(before.store.packages.map((p) => [p.path, p.dir]));
  for (const [k, c] of candidates.entries()) {
    const position = toPosition(dir, c.pos);
    const base = { rewrite: c.rewrite, package: c.package, function: c.function, position };
    if (c.refused) {
      out.unproven.push({ ...base, status: 'refused', reason: c.refused });
      continue;
    }
    if (!costInStd(c) && c.rewrite !== 'typed-nil-guard' && sitesIn(report, dir, c).length === 0) {
      out.unproven.push({ ...base, status: 'no-cost', reason: 'the analysis finds no allocating site in this expression' });
      continue;
    }
    progress(`proving ${c.rewrite} at ${position.file}:${position.line} (${k + 1} of ${candidates.length})`);
    const ctrl = new AbortController();
    const onOuter = () => ctrl.abort();
    opts.signal?.addEventListener('abort', onOuter, { once: true });
    const timer = setTimeout(() => ctrl.abort(), opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const work = tempDir('ifacelens-fix-');
    try {
      const r = await prove(opts, before, c, work, ctrl.signal, pkgDir.get(c.package) ?? dir, measuredBefore, testedBefore);
      if ('failed' in r) out.unproven.push({ ...base, status: r.status, reason: r.failed, proof: r.proof });
      else {
        out.fixes.push({ ...base, why: c.why, ...r });
        proven.push(c);
      }
    } catch (e) {
      if (!(e instanceof AbortedError) || opts.signal?.aborted) throw e;
      out.unproven.push({ ...base, status: 'timeout', reason: `not proven within ${Math.round((opts.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000)} s (--timeout)` });
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onOuter);
      removeTemp(work);
    }
  }
  return { report: out, candidates: proven, goroot: env.goroot, env: env.env };
}

/** The typed-nil check's guarded returns as candidates (a behaviour fix: proven without a measurement). */
function typedNilCandidates(report: Report): Candidate[] {
  const out: Candidate[] = [];
  for (const f of report.findings) {
    if (!f.fix) continue;
    const file = resolve(report.dir, f.position.file);
    const lines = readFileSync(file, 'utf8').split('\n');
    const offset = (line: number, col: number) => Buffer.byteLength(lines.slice(0, line - 1).join('\n')) + (line > 1 ? 1 : 0) + col - 1;
    out.push({
      kind: 'rewrite',
      rewrite: 'typed-nil-guard',
      package: f.package,
      function: f.function,
      pos: { file, line: f.position.line, col: f.position.column },
      end: { file, line: f.fix.region.endLine, col: f.fix.region.endColumn },
      file,
      edits: [{ start: offset(f.fix.region.startLine, f.fix.region.startColumn), end: offset(f.fix.region.endLine, f.fix.region.endColumn), new: f.fix.text }],
      imports: [],
      why: `${f.fix.description}: callers comparing the error with nil see a nil interface`,
    });
  }
  return out;
}

/** The cost the rewrite removes is in standard-library code inlined into the function (errors.New's
 *  &errorString{}), which the analysis does not report: only the measurement can show it. */
const costInStd = (c: Candidate) => c.rewrite === 'error-sentinel';

/** The allocating sites the candidate's expression holds (inlined ones by their call site). */
function sitesIn(report: Report, dir: string, c: Candidate): SiteReport[] {
  const file = relFile(dir, c.file);
  const inside = (p: { file: string; line: number; column: number }) =>
    p.file === file &&
    (p.line > c.pos.line || (p.line === c.pos.line && p.column >= c.pos.col)) &&
    (p.line < c.end.line || (p.line === c.end.line && p.column <= c.end.col));
  return report.sites.filter((s) => s.allocates !== false && (inside(s.position) || s.inlinedAt?.some((f) => inside(f.callSite))));
}

/** A function and the closures the compiler made of it (F, F.func1, F.func1.2, F.gowrap1). */
export function topFunction(sym: string): string {
  return sym.replace(/(\.(func|gowrap|deferwrap)\d+(\.\d+)*)+$/, '');
}

/** Per call of each function with its closures, summed (null when any part is unknown). */
function costsByFunction(functions: FunctionSummary[]): Map<string, PerCall & { sites: number }> {
  const m = new Map<string, PerCall & { sites: number }>();
  for (const f of functions) {
    const k = topFunction(f.function);
    const e = m.get(k) ?? { allocsPerCall: 0, bytesPerCall: 0, sites: 0 };
    e.allocsPerCall = e.allocsPerCall === null || f.allocsPerCall === null ? null : e.allocsPerCall + f.allocsPerCall;
    e.bytesPerCall = e.bytesPerCall === null || f.bytesPerCall === null ? null : e.bytesPerCall + f.bytesPerCall;
    e.sites += f.sites;
    m.set(k, e);
  }
  return m;
}

type Measured = { m: FixMeasurement['before']; how: FixMeasurement['how']; subject: string; args?: string[] } | { notMeasured: string };

type Proof = Pick<ProvenFix, 'predicted' | 'measured' | 'notMeasured' | 'edits' | 'diff' | 'proof'>;

/** Proves one candidate in `work` (an overlay of its file), or says which step failed. */
async function prove(
  opts: FixOptions,
  before: AnalyzeResult,
  c: Candidate,
  work: string,
  signal: AbortSignal,
  pkgDir: string,
  measuredBefore: Map<string, Promise<Measured>>,
  testedBefore: Map<string, Promise<RunResult>>,
): Promise<Proof | { failed: string; status: UnprovenFix['status']; proof: ProofStep[] }> {
  const dir = before.report.dir;
  const proof: ProofStep[] = [];
  const fail = (failed: string, status: UnprovenFix['status'] = 'failed') => ({ failed, status, proof });
  const original = readFileSync(c.file);
  const applied = applyRewrites(original, [c]);
  if ('conflict' in applied) return fail(applied.conflict);
  let text: string;
  try {
    text = await gofmt(before.env.goroot, applied.text, signal);
  } catch (e) {
    if (e instanceof AbortedError) throw e;
    return fail(`the rewritten file does not parse: ${(e as Error).message}`);
  }
  const overlay = join(work, 'overlay.json');
  const replacement = join(work, 'replacement.go');
  writeFileSync(replacement, text);
  writeFileSync(overlay, JSON.stringify({ Replace: { [c.file]: replacement } }));
  const oldText = original.toString('utf8');
  const changes = lineChanges(oldText, text);
  const rel = relFile(dir, c.file);
  const edits: FixEdit[] = changes.map((ch) => ({
    file: rel,
    startLine: ch.oldStart,
    endLine: ch.oldStart + ch.oldLines.length,
    newText: ch.newLines.map((l) => l + '\n').join(''),
  }));
  const diff = unifiedDiff(rel, oldText, changes);
  const overlayFlag = `-overlay=<${rel} rewritten>`;

  // (1) re-analysis
  let after: AnalyzeResult;
  try {
    after = await analyze({ ...opts, checks: ['typed-nil'], overlay, signal, progress: undefined });
  } catch (e) {
    if (e instanceof AbortedError) throw e;
    proof.push({ step: 'reanalysis', passed: false, ran: [`ifacelens analyze ${overlayFlag} ${opts.patterns.join(' ')}`], detail: (e as Error).message });
    return fail(`the rewritten package does not build: ${(e as Error).message}`);
  }
  const top = topFunction(c.function);
  const costBefore = costsByFunction(before.report.functions.filter((f) => f.package === c.package));
  const costAfter = costsByFunction(after.report.functions.filter((f) => f.package === c.package));
  const zero = { allocsPerCall: 0, bytesPerCall: 0, sites: 0 };
  const b = costBefore.get(top) ?? zero;
  const a = costAfter.get(top) ?? zero;
  const predicted = {
    before: { allocsPerCall: b.allocsPerCall, bytesPerCall: b.bytesPerCall },
    after: { allocsPerCall: a.allocsPerCall, bytesPerCall: a.bytesPerCall },
  };
  const worse = [...costAfter].filter(([fn, x]) => {
    const y = costBefore.get(fn) ?? zero;
    if (x.allocsPerCall === null || x.bytesPerCall === null) return y.allocsPerCall !== null && y.bytesPerCall !== null;
    return (y.allocsPerCall !== null && x.allocsPerCall > y.allocsPerCall) || (y.bytesPerCall !== null && x.bytesPerCall > y.bytesPerCall);
  });
  const ran1 = [`ifacelens analyze ${overlayFlag} ${opts.patterns.join(' ')}`];
  if (worse.length) {
    const [fn] = worse[0];
    proof.push({ step: 'reanalysis', passed: false, ran: ran1, detail: `${fn} got costlier` });
    return fail(`${fn} would cost more per call`);
  }
  if (c.rewrite === 'typed-nil-guard') {
    const count = (r: Report) => r.findings.filter((f) => f.rule === 'typed-nil-return' && f.function === c.function).length;
    if (!(count(after.report) < count(before.report))) {
      proof.push({ step: 'reanalysis', passed: false, ran: ran1, detail: 'the typed-nil finding is still there' });
      return fail('the typed-nil finding is still there after the rewrite');
    }
    proof.push({ step: 'reanalysis', passed: true, ran: ran1, detail: 'the typed-nil-return finding is gone; no function costs more per call' });
  } else if (costInStd(c)) {
    proof.push({
      step: 'reanalysis',
      passed: true,
      ran: ran1,
      detail: `no function costs more per call (the allocation removed is errors.New's, in the standard library's code the analysis does not read: the measurement shows it)`,
    });
  } else {
    const cheaper = a.sites < b.sites || lt(a.allocsPerCall, b.allocsPerCall) || lt(a.bytesPerCall, b.bytesPerCall);
    if (!cheaper) {
      proof.push({ step: 'reanalysis', passed: false, ran: ran1, detail: 'the function is not cheaper' });
      return fail('the re-analysis finds the function no cheaper');
    }
    proof.push({
      step: 'reanalysis',
      passed: true,
      ran: ran1,
      detail: `${shortFn(top)}: ${perCall(predicted.before)} → ${perCall(predicted.after)} per call at its interface sites; no function costs more`,
    });
  }

  // (2) measurement
  let measured: FixMeasurement | null = null;
  let notMeasured: string | undefined;
  if (c.rewrite === 'typed-nil-guard') {
    notMeasured = 'a behaviour fix: what it changes is the nil check, not the cost';
  } else {
    let mb = measuredBefore.get(top);
    if (!mb) measuredBefore.set(top, (mb = measureFunction(opts, c.package, top, undefined, signal)));
    const m0 = await mb;
    if ('notMeasured' in m0) {
      proof.push({ step: 'measurement', passed: false, ran: [], detail: m0.notMeasured });
      return fail(`not measured: ${m0.notMeasured}`, 'not-measured');
    }
    const m1 = await measureFunction(opts, c.package, top, overlay, signal, m0.how);
    if ('notMeasured' in m1) return fail(`not measured after the rewrite: ${m1.notMeasured}`, 'failed');
    measured = { how: m0.how, subject: m0.subject, ...(m0.args ? { args: m0.args } : {}), before: m0.m, after: m1.m };
    const ran2 =
      m0.how === 'generated-benchmark'
        ? [`ifacelens measure --func '^${top}$'${m0.args ? ` --args '${m0.args.join(', ')}'` : ''} ${c.package}`, `the same with ${overlayFlag}`]
        : [`ifacelens measure --bench . ${c.package}`, `the same with ${overlayFlag}`];
    const verdict = measuredDrop(measured, predicted);
    proof.push({
      step: 'measurement',
      passed: verdict === '',
      ran: ran2,
      detail: verdict || `${perOp(measured.before)} → ${perOp(measured.after)} per call, measured`,
    });
    if (verdict) return fail(verdict);
  }

  // (3) go vet and go test, with the overlay; the tests also without it, once per package
  const vet = await goWithOverlay('vet', { dir, env: before.env.env, tags: opts.tags, overlay, args: [pkgDir], signal });
  proof.push({
    step: 'vet',
    passed: vet.exitCode === 0,
    ran: [`go vet ${overlayFlag} ${c.package}`],
    detail: vet.exitCode === 0 ? 'no problem' : firstLines(vet),
  });
  if (vet.exitCode !== 0) return fail(`go vet: ${firstLines(vet)}`);
  let tb = testedBefore.get(c.package);
  if (!tb) testedBefore.set(c.package, (tb = goWithOverlay('test', { dir, env: before.env.env, tags: opts.tags, args: ['-count=1', pkgDir], signal })));
  const t0 = await tb;
  if (t0.exitCode !== 0) {
    proof.push({ step: 'test', passed: false, ran: [`go test -count=1 ${c.package}`], detail: firstLines(t0) });
    return fail(`the package's tests fail without the rewrite: ${firstLines(t0)}`);
  }
  const t1 = await goWithOverlay('test', { dir, env: before.env.env, tags: opts.tags, overlay, args: ['-count=1', pkgDir], signal });
  proof.push({
    step: 'test',
    passed: t1.exitCode === 0,
    ran: [`go test -count=1 ${overlayFlag} ${c.package}`],
    detail: t1.exitCode === 0 ? testSummary(t1) : firstLines(t1),
  });
  if (t1.exitCode !== 0) return fail(`go test: ${firstLines(t1)}`);
  return { predicted, measured, ...(notMeasured ? { notMeasured } : {}), edits, diff, proof };
}

const lt = (x: number | null, y: number | null) => x !== null && y !== null && x < y;
const shortFn = (s: string) => s.slice(s.lastIndexOf('/') + 1);
const perCall = (p: PerCall) => `${p.bytesPerCall ?? '?'} B, ${p.allocsPerCall ?? '?'} allocs`;
const perOp = (p: { bytesPerOp: number; allocsPerOp: number }) => `${p.bytesPerOp} B, ${p.allocsPerOp} allocs`;

/**
 * '' when the measured drop is real and at least what the analysis predicts (allocations within
 * 0.02 per call, bytes within 5% or half a byte), else why not.
 */
export function measuredDrop(m: FixMeasurement, predicted: ProvenFix['predicted']): string {
  const dropA = m.before.allocsPerOp - m.after.allocsPerOp;
  const dropB = m.before.bytesPerOp - m.after.bytesPerOp;
  if (dropA < -0.02 || dropB < -0.5) return `measured costlier: ${perOp(m.before)} → ${perOp(m.after)} per call`;
  if (dropA <= 0.02 && dropB <= 0.5) return `measured no cheaper: ${perOp(m.before)} → ${perOp(m.after)} per call`;
  if (m.how === 'package-benchmarks') return '';
  const predA = (predicted.before.allocsPerCall ?? 0) - (predicted.after.allocsPerCall ?? 0);
  const predB = (predicted.before.bytesPerCall ?? 0) - (predicted.after.bytesPerCall ?? 0);
  if (dropA < predA - 0.02 || dropB < predB - Math.max(0.5, predB * 0.05)) {
    return `measured drop ${dropB} B, ${dropA} allocs per call is less than the predicted ${predB} B, ${predA} allocs`;
  }
  return '';
}

/** The function's allocations per call: its generated benchmark, else the package's benchmarks summed. */
async function measureFunction(
  opts: FixOptions,
  pkg: string,
  sym: string,
  overlay: string | undefined,
  signal: AbortSignal,
  how?: FixMeasurement['how'],
): Promise<Measured> {
  const common = { ...opts, patterns: [pkg], overlay, signal, progress: undefined, count: opts.count ?? 5, iterations: opts.iterations };
  let why = '';
  if (/\.[^/]*\./.test(sym.slice(sym.lastIndexOf('/') + 1))) {
    why = 'a method: generated benchmarks call plain functions only';
    how = 'package-benchmarks';
  }
  if (how !== 'package-benchmarks') {
    try {
      const r = await measureRun({ ...common, funcRe: `^${sym.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&')}$` });
      const f = r.functions.find((x) => x.function === sym);
      if (f)
        return {
          how: 'generated-benchmark',
          subject: sym,
          ...(f.args ? { args: f.args } : {}),
          m: { allocsPerOp: f.measured.allocsPerOp, bytesPerOp: f.measured.bytesPerOp },
        };
      why = r.skipped?.find((s) => s.function === sym)?.reason ?? 'no generated benchmark could call it';
    } catch (e) {
      if (!(e instanceof UserError) || e instanceof AbortedError) throw e;
      why = e.message.replace(/^--func \S+: /, '');
    }
  }
  try {
    const r = await measureRun({ ...common, benchRe: '.', iterations: opts.iterations ?? 2000 });
    const sum = (k: 'bytesPerOp' | 'objectsPerOp') => r.benchmarks.reduce((n, b) => n + b.profile[k], 0);
    return {
      how: 'package-benchmarks',
      subject: r.benchmarks.map((b) => b.benchmark).join(', '),
      m: { allocsPerOp: Math.round(sum('objectsPerOp') * 1000) / 1000, bytesPerOp: Math.round(sum('bytesPerOp') * 1000) / 1000 },
    };
  } catch (e) {
    if (!(e instanceof UserError) || e instanceof AbortedError) throw e;
    return { notMeasured: `${why}; and ${e.message.replace(/^--bench \.: /, '').replace(/^no benchmark matched/, 'no benchmark')}` };
  }
}

function firstLines(r: RunResult): string {
  return (r.stdout + '\n' + r.stderr)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && l !== 'FAIL')
    .slice(0, 3)
    .join(' | ');
}

function testSummary(r: RunResult): string {
  return (
    r.stdout
      .split('\n')
      .find((l) => /^ok\s/.test(l))
      ?.replace(/\s+/g, ' ')
      .trim() ?? 'passed'
  );
}

/**
 * Writes the proven fixes into the user's files, gofmt'd: refused (exit 2) for a file with
 * uncommitted changes unless `force`; before writing, the fixes are proven together once more
 * (go vet and go test of their packages with all of them in one overlay). Returns the files written.
 */
export async function applyFixes(run: FixRun, indices: number[], opts: { force?: boolean; tags?: string; signal?: AbortSignal }): Promise<string[]> {
  const dir = run.report.dir;
  const byFile = new Map<string, Candidate[]>();
  for (const i of indices) {
    const c = run.candidates[i];
    const l = byFile.get(c.file) ?? [];
    l.push(c);
    byFile.set(c.file, l);
  }
  if (byFile.size === 0) return [];
  if (!opts.force) {
    const dirty = await uncommittedFiles([...byFile.keys()]);
    if (dirty.length) {
      throw new UserError(`refusing to write ${dirty.map((f) => relFile(dir, f)).join(', ')}: uncommitted changes in git (commit them first, or pass --force)`);
    }
  }
  const work = tempDir('ifacelens-fix-apply-');
  try {
    const texts = new Map<string, string>();
    const replace: Record<string, string> = {};
    for (const [i, [file, cs]] of [...byFile].entries()) {
      const r = applyRewrites(readFileSync(file), cs);
      if ('conflict' in r)
        throw new UserError(`the fixes to ${relFile(dir, file)} cannot be applied together: ${r.conflict}; apply them one at a time (--interactive)`);
      const text = await gofmt(run.goroot, r.text, opts.signal);
      texts.set(file, text);
      replace[file] = join(work, `file${i}.go`);
      writeFileSync(replace[file], text);
    }
    const overlay = join(work, 'overlay.json');
    writeFileSync(overlay, JSON.stringify({ Replace: replace }));
    const pkgs = [...new Set(indices.map((i) => run.candidates[i].package))];
    for (const sub of ['vet', 'test'] as const) {
      const r = await goWithOverlay(sub, {
        dir,
        env: run.env,
        tags: opts.tags,
        overlay,
        args: sub === 'test' ? ['-count=1', ...pkgs] : pkgs,
        signal: opts.signal,
      });
      if (r.exitCode !== 0) throw new UserError(`the fixes together fail go ${sub}: ${firstLines(r)}; nothing written`, 1);
    }
    for (const [file, text] of texts) writeFileSync(file, text);
    return [...texts.keys()].map((f) => relFile(dir, f));
  } finally {
    removeTemp(work);
  }
}
