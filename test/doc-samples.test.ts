// The output samples in the docs are real runs, so they cannot drift: each block marked
//
//   <!-- sample: ARGS -->
//   ```
//   (the output of `ifacelens ARGS`, run from the repository root)
//   ```
//   <!-- /sample -->
//
// is compared with a fresh run (the Go patch release and absolute paths normalised). `npm run docs`
// rewrites the blocks from fresh runs (review the diff); under CI it never writes.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const bin = join(root, 'bin', 'ifacelens.js');
const DOCS = ['README.md', 'docs/cli.md'];
const update = !!process.env.IFACELENS_UPDATE_DOCS && !process.env.CI;

const BLOCK = /(<!-- sample: (.+?) -->\n```[^\n]*\n)([\s\S]*?)(```\n<!-- \/sample -->)/g;

/** Splits a sample's command line as a shell would (single and double quotes, no expansion). */
function argv(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

/** What may differ between machines: the Go patch release, where the repository is, temp dirs. */
function normalise(text: string): string {
  return text
    .replace(/\bgo1\.(\d+)\.\d+\b/g, 'go1.$1.x')
    .split(root)
    .join('<repo>')
    .replace(/\/tmp\/[\w.-]+/g, '<tmp>')
    .replace(/[ \t]+$/gm, '');
}

function run(line: string): string {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [bin, ...argv(line)], { cwd: root, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`ifacelens ${line}: exit ${r.status}\n${r.stderr}`);
  return r.stdout;
}

describe('doc samples are real runs', () => {
  for (const doc of DOCS) {
    const path = join(root, doc);
    const blocks = [...readFileSync(path, 'utf8').matchAll(BLOCK)].map((m) => m[2]);
    it(`${doc} has samples`, () => expect(blocks.length).toBeGreaterThan(0));
    for (const line of blocks) {
      it(`${doc}: ifacelens ${line}`, () => {
        const fresh = run(line);
        const text = readFileSync(path, 'utf8');
        const m = [...text.matchAll(BLOCK)].find((b) => b[2] === line)!;
        if (update) {
          if (m[3] !== fresh)
            writeFileSync(
              path,
              text.replace(m[0], () => `${m[1]}${fresh}${m[4]}`),
            );
          return;
        }
        expect(normalise(m[3]), `${doc}: the sample of \`ifacelens ${line}\` differs from a fresh run (npm run docs rewrites it)`).toBe(normalise(fresh));
      });
    }
  }
});
