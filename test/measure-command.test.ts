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
    const got = Object.fromEntries(
      rep.functions.map((f: { function: string; measured: { allocsPerOp: number; bytesPerOp: number; runs: number }; predicted: unknown; agrees: boolean }) => [
        f.function.replace(/^.*\./, ''),
        { allocs: f.measured.allocsPerOp, bytes: f.measured.bytesPerOp, runs: f.measured.runs, predicted: f.predicted, agrees: f.agrees },
      ]),
    );
    expect(got).toEqual({
      BoxString: { allocs: 1, bytes: 16, runs: 3, predicted: { allocsPerCall: 1, bytesPerCall: 16, notes: [expect.any(String)] }, agrees: true },
      BoxPoint: { allocs: 1, bytes: 24, runs: 3, predicted: { allocsPerCall: 1, bytesPerCall: 24 }, agrees: true },
      BoxInts: { allocs: 3, bytes: 24, runs: 3, predicted: { allocsPerCall: 3, bytesPerCall: 24, notes: [expect.any(String)] }, agrees: true },
    });
    expect(readdirSync(join(mod, 'agree')).sort()).toEqual(before); // overlay only
  });

  it('judges the interface part, and explains the rest of the function in one line', () => {
    // Hidden allocates 112 B that are not an interface cost: the interface part (0) agrees.
    const r = cli(['measure', '--func', 'Hidden', '--format', 'json', '--fail-on-disagreement', './disagree']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const f = JSON.parse(r.stdout).functions[0];
    expect(f).toMatchObject({
      function: 'example.com/measure/disagree.Hidden',
      agrees: true,
      predicted: { allocsPerCall: 0, bytesPerCall: 0 },
      measured: { allocsPerOp: 1, bytesPerOp: 112, interface: { allocsPerOp: 0, bytesPerOp: 0 }, rest: { allocsPerOp: 1, bytesPerOp: 112 } },
    });
    expect(f.measured.rest.sources[0]).toMatchObject({
      function: 'example.com/measure/disagree.Hidden',
      position: { file: 'disagree/disagree.go', line: 20 },
      interfaceSite: false,
      bytesPerOp: 112,
    });
    const text = cli(['measure', '--func', 'Hidden', '--no-color', './disagree']);
    expect(text.stdout).toMatch(/agrees .* 1 \[1\.\.1\] .* 112 \[112\.\.112\] .* example\.com\/measure\/disagree\.Hidden/);
    expect(text.stdout).toMatch(/rest: 112 B, 1 alloc per call not at its interface sites: 112 B at disagree\/disagree\.go:20 in disagree\.Hidden/);
  });

  it('flags a disagreement of the interface part and fails with --fail-on-disagreement', () => {
    const r = cli(['measure', '--func', 'SmallInt', '--format', 'json', '--fail-on-disagreement', './disagree']);
    expect(r.code).toBe(1);
    const f = JSON.parse(r.stdout).functions[0];
    expect(f).toMatchObject({ function: 'example.com/measure/disagree.SmallInt', agrees: false, predicted: { allocsPerCall: 1, bytesPerCall: 8 } });
    expect(f.measured).toMatchObject({ allocsPerOp: 0, bytesPerOp: 0, interface: { allocsPerOp: 0, bytesPerOp: 0 } });
    const text = cli(['measure', '--func', 'SmallInt', '--no-color', './disagree']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/DISAGREES .* example\.com\/measure\/disagree\.SmallInt/);
  });

  it("tells append's backing array from the conversion on the same line (by the call in the binary)", () => {
    const r = cli(['measure', '--func', '^Appended$', '--format', 'json', '--count', '3', '--fail-on-disagreement', './bench']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const f = JSON.parse(r.stdout).functions[0];
    expect(f).toMatchObject({
      agrees: true,
      predicted: { allocsPerCall: 1, bytesPerCall: 24 },
      measured: { allocsPerOp: 2, bytesPerOp: 48, interface: { allocsPerOp: 1, bytesPerOp: 24 }, rest: { allocsPerOp: 1, bytesPerOp: 24 } },
    });
    expect(f.measured.rest.sources).toEqual([
      expect.objectContaining({ function: 'example.com/measure/bench.Appended', position: { file: 'bench/bench.go', line: 37 }, interfaceSite: false }),
    ]);
  });

  it('does not blame the interfaces of examples/seeds BufferStays for bytes.Buffer growing', () => {
    const r = cli(
      ['measure', '--func', '^BufferStays$', '--format', 'json', '--count', '3', '--fail-on-disagreement', './...'],
      resolve(__dirname, '..', 'examples', 'seeds'),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const f = JSON.parse(r.stdout).functions[0];
    expect(f).toMatchObject({
      function: 'example.com/seeds.BufferStays',
      agrees: true,
      predicted: { allocsPerCall: 0, bytesPerCall: 0 },
      measured: { allocsPerOp: 1, bytesPerOp: 64, interface: { allocsPerOp: 0, bytesPerOp: 0 }, rest: { allocsPerOp: 1, bytesPerOp: 64 } },
    });
    // the slice bytes.Buffer.Write grows, reached from the w.Write line of BufferStays
    expect(f.measured.rest.sources[0]).toMatchObject({
      function: expect.stringMatching(/^bytes\./),
      from: { file: 'writer.go', line: 20 },
      interfaceSite: false,
      bytesPerOp: 64,
    });
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

describe('ifacelens measure --bench: each benchmark on its own', () => {
  it('gives each sub-benchmark its own exact profile (one closure shared by all cases)', () => {
    const r = cli(['measure', '--bench', 'Box', '--format', 'json', '--iterations', '1000', './bench']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.stdout);
    const byName = Object.fromEntries(rep.benchmarks.map((b: { benchmark: string }) => [b.benchmark, b]));
    expect(Object.keys(byName).sort()).toEqual(['BenchmarkBox/big', 'BenchmarkBox/big-loop', 'BenchmarkBox/none', 'BenchmarkBox/small']);
    expect(byName['BenchmarkBox/none']).toMatchObject({ benchmem: { bytesPerOp: 0 }, profile: { bytesPerOp: 0, interfaceBytesPerOp: 0 }, sites: [] });
    expect(byName['BenchmarkBox/small']).toMatchObject({
      benchmem: { bytesPerOp: 16, allocsPerOp: 1 },
      profile: { bytesPerOp: 16, objectsPerOp: 1, interfaceBytesPerOp: 16 },
      sites: [{ function: 'example.com/measure/bench.BoxSmall', predictedBytesPerExecution: 16, measuredBytesPerOp: 16, executionsPerOp: 1 }],
    });
    for (const name of ['BenchmarkBox/big', 'BenchmarkBox/big-loop']) {
      expect(byName[name]).toMatchObject({
        benchmem: { bytesPerOp: 48, allocsPerOp: 1 },
        profile: { bytesPerOp: 48, interfaceBytesPerOp: 48 },
        sites: [{ function: 'example.com/measure/bench.BoxBig', predictedBytesPerExecution: 48, measuredBytesPerOp: 48, executionsPerOp: 1 }],
      });
    }
  });

  it('shares a tiny block among the sites that fill it', () => {
    const r = cli(['measure', '--bench', 'Pair', '--format', 'json', '--iterations', '1000', './bench']);
    expect(r.stderr).toBe('');
    const b = JSON.parse(r.stdout).benchmarks[0];
    expect(b).toMatchObject({ benchmark: 'BenchmarkPair', benchmem: { bytesPerOp: 16, allocsPerOp: 2 }, profile: { bytesPerOp: 16, interfaceBytesPerOp: 16 } });
    // both boxings are listed, each executed once per op; the profile charged the block to the first
    const sites = [...b.sites].sort((x: { position: { line: number } }, y: { position: { line: number } }) => x.position.line - y.position.line);
    expect(sites).toMatchObject([
      {
        position: { line: 31 },
        predictedBytesPerExecution: 8,
        measuredBytesPerOp: 16,
        measuredObjectsPerOp: 1,
        executionsPerOp: 1,
        tiny: { group: 'example.com/measure/bench.Pair' },
      },
      {
        position: { line: 32 },
        predictedBytesPerExecution: 8,
        measuredBytesPerOp: 0,
        measuredObjectsPerOp: 0,
        executionsPerOp: 1,
        tiny: { group: 'example.com/measure/bench.Pair' },
      },
    ]);
    expect(b.tinyGroups).toEqual([
      {
        function: 'example.com/measure/bench.Pair',
        sites: [expect.objectContaining({ line: 31 }), expect.objectContaining({ line: 32 })],
        predictedBytesPerCall: 16,
        measuredBytesPerOp: 16,
        callsPerOp: 1,
      },
    ]);
    const text = cli(['measure', '--bench', 'Pair', '--no-color', '--iterations', '1000', './bench']);
    expect(text.stdout).not.toMatch(/× 2\.0 executions/);
    expect(text.stdout).toMatch(
      /tiny blocks of example\.com\/measure\/bench\.Pair, shared by its 2 tiny sites: predicted 16 B per call, measured 16 B per op = 16 B × 1\.0 calls per op/,
    );
  });

  // go.uber.org/zap v1.27.0's BenchmarkAny: twelve sub-benchmarks sharing closures. Needs the
  // module and its dependencies on disk (see docs/cli.md): IFACELENS_ZAP_DIR=/path/to/zap.
  it.skipIf(!process.env.IFACELENS_ZAP_DIR)('attributes zap BenchmarkAny per sub-benchmark', () => {
    const r = cli(['measure', '--bench', 'BenchmarkAny$', '--format', 'json', '-q', '.'], process.env.IFACELENS_ZAP_DIR!);
    expect(r.code).toBe(0);
    const bs = JSON.parse(r.stdout).benchmarks as { benchmark: string; benchmem: { bytesPerOp: number }; profile: { bytesPerOp: number } }[];
    expect(bs).toHaveLength(12);
    for (const b of bs) expect(Math.abs(b.profile.bytesPerOp - b.benchmem.bytesPerOp)).toBeLessThanOrEqual(Math.max(2, b.benchmem.bytesPerOp * 0.05));
    expect(new Set(bs.map((b) => Math.round(b.profile.bytesPerOp))).size).toBeGreaterThan(1);
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
    expect(oneLine(r.stderr)).toMatch(/no function to measure matches/);
  });

  it('shows the output of benchmarks that fail', () => {
    const d = mkdtempSync(join(tmpdir(), 'ifacelens-benchfail-'));
    writeFileSync(join(d, 'go.mod'), 'module example.com/bf\n\ngo 1.25\n');
    mkdirSync(join(d, 'p'));
    writeFileSync(join(d, 'p', 'p.go'), 'package p\n\nvar Sink any\n\nfunc F(s string) { Sink = s }\n');
    writeFileSync(
      join(d, 'p', 'p_test.go'),
      'package p\n\nimport "testing"\n\nfunc BenchmarkBroken(b *testing.B) { b.Fatal("the fixture is broken on purpose") }\n',
    );
    const r = cli(['measure', '--bench', '.', './...'], d);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/benchmarks of example\.com\/bf\/p failed: .*the fixture is broken on purpose/);
  });
});
