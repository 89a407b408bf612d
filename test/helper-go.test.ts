// The Go helper's own checks, in `npm test`: its tests (differential tests against the compiler:
// every site where `go build -gcflags=-m` reports it, every function under its -S symbol), go vet,
// and gofmt. Each prints the tool's output when it fails.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const helper = resolve(__dirname, '..', 'helper');

/** The host's go, without a target or build flags of the caller's: the helper's tests pick their own. */
function go(args: string[], timeout = 600_000) {
  const env: NodeJS.ProcessEnv = { ...process.env, GOFLAGS: '', GOWORK: 'off' };
  delete env.GOARCH;
  delete env.GOOS;
  const r = spawnSync(args[0] === 'gofmt' ? 'gofmt' : 'go', args[0] === 'gofmt' ? args.slice(1) : args, {
    cwd: helper,
    env,
    encoding: 'utf8',
    timeout,
    maxBuffer: 64 << 20,
  });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

/** The helper's Go files, testdata aside: its fixtures are written unformatted on purpose (they
 *  test columns, parentheses, comments and line directives exactly as written). */
function goFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) {
      if (e.name !== 'testdata' && !e.name.startsWith('.') && !e.name.startsWith('_')) out.push(...goFiles(join(dir, e.name)));
    } else if (e.name.endsWith('.go')) out.push(join(dir, e.name));
  }
  return out;
}

describe('helper (Go)', () => {
  it('go test ./... passes', () => {
    const r = go(['test', '-count=1', './...']);
    expect(r.status, r.output).toBe(0);
  });

  it('go vet ./... is clean', () => {
    const r = go(['vet', './...']);
    expect(r.status, r.output).toBe(0);
  });

  it('gofmt -l lists no file', () => {
    const files = goFiles(helper);
    expect(files.length).toBeGreaterThan(10);
    const r = go(['gofmt', '-l', ...files]);
    expect(r.status, r.output).toBe(0);
    expect(r.output.trim(), `not gofmt-formatted (run gofmt -w on them):\n${r.output}`).toBe('');
  });
});
