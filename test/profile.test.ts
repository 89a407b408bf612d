// `ifacelens profile` on real profiles written by a Go program with known boxing sites and
// runtime.MemProfileRate = 1: exact bytes and objects per site, inlined frames, a sampled
// profile, a live net/http/pprof endpoint, and bad input.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createServer } from 'node:net';

const bin = resolve(__dirname, '..', 'bin', 'ifacelens.js');
const boxerDir = resolve(__dirname, '..', 'testdata', 'profiles', 'boxer');
const tmp = mkdtempSync(join(tmpdir(), 'ifacelens-profile-'));
const boxer = join(tmp, 'boxer');

function cli(args: string[], cwd = boxerDir) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface PSite {
  position: { file: string; line: number };
  function: string;
  allocBytes: number;
  allocObjects: number;
  share: number;
  static: { bytesPerOp: number; inlinedAt?: unknown[] };
}

/** What boxer does: function, line of the conversion, executions, bytes per execution. */
const expected = [
  { function: 'main.Triples', line: 47, count: 2000, bytes: 24 },
  { function: 'main.Strings', line: 40, count: 1000, bytes: 16 },
  { function: 'main.Wide', line: 61, count: 300, bytes: 48 },
  { function: 'main.Inlined', line: 34, count: 500, bytes: 24 }, // wrap's line, inlined
  { function: 'main.SameLine', line: 76, column: 38, count: 600, bytes: 16 }, // keep(other)
  { function: 'main.SameLine', line: 76, column: 24, count: 200, bytes: 16 }, // keep(name), every third time
];
const total = expected.reduce((n, e) => n + e.count * e.bytes, 0);

beforeAll(() => {
  const b = spawnSync('go', ['build', '-o', boxer, '.'], { cwd: boxerDir, encoding: 'utf8' });
  if (b.status !== 0) throw new Error(b.stderr);
  const r = spawnSync(boxer, ['-o', join(tmp, 'exact.pb.gz')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  const s = spawnSync(boxer, ['-o', join(tmp, 'sampled.pb.gz'), '-rate', '4096'], { encoding: 'utf8' });
  if (s.status !== 0) throw new Error(s.stderr);
});

describe('ifacelens profile', () => {
  it('attributes an exact profile to each boxing site, inlined frames included', () => {
    const r = cli(['profile', '--format', 'json', '--binary', boxer, '--profile', join(tmp, 'exact.pb.gz')]);
    expect(r.stderr).toBe('');
    const rep = JSON.parse(r.stdout);
    expect(rep.profile).toMatchObject({ exact: true, period: 1, sampleIndex: 'alloc_space' });
    const got = (rep.sites as PSite[]).map((s) => ({ function: s.function, line: s.position.line, allocBytes: s.allocBytes, allocObjects: s.allocObjects }));
    expect(got).toEqual(expected.map((e) => ({ function: e.function, line: e.line, allocBytes: e.count * e.bytes, allocObjects: e.count })));
    expect((rep.sites as (PSite & { position: { column: number }; ambiguous: boolean })[]).slice(4).map((s) => [s.position.column, s.ambiguous])).toEqual([
      [38, false],
      [24, false],
    ]);
    // The static prediction for each site times its executions is what the profile measured.
    for (const [i, s] of (rep.sites as PSite[]).entries()) expect(s.static.bytesPerOp * expected[i].count).toBe(s.allocBytes);
    expect((rep.sites as PSite[])[3].static.inlinedAt).toHaveLength(1);
    const shares = (rep.sites as PSite[]).map((s) => s.share);
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
    expect(rep.interfaces.total).toBe(total);
  });

  it('without --binary, splits samples of same-size sites on one line evenly and says so', () => {
    const rep = JSON.parse(cli(['profile', '--format', 'json', '--profile', join(tmp, 'exact.pb.gz')]).stdout);
    const same = (rep.sites as (PSite & { ambiguous: boolean })[]).filter((s) => s.function === 'main.SameLine');
    expect(same.map((s) => [s.allocBytes, s.ambiguous])).toEqual([
      [6400, true],
      [6400, true],
    ]);
    expect(rep.interfaces.total).toBe(total);
  });

  it('ranks by objects with --sample-index alloc_objects', () => {
    const rep = JSON.parse(cli(['profile', '--format', 'json', '--sample-index', 'alloc_objects', '--profile', join(tmp, 'exact.pb.gz')]).stdout);
    expect(rep.profile.sampleIndex).toBe('alloc_objects');
    expect((rep.sites as PSite[]).map((s) => s.allocObjects)).toEqual([2000, 1000, 500, 400, 400, 300]);
  });

  it('labels a sampled profile as estimates, scaled as pprof does', () => {
    const r = cli(['profile', '--no-color', '--profile', join(tmp, 'sampled.pb.gz')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/estimated \(sampled every 4096 bytes on average/);
    const rep = JSON.parse(cli(['profile', '--format', 'json', '--profile', join(tmp, 'sampled.pb.gz')]).stdout);
    expect(rep.profile).toMatchObject({ exact: false, period: 4096 });
    expect(rep.interfaces.total).toBeGreaterThan(total * 0.3);
    expect(rep.interfaces.total).toBeLessThan(total * 3);
  });

  it('reads the allocs profile of a running service on loopback', async () => {
    const srv = spawn(boxer, ['-serve']);
    try {
      const addr = await new Promise<string>((res, rej) => {
        createInterface({ input: srv.stdout }).once('line', res);
        srv.once('exit', () => rej(new Error('boxer exited')));
      });
      const r = spawnSync(process.execPath, [bin, 'profile', '--format', 'json', '--binary', boxer, '--profile', `http://${addr}/debug/pprof/allocs`], {
        cwd: boxerDir,
        encoding: 'utf8',
      });
      expect(r.stderr).toBe('');
      const rep = JSON.parse(r.stdout);
      expect((rep.sites as PSite[]).slice(0, expected.length).map((s) => [s.function, s.allocBytes])).toEqual(
        expected.map((e) => [e.function, e.count * e.bytes]),
      );
    } finally {
      srv.kill();
    }
  });
});

describe('ifacelens profile: bad input', () => {
  const oneLine = (s: string) => {
    expect(s.trim().split('\n')).toHaveLength(1);
    expect(s).not.toMatch(/\n\s+at /);
    return s.trim();
  };

  it('a file that is not a profile', () => {
    writeFileSync(join(tmp, 'notes.txt'), 'these are not the bytes you are looking for\n');
    const r = cli(['profile', '--profile', join(tmp, 'notes.txt')]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/not a pprof protobuf profile/);
  });

  it('a truncated profile', () => {
    const b = readFileSync(join(tmp, 'exact.pb.gz'));
    writeFileSync(join(tmp, 'cut.pb.gz'), b.subarray(0, Math.floor(b.length / 2)));
    const r = cli(['profile', '--profile', join(tmp, 'cut.pb.gz')]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/corrupt or truncated/);
  });

  it('a missing file', () => {
    const r = cli(['profile', '--profile', join(tmp, 'nope.pb.gz')]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/cannot read profile .*: no such file$/);
  });

  it('a non-loopback URL without --allow-remote', () => {
    const r = cli(['profile', '--profile', 'http://10.1.2.3:6060/debug/pprof/allocs']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/not a loopback address .*--allow-remote/);
  });

  it('an unreachable loopback URL', async () => {
    // a port that was free a moment ago: nothing listens there
    const port = await new Promise<number>((res) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => res(p));
      });
    });
    const r = cli(['profile', '--profile', `http://127.0.0.1:${port}/debug/pprof/allocs`]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/cannot fetch .*: connection refused/);
  });

  it('a profile of other code', () => {
    const r = cli(['profile', '--profile', join(tmp, 'exact.pb.gz'), './...'], resolve(__dirname, '..', 'examples', 'seeds'));
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/none of the profile's \d+ samples is in the analysed packages/);
  });
});
