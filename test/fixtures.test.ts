// The truth test: ifacelens's predictions on testdata/fixtures must equal (1) the `// want`
// expectations written on the lines and (2) what the runtime measures when the fixture functions
// run, so that no hand-written number can drift from reality.
import { beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { analyze } from '../src/pipeline/analyze.js';
import type { Report } from '../src/contract/report.js';
import { readFixture } from './wants.js';
import { checkMeasurements, checkWants } from './truth.js';
import { measure, measureAsync, type Measurement } from './measure.js';
import { runnable, selectedTargets } from './emulation.js';
import { ptrSizeOf } from '../src/facts/store.js';

const moduleDir = resolve(__dirname, '..', 'testdata', 'fixtures');
const fixture = readFixture(moduleDir);
// The amd64 analysis, shared: the other targets' sites of unknown cost are compared with it.
let amd64: Promise<Report> | undefined;
const amd64Report = () => (amd64 ??= analyze({ dir: moduleDir, patterns: ['./...'], goarch: 'amd64' }).then((r) => r.report));
const unknownSites = (r: Report) =>
  r.sites
    .filter((s) => s.allocates === null)
    .map((s) => `${s.position.file}:${s.position.line}:${s.position.column} ${s.kind}: ${s.reason}`)
    .sort();

describe('fixtures (amd64): predictions = // want = measurement', () => {
  let report: Report;
  let measured: Measurement[];
  beforeAll(async () => {
    const env = { ...process.env, GOARCH: 'amd64' };
    [report, measured] = await Promise.all([amd64Report(), Promise.resolve().then(() => measure(moduleDir, fixture.funcs, env))]);
  });

  it('reports the go version and target', () => {
    expect(report.go.goarch).toBe('amd64');
    expect(report.go.version).toMatch(/^go1\.\d+/);
    expect(report.stats.unrecognizedCompilerLines).toBe(0);
  });

  it('matches every // want and nothing allocating is unannotated', () => {
    expect(fixture.wants.length).toBeGreaterThan(60);
    expect(checkWants(report, fixture.wants)).toEqual([]);
  });

  it('puts every operand and reason on one line (multi-line literals included)', () => {
    const multi = report.sites.filter((s) => /[\n\t]/.test(`${s.operand ?? ''}${s.reason}`));
    expect(multi.map((s) => `${s.position.file}:${s.position.line} ${s.operand}`)).toEqual([]);
    expect(report.sites.some((s) => s.operand === '&core{a: 1, b: 2}')).toBe(true);
  });

  it('every runtime call is confirmed in the emitted code', () => {
    expect(report.sites.filter((s) => !s.verified && s.allocates).map((s) => `${s.position.file}:${s.position.line} ${s.function}`)).toEqual([]);
  });

  it('per-call predictions equal runtime.MemStats measurements', () => {
    const { problems, compared } = checkMeasurements(report, fixture.funcs, measured, fixture.wants);
    expect(problems).toEqual([]);
    expect(compared).toBeGreaterThan(60);
  });
});

// Every other target whose test binaries this machine can run: natively (386), under qemu-user,
// or under Node (js/wasm, wasip1/wasm). Each compares the per-call predictions of that target's
// analysis with that target's runtime.MemStats, as amd64 does (docs/targets.md).
for (const t of selectedTargets()) {
  const target = `${t.goos}/${t.goarch}`;
  const how = t.runner ? ` under ${t.runner}` : '';
  describe.skipIf(!runnable(t) && !process.env.CI)(`fixtures (${target}${how}): predictions = measurement`, () => {
    it(`per-call predictions equal runtime.MemStats measurements on ${target}`, async () => {
      expect(runnable(t), `${t.runner} is not installed (Debian: apt-get install qemu-user; see .ci/run)`).toBe(true);
      const env = { ...process.env, GOOS: t.goos, GOARCH: t.goarch, CGO_ENABLED: '0' };
      const [report, measured] = await Promise.all([
        analyze({ dir: moduleDir, patterns: ['./...'], goos: t.goos, goarch: t.goarch }).then((r) => r.report),
        measureAsync(moduleDir, fixture.funcs, { env, exec: t.exec }),
      ]);
      expect(report.go).toMatchObject({ goos: t.goos, goarch: t.goarch });
      expect(report.stats.unrecognizedCompilerLines).toBe(0);
      // every allocating site's runtime call is found in this target's code, and no cost is
      // unknown here that amd64 knows (code that could not be read is unknown, never free)
      expect(report.sites.filter((s) => s.allocates && !s.verified).map((s) => `${s.position.file}:${s.position.line} ${s.function}`)).toEqual([]);
      expect(unknownSites(report)).toEqual(unknownSites(await amd64Report()));
      // int is 4 bytes on 32-bit targets: runtime.convT32; int64 is convT64 everywhere
      const int64 = report.sites.find((s) => s.function === 'example.com/fixtures/scalars.Int64');
      expect(int64).toMatchObject({ runtimeCall: 'runtime.convT64', bytesPerOp: 8 });
      const int = report.sites.find((s) => s.function === 'example.com/fixtures/scalars.Int');
      const ptr = ptrSizeOf(t.goarch);
      expect(int).toMatchObject({ runtimeCall: ptr === 4 ? 'runtime.convT32' : 'runtime.convT64', source: { size: ptr } });
      const { problems, compared } = checkMeasurements(report, fixture.funcs, measured, fixture.wants);
      expect(problems).toEqual([]);
      expect(compared).toBeGreaterThan(60);
    });
  });
}
