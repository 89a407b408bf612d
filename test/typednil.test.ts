// Typed nil in `analyze`: the finding on the example, proven by running the trap; its SARIF with a
// fix that, applied, makes the finding and the trap go away; and explain's picture of it.
import { sarifErrors } from './sarif-schema.js';
import { goldenText } from './golden.js';
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const bin = resolve(__dirname, '..', 'bin', 'ifacelens.js');
const mod = resolve(__dirname, '..', 'examples', 'seeds');

function cli(args: string[], cwd = mod) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs TypedNil(false) in the module and reports what the caller observes. */
function probe(dir: string): { nonNil: boolean; dataNil: boolean } {
  const t = mkdtempSync(join(tmpdir(), 'ifacelens-tn-'));
  writeFileSync(
    join(t, 'p_test.go'),
    `package seeds

import (
	"fmt"
	"testing"
	"unsafe"
)

func TestIfacelensTypedNil(t *testing.T) {
	err := TypedNil(false)
	words := (*[2]unsafe.Pointer)(unsafe.Pointer(&err))
	fmt.Printf("PROBE nonNil=%v dataNil=%v\\n", err != nil, words[1] == nil)
}
`,
  );
  writeFileSync(join(t, 'o.json'), JSON.stringify({ Replace: { [join(dir, 'zz_tn_test.go')]: join(t, 'p_test.go') } }));
  const r = spawnSync('go', ['test', '-count=1', `-overlay=${join(t, 'o.json')}`, '-run', 'TestIfacelensTypedNil', '-v', '.'], { cwd: dir, encoding: 'utf8' });
  const m = /PROBE nonNil=(\w+) dataNil=(\w+)/.exec(r.stdout);
  if (!m) throw new Error(r.stdout + r.stderr);
  return { nonNil: m[1] === 'true', dataNil: m[2] === 'true' };
}

describe('typed nil', () => {
  it('finds the trap in the example, and the trap is real', () => {
    const rep = JSON.parse(cli(['analyze', '--format', 'json']).stdout);
    expect(
      rep.findings.map((f: { rule: string; position: { file: string; line: number }; concrete: string; iface: string }) => [
        f.rule,
        f.position.file,
        f.position.line,
        f.concrete,
        f.iface,
      ]),
    ).toEqual([['typed-nil-return', 'typednil.go', 19, '*example.com/seeds.MyError', 'error']]);
    expect(rep.findings[0].message).toMatch(/itab=.*data=nil/);
    // the running program agrees: a non-nil error whose data word is nil
    expect(probe(mod)).toEqual({ nonNil: true, dataNil: true });
  });

  it('--no-typed-nil skips the check', () => {
    expect(JSON.parse(cli(['analyze', '--format', 'json', '--no-typed-nil']).stdout).findings).toEqual([]);
  });

  it('SARIF carries the finding with a fix that removes the trap', () => {
    const log = JSON.parse(cli(['analyze', '--format', 'sarif']).stdout);
    expect(sarifErrors(log)).toBe('');
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toContain('typed-nil-return');
    const res = run.results.find((r: { ruleId: string }) => r.ruleId === 'typed-nil-return');
    const rp = res.fixes[0].artifactChanges[0].replacements[0];
    const copy = mkdtempSync(join(tmpdir(), 'ifacelens-tnfix-'));
    cpSync(mod, copy, { recursive: true });
    const f = join(copy, res.fixes[0].artifactChanges[0].artifactLocation.uri);
    const lines = readFileSync(f, 'utf8').split('\n');
    lines.splice(rp.deletedRegion.startLine - 1, 1, ...rp.insertedContent.text.split('\n'));
    writeFileSync(f, lines.join('\n'));
    expect(JSON.parse(cli(['analyze', '--format', 'json'], copy).stdout).findings).toEqual([]);
    expect(probe(copy)).toEqual({ nonNil: false, dataNil: true });
  });

  it('explain draws the typed-nil value', async () => {
    const r = cli(['explain', '--no-color', '--goarch', 'amd64', 'typednil.go:19']);
    expect(r.code).toBe(0);
    const ver = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' })
      .stdout.trim()
      .replace(/^(go\d+\.\d+).*/, '$1');
    await expect(goldenText(r.stdout)).toMatchFileSnapshot(join(__dirname, '..', 'testdata', 'explain', ver, 'typed-nil.txt'));
    expect(r.stdout).toMatch(/\| \+8 \| data \| = nil/);
  });
});
