// The per-site caches of runtime.typeAssert and runtime.interfaceSwitch: what ifacelens says a
// site allocates over its lifetime for k dynamic types must equal what runtime.MemStats counts
// when the site runs with k types until its cache is full (testdata/caches).
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { analyze } from '../src/pipeline/analyze.js';

const moduleDir = resolve(__dirname, '..', 'testdata', 'caches');

/** One run of the module's test: mallocs and bytes per site. */
function run(reverse: boolean): Map<string, { k: number; mallocs: number; bytes: number }> {
  const out = execFileSync('go', ['test', '-count=1', '-run', '^TestCacheBytes$', '-v', '.'], {
    cwd: moduleDir,
    encoding: 'utf8',
    env: { ...process.env, GOARCH: 'amd64', GOGC: 'off', IFACELENS_REVERSE: reverse ? '1' : '' },
  });
  const m = new Map<string, { k: number; mallocs: number; bytes: number }>();
  for (const l of out.split('\n')) {
    const x = /^IFACELENS-CACHE (\S+) (\d+) (\d+) (\d+)$/.exec(l);
    if (x) m.set(x[1], { k: Number(x[2]), mallocs: Number(x[3]), bytes: Number(x[4]) });
  }
  return m;
}

describe('assertion and type-switch caches (amd64)', () => {
  it('lifetime cache bytes per number of dynamic types = runtime.MemStats', async () => {
    const { report } = await analyze({ dir: moduleDir, patterns: ['./...'], goarch: 'amd64' });
    // The test binary's runtime sometimes allocates a few bytes in the background while a site
    // runs: noise only adds, so each site's figure is the smaller of two runs in opposite orders.
    const [a, b] = [run(false), run(true)];
    const problems: string[] = [];
    let compared = 0;
    for (const [name, ma] of a) {
      const mb = b.get(name)!;
      const measured = ma.bytes <= mb.bytes ? ma : mb;
      const site = report.sites.find((s) => s.function === `example.com/caches.${name}` && (s.kind === 'assert' || s.kind === 'type-switch'));
      const want = site?.cache?.lifetimeBytes.find((x) => x.types === measured.k);
      if (!site?.cache || !want) {
        problems.push(`${name}: no cache figure for ${measured.k} types (${site?.reason})`);
        continue;
      }
      compared++;
      expect(site.allocates).toBe(false);
      if (want.bytes !== measured.bytes || measured.mallocs !== measured.k) {
        problems.push(
          `${name}: ifacelens says ${want.bytes} B in ${measured.k} tables for ${measured.k} types; measured ${measured.bytes} B in ${measured.mallocs} mallocs`,
        );
      }
    }
    console.log(`caches: ${compared} sites compared (${[...a.keys()].join(', ')})`);
    expect(problems).toEqual([]);
    expect(compared).toBe(12);
  }, 120_000);

  it('no cache on targets whose generated code does not use one (386)', async () => {
    const { report } = await analyze({ dir: moduleDir, patterns: ['./...'], goarch: '386' });
    const s = report.sites.find((x) => x.function === 'example.com/caches.Assert1' && x.kind === 'assert');
    expect(s?.runtimeCall).toBe('runtime.typeAssert');
    expect(s?.cache).toBeUndefined();
  });
});
