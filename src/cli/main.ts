// argv → options → pipeline → reporter → exit code. No analysis logic here.
import { Command, CommanderError, Option } from 'commander';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { UserError } from '../toolchain/errors.js';
import { errnoText } from '../toolchain/errno.js';
import { installSignalHandlers } from '../toolchain/workspace.js';
import { analyze } from '../pipeline/analyze.js';
import { renderText } from '../report/text.js';
import { renderJson } from '../report/json.js';
import { renderSarif } from '../report/sarif.js';
import { profileRun } from '../pipeline/profile.js';
import { measureRun } from '../pipeline/measure.js';
import { layoutRun } from '../pipeline/layout.js';
import { explainRun } from '../pipeline/explain.js';
import { renderExplainText } from '../report/explain-text.js';
import { renderLayoutText } from '../report/layout-text.js';
import { renderLayoutSarif } from '../report/layout-sarif.js';
import { resolve } from 'node:path';
import { renderMeasureText } from '../report/measure-text.js';
import { renderProfileText } from '../report/profile-text.js';
import { serve } from '../web/serve.js';
import { CHECKS } from '../checks/index.js';
import { addGateCommands, parseShard } from './gate.js';
import { addHelp, colorEnabled } from './help.js';
import { addLspCommand } from './lsp.js';
import { addCompareCommand } from './compare.js';
import { addFixCommand } from './fix.js';
import type { ExplainReport, LayoutRunReport, MeasureReport, ProfileReport, Report } from '../contract/index.js';

export const version: string = createRequire(import.meta.url)('../../package.json').version;

export const PATTERNS = 'package patterns as go list takes them';

/** The options several commands share, defined once (each call makes a fresh Option). */
export const opt = {
  dir: (what = 'run in this directory (the module to analyse)') => new Option('-C, --dir <dir>', what).default('.'),
  goarch: (what = 'target GOARCH (amd64, arm64, 386, arm, ...)') => new Option('--goarch <arch>', what),
  goos: () => new Option('--goos <os>', 'target GOOS'),
  tags: () => new Option('--tags <tags>', 'comma-separated build tags'),
  color: () => new Option('--no-color', 'text: no colour even on a terminal'),
  output: () => new Option('-o, --output <file>', 'write the report to a file instead of stdout'),
  quiet: () => new Option('-q, --quiet', 'no progress on stderr').default(false),
  /** --format, its choices the renderer table's keys */
  format: (renderers: Record<string, unknown>) => new Option('--format <format>', 'output format').choices(Object.keys(renderers)).default('text'),
};

/** What a renderer gets besides the report: the command's options. */
type RenderOptions = { color?: boolean; output?: string; all?: boolean; type?: string; dir?: string; limit?: string };
const json = (r: unknown) => JSON.stringify(r, null, 2) + '\n';

/** Each command's output formats: --format's choices, and the one place each is rendered. */
export const analyzeRenderers = {
  text: (r: Report, o: RenderOptions) => renderText(r, { all: !!o.all, color: colorFor(o) }),
  json: (r: Report) => renderJson(r),
  sarif: (r: Report) => renderSarif(r, version),
};
const layoutRenderers = {
  text: (r: LayoutRunReport, o: RenderOptions) => renderLayoutText(r, { color: colorFor(o), all: !!o.all || !!o.type }),
  json,
  sarif: (r: LayoutRunReport, o: RenderOptions) => renderLayoutSarif(r, version, resolve(o.dir ?? '.')),
};
const explainRenderers = {
  text: (r: ExplainReport, o: RenderOptions) => renderExplainText(r, { color: colorFor(o) }),
  json,
};
const measureRenderers = {
  text: (r: MeasureReport, o: RenderOptions) => renderMeasureText(r, { color: colorFor(o) }),
  json,
};
const profileRenderers = {
  text: (r: ProfileReport, o: RenderOptions) => renderProfileText(r, { color: colorFor(o), limit: Number(o.limit) || 30 }),
  json,
};

/** Runs the CLI; resolves to the process exit status. */
export async function main(argv: string[]): Promise<number> {
  installSignalHandlers();
  let exitCode = 0;
  const program = new Command()
    .name('ifacelens')
    .description('The exact, compiler-verified cost of every Go interface conversion')
    .version(version)
    .exitOverride()
    .configureOutput({
      writeErr: (s) => process.stderr.write(s.startsWith('error: ') ? `ifacelens: ${s.slice(7)}` : s),
    })
    .showSuggestionAfterError(true);

  program
    .command('analyze')
    .description('report every place a value becomes an interface, and what it costs')
    .argument('[patterns...]', PATTERNS, ['./...'])
    .addOption(opt.dir())
    .addOption(opt.format(analyzeRenderers))
    .addOption(opt.goarch())
    .addOption(opt.goos())
    .addOption(opt.tags())
    .option('--all', 'text: show every site, not only allocating ones', false)
    .option('--no-typed-nil', 'skip the typed-nil check (it builds SSA)')
    .option('--generated-findings', 'also report typed-nil findings in generated files', false)
    .option('--tests', "also analyse the packages' tests (go test -c): _test.go files, external test packages and the generic instantiations they make", false)
    .option('--pgo <file|auto|off>', "profile-guided optimisation as for go build -pgo (default: GOFLAGS's, else auto: a main package's default.pgo)")
    .option('--shard <i/n>', 'analyse only share i of n of the packages (deterministic); ifacelens merge combines the shares (docs/check.md)')
    .addOption(opt.color())
    .addOption(opt.output())
    .addOption(opt.quiet())
    .action(async (patterns: string[], o) => {
      const { report } = await analyze({
        dir: o.dir,
        patterns,
        goarch: o.goarch,
        goos: o.goos,
        tags: o.tags,
        tests: o.tests,
        pgo: o.pgo,
        checks: CHECKS.filter((c) => c.name !== 'typed-nil' || o.typedNil !== false).map((c) => c.name),
        generatedFindings: o.generatedFindings,
        shard: parseShard(o.shard),
        progress: progressFor(o),
      });
      emit(analyzeRenderers[o.format as keyof typeof analyzeRenderers](report, o), o);
    });

  program
    .command('layout')
    .description('struct layouts byte by byte: padding, pointer bytes, size class, and a better order when it pays')
    .argument('[patterns...]', PATTERNS, ['./...'])
    .addOption(opt.dir())
    .addOption(opt.format(layoutRenderers))
    .addOption(opt.goarch())
    .addOption(opt.goos())
    .option('--type <name>', 'only this type (T or pkg.T)')
    .addOption(opt.tags())
    .option('--all', 'text: also the boxed struct types of other packages', false)
    .addOption(opt.color())
    .addOption(opt.output())
    .action(async (patterns: string[], o) => {
      const r = await layoutRun({ dir: o.dir, patterns, goarch: o.goarch, goos: o.goos, tags: o.tags, type: o.type });
      emit(layoutRenderers[o.format as keyof typeof layoutRenderers](r, o), o);
    });

  program
    .command('explain')
    .description("a site's interface value as it is at run time: its two words, itab, type descriptor and boxed object")
    .argument('<location>', 'FILE:LINE or FILE:LINE:COL')
    .addOption(opt.dir('run in this directory (the module)'))
    .addOption(opt.format(explainRenderers))
    .addOption(opt.goarch())
    .addOption(opt.tags())
    .addOption(opt.color())
    .addOption(opt.output())
    .action(async (location: string, o) => {
      const r = await explainRun({ dir: o.dir, location, goarch: o.goarch, tags: o.tags });
      emit(explainRenderers[o.format as keyof typeof explainRenderers](r, o), o);
    });

  program
    .command('measure')
    .description('prove predictions: run functions (--func) or benchmarks (--bench) and compare')
    .argument('[patterns...]', PATTERNS, ['./...'])
    .option(
      '--func <regexp>',
      'generate a benchmark for each matching function: without parameters, or with arguments from --args or its // measure: args comment',
    )
    .option(
      '--args <exprs>',
      "Go expressions to call the --func functions with, e.g. '1000' or 'int64(1), \"s\"' (default: each one's // measure: args comment)",
    )
    .option('--bench <regexp>', "run the packages' own benchmarks with an exact memory profile")
    .addOption(opt.dir())
    .addOption(opt.format(measureRenderers))
    .option('--count <n>', 'repetitions of each measurement', '5')
    .option('--iterations <n>', 'calls per repetition (--func) or b.N (--bench)')
    .option('--fail-on-disagreement', 'exit 1 when a prediction disagrees with the measurement', false)
    .addOption(opt.tags())
    .addOption(opt.color())
    .addOption(opt.output())
    .addOption(opt.quiet())
    .action(async (patterns: string[], o) => {
      const r = await measureRun({
        dir: o.dir,
        patterns,
        tags: o.tags,
        funcRe: o.func,
        args: o.args,
        benchRe: o.bench,
        count: positiveInt(o.count, '--count'),
        iterations: o.iterations ? positiveInt(o.iterations, '--iterations') : undefined,
        progress: progressFor(o),
      });
      emit(measureRenderers[o.format as keyof typeof measureRenderers](r, o), o);
      if (o.failOnDisagreement && r.functions.some((f) => f.agrees === false)) exitCode = 1;
    });

  program
    .command('profile')
    .description('attribute a pprof allocation profile to the interface sites of the packages')
    .argument('[patterns...]', PATTERNS, ['./...'])
    .requiredOption('--profile <file|url>', 'a heap/allocs profile file, or a /debug/pprof/allocs URL on loopback')
    .addOption(opt.dir())
    .addOption(opt.format(profileRenderers))
    .addOption(new Option('--sample-index <type>', 'sample type to rank by').choices(['alloc_space', 'alloc_objects', 'inuse_space', 'inuse_objects']))
    .option('--allow-remote', 'allow fetching a profile from a non-loopback host', false)
    .option('--max-profile-bytes <n>', 'refuse profiles larger than n bytes, downloaded, on disk or inflated', String(256 << 20))
    .option('--binary <file>', 'the profiled binary: tells apart several sites on one line by sample address')
    .addOption(opt.goarch('target GOARCH of the profiled binary'))
    .addOption(opt.tags())
    .option('--limit <n>', 'text: show at most n sites', '30')
    .addOption(opt.color())
    .addOption(opt.output())
    .addOption(opt.quiet())
    .action(async (patterns: string[], o) => {
      const r = await profileRun({
        dir: o.dir,
        patterns,
        goarch: o.goarch,
        tags: o.tags,
        profile: o.profile,
        sampleIndex: o.sampleIndex,
        allowRemote: o.allowRemote,
        binary: o.binary,
        maxProfileBytes: positiveInt(o.maxProfileBytes, '--max-profile-bytes'),
        progress: progressFor(o),
      });
      emit(profileRenderers[o.format as keyof typeof profileRenderers](r, o), o);
    });

  program
    .command('serve')
    .description('analyse the packages and show the results in a local web UI (source, assembly, memory diagrams, playground)')
    .argument('[patterns...]', PATTERNS, ['./...'])
    .addOption(opt.dir())
    .option('--port <n>', 'port to listen on (0: any free port)', '7070')
    .option('--host <host>', 'address to listen on; anything but loopback exposes your sources', '127.0.0.1')
    .option('--profile <file>', 'also show this pprof allocation profile, attributed to the sites')
    .addOption(opt.goarch('target GOARCH (amd64, arm64, 386, arm, ...); the page can switch'))
    .addOption(opt.goos())
    .addOption(opt.tags())
    .option('--playground-cache-mib <n>', "size the playground's own Go build cache is trimmed to (MiB)", '1024')
    .addOption(opt.quiet())
    .action(async (patterns: string[], o) => {
      const playgroundCacheMiB = positiveInt(o.playgroundCacheMib, '--playground-cache-mib');
      await serve({
        dir: o.dir,
        patterns,
        port: o.port,
        host: o.host,
        profile: o.profile,
        goarch: o.goarch,
        goos: o.goos,
        tags: o.tags,
        quiet: o.quiet,
        playgroundCacheMiB,
      });
    });

  addGateCommands(program, (n) => {
    exitCode = n;
  });

  addCompareCommand(program);
  addFixCommand(program);
  addLspCommand(program);
  addHelp(program);
  if (argv.length === 0) {
    program.outputHelp({ error: true });
    return 2;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2; // commander already printed one line
    }
    if (e instanceof UserError) {
      process.stderr.write(`ifacelens: ${e.message}\n`);
      return e.exitCode;
    }
    throw e;
  }
  return exitCode;
}

function positiveInt(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new UserError(`${flag} wants a positive integer, not "${v}"`);
  return n;
}

/** Progress lines on stderr: only on a terminal, and not with --quiet. */
export function progressFor(o: { quiet?: boolean }): ((msg: string) => void) | undefined {
  return !o.quiet && process.stderr.isTTY ? (m) => process.stderr.write(`ifacelens: ${m}\n`) : undefined;
}

/** Colour on a terminal or with FORCE_COLOR; not into files, not with --no-color or NO_COLOR (help.ts). */
export function colorFor(o: { color?: boolean; output?: string }): boolean {
  return colorEnabled(o, process.env, process.stdout.isTTY === true);
}

/** Writes a report to -o FILE or stdout. */
export function emit(text: string, o: { output?: string }): void {
  if (!o.output) {
    process.stdout.write(text);
    return;
  }
  try {
    writeFileSync(o.output, text);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`cannot write ${o.output}: ${code === 'ENOENT' ? 'no such directory' : errnoText(e)}`);
  }
}
