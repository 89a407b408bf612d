// The truth test: ifacelens's predictions on testdata/fixtures must equal (1) the `// want`
// expectations written on the lines and (2) what the runtime measures when the fixture functions
// run, so that no hand-written number can drift from reality.
import { beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { analyze } from '../src/pipeline/analyze.js';
import type { Report, SiteReport } from '../src/facts/report.js';
import { readFixture, type FixtureFunc, type WantLine } from './wants.js';
import { measure, type Measurement } from './measure.js';

const moduleDir = resolve(__dirname, '..', 'testdata', 'fixtures');
const fixture = readFixture(moduleDir);

function checkWants(report: Report, wants: WantLine[]): string[] {
  const problems: string[] = [];
  const byLine = new Map<string, SiteReport[]>();
  for (const s of report.sites) {
    const k = `${s.position.file}:${s.position.line}`;
    let l = byLine.get(k);
    if (!l) byLine.set(k, (l = []));
    l.push(s);
  }
  const wanted = new Set<string>();
  for (const wl of wants) {
    const k = `${wl.file}:${wl.line}`;
    wanted.add(k);
    const sites = byLine.get(k) ?? [];
    const used = new Set<SiteReport>();
    for (const w of wl.wants) {
      const cands = sites.filter((s) => s.kind === w.kind && !used.has(s) && (!w.call || (s.runtimeCall !== null && w.call.test(s.runtimeCall))));
      if (cands.length === 0) {
        problems.push(`${k}: missing ${w.text} (have: ${sites.map((s) => `${s.kind} ${s.runtimeCall ?? '-'} allocs=${s.allocsPerOp}`).join(', ') || 'nothing'})`);
        continue;
      }
      // Every instance of the site (own function and inlined copies) must have the wanted cost.
      const first = cands[0];
      const same = cands.filter((s) => s.position.column === first.position.column);
      for (const s of same) {
        used.add(s);
        if (w.allocs !== undefined && (s.allocsPerOp ?? -1) !== w.allocs) {
          problems.push(`${k}: ${w.kind} in ${s.function}: allocs=${w.allocs} wanted, ifacelens says ${s.allocsPerOp} (${s.reason})`);
        }
        if (w.bytes !== undefined && Math.abs((s.bytesPerOp ?? -1) - w.bytes) > 0.01) {
          problems.push(`${k}: ${w.kind} in ${s.function}: bytes=${w.bytes} wanted, ifacelens says ${s.bytesPerOp} (${s.reason})`);
        }
        if (w.freeAtRuntime && !s.freeWhen) {
          problems.push(`${k}: ${w.kind}: freeAtRuntime wanted, but ifacelens reports no run-time condition under which the helper is free`);
        }
      }
    }
  }
  for (const [k, sites] of byLine) {
    for (const s of sites) {
      if (s.allocates !== false && !wanted.has(k)) problems.push(`${k}: unexpected ${s.kind} ${s.runtimeCall ?? ''} allocs=${s.allocsPerOp} in ${s.function} (not annotated)`);
    }
  }
  return problems;
}

function checkMeasurements(report: Report, funcs: FixtureFunc[], measured: Measurement[]): { problems: string[]; compared: number } {
  const problems: string[] = [];
  let compared = 0;
  const summary = new Map(report.functions.map((f) => [f.function, f]));
  for (const f of funcs) {
    if (f.skip) continue;
    const sym = `${f.pkg}.${f.name}`;
    const m = measured.find((x) => x.pkg === f.pkg && x.name === f.name);
    if (!m) {
      problems.push(`${f.file}:${f.line}: ${sym} was not measured`);
      continue;
    }
    const s = summary.get(sym);
    let allocs = s ? s.allocsPerCall : 0;
    let bytes = s ? s.bytesPerCall : 0;
    if (allocs === null || bytes === null) {
      problems.push(`${f.file}:${f.line}: ${sym}: ifacelens gives no per-call figure (${s?.notes?.join('; ')}) but the function is measured`);
      continue;
    }
    // Sites whose values take the helper's static fast path: measured as free.
    for (const site of report.sites.filter((x) => x.function === sym && x.freeWhen && x.allocates)) {
      const line = fixture.wants.find((w) => w.file === site.position.file && w.line === site.position.line);
      if (line?.wants.some((w) => w.freeAtRuntime)) {
        allocs -= site.allocsPerOp ?? 0;
        bytes -= site.bytesPerOp ?? 0;
      }
    }
    compared++;
    if (Math.abs(m.allocsPerCall - allocs) > 0.01 || Math.abs(m.bytesPerCall - bytes) > 0.05) {
      problems.push(`${f.file}:${f.line}: ${sym}: ifacelens predicts ${allocs} allocs, ${bytes} B per call; measured ${m.allocsPerCall} allocs, ${m.bytesPerCall} B`);
    }
  }
  return { problems, compared };
}

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

  it('every runtime call is confirmed in the emitted code', () => {
    expect(report.sites.filter((s) => !s.verified && s.allocates).map((s) => `${s.position.file}:${s.position.line} ${s.function}`)).toEqual([]);
  });

  it('per-call predictions equal runtime.MemStats measurements', () => {
    const { problems, compared } = checkMeasurements(report, fixture.funcs, measured);
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
    const { problems, compared } = checkMeasurements(report, fixture.funcs, measured);
    expect(problems).toEqual([]);
    expect(compared).toBeGreaterThan(60);
  });
});
