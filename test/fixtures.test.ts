// The truth test: ifacelens's predictions on testdata/fixtures must equal (1) the `// want`
// expectations written on the lines and (2) what the runtime measures when the fixture functions
// run, so that no hand-written number can drift from reality.
import { beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { analyze } from '../src/pipeline/analyze.js';
import type { Report } from '../src/facts/report.js';
import { readFixture } from './wants.js';
import { checkMeasurements, checkWants } from './truth.js';
import { measure, type Measurement } from './measure.js';

const moduleDir = resolve(__dirname, '..', 'testdata', 'fixtures');
const fixture = readFixture(moduleDir);

describe('fixtures (amd64): predictions = // want = measurement', () => {
  let report: Report;
  let measured: Measurement[];
  beforeAll(async () => {
    const env = { ...process.env, GOARCH: 'amd64' };
    [report, measured] = await Promise.all([
      analyze({ dir: moduleDir, patterns: ['./...'], goarch: 'amd64' }).then((r) => r.report),
      Promise.resolve().then(() => measure(moduleDir, fixture.funcs, env)),
    ]);
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

describe('fixtures (386): predictions = measurement', () => {
  it('per-call predictions equal runtime.MemStats measurements on GOARCH=386', async () => {
    const env = { ...process.env, GOARCH: '386', CGO_ENABLED: '0' };
    const [report, measured] = await Promise.all([
      analyze({ dir: moduleDir, patterns: ['./...'], goarch: '386' }).then((r) => r.report),
      Promise.resolve().then(() => measure(moduleDir, fixture.funcs, env)),
    ]);
    expect(report.go.goarch).toBe('386');
    const { problems, compared } = checkMeasurements(report, fixture.funcs, measured, fixture.wants);
    expect(problems).toEqual([]);
    expect(compared).toBeGreaterThan(60);
  });
});

describe('fixtures on targets this machine cannot run (arm64, arm)', () => {
  for (const goarch of ['arm64', 'arm']) {
    it(`${goarch}: every allocating site's runtime call is found in the ${goarch} code`, async () => {
      const { report } = await analyze({ dir: moduleDir, patterns: ['./...'], goarch });
      expect(report.go.goarch).toBe(goarch);
      expect(report.stats.unrecognizedCompilerLines).toBe(0);
      expect(report.sites.filter((s) => s.allocates && !s.verified).map((s) => `${s.position.file}:${s.position.line}`)).toEqual([]);
      const int64 = report.sites.find((s) => s.function === 'example.com/fixtures/scalars.Int64');
      expect(int64).toMatchObject({ runtimeCall: 'runtime.convT64', bytesPerOp: 8 });
      // int is 4 bytes on arm: runtime.convT32
      const int = report.sites.find((s) => s.function === 'example.com/fixtures/scalars.Int');
      expect(int?.runtimeCall).toBe(goarch === 'arm' ? 'runtime.convT32' : 'runtime.convT64');
      expect(int?.source?.size).toBe(goarch === 'arm' ? 4 : 8);
    });
  }
});
