// `ifacelens fix`: rewrites that remove or shrink interface costs, each proven in an overlay copy
// before it is shown (docs/fix.md); --apply writes them, --interactive asks one by one on stdin.
// Exit 0 when it ran (with or without fixes), 2 on bad input or a refused --apply, 1 when the
// fixes fail go vet or go test together, 130 on Ctrl-C.
import { createInterface } from 'node:readline';
import { Option, type Command } from 'commander';
import { applyFixes, fixRun, REWRITES } from '../pipeline/fix.js';
import { fixSavings, renderFixJson, renderFixSarif, renderFixText } from '../report/fix.js';
import { UserError } from '../toolchain/errors.js';
import type { FixReport } from '../contract/fix.js';
import { colorFor, emit, opt, PATTERNS, progressFor, version } from './main.js';

const fixRenderers = {
  text: (r: FixReport, o: { color?: boolean; output?: string; all?: boolean }) => renderFixText(r, { color: colorFor(o), all: o.all }),
  json: (r: FixReport) => renderFixJson(r),
  sarif: (r: FixReport) => renderFixSarif(r, version),
};

const collect = (v: string, all: string[]) => [...all, ...v.split(',').filter(Boolean)];

export function addFixCommand(program: Command): void {
  program
    .command('fix')
    .description('rewrites that remove interface costs, each proven first: re-analysed, measured, vetted and tested in an overlay copy')
    .argument('[patterns...]', PATTERNS, ['./...'])
    .addOption(opt.dir())
    .addOption(opt.format(fixRenderers))
    .addOption(new Option('--rewrite <names>', `only these rewrites (${REWRITES.join(', ')}); repeatable or comma-separated`).argParser(collect).default([]))
    .option('--apply', "write the proven fixes into the files (gofmt'd), after proving them together with go vet and go test", false)
    .option('--interactive', 'with --apply: show each proven fix and ask on stdin whether to apply it', false)
    .option('--force', 'with --apply: also write files that have uncommitted changes in git', false)
    .option('--timeout <seconds>', 'time bound of the proof of one candidate', '300')
    .option('--count <n>', 'repetitions of each measurement', '5')
    .option('--all', 'text: also list the candidates where nothing allocates', false)
    .addOption(opt.tags())
    .addOption(opt.color())
    .addOption(opt.output())
    .addOption(opt.quiet())
    .action(async (patterns: string[], o) => {
      const seconds = Number(o.timeout);
      if (!(seconds > 0)) throw new UserError(`--timeout wants a positive number of seconds, not "${o.timeout}"`);
      const count = Number(o.count);
      if (!Number.isInteger(count) || count <= 0) throw new UserError(`--count wants a positive integer, not "${o.count}"`);
      if (o.interactive && !o.apply) throw new UserError('--interactive goes with --apply');
      if (o.force && !o.apply) throw new UserError('--force goes with --apply');
      const run = await fixRun({ dir: o.dir, patterns, tags: o.tags, rewrites: o.rewrite, timeoutMs: seconds * 1000, count, progress: progressFor(o) });
      if (o.apply) {
        let chosen = run.report.fixes.map((_, i) => i);
        if (o.interactive) chosen = await ask(run.report);
        const files = await applyFixes(run, chosen, { force: o.force, tags: o.tags });
        run.report.applied = { files, fixes: files.length ? chosen.length : 0 };
      }
      emit(fixRenderers[o.format as keyof typeof fixRenderers](run.report, o), o);
    });
}

/** Asks on stdin, fix by fix (y: apply, n: skip, q: skip the rest); the questions go to stderr. */
async function ask(r: FixReport): Promise<number[]> {
  const rl = createInterface({ input: process.stdin, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  const chosen: number[] = [];
  try {
    for (const [i, f] of r.fixes.entries()) {
      process.stderr.write(`\n${f.rewrite} ${f.position.file}:${f.position.line} in ${f.function}\n${fixSavings(f)}\n${f.diff}apply? [y/N/q] `);
      const next = await lines.next();
      const a = next.done ? 'q' : String(next.value).trim().toLowerCase();
      if (a === 'q') break;
      if (a === 'y' || a === 'yes') chosen.push(i);
    }
  } finally {
    rl.close();
  }
  return chosen;
}
