// The differential check (docs/differential.md) on the benchmarks of real third-party modules.
// It downloads the modules and their test dependencies through the Go module proxy, so it is not
// part of `npm test`: `npm run bench` runs it (IFACELENS_DIFFERENTIAL_MODULES=1). Nothing is written
// into the repository; the modules go to the module cache, the consumer module to a temp dir.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Differential, type Target } from './differential/judge.js';
import { missKey, render } from './differential/summary.js';
import { KNOWN_MISSES } from './differential/known.js';

/** Modules at versions the proxy serves, and the packages whose benchmarks run. */
export const MODULES: { path: string; version: string; targets: Target[] }[] = [
  {
    path: 'go.uber.org/zap',
    version: 'v1.27.0',
    targets: [
      { pkg: 'go.uber.org/zap', benchtime: '5x' },
      { pkg: 'go.uber.org/zap/zapcore', benchtime: '5x' },
    ],
  },
  { path: 'github.com/rs/zerolog', version: 'v1.34.0', targets: [{ pkg: 'github.com/rs/zerolog', benchtime: '5x' }] },
  { path: 'github.com/sirupsen/logrus', version: 'v1.9.3', targets: [{ pkg: 'github.com/sirupsen/logrus', benchtime: '5x' }] },
];

const enabled = process.env.IFACELENS_DIFFERENTIAL_MODULES === '1';
const t0 = Date.now();
const work = mkdtempSync(join(tmpdir(), 'ifacelens-differential-modules-'));
const mod = join(work, 'consumer');
// -mod=mod: `go test -c` of a dependency's package adds the test-only requirements it needs.
const env = { ...process.env, GOFLAGS: '-mod=mod' };
const d = new Differential({
  cwd: mod,
  env,
  work,
  ifacelens: resolve(__dirname, '..', 'bin', 'ifacelens.js'),
  log: (s) => console.log(`differential: ${((Date.now() - t0) / 1000).toFixed(0)} s: ${s}`),
});

beforeAll(() => {
  if (!enabled) return;
  spawnSync('mkdir', ['-p', mod]);
  writeFileSync(
    join(mod, 'go.mod'),
    `module ifacelens.invalid/differential\n\ngo 1.26\n\nrequire (\n${MODULES.map((m) => `\t${m.path} ${m.version}\n`).join('')})\n`,
  );
  // A file importing each benchmarked package, so they are part of the module's build list.
  writeFileSync(
    join(mod, 'deps.go'),
    `package differential\n\nimport (\n${MODULES.flatMap((m) => m.targets)
      .map((t) => `\t_ "${t.pkg}"\n`)
      .join('')})\n`,
  );
  const tidy = spawnSync('go', ['mod', 'tidy'], { cwd: mod, env, encoding: 'utf8' });
  if (tidy.status !== 0) throw new Error(`go mod tidy: ${tidy.stderr}`);
  for (const m of MODULES) for (const t of m.targets) d.measure(t);
  // ifacelens never lets a build rewrite go.mod (it drops -mod=mod from GOFLAGS): complete the
  // consumer's requirements for the analysed packages first, as a user would with go get.
  const scope = d.scope();
  const list = spawnSync('go', ['list', '-e', '-deps', ...scope], { cwd: mod, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (list.status !== 0) throw new Error(`go list: ${list.stderr}`);
  d.judge(d.analyze(scope));
  console.log(render(d.results, true));
}, 1_800_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(!enabled)('differential check on third-party modules', () => {
  it('ran their benchmarks and judged their interface allocations', () => {
    for (const r of d.results) expect(r.benchmarks.length, `${r.target.pkg} ran no benchmark`).toBeGreaterThan(0);
    expect(d.results.flatMap((r) => r.judged).filter((j) => j.class === 'boxing').length).toBeGreaterThan(0);
  });

  it('recall, bytes and sizes: every miss of a modelled class is a known one', () => {
    const judged = d.results.flatMap((r) => r.judged);
    const unexpected = judged
      .filter((j) => ['boxing', 'heap-move', 'variadic'].includes(j.class) && !j.verdict.ok && !(missKey(j) in KNOWN_MISSES))
      .map((j) => `${j.target}: ${j.class} ${missKey(j)}: ${j.verdict.ok ? '' : j.verdict.miss}`);
    const bytes = judged
      .filter((j) => j.verdict.ok && (!j.verdict.bytesExact || j.verdict.sizeAgrees === false))
      .map((j) => `${missKey(j)}: ${j.bytes / j.objects} B measured`);
    // Printed, not asserted: a module's misses are findings to explain in docs/differential.md.
    console.log(`differential: modules: ${unexpected.length} unlisted misses, ${bytes.length} byte/size differences`);
    for (const u of [...unexpected, ...bytes]) console.log(`  ${u}`);
  });
});
