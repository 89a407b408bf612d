// The one-way import rule (ARCHITECTURE.md), as scripts/check-imports.mjs checks it in npm run check.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALLOWED, violations } from '../scripts/check-imports.mjs';

describe('the import rule', () => {
  it('holds for src/ and the page', () => {
    expect(violations()).toEqual([]);
  });

  it('allows no cycle between folders', () => {
    const allowed = ALLOWED as Record<string, string[]>;
    const reaches = (from: string, to: string, seen = new Set<string>()): boolean =>
      allowed[from].some((n) => {
        if (n === to) return true;
        if (seen.has(n)) return false;
        seen.add(n);
        return reaches(n, to, seen);
      });
    for (const f of Object.keys(allowed)) expect(reaches(f, f), f).toBe(false);
  });

  it('names an import against the rule, and a page importing the pipeline', () => {
    const d = mkdtempSync(join(tmpdir(), 'ifacelens-imports-'));
    try {
      for (const p of ['src/analysis', 'src/pipeline', 'web/src']) mkdirSync(join(d, p), { recursive: true });
      writeFileSync(join(d, 'src/pipeline/run.ts'), 'export const x = 1;\n');
      writeFileSync(join(d, 'src/analysis/judge.ts'), "import { x } from '../pipeline/run.js';\nexport const y = x;\n");
      writeFileSync(join(d, 'web/src/app.ts'), "import type { T } from '../../src/pipeline/run.js';\n");
      expect(violations(d)).toEqual([
        'src/analysis/judge.ts: imports src/pipeline/run.ts (src/analysis may import facts, parse, contract)',
        'web/src/app.ts: the page imports src/pipeline/run.ts (it may import src/contract/, src/report/reason.ts)',
      ]);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
