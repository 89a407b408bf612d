// `ifacelens measure`: generated benchmarks agree with predictions where they should, disagree
// where the fixture is built to, and package benchmarks are attributed to sites.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const bin = resolve(__dirname, '..', 'bin', 'ifacelens.js');
const mod = resolve(__dirname, '..', 'testdata', 'measure');

function cli(args: string[], cwd = mod) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const oneLine = (s: string) => {
  expect(s.trim().split('\n')).toHaveLength(1);
  expect(s).not.toMatch(/\n\s+at /);
  return s.trim();
};

describe('ifacelens measure --func', () => {
  it('measures each function and agrees with the prediction', () => {
    const before = readdirSync(join(mod, 'agree')).sort();
    const r = cli(['measure', '--func', '^Box', '--format', 'json', '--count', '3', '--fail-on-disagreement', './agree']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.stdout);
    expect(rep.schemaVersion).toBe(1);
    const got = Object.fromEntries(rep.functions.map((f: { function: string; measured: { allocsPerOp: number; bytesPerOp: number; runs: number }; predicted: unknown; agrees: boolean }) =>
      [f.function.replace(/^.*\./, ''), { allocs: f.measured.allocsPerOp, bytes: f.measured.bytesPerOp, runs: f.measured.runs, predicted: f.predicted, agrees: f.agrees }]));
    expect(got).toEqual({
      BoxString: { allocs: 1, bytes: 16, runs: 3, predicted: { allocsPerCall: 1, bytesPerCall: 16, notes: [expect.any(String)] }, agrees: true },
      BoxPoint: { allocs: 1, bytes: 24, runs: 3, predicted: { allocsPerCall: 1, bytesPerCall: 24 }, agrees: true },
      BoxInts: { allocs: 3, bytes: 24, runs: 3, predicted: { allocsPerCall: 3, bytesPerCall: 24, notes: [expect.any(String)] }, agrees: true },
    });
    expect(readdirSync(join(mod, 'agree')).sort()).toEqual(before); // overlay only
  });

  it('flags a disagreement and fails with --fail-on-disagreement', () => {
    const r = cli(['measure', '--func', 'Hidden', '--format', 'json', '--fail-on-disagreement', './disagree']);
    expect(r.code).toBe(1);
    const f = JSON.parse(r.stdout).functions[0];
    expect(f).toMatchObject({ function: 'example.com/measure/disagree.Hidden', agrees: false, predicted: { allocsPerCall: 0, bytesPerCall: 0 } });
    expect(f.measured).toMatchObject({ allocsPerOp: 1, bytesPerOp: 112 });
    const text = cli(['measure', '--func', 'Hidden', '--no-color', './disagree']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/DISAGREES .* example\.com\/measure\/disagree\.Hidden/);
  });
});

describe('ifacelens measure --bench', () => {
  it('attributes the exact memory profile of package benchmarks to sites', () => {
    const r = cli(['measure', '--bench', '.', '--format', 'json', './agree']);
    expect(r.stderr).toBe('');
    const rep = JSON.parse(r.stdout);
    const byName = Object.fromEntries(rep.benchmarks.map((b: { benchmark: string }) => [b.benchmark, b]));
    expect(byName.BenchmarkThreeStrings).toMatchObject({
      benchmem: { bytesPerOp: 48, allocsPerOp: 3 },
      profile: { bytesPerOp: 48, interfaceBytesPerOp: 48 },
      sites: [{ function: 'example.com/measure/agree.box', predictedBytesPerExecution: 16, measuredBytesPerOp: 48, executionsPerOp: 3 }],
    });
    expect(byName.BenchmarkPoint).toMatchObject({
      benchmem: { bytesPerOp: 24, allocsPerOp: 1 },
      sites: [{ function: 'example.com/measure/agree.BoxPoint', predictedBytesPerExecution: 24, measuredBytesPerOp: 24, executionsPerOp: 1 }],
    });
    // b.Loop benchmarks run exactly N times (no b.N = 1 round first)
    expect(byName.BenchmarkLoopStyle).toMatchObject({ profile: { bytesPerOp: 16 }, sites: [{ measuredBytesPerOp: 16, executionsPerOp: 1 }] });
    const text = cli(['measure', '--bench', 'ThreeStrings', '--no-color', './agree']);
    expect(text.stdout).toMatch(/predicted 16 B per execution, measured 48 B per op = 16 B × 3\.0 executions per op/);
  });
});

describe('ifacelens measure: bad input', () => {
  it('needs --func or --bench', () => {
    const r = cli(['measure', './agree']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/--func REGEXP or --bench REGEXP/);
  });

  it('says when no function matches', () => {
    const r = cli(['measure', '--func', 'NoSuchThing', './agree']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/no function without parameters matches/);
  });

  it('shows the output of benchmarks that fail', () => {
    const d = mkdtempSync(join(tmpdir(), 'ifacelens-benchfail-'));
    writeFileSync(join(d, 'go.mod'), 'module example.com/bf\n\ngo 1.25\n');
    mkdirSync(join(d, 'p'));
    writeFileSync(join(d, 'p', 'p.go'), 'package p\n\nvar Sink any\n\nfunc F(s string) { Sink = s }\n');
    writeFileSync(join(d, 'p', 'p_test.go'), 'package p\n\nimport "testing"\n\nfunc BenchmarkBroken(b *testing.B) { b.Fatal("the fixture is broken on purpose") }\n');
    const r = cli(['measure', '--bench', '.', './...'], d);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/benchmarks of example\.com\/bf\/p failed: .*the fixture is broken on purpose/);
  });
});
