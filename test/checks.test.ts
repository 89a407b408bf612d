// A check is a value on each side (src/checks/, helper/checks.go). A check the helper runs
// describes itself in the helper's header; the TypeScript value that renders its findings (SARIF
// rules, the text footer) must say the same, so the two cannot drift apart.
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { CHECKS } from '../src/checks/index.js';
import { ensureHelper, runHelper } from '../src/toolchain/helper.js';
import { goEnv } from '../src/toolchain/go-env.js';
import type { HHeader } from '../src/parse/helper-protocol.js';

const seeds = resolve(__dirname, '..', 'examples', 'seeds');

describe('checks', () => {
  it('each helper-backed check says what the helper says about it', async () => {
    const env = await goEnv({ dir: seeds });
    const bin = await ensureHelper(env.version);
    const helperChecks = CHECKS.filter((c) => c.helper).map((c) => c.helper!);
    const records = await runHelper(bin, { dir: seeds, env: env.env, patterns: ['./...'], checks: helperChecks });
    const header = records[0] as HHeader;
    expect(header.checks?.map((c) => c.name).sort()).toEqual(expect.arrayContaining(helperChecks.sort()));
    for (const c of CHECKS.filter((x) => x.helper)) {
      const h = header.checks!.find((x) => x.name === c.helper)!;
      expect(c.rules.map((r) => ({ id: r.id, doc: r.short }))).toEqual(h.rules);
      expect(h.doc.split('\n\n').slice(1).join('\n\n')).toBe(c.doc);
      expect(h.url).toBe(c.docPage);
      // and every finding the helper made names a rule of its check
      for (const r of records) if (r.kind === 'finding' && r.check === c.helper) expect(c.rules.map((x) => x.id)).toContain(r.rule);
    }
  });

  it('names are unique, and every rule belongs to one check', () => {
    const names = CHECKS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    const rules = CHECKS.flatMap((c) => c.rules.map((r) => r.id));
    expect(new Set(rules).size).toBe(rules.length);
  });
});
