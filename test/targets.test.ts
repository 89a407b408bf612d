// Every target `go tool dist list` offers is either read correctly or refused with one line
// (docs/targets.md): the bundled example analysed for each GOOS/GOARCH gives the allocating sites of
// amd64 (64-bit targets) or 386 (32-bit: int and pointers are 4 bytes, runtime.convT32 boxes an
// int) — both measured against runtime.MemStats by test/fixtures.test.ts — each one verified in
// that target's own code. A listing whose calls went unrecognised would instead report them free.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { analyze } from '../src/pipeline/analyze.js';
import type { Report } from '../src/contract/report.js';
import { ptrSizeOf } from '../src/facts/store.js';
import { UserError } from '../src/toolchain/errors.js';
import { READABLE_GOARCHES, externalLinkingError, goarchRefusal } from '../src/toolchain/go-env.js';

const seeds = resolve(__dirname, '..', 'examples', 'seeds');
const fixtures = resolve(__dirname, '..', 'testdata', 'fixtures');
const distList = execFileSync('go', ['tool', 'dist', 'list'], { encoding: 'utf8' })
  .split('\n')
  .map((l) => l.trim())
  .filter(Boolean);

/** The allocating sites, as a target-independent key (what, where, which call, how much). */
const allocating = (r: Report) =>
  r.sites
    .filter((s) => s.allocates !== false)
    .map((s) => `${s.position.file}:${s.position.line}:${s.position.column} ${s.kind} ${s.runtimeCall} allocs=${s.allocsPerOp} bytes=${s.bytesPerOp}`)
    .sort();

/**
 * Every GOARCH on linux, and every other GOOS at least once with the odd ones (TOC-relative aix,
 * externally linked android and ios, plan9, windows/arm64, both wasm hosts); with
 * IFACELENS_TARGETS=all, every target of the list (each new one compiles std cold: about half a
 * minute of CPU apiece).
 */
const SAMPLE = new Set([
  'aix/ppc64',
  'android/386',
  'android/arm64',
  'darwin/arm64',
  'dragonfly/amd64',
  'freebsd/arm',
  'illumos/amd64',
  'ios/arm64',
  'js/wasm',
  'netbsd/arm64',
  'openbsd/ppc64',
  'openbsd/riscv64',
  'plan9/386',
  'plan9/arm',
  'solaris/amd64',
  'wasip1/wasm',
  'windows/386',
  'windows/arm64',
]);
const targets = distList.filter((t) => process.env.IFACELENS_TARGETS === 'all' || t.startsWith('linux/') || SAMPLE.has(t));

/** Runs `f` over `items`, two at a time: each is a go build (std compiled cold for a new target) and the helper. */
async function pool<T, R>(items: T[], f: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const k = next++;
      out[k] = await f(items[k]);
    }
  };
  await Promise.all([worker(), worker()]);
  return out;
}

describe('targets of go tool dist list', () => {
  const ref = new Map<number, Report>();
  const results = new Map<string, Report | Error>();
  beforeAll(async () => {
    const [r64, r32] = await Promise.all([
      analyze({ dir: seeds, patterns: ['./...'], goos: 'linux', goarch: 'amd64' }),
      analyze({ dir: seeds, patterns: ['./...'], goos: 'linux', goarch: '386' }),
    ]);
    ref.set(8, r64.report);
    ref.set(4, r32.report);
    await pool(targets, async (target) => {
      const [goos, goarch] = target.split('/');
      const r = await analyze({ dir: seeds, patterns: ['./...'], goos, goarch }).then(
        (a) => a.report,
        (e: Error) => e,
      );
      results.set(target, r);
    });
  }, 40 * 60_000);

  it('lists every GOARCH the parser reads, and every GOARCH of the list is read or refused', () => {
    const arches = [...new Set(distList.map((p) => p.split('/')[1]))].sort();
    expect(arches.length).toBeGreaterThanOrEqual(14);
    for (const a of arches) {
      const why = goarchRefusal(a);
      if (why !== undefined) expect(why).not.toMatch(/\n/);
      else expect(READABLE_GOARCHES).toContain(a);
    }
    // Go 1.26 offers no GOARCH that ifacelens refuses
    expect(arches.filter((a) => goarchRefusal(a))).toEqual([]);
    expect(goarchRefusal('sparc64')).toMatch(/^GOARCH sparc64 is not supported: .*assembly listing/);
  });

  it('32-bit and 64-bit references allocate at the same places (modulo pointer size)', () => {
    const where = (r: Report) => allocating(r).map((k) => k.split(' ')[0]);
    expect(where(ref.get(4)!)).toEqual(where(ref.get(8)!));
    expect(allocating(ref.get(8)!).length).toBeGreaterThanOrEqual(13);
    // int is 4 bytes on 386: runtime.convT32, 4 B
    expect(allocating(ref.get(4)!)).toContain('boxing.go:6:29 convert runtime.convT32 allocs=1 bytes=4');
    expect(allocating(ref.get(8)!)).toContain('boxing.go:6:29 convert runtime.convT64 allocs=1 bytes=8');
  });

  it('samples every GOARCH and every GOOS of the list', () => {
    expect(new Set(targets.map((t) => t.split('/')[1]))).toEqual(new Set(distList.map((t) => t.split('/')[1])));
    expect(new Set(targets.map((t) => t.split('/')[0]))).toEqual(new Set(distList.map((t) => t.split('/')[0])));
  });

  describe('examples/seeds on each target', () => {
    for (const target of targets) {
      const [goos, goarch] = target.split('/');
      it(target, () => {
        const r = results.get(target);
        if (r instanceof Error) {
          // refused: one clear line, and only for a GOARCH ifacelens does not read
          expect(r).toBeInstanceOf(UserError);
          expect(r.message).not.toMatch(/\n/);
          expect(goarchRefusal(goarch), `${target} refused: ${r.message}`).toBeDefined();
          return;
        }
        const report = r!;
        expect(report.go).toMatchObject({ goos, goarch });
        expect(report.stats.unrecognizedCompilerLines).toBe(0);
        expect(
          report.sites.filter((s) => s.allocates === null || (s.allocates && !s.verified)).map((s) => `${s.position.file}:${s.position.line} ${s.reason}`),
        ).toEqual([]);
        expect(allocating(report)).toEqual(allocating(ref.get(ptrSizeOf(goarch))!));
      });
    }
  });

  it('main packages of targets that link only through cgo: one line saying what to do', async () => {
    for (const [goos, goarch] of [
      ['android', 'arm'],
      ['ios', 'arm64'],
    ]) {
      const err = await analyze({ dir: fixtures, patterns: ['./cmdmain'], goos, goarch }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(UserError);
      expect((err as Error).message).toMatch(
        new RegExp(
          `^cannot build main packages for ${goos}/${goarch} with cgo off \\(.*\\): set CGO_ENABLED=1 and CC to .*, or analyse only non-main packages$`,
        ),
      );
    }
    expect(externalLinkingError('default PIE binary requires external (cgo) linking, but cgo is not enabled', 'ios', 'amd64')).toMatch(/Xcode/);
    expect(externalLinkingError('undefined: x', 'ios', 'amd64')).toBeUndefined();
  });

  it('a GOOS without the GOARCH: one line naming the GOARCHes it has', async () => {
    const err = await analyze({ dir: seeds, patterns: ['./...'], goos: 'js', goarch: 'amd64' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe('unsupported target js/amd64 (go tool dist list offers js on wasm)');
  });
});
