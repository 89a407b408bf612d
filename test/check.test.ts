// `ifacelens check` as a CI gate on a throwaway git repository: a module is committed and its
// baseline written; then commits that (a) add a boxing in a loop, (b) grow a struct across a size
// class, (c) only move code, reformat and rename unrelated names, (d) remove a boxing, (e) break a
// noalloc through an inlined callee. Exit statuses and messages are asserted; (c) reports nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sarifErrors } from './sarif-schema.js';

const bin = resolve(__dirname, '..', 'bin', 'ifacelens.js');

const BASE = `package gate

import "strconv"

var Sink any

type Point struct {
	X, Y int64
}

// Keep boxes a point: 16 B.
func Keep(p Point) { Sink = p }

// Name boxes a string.
func Name(s string) { Sink = s }

func Digits(n int) string { return strconv.Itoa(n) }

func store(n int) { Sink = n }

//ifacelens:noalloc
func Quiet(p *Point) { Sink = p }
`;

let repo: string;
const git = (...args: string[]) => {
  const r = spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const cli = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: repo, encoding: 'utf8', timeout: 300_000 });
const write = (text: string) => writeFileSync(join(repo, 'gate.go'), text);
const commit = (msg: string) => {
  git('add', '-A');
  git('commit', '-q', '-m', msg);
};

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'ifacelens-gate-'));
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'test');
  writeFileSync(join(repo, 'go.mod'), 'module example.com/gate\n\ngo 1.25\n');
  write(BASE);
  commit('base');
  const r = cli(['check', '--baseline', 'ifacelens-baseline.json', '--update-baseline', './...']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  commit('baseline');
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('ifacelens check', () => {
  it('passes on the commit the baseline was written from', () => {
    const r = cli(['check', '--baseline', 'ifacelens-baseline.json', '--no-color']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ok: nothing new$/m);
  });

  it('(a) a boxing added in a loop fails, naming the site, its cost and why', () => {
    write(
      BASE.replace('func store(n int) { Sink = n }', 'func store(n int) { Sink = n }\n\nfunc All(ns []int) {\n\tfor _, n := range ns {\n\t\tSink = n\n\t}\n}'),
    );
    const r = cli(['check', '--baseline', 'ifacelens-baseline.json', '--no-color']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^FAIL: 1 new interface allocation$/m);
    expect(r.stdout).toMatch(
      /^ {2}gate\.go:23:10 {2}All {2}convert n {2}runtime\.convT64 {2}8 B × a loop: int \(8 B\): runtime\.convT64, 8-byte tiny allocation .*; escapes via n .*→ Sink = n \(assign\)$/m,
    );
    // and --against the base revision says the same, without a baseline file
    const against = cli(['check', '--against', 'HEAD', '--no-color']);
    expect(against.status).toBe(1);
    expect(against.stdout).toMatch(/against HEAD/);
    expect(against.stdout).toMatch(/^FAIL: 1 new interface allocation$/m);
    expect(git('status', '--porcelain')).toBe(' M gate.go\n'); // the checkout untouched
    write(BASE);
  });

  it('(b) a struct grown across a size class fails as grown: 16 → 24 B', () => {
    write(BASE.replace('X, Y int64', 'X, Y, Z int64'));
    const r = cli(['check', '--baseline', 'ifacelens-baseline.json', '--no-color']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^FAIL: 1 grew$/m);
    expect(r.stdout).toMatch(
      /^ {2}gate\.go:12:29 {2}Keep {2}convert p {2}runtime\.convTnoptr {2}16 B → 24 B: example\.com\/gate\.Point \(24 B\): runtime\.convTnoptr, 24 B → 24-byte size class 3; escapes via p .*$/m,
    );
    expect(r.stdout).toMatch(/^ {2}Keep: 1 alloc, 16 B → 1 alloc, 24 B$/m);
    write(BASE);
  });

  it('(c) moving code, gofmt and renaming names (the boxed variable too) report nothing', () => {
    const moved = BASE.replace('// Keep boxes a point: 16 B.\nfunc Keep(p Point) { Sink = p }\n', '')
      .replace(
        'func store(n int) { Sink = n }',
        'func store(value int) {\n\tSink = value\n}\n\n// Keep boxes a point: 16 B.\nfunc Keep(p Point) {\n\n\n\tSink = p\n}',
      )
      .replace('func Digits(n int) string { return strconv.Itoa(n) }', '// Digits formats.\nfunc Digits(number int) string {\n\treturn strconv.Itoa(number)\n}')
      .replace('var Sink any', '// Sink keeps values.\nvar Sink any\n\nconst unused = 1');
    write(moved);
    const r = cli(['check', '--baseline', 'ifacelens-baseline.json', '--no-color']);
    expect(r.stdout).toMatch(/^ok: nothing new$/m);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(2); // the header and "ok"
    expect(r.status).toBe(0);
    write(BASE);
  });

  it('(d) a boxing removed is an improvement, and passes', () => {
    write(BASE.replace('func Name(s string) { Sink = s }', 'func Name(s *string) { Sink = s }'));
    const r = cli(['check', '--baseline', 'ifacelens-baseline.json', '--no-color']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ok: nothing new; 1 improvement$/m);
    expect(r.stdout).toMatch(/removed: gate\.go:\d+:\d+ {2}Name {2}convert s {2}runtime\.convTstring {2}16 B → –/);
    write(BASE);
  });

  it('(e) a noalloc function broken through an inlined callee fails with the budget line and the site', () => {
    write(BASE.replace('func Quiet(p *Point) { Sink = p }', 'func Quiet(p *Point) { store(int(p.X)) }'));
    const r = cli(['check', '--baseline', 'ifacelens-baseline.json', '--no-color']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^FAIL: 1 broken budget, 1 new interface allocation$/m);
    expect(r.stdout).toMatch(/^ {2}budget-noalloc gate\.go:21:1 Quiet: breaks \/\/ifacelens:noalloc \(gate\.go:21\): 1 alloc, 8 B per call$/m);
    expect(r.stdout).toMatch(/^ {6}gate\.go:19:28: convert runtime\.convT64 \(inlined from store\): 8 B, 1 alloc: int \(8 B\)/m);
    // the same as GitHub annotations, SARIF with baselineState, and Markdown
    const gh = cli(['check', '--baseline', 'ifacelens-baseline.json', '--format', 'github']);
    expect(gh.stdout).toMatch(
      /^::error file=gate\.go,line=21,col=1,title=ifacelens budget-noalloc::Quiet: breaks \/\/ifacelens:noalloc \(gate\.go:21\): 1 alloc, 8 B per call%0Agate\.go:19:28: convert runtime\.convT64 \(inlined from store\)/m,
    );
    expect(gh.stdout).toMatch(/^::error::ifacelens: FAIL: 1 broken budget, 1 new interface allocation$/m);
    const sarif = JSON.parse(cli(['check', '--baseline', 'ifacelens-baseline.json', '--format', 'sarif']).stdout);
    expect(sarifErrors(sarif)).toBe('');
    const states = sarif.runs[0].results.map((x: { ruleId: string; baselineState: string }) => `${x.ruleId}:${x.baselineState}`);
    expect(states).toContain('budget-noalloc:new');
    expect(states).toContain('alloc/convert:new');
    expect(states).toContain('alloc/convert:unchanged');
    const md = cli(['check', '--baseline', 'ifacelens-baseline.json', '--format', 'markdown']).stdout;
    expect(md).toMatch(/^### ifacelens: ❌ FAIL: 1 broken budget, 1 new interface allocation$/m);
    expect(md).toMatch(/^\| broken budget \| `Quiet` \|/m);
    expect(md).toMatch(/<details><summary>Details<\/summary>/);
    write(BASE);
  });

  it('refuses a corrupt baseline, one of another GOARCH, and a malformed directive: one line, exit 2', () => {
    writeFileSync(join(repo, 'bad.json'), '{"ifacelensBaseline": 1, "go": {}');
    const bad = cli(['check', '--baseline', 'bad.json']);
    expect([bad.status, bad.stderr.trim().split('\n').length]).toEqual([2, 1]);
    expect(bad.stderr).toMatch(/bad\.json: not JSON/);
    const other = JSON.parse(readFileSync(join(repo, 'ifacelens-baseline.json'), 'utf8'));
    other.go.goarch = other.go.goarch === 'arm64' ? 'amd64' : 'arm64';
    writeFileSync(join(repo, 'other.json'), JSON.stringify(other));
    const r = cli(['check', '--baseline', 'other.json']);
    expect([r.status, r.stderr.trim().split('\n').length]).toEqual([2, 1]);
    expect(r.stderr).toMatch(
      new RegExp(`other\\.json was recorded with go1\\.\\d+ linux/${other.go.goarch}, this run is go1\\.\\d+ linux/\\w+: run with --goarch ${other.go.goarch}`),
    );
    const missing = cli(['check', '--baseline', 'nope.json']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no baseline at .*nope\.json: write one with ifacelens check --update-baseline/);
    for (const [directive, msg] of [
      ['//ifacelens:budget allocs=x', /^ifacelens: gate\.go:21: \/\/ifacelens:budget: "allocs=x" is not allocs=N or bytes=N/],
      ['//ifacelens:budget frames=1', /"frames=1" is not allocs=N or bytes=N/],
      ['//ifacelens:nolloc', /unknown directive \/\/ifacelens:nolloc/],
    ] as const) {
      write(BASE.replace('//ifacelens:noalloc', directive));
      const d = cli(['check', '--baseline', 'ifacelens-baseline.json']);
      expect([d.status, d.stderr.trim().split('\n').length], d.stderr).toEqual([2, 1]);
      expect(d.stderr).toMatch(msg);
    }
    write(BASE);
  });

  it("the GitHub Action's script: annotations, a Markdown summary, SARIF, and check's exit status", () => {
    write(BASE.replace('func Quiet(p *Point) { Sink = p }', 'func Quiet(p *Point) { store(int(p.X)) }'));
    const summary = join(repo, 'summary.md');
    const sarifFile = join(repo, 'out.sarif');
    const r = spawnSync('bash', [resolve(__dirname, '..', 'scripts', 'action.sh')], {
      cwd: repo,
      encoding: 'utf8',
      timeout: 300_000,
      env: {
        ...process.env,
        GITHUB_ACTION_PATH: resolve(__dirname, '..'),
        GITHUB_STEP_SUMMARY: summary,
        INPUT_BASELINE: 'ifacelens-baseline.json',
        INPUT_SARIF: sarifFile,
        INPUT_PATTERNS: './...',
      },
    });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^::error file=gate\.go,line=21,col=1,title=ifacelens budget-noalloc::/m);
    expect(r.stdout).toMatch(/^::error file=gate\.go,line=19,col=28,title=ifacelens%3A new interface allocation::Quiet: 8 B per execution: /m);
    expect(readFileSync(summary, 'utf8')).toMatch(/^### ifacelens: ❌ FAIL: 1 broken budget, 1 new interface allocation$/m);
    expect(sarifErrors(JSON.parse(readFileSync(sarifFile, 'utf8')))).toBe('');
    write(BASE);
    const ok = spawnSync('bash', [resolve(__dirname, '..', 'scripts', 'action.sh')], {
      cwd: repo,
      encoding: 'utf8',
      timeout: 300_000,
      env: { ...process.env, GITHUB_ACTION_PATH: resolve(__dirname, '..'), INPUT_BASELINE: 'ifacelens-baseline.json' },
    });
    expect([ok.status, ok.stdout.trim()]).toEqual([0, 'ifacelens: ok: nothing new']);
    const bad = spawnSync('bash', [resolve(__dirname, '..', 'scripts', 'action.sh')], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, GITHUB_ACTION_PATH: resolve(__dirname, '..'), INPUT_BASELINE: 'nope.json' },
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/no baseline at/);
  });

  it('diff compares two analyses', () => {
    writeFileSync(join(repo, 'old.json'), cli(['analyze', '--format', 'json']).stdout);
    write(BASE.replace('X, Y int64', 'X, Y, Z int64'));
    writeFileSync(join(repo, 'new.json'), cli(['analyze', '--format', 'json']).stdout);
    const r = cli(['diff', 'old.json', 'new.json', '--no-color']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^FAIL: 1 grew$/m);
    expect(cli(['diff', 'old.json', 'old.json']).status).toBe(0);
    const bad = cli(['diff', 'old.json', 'gate.go']);
    expect([bad.status, bad.stderr.trim()]).toEqual([2, 'ifacelens: gate.go: not JSON (diff reads ifacelens analyze --format json outputs)']);
    write(BASE);
  });
});

describe('budgets in the code', () => {
  it('judge a branchy function on its upper bound and say so; a pointer and a kept budget pass', () => {
    const d = mkdtempSync(join(tmpdir(), 'ifacelens-budget-'));
    try {
      writeFileSync(join(d, 'go.mod'), 'module example.com/bud\n\ngo 1.25\n');
      writeFileSync(
        join(d, 'b.go'),
        'package bud\n\nvar Sink any\n\n//ifacelens:noalloc\nfunc Ptr(p *int) { Sink = p }\n\n//ifacelens:budget allocs=1 bytes=16\nfunc Kept(s string) { Sink = s }\n\n//ifacelens:budget allocs=0\nfunc Branchy(b bool, s string) {\n\tif b {\n\t\tSink = s\n\t}\n}\n',
      );
      const r = spawnSync(process.execPath, [bin, 'check', '--no-color'], { cwd: d, encoding: 'utf8', timeout: 120_000 });
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/^FAIL: 1 broken budget$/m);
      expect(r.stdout).toMatch(
        /^ {2}budget-exceeded b\.go:11:1 Branchy: breaks \/\/ifacelens:budget allocs=0 \(b\.go:11\): up to 1 alloc, 16 B per call \(upper bound: b\.go:14: counted as if its branch runs\)$/m,
      );
      expect(r.stdout).toMatch(/^ {6}b\.go:14:10: convert runtime\.convTstring: 16 B, 1 alloc \(conditional\): string \(16 B, pointers\)/m);
      expect(r.stdout).not.toMatch(/Ptr|Kept/);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('sharding: analyze --shard i/n, merge', () => {
  const fixtures = resolve(__dirname, '..', 'testdata', 'fixtures');
  const run = (args: string[], cwd = fixtures) => spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 300_000 });
  const canon = (r: { sites: unknown[]; functions: unknown[]; findings: unknown[] }) => ({
    ...r,
    sites: r.sites.map((x) => JSON.stringify(x)).sort(),
    functions: r.functions.map((x) => JSON.stringify(x)).sort(),
    findings: r.findings.map((x) => JSON.stringify(x)).sort(),
  });

  it('three shards of the fixtures merge into exactly what one run reports, and check reads the merge', () => {
    const d = mkdtempSync(join(tmpdir(), 'ifacelens-shards-'));
    try {
      const files = [1, 2, 3].map((i) => {
        const f = join(d, `shard-${i}.json`);
        const r = run(['analyze', '--shard', `${i}/3`, '--format', 'json', '-o', f, './...']);
        expect(r.status, r.stderr).toBe(0);
        return f;
      });
      const parts = files.map((f) => JSON.parse(readFileSync(f, 'utf8')));
      expect(parts.map((p) => p.shard)).toEqual([1, 2, 3].map((index) => ({ index, count: 3 })));
      // every package in exactly one shard
      const pkgs = parts.flatMap((p) => p.packages);
      expect(new Set(pkgs).size).toBe(pkgs.length);
      const merged = run(['merge', ...files, '--format', 'json']);
      expect(merged.status, merged.stderr).toBe(0);
      const whole = JSON.parse(run(['analyze', '--format', 'json', './...']).stdout);
      expect(canon(JSON.parse(merged.stdout))).toEqual(canon(whole));
      // the gate on the merge says what it says on one run
      writeFileSync(join(d, 'merged.json'), merged.stdout);
      const base = join(d, 'base.json');
      expect(run(['check', '--baseline', base, '--update-baseline', './...']).status).toBe(0);
      const onMerge = run(['check', '--analysis', join(d, 'merged.json'), '--baseline', base, '--no-color']);
      expect([onMerge.status, onMerge.stdout.split('\n')[1]]).toEqual([0, 'ok: nothing new']);
      // a missing or repeated shard, or a shard of another split: one line, exit 2
      const missing = run(['merge', files[0], files[2]]);
      expect([missing.status, missing.stderr.trim()]).toEqual([2, 'ifacelens: shard 2/3 missing']);
      expect(run(['merge', files[0], files[0], files[1]]).stderr).toMatch(/are both shard 1\/3/);
      expect(run(['analyze', '--shard', '4/3', './...']).stderr.trim()).toBe('ifacelens: --shard wants i/n with 1 ≤ i ≤ n (e.g. 2/4), not "4/3"');
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
