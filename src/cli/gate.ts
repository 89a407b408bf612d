// `ifacelens check` and `ifacelens diff`: the CI gate's commands. Exit status 0 clean, 1 a budget
// or the baseline violated, 2 bad input (docs/check.md).
import type { Command } from 'commander';
import { relative, resolve } from 'node:path';
import { checkRun, diffReports } from '../pipeline/check.js';
import { renderCheckGithub, renderCheckJson, renderCheckMarkdown, renderCheckSarif, renderCheckText, type GateResult } from '../report/check.js';
import type { Position } from '../contract/index.js';
import { mergeShards } from '../pipeline/merge.js';
import { UserError } from '../toolchain/errors.js';
import { analyzeRenderers, colorFor, emit, opt, PATTERNS, progressFor, version } from './main.js';

type Opts = { color?: boolean; output?: string; dir?: string };

/** --format of check and diff: the keys are the choices. */
const gateRenderers = {
  text: (r: GateResult, o: Opts) => renderCheckText(r, { color: colorFor(o) }),
  json: (r: GateResult) => renderCheckJson(r),
  sarif: (r: GateResult) => renderCheckSarif(r, version),
  github: (r: GateResult) => renderCheckGithub(r, (p: Position) => fromCwd(r.dir, p)),
  markdown: (r: GateResult) => renderCheckMarkdown(r),
};

/** A report position as a path from the current directory (GitHub resolves from the workspace root). */
function fromCwd(dir: string, p: Position): string {
  return p.file.startsWith('/') ? relative(process.cwd(), p.file) : relative(process.cwd(), resolve(dir, p.file)) || p.file;
}

const collect = (v: string, all: string[]) => [...all, v];

/** --report FORMAT=FILE values, checked before any work is done. */
function reportsOf(values: string[]): [keyof typeof gateRenderers, string][] {
  return values.map((v) => {
    const m = /^([a-z]+)=(.+)$/.exec(v);
    if (!m || !(m[1] in gateRenderers))
      throw new UserError(`--report wants FORMAT=FILE with FORMAT one of ${Object.keys(gateRenderers).join(', ')}, not "${v}"`);
    return [m[1] as keyof typeof gateRenderers, m[2]];
  });
}

/** `--shard i/n`, checked. */
export function parseShard(v: string | undefined): { index: number; count: number } | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(v);
  const [i, n] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
  if (!m || n < 1 || i < 1 || i > n) throw new UserError(`--shard wants i/n with 1 ≤ i ≤ n (e.g. 2/4), not "${v}"`);
  return { index: i, count: n };
}

export function addGateCommands(program: Command, setExitCode: (n: number) => void): void {
  program
    .command('merge')
    .description('combine the shards of a sharded analysis (analyze --shard i/n --format json) into the report one run gives')
    .argument('<shards...>', 'the shards, one JSON file each')
    .addOption(opt.format(analyzeRenderers))
    .option('--all', 'text: show every site, not only allocating ones', false)
    .addOption(opt.color())
    .addOption(opt.output())
    .action(async (files: string[], o) => {
      emit(analyzeRenderers[o.format as keyof typeof analyzeRenderers](mergeShards(files), o), o);
    });

  program
    .command('check')
    .description('the CI gate: fail on broken //ifacelens: budgets, and on interface allocations or findings new since a baseline or a base revision')
    .argument('[patterns...]', PATTERNS, ['./...'])
    .addOption(opt.dir())
    .option('--baseline <file>', 'compare with this baseline (JSON, relative to -C)')
    .option('--update-baseline', 'write the current costs to --baseline FILE and pass (budgets still apply)', false)
    .option('--against <rev>', "compare with a git revision (the change's base), analysed from git archive in a temp dir")
    .option('--analysis <file>', 'use a saved analysis (analyze --format json, or ifacelens merge of shards) instead of analysing')
    .addOption(opt.format(gateRenderers))
    .option(
      '--report <format=file>',
      'also write the result in another format to a file (repeatable): --report sarif=out.sarif --report markdown=summary.md',
      collect,
      [],
    )
    .addOption(opt.goarch())
    .addOption(opt.goos())
    .addOption(opt.tags())
    .option('--tests', "also analyse the packages' tests", false)
    .addOption(opt.color())
    .addOption(opt.output())
    .addOption(opt.quiet())
    .action(async (patterns: string[], o) => {
      reportsOf(o.report);
      const r = await checkRun({
        dir: o.dir,
        patterns,
        goarch: o.goarch,
        goos: o.goos,
        tags: o.tags,
        tests: o.tests,
        baseline: o.baseline,
        updateBaseline: o.updateBaseline,
        against: o.against,
        analysis: o.analysis,
        progress: progressFor(o),
      });
      const g: GateResult = {
        go: r.report.go,
        dir: r.report.dir,
        patterns,
        budget: r.budget,
        comparison: r.comparison,
        base: r.base,
        wrote: r.wrote,
        failed: r.failed,
      };
      for (const [format, file] of reportsOf(o.report)) emit(gateRenderers[format](g, { dir: o.dir }), { output: file });
      emit(gateRenderers[o.format as keyof typeof gateRenderers](g, o), o);
      if (r.failed) setExitCode(1);
    });

  program
    .command('diff')
    .description('what changed between two analyses (analyze --format json outputs): new, grown, shrunk and removed interface costs')
    .argument('<old>', 'the earlier analysis (JSON)')
    .argument('<new>', 'the later analysis (JSON)')
    .addOption(opt.format(gateRenderers))
    .addOption(opt.color())
    .addOption(opt.output())
    .action(async (oldFile: string, newFile: string, o) => {
      const d = diffReports(oldFile, newFile);
      const g: GateResult = { go: d.now.go, dir: d.now.dir, patterns: d.now.patterns, budget: [], comparison: d.comparison, base: oldFile, failed: d.failed };
      emit(gateRenderers[o.format as keyof typeof gateRenderers](g, o), o);
      if (g.failed) setExitCode(1);
    });
}
