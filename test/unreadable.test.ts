// Code the parser cannot read is never "free": if a target's call instructions went unrecognised
// (as riscv64's JAL and wasm's Call once did), every site whose verdict rests on finding a call
// must be allocates: null and verified: false, not 0 B.
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { analyze } from '../src/pipeline/analyze.js';
import { instancesOf } from '../src/analysis/sites.js';
import { judge } from '../src/analysis/judge.js';

describe('unreadable machine code', () => {
  it('turns every call-dependent verdict into unknown, none into free', async () => {
    const { store, report } = await analyze({ dir: resolve(__dirname, '..', 'examples', 'seeds'), patterns: ['./...'] });
    const allocating = report.sites.filter((s) => s.allocates === true);
    expect(allocating.length).toBeGreaterThan(10);
    // The same facts, with every call instruction unrecognised.
    const blind = { ...store, asm: store.asm.map((a) => ({ ...a, refs: a.refs.filter((r) => !r.call) })) };
    const sites = instancesOf(blind).map((i) => judge(blind, i));
    for (const a of allocating) {
      const b = sites.find(
        (s) => s.function === a.function && s.position.line === a.position.line && s.position.column === a.position.column && s.kind === a.kind,
      );
      expect(b, `${a.position.file}:${a.position.line}`).toBeDefined();
      expect(b!.allocates, `${a.position.file}:${a.position.line} ${b!.reason}`).not.toBe(false);
      if (b!.allocates === null) expect(b!.verified).toBe(false);
    }
  });
});
