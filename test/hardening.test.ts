// Issue 9: nothing read that the user did not ask for. A position is a label: a //line directive
// makes it name any file, /dev/zero or a FIFO, and ifacelens must not read it (it used to read
// line 3 of the named file into a typed-nil fix, and crashed on /dev/zero).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const bin = resolve(__dirname, '..', 'bin', 'ifacelens.js');

describe('positions are labels, not files to read', () => {
  it('never reads a file a //line directive names (secret file, /dev/zero, FIFO)', () => {
    const d = mkdtempSync(join(tmpdir(), 'ifacelens-line-'));
    const secret = join(d, 'secret.txt');
    writeFileSync(secret, 'SECRET-1\nSECRET-2\n\treturn SECRETVALUE\n');
    const fifo = join(d, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    writeFileSync(join(d, 'go.mod'), 'module example.com/m\n\ngo 1.25\n');
    const fn = (name: string, label: string) =>
      `func ${name}(fail bool) error {\n\tvar e *E\n\tif fail {\n\t\te = &E{"x"}\n\t}\n//line ${label}:3\n\treturn e\n}\n`;
    writeFileSync(join(d, 'a.go'), [
      'package m\n\ntype E struct{ msg string }\n\nfunc (e *E) Error() string { return e.msg }\n',
      fn('F', secret), fn('G', '/dev/zero'), fn('H', fifo),
      'func Use() bool { return F(false) != nil || G(false) != nil || H(false) != nil }\n',
    ].join('\n'));
    const r = spawnSync(process.execPath, [bin, 'analyze', '--format', 'json', './...'], { cwd: d, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('SECRET');
    const report = JSON.parse(r.stdout);
    const files = report.findings.map((f: { position: { file: string } }) => f.position.file);
    // (positions inside the analysed directory are printed relative to it)
    expect(files).toEqual(expect.arrayContaining(['secret.txt', '/dev/zero', 'pipe']));
    // the fix needs the line's text: none is offered where the position is a label
    expect(report.findings.filter((f: { fix?: unknown }) => f.fix)).toEqual([]);
  });
});
