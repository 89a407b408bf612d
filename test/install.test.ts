// The package as a user gets it: packed from a copy of this tree (prepack builds dist/ from
// scratch), installed with `npm install -g` into an empty prefix with an empty npm cache and
// --offline (its dependencies are bundled: nothing is downloaded and no install script runs), then
// the installed `ifacelens` analyses examples/seeds (its helper built from the shipped Go sources,
// into an empty cache) exactly as the checkout does, serves its web UI, and runs through npx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const root = join(__dirname, '..');
const seeds = join(root, 'examples', 'seeds');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };

let tmp: string;
let tarball: string;
let packed: string[];
let prefix: string;
let install: ReturnType<typeof spawnSync>;

/** npm with its cache and global prefix in the temp dir, and no network chatter. */
function npm(args: string[], cwd: string) {
  const env = {
    ...process.env,
    npm_config_cache: join(tmp, 'npm-cache'),
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
  return spawnSync('npm', args, { cwd, env, encoding: 'utf8', timeout: 240_000 });
}

/** The dependencies (and theirs) that ship inside the package. */
function runtimeDeps(): string[] {
  const out = new Set<string>();
  const visit = (name: string) => {
    if (out.has(name)) return;
    out.add(name);
    const deps = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).dependencies ?? {};
    for (const d of Object.keys(deps)) visit(d);
  };
  for (const d of Object.keys(pkg.dependencies)) visit(d);
  return [...out];
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ifacelens-install-'));
  // A copy of what a release is packed from (a checkout's files, no dist/), so that prepack's
  // clean build is what ships and this tree's dist/ is left alone.
  const stage = join(tmp, 'stage');
  mkdirSync(stage);
  for (const f of ['package.json', 'package-lock.json', 'README.md', 'tsconfig.json', 'bin', 'src', 'web', 'docs'])
    cpSync(join(root, f), join(stage, f), { recursive: true });
  mkdirSync(join(stage, 'helper'));
  for (const f of readdirSync(join(root, 'helper'))) if (/\.go$|^go\.(mod|sum)$/.test(f)) cpSync(join(root, 'helper', f), join(stage, 'helper', f));
  // node_modules: the bundled dependencies as real directories (npm pack bundles only those), the
  // build tools as links to this checkout's
  mkdirSync(join(stage, 'node_modules'));
  const bundled = runtimeDeps();
  for (const e of readdirSync(join(root, 'node_modules'))) {
    if (bundled.includes(e)) cpSync(join(root, 'node_modules', e), join(stage, 'node_modules', e), { recursive: true });
    else symlinkSync(join(root, 'node_modules', e), join(stage, 'node_modules', e));
  }
  const p = npm(['pack', '--json', '--pack-destination', tmp], stage);
  if (p.status !== 0) throw new Error(`npm pack failed:\n${p.stderr}`);
  const info = JSON.parse(p.stdout.slice(p.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  tarball = join(tmp, info[0].filename);
  packed = info[0].files.map((f) => f.path);
  prefix = join(tmp, 'prefix');
  install = npm(['install', '-g', '--offline', '--prefix', prefix, tarball], tmp);
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function ifacelens(args: string[], cwd = tmp) {
  const env = { ...process.env, IFACELENS_CACHE: join(tmp, 'helper-cache'), NO_COLOR: '1' };
  return spawnSync(join(prefix, 'bin', 'ifacelens'), args, { cwd, env, encoding: 'utf8', timeout: 240_000 });
}

describe('npm pack', () => {
  it('ships the built CLI, the web UI, the helper sources, the docs and the bundled dependencies, and nothing else', () => {
    for (const f of [
      'bin/ifacelens.js',
      'dist/cli/main.js',
      'dist/web/app/index.html',
      'helper/main.go',
      'helper/go.mod',
      'helper/go.sum',
      'docs/cli.md',
      'README.md',
    ])
      expect(packed, f).toContain(f);
    expect(packed.some((f) => /^dist\/web\/app\/assets\/.*\.js$/.test(f))).toBe(true);
    // every Go file the helper is built from
    const goFiles = readdirSync(join(root, 'helper')).filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'));
    for (const f of goFiles) expect(packed).toContain(`helper/${f}`);
    for (const d of Object.keys(pkg.dependencies)) expect(packed).toContain(`node_modules/${d}/package.json`);
    expect(packed.filter((f) => !f.startsWith('node_modules/') && /\.test\.|_test\.go$|\.map$|^src\/|^test\/|^testdata\/|^web\//.test(f))).toEqual([]);
  });

  it('runs no script on install (none to run: dist/ ships built)', () => {
    const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;
    for (const s of ['preinstall', 'install', 'postinstall', 'prepare']) expect(scripts[s], s).toBeUndefined();
  });
});

describe('npm install -g from the tarball', () => {
  it('installs offline from an empty npm cache, without warnings', () => {
    expect(install.status, String(install.stderr)).toBe(0);
    expect(String(install.stderr)).not.toMatch(/install-scripts|warn/i);
    expect(existsSync(join(prefix, 'bin', 'ifacelens'))).toBe(true);
  });

  it('ifacelens --version and --help', () => {
    expect(ifacelens(['--version']).stdout.trim()).toBe(pkg.version);
    const help = ifacelens(['--help']);
    expect(help.status).toBe(0);
    const doc = /^Documentation: (\S+)/m.exec(help.stdout)?.[1];
    expect(doc?.startsWith(join(prefix, 'lib', 'node_modules', 'ifacelens', 'docs'))).toBe(true);
    expect(existsSync(doc!)).toBe(true);
  });

  it('analyzes examples/seeds as the checkout does (the helper built from the shipped sources)', () => {
    const installed = ifacelens(['analyze', '-C', seeds, '--format', 'json', './...']);
    expect(installed.stderr).toBe('');
    expect(installed.status).toBe(0);
    expect(readdirSync(join(tmp, 'helper-cache')).filter((f) => f.startsWith('ifacelens-helper-'))).toHaveLength(1);
    const checkout = spawnSync(process.execPath, [join(root, 'bin', 'ifacelens.js'), 'analyze', '-C', seeds, '--format', 'json', './...'], {
      encoding: 'utf8',
    });
    expect(JSON.parse(installed.stdout)).toEqual(JSON.parse(checkout.stdout));
    const text = ifacelens(['analyze', './...'], seeds);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^ +8 +1 +boxing\.go:6:29 +runtime\.convT64 +convert int \(8 B\) → any$/m);
  });

  it('serves the web UI from the package', async () => {
    const env = { ...process.env, IFACELENS_CACHE: join(tmp, 'helper-cache') };
    const child = spawn(join(prefix, 'bin', 'ifacelens'), ['serve', '--port', '0', '-C', seeds], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolveUrl, reject) => {
        createInterface({ input: child.stdout! }).on('line', (l) => {
          const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(l);
          if (m) resolveUrl(m[1]);
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      const page = await fetch(url);
      expect(page.status).toBe(200);
      const html = await page.text();
      const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      expect(asset).toBeDefined();
      expect((await fetch(new URL(asset!, url))).status).toBe(200);
      expect((await fetch(new URL('/api/report', url))).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe('npx with the tarball', () => {
  it('runs the command without installing it', () => {
    const r = npm(['exec', '--offline', '--yes', '--package', tarball, '--', 'ifacelens', 'explain', join(seeds, 'boxing.go') + ':6'], tmp);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^boxing\.go:6:29 convert int → any in example\.com\/seeds\.BoxInt$/m);
  });
});
