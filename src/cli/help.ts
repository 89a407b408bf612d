// What `--help` says beyond the options: examples, the exit statuses, the environment, and where the
// documentation is; and the one rule for colour (--no-color, NO_COLOR, FORCE_COLOR, a terminal).
import type { Command } from 'commander';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's own docs/ (shipped in the npm package, present in a checkout). */
const docsDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs');

/**
 * Whether text output is coloured. `--no-color` wins; then FORCE_COLOR=0 (or `false`) turns colour
 * off; then NO_COLOR set to anything non-empty turns it off (https://no-color.org); then FORCE_COLOR
 * set to anything else non-empty (1, 2, 3, true) turns it on even when stdout is not a terminal.
 * Otherwise colour only on a terminal. A report written with -o never has colour.
 */
export function colorEnabled(o: { color?: boolean; output?: string }, env: NodeJS.ProcessEnv, stdoutIsTTY: boolean): boolean {
  if (o.color === false || o.output) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '' && /^(0|false)$/i.test(force)) return false;
  if (env.NO_COLOR) return false;
  if (force !== undefined && force !== '') return true;
  return stdoutIsTTY;
}

interface CommandHelp {
  examples: [string, string][];
  /** what exit status 1 means for this command, when it has one */
  status1?: string;
  /** the section of docs/cli.md (or another file under docs/) */
  doc: string;
}

const HELP: Record<string, CommandHelp> = {
  analyze: {
    examples: [
      ['ifacelens analyze', 'every interface site of ./..., the allocating ones, most bytes first'],
      ['ifacelens analyze -C examples/seeds --all', 'every site of the module in examples/seeds, free ones too'],
      ['ifacelens analyze --goarch arm64 ./internal/...', 'what the same code costs on arm64'],
      ['ifacelens analyze --format json -o report.json', 'the JSON report (docs/json-schema.md)'],
      ['ifacelens analyze --format sarif > ifacelens.sarif', 'for code-scanning tools'],
    ],
    doc: 'cli.md#analyze',
  },
  measure: {
    examples: [
      ['ifacelens measure --func . ./...', 'run every function without parameters (and those with `// measure: args`)'],
      ["ifacelens measure --func '^BoxInt$' --args 1000", 'run BoxInt(1000) and compare with the prediction'],
      ["ifacelens measure --bench 'BenchmarkAny$' .", 'attribute your benchmarks, per site'],
      ['ifacelens measure --func . --fail-on-disagreement', 'exit 1 when a prediction disagrees'],
    ],
    status1: 'with --fail-on-disagreement: a prediction disagreed with the measurement',
    doc: 'cli.md#measure',
  },
  profile: {
    examples: [
      ['ifacelens profile --profile mem.pprof', 'rank the interface sites of a pprof allocation profile'],
      ['ifacelens profile --profile http://localhost:6060/debug/pprof/allocs', "a running service's profile (loopback only)"],
      ['ifacelens profile --profile mem.pprof --binary app --sample-index alloc_objects', 'by objects; sites sharing a line told apart'],
    ],
    doc: 'cli.md#profile',
  },
  layout: {
    examples: [
      ['ifacelens layout', 'the struct types of ./..., byte by byte, and a better field order where it pays'],
      ['ifacelens layout --type Padded --goarch 386', 'one type, on a 32-bit target'],
    ],
    doc: 'cli.md#layout',
  },
  explain: {
    examples: [
      ['ifacelens explain internal/wire/encode.go:42', 'the interface values the line makes: two words, itab, boxed object'],
      ['ifacelens explain internal/wire/encode.go:42:17', 'only the site at (or spanning) column 17'],
    ],
    doc: 'cli.md#explain',
  },
  serve: {
    examples: [
      ['ifacelens serve', 'analyse ./... and open the web UI at http://127.0.0.1:7070/'],
      ['ifacelens serve -C examples/seeds --port 0 --profile mem.pprof', 'any free port; with a profile view'],
    ],
    doc: 'cli.md#serve',
  },
  compare: {
    examples: [
      ['ifacelens compare --go go1.24.13 --go go1.26.8', 'what moving from go1.24.13 to go1.26.8 changes in ./...'],
      ['ifacelens compare --goarch amd64 --goarch arm64 ./internal/...', 'the same code on two targets'],
      ['ifacelens compare --go go1.25.0 --go local --format markdown', 'a pull-request comment for an upgrade'],
    ],
    doc: 'cli.md#compare',
  },
  fix: {
    examples: [
      ['ifacelens fix', 'the rewrites proven to remove interface costs in ./..., with measured savings and diffs'],
      ['ifacelens fix --apply --interactive ./internal/...', "ask fix by fix, then write the chosen ones (gofmt'd)"],
      ['ifacelens fix --format sarif -o fixes.sarif', 'the fixes as SARIF artifactChanges for an editor'],
    ],
    status1: 'with --apply: the chosen fixes fail go vet or go test together (nothing is written)',
    doc: 'fix.md',
  },
  check: {
    examples: [],
    status1: 'a budget is broken, or an interface allocation or finding is new since the baseline',
    doc: 'check.md',
  },
  diff: { examples: [], doc: 'check.md' },
};

const table = (rows: [string, string][], indent = '  ') => {
  const w = Math.max(...rows.map(([a]) => a.length));
  return rows.map(([a, b]) => `${indent}${a.padEnd(w)}  ${b}`).join('\n');
};

function exitStatuses(status1: string[]): [string, string][] {
  return [
    ['0', 'done: the report was written'],
    ...status1.map((s): [string, string] => ['1', s]),
    ['2', 'bad input: unknown command or flag, no go.mod, a pattern matching nothing, a compile error, no go on PATH, ...'],
    ['3', 'a bug in ifacelens (printed with its stack trace)'],
    ['130', 'interrupted (Ctrl-C; how serve stops); 143: terminated (SIGTERM, SIGHUP)'],
  ];
}

const docLink = (doc: string) => {
  const [file, section] = doc.split('#');
  return `${join(docsDir, file)}${section ? ` (section "${section}")` : ''}`;
};

/** Adds examples, exit statuses, environment and documentation to the help of the program and of each of its commands. */
export function addHelp(program: Command): void {
  const commands = program.commands.map((c) => c.name());
  for (const c of program.commands) {
    const h = HELP[c.name()];
    const parts: string[] = [];
    if (h?.examples.length) parts.push(`Examples:\n${table(h.examples)}`);
    parts.push(`Exit status:\n${table(exitStatuses(h?.status1 ? [h.status1] : []))}`);
    parts.push(`Documentation: ${docLink(h?.doc ?? 'cli.md')}`);
    c.addHelpText('after', `\n${parts.join('\n\n')}\n`);
  }
  const examples: [string, string][] = commands.flatMap((n) => (HELP[n]?.examples.slice(0, 1) ?? []).map(([a, b]): [string, string] => [a, b]));
  const status1 = commands.filter((n) => HELP[n]?.status1).map((n) => `${n}: ${HELP[n].status1}`);
  program.addHelpText(
    'after',
    `
Examples:
${table(examples)}

Environment:
${table([
  ['NO_COLOR=1', 'no colour (https://no-color.org); --no-color does the same'],
  ['FORCE_COLOR=1', 'colour even when stdout is not a terminal (FORCE_COLOR=0: never)'],
  ['IFACELENS_CACHE=DIR', 'where the Go helper is built and cached (default $XDG_CACHE_HOME/ifacelens or ~/.cache/ifacelens)'],
])}

Exit status:
${table(exitStatuses(status1))}

Run ifacelens COMMAND --help for a command's options and examples.
Documentation: ${join(docsDir, 'cli.md')} (every command), ${join(docsDir, '..', 'README.md')}
`,
  );
}
