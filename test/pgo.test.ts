// PGO: testdata/pgo/cmd/app has a default.pgo, a CPU profile of the program itself. ifacelens
// builds with the profile the user's go build uses (-pgo=auto by default, --pgo to choose), says
// so in the report, and its figures are those the program measures (runtime.MemStats) when built
// with and without the profile. What the profile changes, on Go 1.26:
// - PGO devirtualisation of s.Put in hot (never inlined) adds a direct, inlined call of
//   (*sink.Counter).Put behind a type check, but keeps the call through the interface for other
//   types: buf still escapes through it, 64 B per iteration with or without the profile;
// - the profile lets the compiler inline hotWrite into main (a hot call site), where the dynamic
//   type is known: the call is devirtualised statically, with no fallback, and buf stays on the
//   stack: 32 B per iteration without the profile, none with it.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Report, SiteReport } from '../src/contract/report.js';
import { chooseVariants, variantRank } from '../src/toolchain/compile.js';

const bin = resolve(__dirname, '..', 'bin', 'ifacelens.js');
const dir = resolve(__dirname, '..', 'testdata', 'pgo');
const app = 'example.com/pgofixture/cmd/app';
// cmd/app/main.go: the buffers of hot and hotWrite
const hotBuf = 24;
const writeBuf = 40;

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, 'analyze', ...args, './...'], { cwd: dir, encoding: 'utf8', env: { ...process.env, GOFLAGS: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function analyzeJson(args: string[]): Report {
  const r = cli(['--format', 'json', ...args]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

const bufSites = (r: Report, line: number) =>
  Object.fromEntries(
    r.sites
      .filter((s) => s.kind === 'dynamic-arg' && s.position.file === 'cmd/app/main.go' && s.position.line === line)
      .map((s) => [s.function, s] as [string, SiteReport]),
  );

/** Builds cmd/app with `-pgo=pgo` and runs it: heap bytes and allocations per loop iteration. */
function measure(pgo: string): Record<string, { bytes: number; allocs: number }> {
  const out = mkdtempSync(join(tmpdir(), 'ifacelens-pgo-'));
  try {
    execFileSync('go', ['build', `-pgo=${pgo}`, '-o', join(out, 'app'), './cmd/app'], { cwd: dir, env: { ...process.env, GOFLAGS: '' } });
    const text = execFileSync(join(out, 'app'), ['-n', '200000'], { encoding: 'utf8' });
    const res: Record<string, { bytes: number; allocs: number }> = {};
    for (const m of text.matchAll(/^(\w+): ([\d.]+) B\/iter ([\d.]+) allocs\/iter/gm)) res[m[1]] = { bytes: Number(m[2]), allocs: Number(m[3]) };
    return res;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

describe('PGO (testdata/pgo)', () => {
  let auto: Report;
  let off: Report;
  let before: string[];
  beforeAll(() => {
    before = readdirSync(dir, { recursive: true }).map(String).sort();
    auto = analyzeJson([]);
    off = analyzeJson(['--pgo', 'off']);
  });

  it('says which profile the build used', () => {
    expect(auto.pgo).toEqual({ flag: 'auto', profiles: [{ file: 'cmd/app/default.pgo', main: app }] });
    expect(off.pgo).toEqual({ flag: 'off', profiles: [] });
    expect(analyzeJson(['--pgo', 'cmd/app/default.pgo']).pgo).toEqual({ flag: 'cmd/app/default.pgo', profiles: [{ file: 'cmd/app/default.pgo', main: null }] });
    const text = cli(['--no-color']);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]).toMatch(
      /^ifacelens: go1\.\d+\S* linux\/amd64 {2}\.\/\.\.\. {2}pgo: cmd\/app\/default\.pgo \(example\.com\/pgofixture\/cmd\/app and its dependencies\)$/,
    );
    expect(cli(['--no-color', '--pgo', 'off']).stdout.split('\n')[0]).toMatch(/ {2}pgo: off$/);
    for (const r of [auto, off]) expect(r.stats).toMatchObject({ unrecognizedCompilerLines: 0, unverifiedSites: 0 });
    expect(readdirSync(dir, { recursive: true }).map(String).sort()).toEqual(before);
  });

  it('a missing --pgo file is bad input', () => {
    const r = cli(['--pgo', 'nope.pgo']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^ifacelens: --pgo: no such profile: .*nope\.pgo$/m);
  });

  it('PGO devirtualisation of a call keeps the call through the interface: the argument still escapes', () => {
    const withProfile = bufSites(auto, hotBuf);
    expect(Object.keys(withProfile)).toEqual(['main.hot']); // main packages' symbols are main.F
    const h = withProfile['main.hot'];
    expect(h).toMatchObject({ allocates: true, allocsPerOp: 1, bytesPerOp: 64, runtimeCall: 'runtime.newobject', verified: true, escapes: true });
    expect(h.dynamicCall).toMatchObject({ callee: 'sink.Sink.Put', pgoDevirtualizedTo: 'sink.(*Counter).Put' });
    expect(h.dynamicCall?.devirtualizedTo).toBeUndefined();
    expect(h.reason).toMatch(/PGO.*sink\.\(\*Counter\)\.Put.*the call through the interface it keeps for other types is unknown/);
    const without = bufSites(off, hotBuf)['main.hot'];
    expect(without).toMatchObject({ allocates: true, bytesPerOp: 64 });
    expect(without.dynamicCall?.pgoDevirtualizedTo).toBeUndefined();
  });

  it('PGO inlining of a hot call lets the compiler devirtualise it statically: the argument stays on the stack', () => {
    const withProfile = bufSites(auto, writeBuf);
    expect(Object.keys(withProfile).sort()).toEqual(['main.hotWrite', 'main.main']);
    expect(withProfile['main.main']).toMatchObject({ allocates: false, bytesPerOp: 0, inlinedAt: [{ function: 'main.hotWrite' }] });
    expect(withProfile['main.main'].dynamicCall?.devirtualizedTo).toBe('*discard');
    // the out-of-line copy (not run by main) is devirtualised with a fallback and still allocates
    expect(withProfile['main.hotWrite']).toMatchObject({ allocates: true, bytesPerOp: 32, dynamicCall: { pgoDevirtualizedTo: '(*discard).Write' } });
    // without the profile hotWrite is not inlined: its own code runs, and buf escapes
    const without = bufSites(off, writeBuf);
    expect(Object.keys(without)).toEqual(['main.hotWrite']);
    expect(without['main.hotWrite']).toMatchObject({ allocates: true, allocsPerOp: 1, bytesPerOp: 32 });
  });

  it('the program measures what the report predicts, with and without the profile', () => {
    const close = (m: { bytes: number; allocs: number }, s: SiteReport) => {
      expect(Math.abs(m.bytes - (s.bytesPerOp ?? NaN))).toBeLessThan(0.1);
      expect(Math.abs(m.allocs - (s.allocsPerOp ?? NaN))).toBeLessThan(0.01);
    };
    const pgo = measure('auto');
    close(pgo.hot, bufSites(auto, hotBuf)['main.hot']); // main calls hot (go:noinline)
    close(pgo.hotWrite, bufSites(auto, writeBuf)['main.main']); // inlined into main
    // (a few bytes per run come from the runtime itself: a GC cycle, a profiling buffer)
    const near = (m: { bytes: number; allocs: number }, bytes: number, allocs: number) =>
      expect({ bytes: Math.abs(m.bytes - bytes) < 0.1, allocs: Math.abs(m.allocs - allocs) < 0.01 }).toEqual({ bytes: true, allocs: true });
    near(pgo.hot, 64, 1);
    near(pgo.hotWrite, 0, 0);
    const plain = measure('off');
    close(plain.hot, bufSites(off, hotBuf)['main.hot']);
    close(plain.hotWrite, bufSites(off, writeBuf)['main.hotWrite']);
    near(plain.hot, 64, 1);
    near(plain.hotWrite, 32, 1);
  });
});

describe('which compile of a package the report describes', () => {
  it('ranks the test variant, then a PGO variant, then the plain package, then a dependency rebuilt for a test', () => {
    expect(variantRank('m', 'm.test')).toBe(0);
    expect(variantRank('m_test', 'm.test')).toBe(0);
    expect(variantRank('m/sink', 'm/cmd/app')).toBe(1);
    expect(variantRank('m', undefined)).toBe(2);
    expect(variantRank('m/q', 'm.test')).toBe(3);
  });

  it('keeps one compile per package', () => {
    const rec = (pkg: string, variant?: string) => ({ pkg, ...(variant ? { variant } : {}) });
    const got = chooseVariants(
      [rec('m/sink'), rec('m/sink', 'm/cmd/app'), rec('m/cmd/app'), rec('m/q', 'm.test'), rec('m/q')],
      [rec('m/sink', 'm/cmd/b'), rec('m/sink', 'm/cmd/app')],
      [],
    );
    expect(got.records).toEqual([rec('m/sink', 'm/cmd/app'), rec('m/cmd/app'), rec('m/q')]);
    expect(got.asm).toEqual([rec('m/sink', 'm/cmd/app')]);
    expect(got.variants).toEqual([
      { pkg: 'm/q', others: ['m.test'] },
      { pkg: 'm/sink', used: 'm/cmd/app', others: ['m/cmd/b', undefined] },
    ]);
  });
});
