// ifacelens fix on testdata/fix (a temp copy under git): every proven fix's measured figures
// against testing.AllocsPerRun of the same function before and after --apply, the savings written
// on the lines (`// fix: REWRITE allocs=A bytes=B`), each refusal for its reason (`// fix-refused:
// REWRITE "why"`), SARIF against the OASIS schema, --apply --interactive through stdin leaving a
// tree that builds, passes go test and allocates less, and a file with uncommitted changes refused.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { renderFixSarif } from '../src/report/fix.js';
import type { FixReport } from '../src/contract/fix.js';
import { sarifErrors } from './sarif-schema.js';

const bin = resolve(__dirname, '..', 'bin', 'ifacelens.js');
const fixture = resolve(__dirname, '..', 'testdata', 'fix');

const sh = (cmd: string, args: string[], cwd: string, input?: string) => {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    input,
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const cli = (args: string[], cwd: string, input?: string) => sh(process.execPath, [bin, ...args], cwd, input);

/** The `// fix:` and `// fix-refused:` lines of the fixture. */
function wants() {
  const out: { file: string; line: number; rewrite: string; refused?: RegExp; allocs?: number; bytes?: number }[] = [];
  for (const file of readdirSync(fixture).filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'))) {
    readFileSync(join(fixture, file), 'utf8')
      .split('\n')
      .forEach((text, i) => {
        const ok = /\/\/ fix: (\S+) allocs=([\d.]+) bytes=([\d.]+)/.exec(text);
        if (ok) out.push({ file, line: i + 1, rewrite: ok[1], allocs: Number(ok[2]), bytes: Number(ok[3]) });
        const no = /\/\/ fix-refused: (\S+) "(.*)"/.exec(text);
        if (no) out.push({ file, line: i + 1, rewrite: no[1], refused: new RegExp(no[2]) });
      });
  }
  return out;
}

/** testing.AllocsPerRun of each fixed function with its fixture arguments (a test file of our own). */
const ALLOCS_TEST = `package fix

import "testing"

// called through variables with arguments that are not constants, as measure's generated
// benchmarks call them: not inlined into the loop, nothing folded
var (
	errSink                          error
	argKey, argValue, argA, argB, argX = "key", "value", "a", "b", "x"
	argN, argBig, argNeg             = 12345, 1000, -1
	pair, join                       = Pair, Join
	count                            = Count
	logCount                         = LogCount
	logPairs                         = LogPairs
	sortByScore, sortByNameDesc      = SortByScore, SortByNameDesc
	checkFn                          = check
)

func TestIfacelensAllocs(t *testing.T) {
	for name, f := range map[string]func(){
		"Pair": func() { Sink = pair(argKey, argValue) },
		"Count": func() { Sink = count(argN) },
		"Join": func() { Sink = join(argA, argB) },
		"LogCount": func() { logCount(argBig) },
		"LogPairs": func() { logPairs(argBig, argX) },
		"SortByScore": func() { sortByScore() },
		"SortByNameDesc": func() { sortByNameDesc() },
		"check": func() { errSink = checkFn(argNeg) },
	} {
		t.Logf("ALLOCS %s %v", name, testing.AllocsPerRun(2000, f))
	}
}
`;

function allocsPerRun(dir: string): Map<string, number> {
  const r = sh('go', ['test', '-count=1', '-v', '-run', '^TestIfacelensAllocs$', '.'], dir);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  return new Map([...r.stdout.matchAll(/ALLOCS (\w+) ([\d.]+)/g)].map((m) => [m[1], Number(m[2])]));
}

describe('ifacelens fix', () => {
  let dir: string;
  let report: FixReport;
  let before: Map<string, number>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ifacelens-fix-test-'));
    cpSync(fixture, dir, { recursive: true });
    writeFileSync(join(dir, 'zz_allocs_test.go'), ALLOCS_TEST);
    for (const a of [
      ['init', '-q'],
      ['add', '.'],
      ['commit', '-q', '-m', 'fixture'],
    ])
      expect(sh('git', a, dir).code).toBe(0);
    const r = cli(['fix', '--format', 'json', './...'], dir);
    expect(r.code, r.stderr).toBe(0);
    report = JSON.parse(r.stdout);
    before = allocsPerRun(dir);
  }, 600_000);

  it('proves each fix written on its line, with at least the saving written there', () => {
    const proven = wants().filter((w) => !w.refused);
    expect(proven.length).toBeGreaterThanOrEqual(8);
    for (const w of proven) {
      const f = report.fixes.find((x) => x.position.file === w.file && x.position.line === w.line);
      expect(f, `${w.file}:${w.line} ${JSON.stringify(report.unproven.filter((u) => u.position.line === w.line))}`).toBeDefined();
      expect(f!.rewrite).toBe(w.rewrite);
      expect(f!.measured!.how).toBe('generated-benchmark');
      expect(f!.measured!.before.allocsPerOp - f!.measured!.after.allocsPerOp).toBeGreaterThanOrEqual(w.allocs! - 0.02);
      expect(f!.measured!.before.bytesPerOp - f!.measured!.after.bytesPerOp).toBeGreaterThanOrEqual(w.bytes! - 0.5);
      expect(f!.proof.map((p) => [p.step, p.passed])).toEqual([
        ['reanalysis', true],
        ['measurement', true],
        ['vet', true],
        ['test', true],
      ]);
      expect(f!.diff).toMatch(/^--- a\//);
    }
    // nothing else is shown
    expect(report.fixes).toHaveLength(proven.length);
  });

  it("each fix's measured figures before are testing.AllocsPerRun's", () => {
    for (const f of report.fixes) {
      const name = f.function.replace(/^.*\./, '');
      expect(before.has(name), name).toBe(true);
      expect(Math.abs(f.measured!.before.allocsPerOp - before.get(name)!), name).toBeLessThan(0.05);
    }
  });

  it('refuses each candidate written as refused, for its reason', () => {
    for (const w of wants().filter((x) => x.refused)) {
      const u = report.unproven.find((x) => x.position.file === w.file && x.position.line === w.line && x.rewrite === w.rewrite);
      expect(u, `${w.file}:${w.line}`).toBeDefined();
      expect(u!.status).toBe('refused');
      expect(u!.reason).toMatch(w.refused!);
    }
    // a method is not measured by a generated benchmark, and the package has no benchmark: not shown
    expect(report.unproven.find((u) => u.function.endsWith('Celsius.String'))).toMatchObject({ status: 'not-measured' });
  });

  it('writes SARIF with each fix as artifactChanges', () => {
    const log = JSON.parse(renderFixSarif(report, '0.0.0'));
    expect(sarifErrors(log)).toBe('');
    expect(log.runs[0].results).toHaveLength(report.fixes.length);
    for (const res of log.runs[0].results) expect(res.fixes[0].artifactChanges[0].replacements.length).toBeGreaterThan(0);
  });

  it('refuses --apply on a file with uncommitted changes, in one line, exit 2', () => {
    appendFileSync(join(dir, 'sortfix.go'), '\n// an uncommitted edit\n');
    const r = cli(['fix', '--apply', '--rewrite', 'sort-slices', './...'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/refusing to write sortfix\.go: uncommitted changes/);
    expect(sh('git', ['checkout', '--', 'sortfix.go'], dir).code).toBe(0);
  }, 300_000);

  it('--apply --interactive writes the fixes answered y: the tree builds, passes go test and allocates less', () => {
    const n = report.fixes.length;
    // every fix but Join's
    const answers = report.fixes.map((f) => (f.function.endsWith('.Join') ? 'n' : 'y')).join('\n') + '\n';
    const r = cli(['fix', '--apply', '--interactive', '--format', 'json', './...'], dir, answers);
    expect(r.code, r.stderr).toBe(0);
    const applied: FixReport = JSON.parse(r.stdout);
    expect(applied.applied!.fixes).toBe(n - 1);
    expect(sh('go', ['vet', '.'], dir).code).toBe(0);
    const t = sh('go', ['test', '-count=1', '.'], dir);
    expect(t.code, t.stdout).toBe(0);
    const src = readFileSync(join(dir, 'fmtfix.go'), 'utf8');
    expect(src).toContain('return fmt.Sprint(a, b)'); // declined
    expect(src).toContain('return k + "=" + v');
    const after = allocsPerRun(dir);
    for (const f of report.fixes) {
      const name = f.function.replace(/^.*\./, '');
      if (name === 'Join') expect(after.get(name)).toBe(before.get(name));
      else {
        expect(after.get(name)!, name).toBeLessThan(before.get(name)!);
        expect(Math.abs(f.measured!.after.allocsPerOp - after.get(name)!), name).toBeLessThan(0.05);
      }
    }
  }, 600_000);
});
