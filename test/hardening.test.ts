// Issue 9: nothing read that the user did not ask for. A position is a label: a //line directive
// makes it name any file, /dev/zero or a FIFO, and ifacelens must not read it (it used to read
// line 3 of the named file into a typed-nil fix, and crashed on /dev/zero).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
    writeFileSync(
      join(d, 'a.go'),
      [
        'package m\n\ntype E struct{ msg string }\n\nfunc (e *E) Error() string { return e.msg }\n',
        fn('F', secret),
        fn('G', '/dev/zero'),
        fn('H', fifo),
        'func Use() bool { return F(false) != nil || G(false) != nil || H(false) != nil }\n',
      ].join('\n'),
    );
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

import { createServer, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import { readProfileSource, isLoopbackHost } from '../src/toolchain/fetch-profile.js';
import { parseProfile } from '../src/parse/pprof.js';
import { UserError } from '../src/toolchain/errors.js';

/** A loopback server whose handler the test chooses. */
async function serve(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; close: () => Promise<void> }> {
  const srv: Server = createServer(handler);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((r) => {
        srv.closeAllConnections();
        srv.close(() => r());
      }),
  };
}

async function userError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as Error).message;
  }
  throw new Error('no error');
}

describe('profiles: only what was asked for, bounded', () => {
  it('refuses special files instead of hanging on them (/dev/zero, a FIFO, a directory)', async () => {
    const d = mkdtempSync(join(tmpdir(), 'ifacelens-prof-'));
    const fifo = join(d, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    for (const p of ['/dev/zero', fifo, d]) {
      expect(await userError(readProfileSource(p))).toMatch(/not a regular file$/);
    }
    const big = join(d, 'big.pprof');
    writeFileSync(big, Buffer.alloc(2048));
    expect(await userError(readProfileSource(big, { maxBytes: 1024 }))).toMatch(/2048 bytes is more than the 1024-byte limit/);
  });

  it('checks every redirect hop for loopback', async () => {
    expect(isLoopbackHost('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopbackHost('[::ffff:7f00:1]')).toBe(true);
    expect(isLoopbackHost('0.0.0.0')).toBe(false);
    for (const to of ['http://0.0.0.0:1/x', 'http://example.com/x', 'http://[::ffff:a00:1]/x']) {
      const s = await serve((_, res) => {
        res.writeHead(302, { location: to });
        res.end();
      });
      try {
        expect(await userError(readProfileSource(`${s.url}/debug/pprof/allocs`))).toMatch(
          /refusing to fetch a profile from .*\(redirected from .*\): not a loopback address/,
        );
      } finally {
        await s.close();
      }
    }
  });

  it('caps a download and a gzip bomb, and stops a trickling body', async () => {
    const big = await serve((_, res) => {
      res.writeHead(200);
      res.end(Buffer.alloc(4096));
    });
    try {
      expect(await userError(readProfileSource(big.url, { maxBytes: 1024 }))).toMatch(/more than the 1024-byte limit/);
    } finally {
      await big.close();
    }
    // 64 MiB of zeros compress to ~64 KB
    const bomb = gzipSync(Buffer.alloc(64 << 20));
    expect(bomb.length).toBeLessThan(1 << 20);
    expect(() => parseProfile(bomb, 1 << 20)).toThrow(/inflates to more than the 1048576-byte limit/);
    const slow = await serve((_, res) => {
      res.writeHead(200);
      res.write('x'); /* never ends */
    });
    try {
      expect(await userError(readProfileSource(slow.url, { timeoutMs: 500 }))).toMatch(/timed out/);
    } finally {
      await slow.close();
    }
  });
});

describe("GOFLAGS: the user's build settings, not flags that write or change the output", () => {
  it('does not let -mod=mod rewrite go.mod, nor -n/-json hide the sites, and says what it ignored', () => {
    const d = mkdtempSync(join(tmpdir(), 'ifacelens-goflags-'));
    // no go line: with -mod=mod the go command would add one
    writeFileSync(join(d, 'go.mod'), 'module example.com/m\n');
    writeFileSync(join(d, 'a.go'), 'package m\n\nvar S interface{}\n\nfunc F(n int) { S = n }\n');
    for (const goflags of ['-mod=mod', '-n', '-json', '-mod=mod -x -tags=foo']) {
      const r = spawnSync(process.execPath, [bin, 'analyze', '--no-color', './...'], {
        cwd: d,
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, GOFLAGS: goflags },
      });
      expect(r.stderr, goflags).toBe('');
      expect(r.status, goflags).toBe(0);
      expect(readFileSync(join(d, 'go.mod'), 'utf8'), goflags).toBe('module example.com/m\n');
      expect(r.stdout, goflags).toMatch(/1 of 1 site allocates/);
      const ignored = goflags.split(' ').filter((f) => f !== '-tags=foo');
      expect(r.stdout, goflags).toContain(`GOFLAGS ignored: ${ignored.join(' ')}`);
    }
  });
});

describe('a go.mod asking for a newer Go', () => {
  it('says what happened and what to do, with GOTOOLCHAIN=local and with auto (a failed download)', () => {
    const d = mkdtempSync(join(tmpdir(), 'ifacelens-toolchain-'));
    writeFileSync(join(d, 'go.mod'), 'module example.com/m\n\ngo 1.99\n');
    writeFileSync(join(d, 'a.go'), 'package m\n');
    const local = spawnSync(process.execPath, [bin, 'analyze', './...'], {
      cwd: d,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, GOTOOLCHAIN: 'local' },
    });
    expect(local.status).toBe(2);
    expect(local.stderr.trim().split('\n')).toHaveLength(1);
    expect(local.stderr).toMatch(/requires go 1\.99 or newer .* GOTOOLCHAIN=local: install Go 1\.99, or set GOTOOLCHAIN=auto/);
    // auto: the go command tries to download go1.99.0 (refused by the proxy, or no network)
    const auto = spawnSync(process.execPath, [bin, 'analyze', './...'], {
      cwd: d,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, GOTOOLCHAIN: 'auto' },
    });
    expect(auto.status).toBe(2);
    expect(auto.stderr.trim().split('\n')).toHaveLength(1);
    expect(auto.stderr).toMatch(/asks for go1\.99\.0 .* could not download it .*: install go1\.99\.0, or set GOTOOLCHAIN=local/);
  });
});

import { spawn } from 'node:child_process';
import { request } from 'node:http';

describe('serve --host', () => {
  const seeds = resolve(__dirname, '..', 'examples', 'seeds');

  it('refuses an empty host (it would bind every interface)', () => {
    const r = spawnSync(process.execPath, [bin, 'serve', '--host', '', '--port', '0'], { cwd: seeds, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--host wants an address/);
  });

  it('treats 127.1 as the loopback it binds: the Host check (DNS rebinding) stays on', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--host', '127.1', '--port', '0', '-q'], { cwd: seeds });
    try {
      const url = await new Promise<string>((res, rej) => {
        let out = '';
        child.stdout.on('data', (b) => {
          out += b;
          const m = /http:\/\/\S+/.exec(out);
          if (m) res(m[0]);
        });
        child.on('exit', (c) => rej(new Error(`serve exited ${c}`)));
      });
      const u = new URL(url);
      const status = (host: string) =>
        new Promise<number>((res, rej) => {
          const req = request({ host: '127.0.0.1', port: u.port, path: '/api/meta', headers: { Host: host } }, (r) => {
            r.resume();
            res(r.statusCode ?? 0);
          });
          req.on('error', rej);
          req.end();
        });
      expect(await status('evil.example')).toBe(421);
      expect(await status(`127.1:${u.port}`)).not.toBe(421);
    } finally {
      child.kill('SIGTERM');
    }
  }, 120_000);
});

describe('bad input: one line each, exit 2', () => {
  const seeds = resolve(__dirname, '..', 'examples', 'seeds');
  const cases: [string[], RegExp][] = [
    [['analyze', '-C', '/nonexistent', './...'], /-C \/nonexistent: no such directory$/],
    [['analyze', '-C', resolve(__dirname, '..', 'README.md'), './...'], /README\.md: not a directory$/],
    [['analyze', '-o', '/nonexistent/dir/x.json', './...'], /cannot write \/nonexistent\/dir\/x\.json: no such directory$/],
    [['analyze', '-o', tmpdir(), './...'], /: it is a directory$/],
    [['profile', '--profile', 'x.pprof', '--binary', '/nonexistent', './...'], /--binary \/nonexistent: not a readable file$/],
  ];
  for (const [args, want] of cases) {
    it(args.join(' '), () => {
      const r = spawnSync(process.execPath, [bin, ...args], { cwd: seeds, encoding: 'utf8', timeout: 120_000 });
      expect(r.status).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(want);
    });
  }
});

describe('terminal control sequences in untrusted names', () => {
  it('prints a file name with ESC and BEL escaped, and keeps JSON exact', () => {
    const d = mkdtempSync(join(tmpdir(), 'ifacelens-esc-'));
    writeFileSync(join(d, 'go.mod'), 'module example.com/esc\n\ngo 1.25\n');
    const name = 'a\u001b]0;pwned\u0007.go';
    writeFileSync(join(d, name), 'package esc\n\nvar S any\n\nfunc F(n int) { S = n }\n');
    const text = spawnSync(process.execPath, [bin, 'analyze', '--no-color', './...'], { cwd: d, encoding: 'utf8', timeout: 120_000 });
    expect(text.status).toBe(0);
    expect(text.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(text.stdout).toContain('a\\x1b]0;pwned\\x07.go:5:21');
    const json = spawnSync(process.execPath, [bin, 'analyze', '--format', 'json', './...'], { cwd: d, encoding: 'utf8', timeout: 120_000 });
    expect(JSON.parse(json.stdout).sites[0].position.file).toBe(name);
  });
});

describe('IFACELENS_CACHE where no directory can be made', () => {
  it('says so in one line instead of looping at 100% CPU (a path under /proc)', () => {
    const r = spawnSync(process.execPath, [bin, 'analyze', './...'], {
      cwd: resolve(__dirname, '..', 'examples', 'seeds'),
      encoding: 'utf8',
      timeout: 60_000,
      killSignal: 'SIGKILL',
      env: { ...process.env, IFACELENS_CACHE: '/proc/self/ifacelens-cache' },
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/cannot create the helper cache \/proc\/self\/ifacelens-cache/);
  });
});

describe('a go.work root', () => {
  it('is analysed like a module (it said "no go.mod")', () => {
    const d = mkdtempSync(join(tmpdir(), 'ifacelens-work-'));
    writeFileSync(join(d, 'go.work'), 'go 1.25\n\nuse ./m\n');
    spawnSync('mkdir', [join(d, 'm')]);
    writeFileSync(join(d, 'm', 'go.mod'), 'module example.com/m\n\ngo 1.25\n');
    writeFileSync(join(d, 'm', 'a.go'), 'package m\n\nvar S any\n\nfunc F(n int) { S = n }\n');
    const r = spawnSync(process.execPath, [bin, 'analyze', '--no-color', './m/...'], { cwd: d, encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/example\.com\/m {2}1 of 1 site allocates/);
  });
});

describe('a cgo-only package under a cross build', () => {
  it('says cgo is off when cross-compiling, not "matched no packages" (analyze and layout)', () => {
    const d = mkdtempSync(join(tmpdir(), 'ifacelens-cgo-'));
    writeFileSync(join(d, 'go.mod'), 'module example.com/cgoonly\n\ngo 1.25\n');
    writeFileSync(
      join(d, 'c.go'),
      'package cgoonly\n\n// int add(int a, int b) { return a + b; }\nimport "C"\n\nfunc Add(a, b int) int { return int(C.add(C.int(a), C.int(b))) }\n',
    );
    const goarch = process.arch === 'arm64' ? 'amd64' : 'arm64';
    for (const args of [
      ['analyze', './...'],
      ['analyze', '.'],
      ['layout', '.'],
    ]) {
      const r = spawnSync(process.execPath, [bin, ...args, '--goarch', goarch], {
        cwd: d,
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, CGO_ENABLED: undefined },
      });
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(
        new RegExp(`package example\\.com/cgoonly has only cgo files, and cgo is off when cross-compiling to linux/${goarch}: set CGO_ENABLED=1`),
      );
    }
  });
});
