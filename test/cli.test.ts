// Bad input: one clear line on stderr, a non-zero exit, never a stack trace, nothing written
// into the analysed tree.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { tempModule } from './module.js';

const bin = resolve(__dirname, '..', 'bin', 'ifacelens.js');

function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, env, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const module = (files: Record<string, string>) => tempModule(files, 'ifacelens-cli-');

function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  return lines[0];
}

describe('ifacelens CLI', () => {
  let good: string;
  beforeAll(() => {
    good = module({ 'a.go': 'package m\n\nvar Sink any\n\nfunc F(n int64) { Sink = n }\n\nfunc main() {}\n' });
  });

  it('analyses a module and writes nothing into it', () => {
    const before = readdirSync(good).sort();
    const r = cli(['analyze', '--format', 'json', './...'], good);
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.stdout);
    expect(rep.schemaVersion).toBe(1);
    expect(rep.sites.find((s: { function: string }) => s.function === 'example.com/m.F')).toMatchObject({
      runtimeCall: 'runtime.convT64',
      allocsPerOp: 1,
      bytesPerOp: 8,
    });
    expect(readdirSync(good).sort()).toEqual(before);
  });

  it('text output states the Go version and target', () => {
    const r = cli(['analyze', '--no-color'], good);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ifacelens: go1\.\d+\S* linux\/amd64/);
    expect(r.stdout).toMatch(/^ +8 +1 {2}a\.go:5:26 {2}runtime\.convT64 +convert int64 \(8 B\) → any$/m);
  });

  it('passes --tags to the compiler and the type checker alike', () => {
    const d = module({
      'a.go': 'package m\n\nvar Sink any\n',
      'b.go': '//go:build special\n\npackage m\n\nfunc Tagged(s string) { Sink = s }\n',
    });
    const without = JSON.parse(cli(['analyze', '--format', 'json'], d).stdout);
    expect(without.sites).toEqual([]);
    const r = cli(['analyze', '--format', 'json', '--tags', 'special'], d);
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.stdout);
    expect(rep.sites.map((s: { function: string; runtimeCall: string }) => [s.function, s.runtimeCall])).toEqual([
      ['example.com/m.Tagged', 'runtime.convTstring'],
    ]);
  });

  it('rejects an unknown flag', () => {
    const r = cli(['analyze', '--frobnicate'], good);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/unknown option '--frobnicate'/);
  });

  it('rejects an unknown command', () => {
    const r = cli(['analyse-this'], good);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'analyse-this'/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects an unknown GOARCH', () => {
    const r = cli(['analyze', '--goarch', 'z80'], good);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/unknown GOARCH "z80"/);
  });

  it('rejects an unknown format', () => {
    const r = cli(['analyze', '--format', 'xml'], good);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/xml/);
  });

  it('reports a pattern that matches no package', () => {
    const r = cli(['analyze', './nothing/...'], good);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/\.\/nothing\/\.\.\./);
  });

  it('reports an unknown package', () => {
    const r = cli(['analyze', 'example.com/does/not/exist'], good);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/example\.com\/does\/not\/exist/);
  });

  it('reports a directory without go.mod', () => {
    const d = mkdtempSync(join(tmpdir(), 'ifacelens-nomod-'));
    writeFileSync(join(d, 'a.go'), 'package a\n');
    const r = cli(['analyze', './...'], d);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/go\.mod/);
  });

  it('reports a syntax error with file:line', () => {
    const d = module({ 'a.go': 'package m\n\nfunc F() {\n\tx :=\n}\n' });
    const r = cli(['analyze', './...'], d);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/a\.go:\d+:\d+: syntax error/);
  });

  it('reports a type error with file:line', () => {
    const d = module({ 'a.go': 'package m\n\nvar Sink any\n\nfunc F() { Sink = undefinedThing }\n' });
    const r = cli(['analyze', './...'], d);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/a\.go:5:\d+: undefined: undefinedThing/);
  });

  it('reports a missing go toolchain', () => {
    const r = cli(['analyze', './...'], good, { ...process.env, PATH: '/nonexistent' });
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/go: command not found/);
  });
});

describe('ifacelens on Ctrl-C', () => {
  it('stops the go processes, removes its temp files and exits 130', async () => {
    const d = module({ 'a.go': 'package m\n\nvar Sink any\n\nfunc F(n int64) { Sink = n }\n' });
    const cache = mkdtempSync(join(tmpdir(), 'ifacelens-cache-'));
    // A fresh build cache makes `std` slow enough to interrupt mid-build.
    mkdirSync(join(cache, 'tmp'));
    // GOTMPDIR puts the cache path into every compile command line, so ps can find leftovers.
    // TMPDIR: ifacelens's temp dirs, and in them the go command's (a private GOTMPDIR)
    mkdirSync(join(cache, 'os-tmp'));
    const env = { ...process.env, GOCACHE: join(cache, 'go'), TMPDIR: join(cache, 'os-tmp'), IFACELENS_CACHE: join(cache, 'helper') };
    const child = spawn(process.execPath, [bin, 'analyze', 'std'], { cwd: d, env });
    let stderr = '';
    child.stderr.on('data', (b) => {
      stderr += b;
    });
    await new Promise((r) => setTimeout(r, 4000));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted/);
    expect(stderr).not.toMatch(/\n\s+at /);
    await new Promise((r) => setTimeout(r, 500));
    // no compiler left running on our build cache
    const ps = spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).stdout;
    expect(ps.split('\n').filter((l) => l.includes(cache))).toEqual([]);
    expect(readdirSync(d).sort()).toEqual(['a.go', 'go.mod']);
    const leftovers = readdirSync(join(cache, 'helper'), { withFileTypes: true }).filter((e) => e.name.endsWith('.tmp'));
    expect(leftovers).toEqual([]);
    // no go-build* or ifacelens-* directories left behind in the temp dir
    expect(readdirSync(join(cache, 'os-tmp'))).toEqual([]);
  });
});
