// docs/cli.md against the real command line: each command's section documents every option the
// command has (commander's own list, read from its --help) and names no option it lacks; --format
// choices as documented are the command's renderers; every command is documented.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const bin = join(root, 'bin', 'ifacelens.js');
const cliMd = readFileSync(join(root, 'docs', 'cli.md'), 'utf8');

function help(args: string[]): string {
  const r = spawnSync(process.execPath, [bin, ...args, '--help'], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stdout;
}

interface Opt {
  long: string;
  short?: string;
  choices?: string[];
}

/** The options of a command, from its --help (commander prints each one it defines). */
function options(cmd: string): Opt[] {
  const text = help([cmd]);
  const block = text.slice(text.indexOf('\nOptions:\n'), text.search(/\n\n(Examples|Exit status):/));
  const out: Opt[] = [];
  for (const m of block.matchAll(/^ {2}(?:(-\w), )?(--[\w-]+)[^\n]*(?:\n {4,}[^\n]*)*/gm)) {
    if (m[2] === '--help') continue;
    const choices = /\(choices: ([^)]*?)(?:, default: [^)]*)?\)/.exec(m[0].replace(/\s+/g, ' '));
    out.push({ long: m[2], ...(m[1] ? { short: m[1] } : {}), ...(choices ? { choices: [...choices[1].matchAll(/"([^"]+)"/g)].map((c) => c[1]) } : {}) });
  }
  return out;
}

const commands = [...help([]).matchAll(/^ {2}(\w+) (?:\[options\]|<)/gm)].map((m) => m[1]).filter((c) => c !== 'help');

/** The `## name` section of docs/cli.md. */
function section(name: string): string | undefined {
  const m = new RegExp(`^## ${name}\\n([\\s\\S]*?)(?=^## |(?![\\s\\S]))`, 'm').exec(cliMd);
  return m?.[1];
}

describe('docs/cli.md documents the real options', () => {
  it('lists the commands', () => expect(commands).toEqual(expect.arrayContaining(['analyze', 'measure', 'profile', 'layout', 'explain', 'serve'])));

  for (const cmd of ['analyze', 'measure', 'profile', 'layout', 'explain', 'serve', 'compare', 'fix', 'lsp']) {
    describe(cmd, () => {
      it('every option is documented in its section', () => {
        const s = section(cmd);
        expect(s, `docs/cli.md has no "## ${cmd}" section`).toBeDefined();
        // in a code span, by its long name or its short one (`-C DIR`, `-o FILE`)
        const spans = [...s!.matchAll(/`([^`]*)`/g)].map((m) => m[1]);
        const named = (flag: string) => spans.some((t) => new RegExp(`(?<![\\w-])${flag}(?![\\w-])`).test(t));
        const missing = options(cmd).filter((o) => !named(o.long) && !(o.short && named(o.short)));
        expect(
          missing.map((o) => o.long),
          `${cmd}: options missing from docs/cli.md`,
        ).toEqual([]);
      });

      it('every option named in its section exists', () => {
        const real = new Set(options(cmd).flatMap((o) => [o.long, o.short]));
        real.add('--help');
        // options in code spans (`--tags`, `[--goarch ARCH]`, `--format text|json`)
        // (a span that names another command, `analyze --format json`, is about that one)
        const other = (span: string) => commands.some((c) => c !== cmd && new RegExp(`^(ifacelens )?${c} `).test(span));
        const named = new Set(
          [...section(cmd)!.matchAll(/`([^`]*)`/g)].filter((m) => !other(m[1])).flatMap((m) => [...m[1].matchAll(/(?<![\w-])--[a-z][\w-]*/g)].map((x) => x[0])),
        );
        expect(
          [...named].filter((n) => !real.has(n)),
          `${cmd}: docs/cli.md names options the command lacks`,
        ).toEqual([]);
      });

      it('--format choices are as documented', () => {
        const format = options(cmd).find((o) => o.long === '--format');
        const documented = [...section(cmd)!.matchAll(/--format ([a-z]+(?:\\?\|[a-z]+)+)/g)].map((m) => m[1].split(/\\?\|/));
        if (!format) return expect(documented).toEqual([]);
        expect(documented.length).toBeGreaterThan(0);
        for (const d of documented) expect(d).toEqual(format.choices);
      });
    });
  }

  it('every other command is linked from the command table to its docs', () => {
    for (const cmd of commands.filter((c) => !section(c))) {
      const row = cliMd.split('\n').find((l) => l.startsWith('|') && l.includes(`\`${cmd}\``));
      expect(row, `${cmd}: not in docs/cli.md's command table`).toBeDefined();
      const doc = /\]\(([\w-]+\.md)/.exec(row!)?.[1];
      expect(doc && readFileSync(join(root, 'docs', doc), 'utf8'), `${cmd}: its docs`).toMatch(new RegExp(`ifacelens ${cmd}\\b`));
    }
  });
});
