// `ifacelens compare`: what moving between two Go releases, or two targets, changes in the
// interface costs of the same packages (docs/cli.md#compare). Exit 0 when it ran, 2 on bad input.
import { Option, type Command } from 'commander';
import { compareRun } from '../pipeline/compare.js';
import { renderCompareJson, renderCompareMarkdown, renderCompareText } from '../report/compare.js';
import type { CompareReport } from '../contract/compare.js';
import { colorFor, emit, opt, PATTERNS, progressFor } from './main.js';

/** --format of compare: the keys are the choices. */
const compareRenderers = {
  text: (r: CompareReport, o: { color?: boolean; output?: string }) => renderCompareText(r, { color: colorFor(o) }),
  json: (r: CompareReport) => renderCompareJson(r),
  markdown: (r: CompareReport) => renderCompareMarkdown(r),
};

const collect = (v: string, all: string[]) => [...all, v];

export function addCompareCommand(program: Command): void {
  program
    .command('compare')
    .description('the interface costs that differ between two Go releases (--go twice) or two targets (--goarch or --goos twice)')
    .argument('[patterns...]', PATTERNS, ['./...'])
    .addOption(opt.dir())
    .addOption(
      new Option(
        '--go <release>',
        'a Go release to build with (go1.24.13, local for the go on PATH), fetched by the go command through GOTOOLCHAIN; twice: one per side',
      )
        .argParser(collect)
        .default([]),
    )
    .addOption(new Option('--goarch <arch>', 'target GOARCH; twice: one per side (amd64, 386, arm64, ...)').argParser(collect).default([]))
    .addOption(new Option('--goos <os>', 'target GOOS; twice: one per side').argParser(collect).default([]))
    .addOption(opt.tags())
    .addOption(opt.format(compareRenderers))
    .addOption(opt.color())
    .addOption(opt.output())
    .addOption(opt.quiet())
    .action(async (patterns: string[], o) => {
      const r = await compareRun({
        dir: o.dir,
        patterns,
        toolchains: o.go,
        goarches: o.goarch,
        gooses: o.goos,
        tags: o.tags,
        progress: progressFor(o),
      });
      emit(compareRenderers[o.format as keyof typeof compareRenderers](r, o), o);
    });
}
