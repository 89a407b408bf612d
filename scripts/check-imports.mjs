// The one-way import rule of ARCHITECTURE.md, checked: each folder of src/ may import only the
// folders listed for it, and the page (web/src) only the contract and the prose renderer. Run by
// `npm run check` (inside `npm test`). Exit 1 with one line per violation.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** folder → the folders it may import (besides itself). */
export const ALLOWED = {
  contract: [],
  parse: ['contract'],
  toolchain: ['parse', 'contract'],
  facts: ['parse', 'contract'],
  analysis: ['facts', 'parse', 'contract'],
  checks: ['analysis', 'facts', 'parse', 'contract'],
  report: ['checks', 'analysis', 'contract'],
  pipeline: ['toolchain', 'parse', 'facts', 'analysis', 'checks', 'report', 'contract'],
  web: ['pipeline', 'toolchain', 'parse', 'facts', 'analysis', 'checks', 'report', 'contract'],
  lsp: ['pipeline', 'report', 'contract', 'toolchain', 'checks', 'analysis', 'facts', 'parse'],
  cli: ['lsp', 'web', 'pipeline', 'toolchain', 'checks', 'report', 'contract'],
};
/** What the browser bundle may import from src/: types, and prose made from them. */
const PAGE_ALLOWED = ['src/contract/', 'src/report/reason.ts'];

function* files(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) yield p;
  }
}

const importRe = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

export function violations(root = repo) {
  const out = [];
  const rel = (p) => relative(root, p).split('\\').join('/');
  for (const f of files(join(root, 'src'))) {
    const folder = rel(f).split('/')[1];
    const allowed = ALLOWED[folder];
    if (!allowed) {
      if (rel(f).split('/').length > 2) out.push(`${rel(f)}: folder src/${folder} is not in the import rule (scripts/check-imports.mjs)`);
      continue;
    }
    for (const m of readFileSync(f, 'utf8').matchAll(importRe)) {
      const spec = m[1] ?? m[2];
      if (!spec.startsWith('.')) continue;
      const target = rel(resolve(dirname(f), spec)).replace(/\.js$/, '.ts');
      const to = target.split('/')[1];
      if (!target.startsWith('src/') || to === folder) continue;
      if (!allowed.includes(to)) out.push(`${rel(f)}: imports ${target} (src/${folder} may import ${allowed.length ? allowed.join(', ') : 'nothing'})`);
    }
  }
  for (const f of existsSync(join(root, 'web', 'src')) ? files(join(root, 'web', 'src')) : []) {
    for (const m of readFileSync(f, 'utf8').matchAll(importRe)) {
      const spec = m[1] ?? m[2];
      if (!spec.startsWith('.')) continue;
      const target = rel(resolve(dirname(f), spec)).replace(/\.js$/, '.ts');
      if (target.startsWith('src/') && !PAGE_ALLOWED.some((a) => target.startsWith(a)))
        out.push(`${rel(f)}: the page imports ${target} (it may import ${PAGE_ALLOWED.join(', ')})`);
    }
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const v = violations();
  for (const l of v) process.stderr.write(`import rule: ${l}\n`);
  process.exit(v.length ? 1 : 0);
}
