// `ifacelens compare` on testdata/compare with two real Go releases and across targets: the
// differences it reports are real, because each side's figures equal runtime.MemStats measured in
// a program that side's toolchain built for that side's target (go1.24.13 is fetched once by the go
// command through GOTOOLCHAIN into the module cache; arm and arm64 run under qemu-user).
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyze, loadSizeClasses } from '../src/pipeline/analyze.js';
import { missingConvHelpers } from '../src/analysis/conversion-cost.js';
import type { Report } from '../src/contract/report.js';
import type { CompareReport, CompareSite } from '../src/contract/compare.js';
import { readFixture } from './wants.js';
import { checkMeasurements } from './truth.js';
import { measureAsync } from './measure.js';
import { runnable, MEASURED_TARGETS } from './emulation.js';

const bin = resolve(__dirname, '..', 'bin', 'ifacelens.js');
const moduleDir = resolve(__dirname, '..', 'testdata', 'compare');
const fixture = readFixture(moduleDir);
const OLD = 'go1.24.13';
const NEW = 'go1.26.8';

function cli(args: string[], dir = moduleDir, env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, env, encoding: 'utf8', timeout: 900_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function compareJson(args: string[]): CompareReport {
  const r = cli(['compare', ...args, '--format', 'json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as CompareReport;
}

const byFunction = (c: CompareReport) => new Map(c.sites.map((s) => [s.function.replace(/^example\.com\/compare\./, ''), s]));

/** Each side's figures in the comparison are that side's analysis, site by site. */
function agreesWithSide(s: CompareSite, side: 'before' | 'after', r: Report): void {
  const cost = s[side];
  const site = r.sites.find((x) => x.function === s.function && x.kind === s.kind && x.position.line === cost?.position.line);
  if (!cost) {
    expect(site).toBeUndefined();
    return;
  }
  expect(site, `${s.function} on the ${side} side`).toBeDefined();
  expect({ allocates: cost.allocates, bytes: cost.bytesPerOp, allocs: cost.allocsPerOp, call: cost.runtimeCall, reason: cost.reason }).toEqual({
    allocates: site!.allocates,
    bytes: site!.bytesPerOp,
    allocs: site!.allocsPerOp,
    call: site!.runtimeCall,
    reason: site!.reason,
  });
}

/** A side's analysis and the measurement of every fixture function, built by that side's go for its target. */
async function measuredSide(side: { toolchain?: string; goarch: string; exec?: string }) {
  const env = { ...process.env, GOARCH: side.goarch, CGO_ENABLED: '0', ...(side.toolchain ? { GOTOOLCHAIN: side.toolchain } : {}) };
  const [{ report }, measured] = await Promise.all([
    analyze({ dir: moduleDir, patterns: ['./...'], goarch: side.goarch, toolchain: side.toolchain }),
    measureAsync(moduleDir, fixture.funcs, { env, exec: side.exec }),
  ]);
  return { report, measured };
}

describe(`compare --go ${OLD} --go ${NEW}: what an upgrade buys, measured under both releases`, () => {
  let cmp: CompareReport;
  let old: Awaited<ReturnType<typeof measuredSide>>;
  let now: Awaited<ReturnType<typeof measuredSide>>;
  beforeAll(async () => {
    cmp = compareJson(['--go', OLD, '--go', NEW]);
    old = await measuredSide({ toolchain: OLD, goarch: 'amd64' });
    now = await measuredSide({ toolchain: NEW, goarch: 'amd64' });
  });

  it('reports the releases that ran', () => {
    expect(cmp.before).toEqual({ toolchain: OLD, go: { version: OLD, goos: 'linux', goarch: 'amd64' } });
    expect(cmp.after).toEqual({ toolchain: NEW, go: { version: NEW, goos: 'linux', goarch: 'amd64' } });
    expect(old.report.go.version).toBe(OLD);
    expect(now.report.go.version).toBe(NEW);
  });

  it("reads each release's size classes and runtime helpers from its own GOROOT (go1.24: runtime/sizeclasses.go and mbitmap.go; go1.25: gc's tables, runtime's tiny size)", () => {
    const tables = [OLD, 'go1.25.14', NEW].map((v) => {
      const [goroot, version] = spawnSync('go', ['env', 'GOROOT', 'GOVERSION'], { env: { ...process.env, GOTOOLCHAIN: v }, encoding: 'utf8' }).stdout.split(
        '\n',
      );
      expect(version).toBe(v);
      // the runtime helpers the judgments name are that release's
      const iface = readFileSync(join(goroot, 'src', 'runtime', 'iface.go'), 'utf8');
      expect(missingConvHelpers(iface)).toEqual([]);
      expect(missingConvHelpers(iface.replace('func convT64(', 'func convT64x('))).toEqual(['convT64']);
      return loadSizeClasses(goroot);
    });
    for (const t of tables) expect(t).toMatchObject({ tinySize: 16, mallocHeaderSize: 8, pageShift: 13, maxSmallSize: 32768 });
    // the same tables in all three (68 classes)
    expect(tables[0]).toEqual(tables[2]);
    expect(tables[1]).toEqual(tables[2]);
    expect(tables[0].classToSize).toHaveLength(68);
  });

  it(`reads all of ${OLD}'s compiler output: every -m=2 line, every allocating site's call in its machine code`, () => {
    for (const r of [old.report, now.report]) {
      expect(r.stats).toMatchObject({ unrecognizedCompilerLines: 0, unknownSites: 0, unverifiedSites: 0 });
      expect(r.sites.filter((s) => s.allocates && !s.verified)).toEqual([]);
    }
    // go1.24 prints no conversion decisions: a free conversion's data word is not known, never guessed
    expect(old.report.sites.filter((s) => s.allocates === false && s.kind === 'convert').map((s) => s.dataWord)).toEqual([undefined]);
    expect(now.report.sites.find((s) => s.function.endsWith('.BoxZero'))!.dataWord).toBe('zeroVal');
  });

  it('finds the composite literals and constant locals go1.25 stopped boxing, with both verdicts', () => {
    const sites = byFunction(cmp);
    expect([...sites.keys()].sort()).toEqual(['BoxArray', 'BoxLiteral', 'BoxLocal', 'BoxLocalInt', 'BoxLocalString', 'BoxZero']);
    for (const [fn, bytes, call] of [
      ['BoxLiteral', 16, 'runtime.convTnoptr'],
      ['BoxZero', 16, 'runtime.convTnoptr'],
      ['BoxLocal', 16, 'runtime.convTnoptr'],
      ['BoxArray', 24, 'runtime.convTnoptr'],
      // escape analysis (go1.25) rewrites a conversion of a local assigned once from a constant to the constant
      ['BoxLocalInt', 8, 'runtime.convT64'],
      ['BoxLocalString', 16, 'runtime.convTstring'],
    ] as const) {
      const s = sites.get(fn)!;
      expect(s).toMatchObject({ change: 'removed', presence: 'both', kind: 'convert' });
      expect(s.before).toMatchObject({ allocates: true, bytesPerOp: bytes, allocsPerOp: 1, runtimeCall: call, rule: 'helper' });
      expect(s.after).toMatchObject({ allocates: false, bytesPerOp: 0, allocsPerOp: 0, runtimeCall: null });
      agreesWithSide(s, 'before', old.report);
      agreesWithSide(s, 'after', now.report);
    }
    expect(sites.get('BoxZero')!.after!.rule).toBe('zero-value');
    expect(sites.get('BoxLiteral')!.after!.rule).toBe('compile-time');
    // per call: 1 alloc of 16 B before, nothing after
    expect(cmp.functions.find((f) => f.function.endsWith('.BoxLiteral'))).toMatchObject({
      before: { allocs: 1, bytes: 16, unknown: false },
      after: { allocs: 0, bytes: 0, unknown: false },
    });
    // unchanged: the int, int64, string and pointerful struct conversions cost the same on both
    expect(cmp.stats.unchanged).toBe(4);
  });

  it(`${OLD}'s figures equal runtime.MemStats in a program ${OLD} built`, () => {
    const { problems, compared } = checkMeasurements(old.report, fixture.funcs, old.measured, []);
    expect(problems).toEqual([]);
    expect(compared).toBe(fixture.funcs.length);
    expect(old.measured.find((m) => m.name === 'BoxLiteral')).toMatchObject({ allocsPerCall: 1, bytesPerCall: 16 });
    expect(old.measured.find((m) => m.name === 'BoxLocalString')).toMatchObject({ allocsPerCall: 1, bytesPerCall: 16 });
  });

  it(`${NEW}'s figures equal runtime.MemStats in a program ${NEW} built`, () => {
    const { problems, compared } = checkMeasurements(now.report, fixture.funcs, now.measured, []);
    expect(problems).toEqual([]);
    expect(compared).toBe(fixture.funcs.length);
    expect(now.measured.find((m) => m.name === 'BoxLiteral')).toMatchObject({ allocsPerCall: 0, bytesPerCall: 0 });
    expect(now.measured.find((m) => m.name === 'BoxLocalString')).toMatchObject({ allocsPerCall: 0, bytesPerCall: 0 });
  });

  it('renders text and Markdown with both sides', () => {
    const text = cli(['compare', '--go', OLD, '--go', NEW, '--no-color']);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain(`ifacelens compare: ${OLD} linux/amd64 → ${NEW} linux/amd64`);
    expect(text.stdout).toContain('6 sites differ: 0 cost more, 6 cost less after');
    expect(text.stdout).toMatch(/free now +literals\.go:12:30 +BoxZero +convert Point\{\}/);
    expect(text.stdout).toContain('BoxArray: 1 alloc, 24 B → 0 allocs, 0 B');
    const md = cli(['compare', '--go', OLD, '--go', NEW, '--format', 'markdown']);
    expect(md.status).toBe(0);
    expect(md.stdout).toContain(`| change | site | function | ${OLD} linux/amd64 | ${NEW} linux/amd64 |`);
    expect(md.stdout).toContain('| `BoxZero` | 1 alloc, 16 B | 0 allocs, 0 B |');
  });
});

describe(`compare --go go1.25.14 --go ${NEW}: a release with nothing to report here, measured`, () => {
  it('go1.25 already converts the literals without allocating; its figures equal runtime.MemStats', async () => {
    const cmp = compareJson(['--go', 'go1.25.14', '--go', NEW]);
    expect(cmp.before.go.version).toBe('go1.25.14');
    expect(cmp.sites).toEqual([]);
    expect(cmp.stats).toMatchObject({ before: { allocatingSites: 4 }, after: { allocatingSites: 4 }, unchanged: 4 });
    const side = await measuredSide({ toolchain: 'go1.25.14', goarch: 'amd64' });
    expect(side.report.stats).toMatchObject({ unrecognizedCompilerLines: 0, unknownSites: 0, unverifiedSites: 0 });
    const { problems, compared } = checkMeasurements(side.report, fixture.funcs, side.measured, []);
    expect(problems).toEqual([]);
    expect(compared).toBe(fixture.funcs.length);
  });
});

describe('compare --goarch amd64 --goarch 386|arm|arm64: the same across targets, measured natively (386) and under qemu-user (arm, arm64)', () => {
  // 4-byte words: 386 natively, 32-bit arm under qemu-arm
  for (const t of MEASURED_TARGETS.filter((x) => x.goarch === '386' || x.goarch === 'arm')) {
    const how = t.runner ? ` under ${t.runner}` : ' natively';
    it.skipIf(!runnable(t) && !process.env.CI)(
      `${t.goarch}: smaller words, and a local literal that ${t.goarch} boxes, measured on both targets${how}`,
      async () => {
        expect(runnable(t), `${t.runner} is not installed (Debian: apt-get install qemu-user; see .ci/run)`).toBe(true);
        const cmp = compareJson(['--goarch', 'amd64', '--goarch', t.goarch]);
        expect(cmp.before.go.goarch).toBe('amd64');
        expect(cmp.after.go.goarch).toBe(t.goarch);
        const sites = byFunction(cmp);
        expect([...sites.keys()].sort()).toEqual(['BoxInt', 'BoxLocal', 'BoxPair', 'BoxString']);
        expect(sites.get('BoxInt')).toMatchObject({
          change: 'shrank',
          before: { bytesPerOp: 8, runtimeCall: 'runtime.convT64' },
          after: { bytesPerOp: 4, runtimeCall: 'runtime.convT32' },
        });
        expect(sites.get('BoxString')).toMatchObject({ change: 'shrank', before: { bytesPerOp: 16 }, after: { bytesPerOp: 8 } });
        expect(sites.get('BoxPair')).toMatchObject({ change: 'shrank', before: { bytesPerOp: 16 }, after: { bytesPerOp: 8 } });
        // an 8-byte Point in a local: the 32-bit compiler boxes it (convT64), amd64's puts it in read-only data
        expect(sites.get('BoxLocal')).toMatchObject({ change: 'new', presence: 'both', before: { allocates: false }, after: { bytesPerOp: 8 } });
        const [amd64, other] = [await measuredSide({ goarch: 'amd64' }), await measuredSide({ goarch: t.goarch, exec: t.exec })];
        for (const [name, side, key] of [
          ['amd64', amd64, 'before'],
          [t.goarch, other, 'after'],
        ] as const) {
          const { problems, compared } = checkMeasurements(side.report, fixture.funcs, side.measured, []);
          expect(problems, name).toEqual([]);
          expect(compared).toBe(fixture.funcs.length);
          for (const s of cmp.sites) agreesWithSide(s, key, side.report);
        }
        expect(other.measured.find((m) => m.name === 'BoxLocal')).toMatchObject({ allocsPerCall: 1, bytesPerCall: 8 });
        expect(amd64.measured.find((m) => m.name === 'BoxLocal')).toMatchObject({ allocsPerCall: 0, bytesPerCall: 0 });
      },
    );
  }

  const arm64 = MEASURED_TARGETS.find((t) => t.goarch === 'arm64')!;
  it.skipIf(!runnable(arm64) && !process.env.CI)('arm64: no interface cost differs from amd64, and arm64 measures what it predicts', async () => {
    expect(runnable(arm64), 'qemu-aarch64 is not installed (Debian: apt-get install qemu-user; see .ci/run)').toBe(true);
    const cmp = compareJson(['--goarch', 'amd64', '--goarch', 'arm64']);
    expect(cmp.sites).toEqual([]);
    expect(cmp.stats.unchanged).toBe(cmp.stats.before.allocatingSites);
    const side = await measuredSide({ goarch: 'arm64', exec: arm64.exec });
    const { problems, compared } = checkMeasurements(side.report, fixture.funcs, side.measured, []);
    expect(problems).toEqual([]);
    expect(compared).toBe(fixture.funcs.length);
  });
});

describe('compare --goos linux --goos windows: a site built for one target only', () => {
  it('is shown on its side only, the other side "not in this build"', () => {
    const cmp = compareJson(['--goos', 'linux', '--goos', 'windows']);
    expect(cmp.after.go).toMatchObject({ goos: 'windows', goarch: 'amd64' });
    expect(cmp.sites).toHaveLength(1);
    expect(cmp.sites[0]).toMatchObject({
      change: 'removed',
      presence: 'before-only',
      function: 'example.com/compare.BoxLinux',
      before: { bytesPerOp: 8, runtimeCall: 'runtime.convT64', position: { file: 'linux.go' } },
      after: null,
    });
    const text = cli(['compare', '--goos', 'linux', '--goos', 'windows', '--no-color']);
    expect(text.stdout).toContain('1 site differs: 0 cost more, 1 cost less after');
    expect(text.stdout).toMatch(/before only +linux\.go:8:33 +BoxLinux +convert n\n.*\n.*\n +after +not in this build/);
  });
});

describe('compare: bad input is one line and exit 2', () => {
  const oneLine = (args: string[], dir?: string, env?: NodeJS.ProcessEnv) => {
    const r = cli(['compare', ...args], dir, env);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    return r.stderr.trim();
  };
  it('an unknown release', () => {
    expect(oneLine(['--go', 'go1.99.0', '--go', NEW])).toBe(
      'ifacelens: Go toolchain go1.99.0 does not exist: the module proxy has no go1.99.0 for this machine (releases: go.dev/dl)',
    );
  });
  it('a release that cannot be fetched (GOPROXY=off)', () => {
    expect(oneLine(['--go', 'go1.23.1', '--go', NEW], undefined, { ...process.env, GOPROXY: 'off' })).toBe(
      'ifacelens: cannot fetch Go toolchain go1.23.1 (download go1.23.1 for linux/amd64: toolchain not available): check that it is a release (go.dev/dl), GOPROXY and the network',
    );
  });
  it('a language version, not a release', () => {
    expect(oneLine(['--go', 'go1.24', '--go', NEW])).toMatch(/"go1\.24" is not a Go release: .*a release is go1\.24\.0 or later/);
  });
  it('a module that needs a newer go than one side', () => {
    const seeds = resolve(__dirname, '..', 'examples', 'seeds');
    expect(oneLine(['--go', OLD, '--go', NEW], seeds)).toBe(
      `ifacelens: the module requires go 1.25 or newer (its go.mod) and the toolchain asked for is ${OLD}: use a release of go 1.25 or newer`,
    );
  });
  it('nothing to compare, or the same build twice', () => {
    expect(oneLine(['--go', NEW])).toMatch(/compare wants two builds/);
    expect(oneLine(['--goarch', 'amd64', '--goarch', 'amd64'])).toMatch(/both builds are the same/);
  });
});
