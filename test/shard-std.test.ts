// Issue 12's scale promise on real code nobody here wrote: `std` analysed in shards and merged is,
// byte for byte, the report one run writes. Shards cut generic code and inlined bodies apart (a
// shaped body is compiled into every package that instantiates it, a closure is re-emitted by
// every package that inlines its host), so this is where a record applied to the wrong compile
// shows up: one run sees every package's compiler output, a shard only its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const bin = resolve(__dirname, '..', 'bin', 'ifacelens.js');
const SHARDS = 3;
let d: string;
const run = (args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { cwd: d, encoding: 'utf8', timeout: 900_000, maxBuffer: 1 << 30, env: { ...process.env, GOFLAGS: '' } });

beforeAll(() => {
  d = mkdtempSync(join(tmpdir(), 'ifacelens-shard-std-'));
});
afterAll(() => rmSync(d, { recursive: true, force: true }));

describe('std in shards', () => {
  it(`${SHARDS} shards of std merge into exactly the report one run writes`, { timeout: 1_800_000 }, () => {
    const one = run(['analyze', '--format', 'json', '-o', join(d, 'one.json'), 'std']);
    expect(one.status, one.stderr).toBe(0);
    const files: string[] = [];
    for (let i = 1; i <= SHARDS; i++) {
      const f = join(d, `shard-${i}.json`);
      const r = run(['analyze', '--format', 'json', '--shard', `${i}/${SHARDS}`, '-o', f, 'std']);
      expect(r.status, r.stderr).toBe(0);
      files.push(f);
    }
    const merged = run(['merge', '--format', 'json', ...files]);
    expect(merged.status, merged.stderr).toBe(0);
    const whole = readFileSync(join(d, 'one.json'), 'utf8');
    const a = JSON.parse(whole);
    const b = JSON.parse(merged.stdout);
    // first the sites as sets, which names what differs, then the bytes
    const key = (s: unknown) => JSON.stringify(s);
    const inMerged = new Set(b.sites.map(key));
    const inOne = new Set(a.sites.map(key));
    expect(a.sites.filter((s: unknown) => !inMerged.has(key(s))).slice(0, 5)).toEqual([]);
    expect(b.sites.filter((s: unknown) => !inOne.has(key(s))).slice(0, 5)).toEqual([]);
    expect(a.stats.allocatingSites).toBeGreaterThan(10_000);
    expect(merged.stdout.trim()).toBe(whole.trim());
  });

  // The bug this test found: crypto/ecdsa's compile inlines fips140hash.Unwrap into UnwrapNew's
  // closure, crypto/hpke's copy of that closure calls it. The `inlining call to` record of one
  // compile must not put Unwrap's sites into another compile's machine code.
  it("an inlining decision stays with the compile that made it (crypto/hpke's closure copy calls Unwrap)", () => {
    const a = JSON.parse(readFileSync(join(d, 'one.json'), 'utf8'));
    const asm = spawnSync('go', ['build', '-o', join(d, 'hpke.a'), '-gcflags=crypto/hpke=-S', 'crypto/hpke'], {
      cwd: d,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      env: { ...process.env, GOFLAGS: '' },
    });
    expect(asm.status, asm.stderr.slice(0, 500)).toBe(0);
    // each machine function of hpke whose name holds UnwrapNew's closure, and whether it calls Unwrap
    const calls = new Map<string, boolean>();
    let fn: string | undefined;
    for (const line of asm.stderr.split('\n')) {
      const head = /^(\S.*) STEXT /.exec(line);
      if (head) fn = head[1].includes('UnwrapNew') && head[1].endsWith('.func1') ? head[1] : undefined;
      else if (fn && /\tCALL\t/.test(line)) calls.set(fn, calls.get(fn) || line.includes('fips140hash.Unwrap(SB)'));
      else if (fn && !calls.has(fn)) calls.set(fn, false);
    }
    type Site = { function: string; functionPackage: string; position: { file: string; line: number } };
    // the copies the report takes from hpke's compile (a shaped body other packages also compile
    // is reported from the first of them by import path)
    const reported = [...calls].filter(([name]) => a.sites.some((s: Site) => s.function === name && s.functionPackage === 'crypto/hpke'));
    expect(reported.length).toBeGreaterThan(0);
    for (const [name, callsUnwrap] of reported) {
      const inlinedSites = a.sites.filter(
        (s: Site) => s.function === name && s.functionPackage === 'crypto/hpke' && s.position.file.endsWith('fips140hash/hash.go') && s.position.line < 30,
      );
      // Unwrap's body (lines 23-28) runs in this machine code only where the compiler inlined it
      expect({ name, unwrapSites: inlinedSites.length > 0 }).toEqual({ name, unwrapSites: !callsUnwrap });
    }
  });
});
