// `ifacelens check`: the CI gate. Budgets written in the code (the budget check's findings), a
// committed baseline (--baseline FILE, written with --update-baseline), or the base revision of a
// change (--against REV, analysed from `git archive` in a temp dir: the user's checkout and its .git
// are only read). Fails (exit 1) on a broken budget, a new or grown interface allocation, or a new
// finding; improvements are shown and pass.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { analyze, type AnalyzeOptions } from './analyze.js';
import { readAnalysis } from './merge.js';
import { run } from '../toolchain/go-command.js';
import { UserError } from '../toolchain/errors.js';
import { errnoText } from '../toolchain/errno.js';
import { removeTemp, tempDir } from '../toolchain/workspace.js';
import { baselineOf, BaselineError, compare, goMinor, parseBaseline, regressions, type Baseline, type Comparison } from '../analysis/baseline.js';
import type { Finding, Report } from '../contract/report.js';

export interface CheckOptions extends AnalyzeOptions {
  baseline?: string;
  updateBaseline?: boolean;
  /** a git revision to compare with (the change's base) */
  against?: string;
  /** a saved analysis (analyze --format json, or ifacelens merge of shards) instead of analysing */
  analysis?: string;
}

export interface CheckResult {
  report: Report;
  /** broken budgets (the budget check's findings) */
  budget: Finding[];
  /** what the change did, against the baseline or the base revision */
  comparison?: Comparison;
  /** what the comparison is against: the baseline file, or `REV` */
  base?: string;
  /** the baseline file written (--update-baseline) */
  wrote?: string;
  failed: boolean;
}

/** Reads a baseline file and refuses one of another Go version or target, in one line. */
export function readBaseline(file: string, report: Report): Baseline {
  if (!existsSync(file)) throw new UserError(`no baseline at ${file}: write one with ifacelens check --update-baseline --baseline ${file}`);
  let b: Baseline;
  try {
    b = parseBaseline(readFileSync(file, 'utf8'), file);
  } catch (e) {
    if (e instanceof BaselineError) throw new UserError(e.message);
    throw new UserError(`cannot read the baseline ${file}: ${errnoText(e)}`);
  }
  const now = { version: goMinor(report.go.version), goos: report.go.goos, goarch: report.go.goarch };
  if (b.go.version !== now.version || b.go.goos !== now.goos || b.go.goarch !== now.goarch) {
    throw new UserError(
      `the baseline ${file} was recorded with ${b.go.version} ${b.go.goos}/${b.go.goarch}, this run is ${now.version} ${now.goos}/${now.goarch}: ` +
        (b.go.version === now.version
          ? `run with --goarch ${b.go.goarch} --goos ${b.go.goos}, or re-record it with --update-baseline`
          : 're-record it with --update-baseline (costs change between Go versions)'),
    );
  }
  return b;
}

export async function checkRun(opts: CheckOptions): Promise<CheckResult> {
  if (opts.updateBaseline && !opts.baseline) throw new UserError('--update-baseline wants --baseline FILE: the file to write');
  if (opts.against && opts.baseline && !opts.updateBaseline) throw new UserError('--against and --baseline compare with different things: give one');
  if (opts.analysis && opts.against)
    throw new UserError('--analysis and --against: the base revision is analysed afresh, give the packages instead of --analysis');
  const report = opts.analysis ? readAnalysis(resolve(opts.dir, opts.analysis)) : (await analyze(opts)).report;
  const budget = report.findings.filter((f) => f.check === 'budget');
  const result: CheckResult = { report, budget, failed: budget.length > 0 };
  if (opts.baseline && opts.updateBaseline) {
    const file = resolve(opts.dir, opts.baseline);
    try {
      writeFileSync(file, `${JSON.stringify(baselineOf(report), null, 2)}\n`);
    } catch (e) {
      throw new UserError(`cannot write ${opts.baseline}: ${errnoText(e)}`);
    }
    result.wrote = file;
    return result;
  }
  let base: Baseline | undefined;
  if (opts.baseline) {
    base = readBaseline(resolve(opts.dir, opts.baseline), report);
    result.base = opts.baseline;
  } else if (opts.against) {
    base = baselineOf(await analyzeRevision(opts, opts.against));
    result.base = opts.against;
  }
  if (base) {
    result.comparison = compare(base, baselineOf(report));
    const r = regressions(result.comparison);
    result.failed ||= r.sites.length > 0 || r.findings.length > 0;
  }
  return result;
}

/** `ifacelens diff OLD NEW`: two analyze --format json outputs compared like a baseline and a run. */
export function diffReports(oldFile: string, newFile: string): { old: Report; now: Report; comparison: Comparison; failed: boolean } {
  const [a, b] = [
    readAnalysis(oldFile, 'diff reads ifacelens analyze --format json outputs'),
    readAnalysis(newFile, 'diff reads ifacelens analyze --format json outputs'),
  ];
  if (a.go.goarch !== b.go.goarch || a.go.goos !== b.go.goos) {
    throw new UserError(`${oldFile} is for ${a.go.goos}/${a.go.goarch}, ${newFile} for ${b.go.goos}/${b.go.goarch}: compare analyses of one target`);
  }
  const comparison = compare(baselineOf(a), baselineOf(b));
  const reg = regressions(comparison);
  return { old: a, now: b, comparison, failed: reg.sites.length > 0 || reg.findings.length > 0 };
}

/** Analyses the same packages at another git revision, extracted into a temp dir (never a checkout). */
async function analyzeRevision(opts: CheckOptions, rev: string): Promise<Report> {
  const dir = resolve(opts.dir);
  const top = await run('git', ['rev-parse', '--show-toplevel'], { cwd: dir, timeoutMs: 30_000 });
  if (top.exitCode !== 0) throw new UserError(`--against ${rev}: ${dir} is not in a git repository`);
  const root = top.stdout.trim();
  const ok = await run('git', ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { cwd: root, timeoutMs: 30_000 });
  if (ok.exitCode !== 0) throw new UserError(`--against ${rev}: no such revision`);
  const tmp = tempDir('ifacelens-base-');
  try {
    const tar = join(tmp, 'base.tar');
    const arch = await run('git', ['archive', '--format=tar', '-o', tar, ok.stdout.trim()], { cwd: root, timeoutMs: 300_000 });
    if (arch.exitCode !== 0) throw new UserError(`--against ${rev}: git archive failed: ${arch.stderr.trim().split('\n')[0]}`);
    const tree = join(tmp, 'tree');
    const x = await run('sh', ['-c', 'mkdir -p "$1" && tar -xf "$2" -C "$1"', 'sh', tree, tar], { timeoutMs: 300_000 });
    if (x.exitCode !== 0) throw new UserError(`--against ${rev}: cannot extract it: ${x.stderr.trim().split('\n')[0]}`);
    const at = join(tree, relative(root, dir));
    if (!existsSync(at)) throw new UserError(`--against ${rev}: ${relative(root, dir) || '.'} does not exist at that revision`);
    const { report } = await analyze({ ...opts, dir: at, progress: opts.progress ? (m) => opts.progress!(`${rev}: ${m}`) : undefined });
    // positions relative to the analysed directory are the same in both trees
    return report;
  } finally {
    removeTemp(tmp);
  }
}
