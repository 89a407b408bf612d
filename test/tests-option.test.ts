// analyze --tests: the packages' test variants and external test packages are built with
// `go test -c` and analysed, so generic code instantiated only by tests gets its cost, and the
// figures are those the fixture's own benchmarks measure (go test -bench -benchmem).
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Report, SiteReport } from '../src/contract/report.js';
import { parseBenchOutput } from '../src/parse/go-bench.js';

const bin = resolve(__dirname, '..', 'bin', 'ifacelens.js');
const dir = resolve(__dirname, '..', 'testdata', 'tests');
const pkg = 'example.com/testsfixture/gen';

function analyzeJson(args: string[]): Report {
  const r = spawnSync(process.execPath, [bin, 'analyze', '--format', 'json', ...args, './...'], { cwd: dir, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

/** Every file under d, recursively. */
function tree(d: string): string[] {
  return readdirSync(d, { withFileTypes: true, recursive: true })
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

const boxLine = 11; // gen/gen.go: `Sink = v` in Box[T]

describe('analyze --tests (testdata/tests)', () => {
  let plain: Report;
  let tests: Report;
  let before: string[];
  let after: string[];
  beforeAll(() => {
    before = tree(dir);
    plain = analyzeJson([]);
    tests = analyzeJson(['--tests']);
    after = tree(dir);
  });

  it('without --tests, Box is not instantiated: its cost is unknown and no test code is reported', () => {
    const box = plain.sites.filter((s) => s.position.file === 'gen/gen.go' && s.position.line === boxLine);
    expect(box).toHaveLength(1);
    expect(box[0]).toMatchObject({ allocates: null, bytesPerOp: null, function: `${pkg}.Box[...]` });
    expect(box[0].reason).toMatch(/not instantiated in the analysed packages/);
    expect(plain.sites.filter((s) => s.position.file.endsWith('_test.go'))).toEqual([]);
    expect(plain.tests).toBeUndefined();
    expect(plain.packages).toEqual([pkg]);
  });

  it('with --tests, the instantiations the tests make are priced', () => {
    expect(tests.tests).toBe(true);
    expect(tests.packages).toEqual([pkg, `${pkg}_test`]);
    expect(tests.stats).toMatchObject({ unknownSites: 0, unverifiedSites: 0, unrecognizedCompilerLines: 0 });
    const box = (fn: string) => tests.sites.find((s) => s.position.file === 'gen/gen.go' && s.position.line === boxLine && s.function === fn);
    // Box[triple], instantiated in gen_test.go (in-package test): 24 B, runtime.convTnoptr
    for (const fn of [`${pkg}.boxTriple`, `${pkg}.BenchmarkBoxTriple`, `${pkg}.Box[go.shape.struct { A int64; B int64; C int64 }]`]) {
      expect(box(fn), fn).toMatchObject({ allocates: true, allocsPerOp: 1, bytesPerOp: 24, runtimeCall: 'runtime.convTnoptr', verified: true });
    }
    // TestBoxTriple boxes a constant triple: static data
    expect(box(`${pkg}.TestBoxTriple`)).toMatchObject({ allocates: false, bytesPerOp: 0 });
    // Box[string], instantiated by the external test package
    for (const fn of [`${pkg}_test.BenchmarkBoxWord`, `${pkg}.Box[go.shape.string]`]) {
      expect(box(fn), fn).toMatchObject({
        allocates: true,
        allocsPerOp: 1,
        bytesPerOp: 16,
        runtimeCall: 'runtime.convTstring',
        functionPackage: `${pkg}_test`,
      });
    }
    // the conversion in the external test package itself
    const store = tests.sites.filter((s) => s.position.file === 'gen/ext_test.go' && s.position.line === 12);
    expect(store.map((s) => s.function).sort()).toEqual([`${pkg}_test.BenchmarkStore`, `${pkg}_test.store`]);
    for (const s of store)
      expect(s).toMatchObject({
        package: `${pkg}_test`,
        allocates: true,
        allocsPerOp: 1,
        bytesPerOp: 16,
        runtimeCall: 'runtime.convTstring',
        verified: true,
        test: true,
      });
  });

  it('marks test code: sites in _test.go files and sites inlined into test functions', () => {
    const marked = (s: SiteReport) => s.test === true;
    for (const s of tests.sites) {
      const inTestFile = s.position.file.endsWith('_test.go') || /\.(Test|Benchmark)\w+$|\.(boxTriple|store)$/.test(s.function);
      expect(marked(s), `${s.position.file}:${s.position.line} in ${s.function}`).toBe(inTestFile);
    }
  });

  it('writes nothing into the module (the test binaries go to a temporary directory)', () => {
    expect(after).toEqual(before);
  });

  it("the fixture's benchmarks measure what the report predicts per iteration", () => {
    const out = execFileSync('go', ['test', '-run', '^$', '-bench', '.', '-benchmem', '-benchtime=10000x', '-cpu=1', './...'], { cwd: dir, encoding: 'utf8' });
    const bench = parseBenchOutput(out, { procsSuffix: false });
    expect(bench.map((b) => b.name).sort()).toEqual(['BenchmarkBoxTriple', 'BenchmarkBoxWord', 'BenchmarkStore']);
    for (const b of bench) {
      // Everything each benchmark runs is inlined into its loop body: the sites of its own code,
      // once per iteration.
      const fn = b.name === 'BenchmarkBoxTriple' ? `${pkg}.${b.name}` : `${pkg}_test.${b.name}`;
      const own = tests.sites.filter((s) => s.function === fn && s.allocates);
      expect(own.length, fn).toBeGreaterThan(0);
      const bytes = own.reduce((n, s) => n + (s.bytesPerOp ?? NaN), 0);
      const allocs = own.reduce((n, s) => n + (s.allocsPerOp ?? NaN), 0);
      expect({ name: b.name, bytes: b.metrics['B/op'], allocs: b.metrics['allocs/op'] }).toEqual({ name: b.name, bytes, allocs });
    }
  });
});
