// What a newcomer touches first: --help (examples, exit statuses, where the docs are), colour by
// the NO_COLOR / FORCE_COLOR conventions, explain from any directory and at any column of a site,
// profile's columns for each sample type, and errors in words rather than errno codes.
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');
const bin = join(root, 'bin', 'ifacelens.js');
const seeds = join(root, 'examples', 'seeds');

function cli(args: string[], cwd = root, env: NodeJS.ProcessEnv = {}) {
  const e = { ...process.env, ...env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete e[k];
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, env: e, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const ESC = '\x1b[';
const plain = { NO_COLOR: undefined, FORCE_COLOR: undefined };

describe('--help', () => {
  it('shows examples, the environment, every exit status and where the docs are', () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Examples:\n {2}ifacelens analyze /m);
    expect(r.stdout).toMatch(/^Environment:\n {2}NO_COLOR=1 .*\n {2}FORCE_COLOR=1 /m);
    for (const status of ['0', '1', '2', '3', '130']) expect(r.stdout).toMatch(new RegExp(`^ {2}${status} +\\S`, 'm'));
    expect(r.stdout).toMatch(/143: terminated/);
    const doc = /^Documentation: (\S+)/m.exec(r.stdout)?.[1];
    expect(doc && existsSync(doc)).toBe(true);
  });

  it('no arguments: the same help on stderr, exit status 2', () => {
    const r = cli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Usage: ifacelens/);
    expect(r.stderr).toMatch(/^Exit status:/m);
  });

  for (const cmd of ['analyze', 'measure', 'profile', 'layout', 'explain', 'serve']) {
    it(`${cmd} --help: examples, exit statuses, its section of the docs`, () => {
      const r = cli([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Examples:\\n {2}ifacelens ${cmd} `, 'm'));
      expect(r.stdout).toMatch(/^Exit status:\n {2}0 /m);
      expect(r.stdout).toMatch(/^ {2}2 +bad input/m);
      expect(/^ {2}1 +/m.test(r.stdout)).toBe(cmd === 'measure');
      const m = /^Documentation: (\S+) \(section "(\w+)"\)$/m.exec(r.stdout);
      expect(m && existsSync(m[1])).toBe(true);
      expect(m?.[2]).toBe(cmd);
    });
  }
});

describe('the exit statuses --help lists', () => {
  const stopped = (signal: NodeJS.Signals) =>
    new Promise<number | null>((done) => {
      const child = spawn(process.execPath, [bin, 'serve', '-C', seeds, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.once('data', () => child.kill(signal));
      child.on('exit', (code) => done(code));
    });
  it('serve stops on Ctrl-C with 130, on SIGTERM with 143', async () => {
    expect(await stopped('SIGINT')).toBe(130);
    expect(await stopped('SIGTERM')).toBe(143);
  });
  it('2 for bad input', () => expect(cli(['analyze', '--frobnicate']).code).toBe(2));
});

describe('colour', () => {
  const coloured = (env: NodeJS.ProcessEnv, args: string[] = []) => {
    const r = cli(['analyze', '-C', seeds, ...args], root, { ...plain, ...env });
    expect(r.code).toBe(0);
    return r.stdout.includes(ESC);
  };
  it('none into a pipe', () => expect(coloured({})).toBe(false));
  it('FORCE_COLOR=1 colours a pipe', () => expect(coloured({ FORCE_COLOR: '1' })).toBe(true));
  it('FORCE_COLOR=0 does not', () => expect(coloured({ FORCE_COLOR: '0' })).toBe(false));
  it('NO_COLOR wins over FORCE_COLOR', () => expect(coloured({ FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(false));
  it('--no-color wins over FORCE_COLOR', () => expect(coloured({ FORCE_COLOR: '1' }, ['--no-color'])).toBe(false));
  it('colour never goes into an -o file', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'ifacelens-first-run-'));
    try {
      const r = cli(['explain', '-C', seeds, 'boxing.go:6', '-o', join(tmp, 'r.txt')], root, { FORCE_COLOR: '1' });
      expect(r.code).toBe(0);
      const text = readFileSync(join(tmp, 'r.txt'), 'utf8');
      expect(text).not.toContain(ESC);
      expect(text).toMatch(/boxing\.go:6:29 convert int → any/);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('explain from anywhere, at any column of a site', () => {
  it('finds the module from the file (from the repository root, no -C)', () => {
    const r = cli(['explain', 'examples/seeds/boxing.go:6'], root, plain);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^boxing\.go:6:29 convert int → any in example\.com\/seeds\.BoxInt$/m);
  });

  it('from another directory, with an absolute path', () => {
    const r = cli(['explain', '--format', 'json', join(seeds, 'padding.go') + ':20'], '/', plain);
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.stdout);
    expect(rep.location).toEqual({ file: 'padding.go', line: 20 });
    expect(rep.explanations.map((e: { site: { position: unknown } }) => e.site.position)).toEqual([{ file: 'padding.go', line: 20, column: 35 }]);
  });

  it('a column inside the expression names the site; nested ones the innermost', () => {
    const s = cli(['explain', '--format', 'json', 'examples/seeds/println.go:14:16'], root, plain);
    expect(s.code).toBe(0);
    // fmt.Fprintln(io.Discard, n, s, 3.5): column 16 is in the call (its ... array), 30 is `s`
    expect(JSON.parse(s.stdout).explanations.map((e: { site: { kind: string } }) => e.site.kind)).toEqual(['variadic-slice']);
    const r = cli(['explain', '--format', 'json', 'examples/seeds/println.go:14:30'], root, plain);
    expect(JSON.parse(r.stdout).explanations.map((e: { site: { kind: string; operand: string } }) => [e.site.kind, e.site.operand])).toEqual([
      ['convert', 's'],
    ]);
    const long = cli(['explain', '--format', 'json', 'examples/seeds/typednil.go:17:20'], root, plain);
    expect(JSON.parse(long.stdout).location).toEqual({ file: 'typednil.go', line: 17, column: 7 });
  });

  it("a column outside every site names the line's sites", () => {
    const r = cli(['explain', 'examples/seeds/boxing.go:6:30'], root, plain);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('ifacelens: examples/seeds/boxing.go:6:30: no interface site at column 30; the line has one at 6:29 convert n\n');
  });

  it('a line without sites names the nearest', () => {
    const r = cli(['explain', 'examples/seeds/boxing.go:4'], root, plain);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ifacelens: examples\/seeds\/boxing\.go:4: no interface site on this line; the nearest: 6:29 convert n, /);
  });

  it('a file outside any module says so', () => {
    const r = cli(['explain', 'README.md:1'], root, plain);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`ifacelens: README.md: not in a Go module (no go.mod in ${root} or any parent directory)\n`);
  });
});

describe('profile', () => {
  it('shows the ranked figure and its companion for each sample type', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'ifacelens-first-run-'));
    try {
      const boxerDir = join(root, 'testdata', 'profiles', 'boxer');
      const b = spawnSync('go', ['build', '-o', join(tmp, 'boxer'), '.'], { cwd: boxerDir, encoding: 'utf8' });
      expect(b.status, b.stderr).toBe(0);
      expect(spawnSync(join(tmp, 'boxer'), ['-o', join(tmp, 'exact.pb.gz')]).status).toBe(0);
      const header = (index: string) => {
        const r = cli(['profile', '--sample-index', index, '--profile', join(tmp, 'exact.pb.gz')], boxerDir, plain);
        expect(r.code).toBe(0);
        const lines = r.stdout.split('\n');
        const h = lines.findIndex((l) => /share/.test(l));
        return [lines[h].trim().split(/ {2,}/), lines[h + 1].trim().split(/ +/).slice(1, 3)];
      };
      // main.Triples: 2000 objects of 24 bytes
      expect(header('alloc_space')).toEqual([
        ['share', 'B', 'objects', 'site / function / static cost'],
        ['48000', '2000'],
      ]);
      expect(header('alloc_objects')).toEqual([
        ['share', 'objects', 'B', 'site / function / static cost'],
        ['2000', '48000'],
      ]);
      expect(header('inuse_space')[0]).toEqual(['share', 'in-use B', 'in-use objects', 'site / function / static cost']);
      expect(header('inuse_objects')[0]).toEqual(['share', 'in-use objects', 'in-use B', 'site / function / static cost']);
      // a --binary that is no binary, in words
      const bad = cli(['profile', '--binary', join(boxerDir, 'go.mod'), '--profile', join(tmp, 'exact.pb.gz')], boxerDir, plain);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toBe(
        `ifacelens: --binary ${join(boxerDir, 'go.mod')}: not a Go binary go tool objdump can read (open ${join(boxerDir, 'go.mod')}: unrecognized object file)\n`,
      );
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('errors in words', () => {
  it('a refused connection', async () => {
    // a loopback port nobody listens on: bind one, then free it
    const port = await new Promise<number>((done) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => done(p));
      });
    });
    const r = cli(['profile', '-C', seeds, '--profile', `http://127.0.0.1:${port}/debug/pprof/allocs`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `ifacelens: cannot fetch http://127.0.0.1:${port}/debug/pprof/allocs: connection refused (is the service running and listening on that port?)\n`,
    );
  });

  it('a missing profile, -o into a missing directory, a file as a directory', () => {
    expect(cli(['profile', '-C', seeds, '--profile', '/nonexistent']).stderr).toBe('ifacelens: cannot read profile /nonexistent: no such file\n');
    expect(cli(['analyze', '-C', seeds, '-o', '/nonexistent/r.txt']).stderr).toBe('ifacelens: cannot write /nonexistent/r.txt: no such directory\n');
    expect(cli(['analyze', '-C', seeds, '-o', join(seeds, 'go.mod', 'r.txt')]).stderr).toBe(
      `ifacelens: cannot write ${join(seeds, 'go.mod', 'r.txt')}: a part of the path is not a directory\n`,
    );
    expect(cli(['analyze', '-C', '/nonexistent']).stderr).toBe('ifacelens: -C /nonexistent: no such directory\n');
    const cache = cli(['analyze', '-C', seeds], root, { IFACELENS_CACHE: '/proc/self/ifacelens-cache' });
    expect(cache.code).toBe(2);
    expect(cache.stderr).not.toMatch(/\bE[A-Z]{3,}\b/);
  });
});
