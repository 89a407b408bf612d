// The VS Code extension (editors/vscode) without a VS Code binary (none can be downloaded here):
// its vsix is packaged by @vscode/vsce, its manifest contributes the command, the settings of
// docs/lsp.md's table and activation on Go files, its bundle needs nothing but `vscode` and
// Node's own modules, and its pure logic (finding `ifacelens`, the server and client options)
// is unit-tested.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { clientOptions, type Environment, findServer, OPEN_WEB_UI_COMMAND, ServerNotFound, serverOptions } from '../editors/vscode/src/server-command.js';

const ext = resolve(__dirname, '..', 'editors', 'vscode');
const root = resolve(__dirname, '..');

/** The settings the server reads, from docs/lsp.md's table (first column, backquoted names). */
function documentedSettings(): string[] {
  const doc = readFileSync(join(root, 'docs', 'lsp.md'), 'utf8');
  const table = doc.slice(doc.indexOf('## Settings'));
  const rows = table.split('\n').filter((l) => /^\| `/.test(l));
  return rows.flatMap((r) => [...r.split('|')[1].matchAll(/`(\w+)`/g)].map((m) => m[1]));
}

describe('the VS Code extension, packaged', () => {
  let dir: string;
  let manifest: {
    engines: { vscode: string };
    main: string;
    activationEvents: string[];
    contributes: {
      commands: { command: string; title: string; category?: string }[];
      configuration: { properties: Record<string, { type: string; default: unknown }> };
    };
    devDependencies: Record<string, string>;
  };
  let files: string[];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ifacelens-vsix-'));
    const vsix = join(dir, 'ifacelens.vsix');
    const b = spawnSync(process.execPath, ['build.mjs'], { cwd: ext, encoding: 'utf8' });
    if (b.status !== 0) throw new Error(b.stderr);
    const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
    const p = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '-o', vsix], {
      cwd: ext,
      encoding: 'utf8',
    });
    if (p.status !== 0) throw new Error(p.stdout + p.stderr);
    const list = spawnSync('unzip', ['-Z1', vsix], { encoding: 'utf8' });
    files = list.stdout.split('\n').filter(Boolean);
    manifest = JSON.parse(spawnSync('unzip', ['-p', vsix, 'extension/package.json'], { encoding: 'utf8' }).stdout);
    writeFileSync(join(dir, 'extension.js'), spawnSync('unzip', ['-p', vsix, 'extension/dist/extension.js'], { encoding: 'buffer' }).stdout);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('holds the bundled extension, its manifest and README, and no node_modules', () => {
    expect(files).toEqual(expect.arrayContaining(['extension.vsixmanifest', 'extension/package.json', 'extension/dist/extension.js', 'extension/readme.md']));
    expect(files.filter((f) => f.includes('node_modules') || f.includes('/src/'))).toEqual([]);
    expect(manifest.main).toBe('./dist/extension.js');
  });

  it('activates on Go files and contributes "ifacelens: open web UI"', () => {
    expect(manifest.activationEvents).toEqual(['onLanguage:go']);
    const cmd = manifest.contributes.commands.find((c) => c.command === 'ifacelens.openWebUI');
    expect(`${cmd?.category}: ${cmd?.title}`).toBe('ifacelens: open web UI');
    // the server's own command is registered by the language client; the palette command is another id
    expect(OPEN_WEB_UI_COMMAND).not.toBe('ifacelens.openWebUI');
  });

  it("contributes the server's settings of docs/lsp.md, with the server's defaults, and ifacelens.path", () => {
    const documented = documentedSettings();
    expect(documented).toEqual(expect.arrayContaining(['goarch', 'goos', 'tags', 'inlayHints', 'codeLens']));
    const props = manifest.contributes.configuration.properties;
    expect(Object.keys(props).sort()).toEqual(['ifacelens.path', ...documented.map((s) => `ifacelens.${s}`)].sort());
    for (const s of ['goarch', 'goos', 'tags', 'path']) expect(props[`ifacelens.${s}`]).toMatchObject({ type: 'string', default: '' });
    for (const s of ['inlayHints', 'codeLens']) expect(props[`ifacelens.${s}`]).toMatchObject({ type: 'boolean', default: true });
  });

  it('needs a VS Code no newer than its engines field says (vsce checks @types/vscode against it too)', () => {
    const engine = manifest.engines.vscode.replace(/^\^/, '').split('.').map(Number);
    const types = manifest.devDependencies['@types/vscode'].replace(/^[~^]/, '').split('.').map(Number);
    expect(types[0] * 1000 + types[1]).toBeLessThanOrEqual(engine[0] * 1000 + engine[1]);
  });

  it("is one bundle that requires only vscode and Node's own modules", () => {
    const js = readFileSync(join(dir, 'extension.js'), 'utf8');
    const required = new Set([...js.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]));
    const foreign = [...required].filter((m) => m !== 'vscode' && !builtinModules.includes(m.replace(/^node:/, '')));
    expect(foreign).toEqual([]);
    expect(required.has('vscode')).toBe(true);
  });
});

describe("the extension's logic: finding ifacelens and the server's options", () => {
  let dir: string;
  let env: Environment;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ifacelens-vscode-'));
    for (const d of ['a', 'b', 'node', 'ws/bin', 'home/bin']) mkdirSync(join(dir, d), { recursive: true });
    const exe = (f: string) => {
      writeFileSync(join(dir, f), '#!/bin/sh\n');
      chmodSync(join(dir, f), 0o755);
    };
    exe('b/ifacelens');
    exe('node/node');
    exe('home/bin/ifl');
    writeFileSync(join(dir, 'a/ifacelens'), 'not executable');
    writeFileSync(join(dir, 'ws/bin/ifacelens.js'), '#!/usr/bin/env node\n');
    env = { path: [join(dir, 'a'), join(dir, 'b'), join(dir, 'node')].join(':'), platform: 'linux', home: join(dir, 'home'), workspaceFolder: join(dir, 'ws') };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes the first executable ifacelens on PATH, skipping files that cannot run', () => {
    expect(findServer(undefined, env)).toEqual({ command: join(dir, 'b/ifacelens'), args: ['lsp'] });
    expect(findServer('  ', env)).toEqual({ command: join(dir, 'b/ifacelens'), args: ['lsp'] });
  });

  it('says what to do when there is none', () => {
    expect(() => findServer(undefined, { ...env, path: join(dir, 'a') })).toThrow(ServerNotFound);
    expect(() => findServer(undefined, { ...env, path: undefined })).toThrow(/not on PATH: install it .* or set ifacelens.path/);
  });

  it('runs ifacelens.path: an executable, ~, a path relative to the workspace, a .js script by node from PATH', () => {
    expect(findServer(join(dir, 'b/ifacelens'), env)).toEqual({ command: join(dir, 'b/ifacelens'), args: ['lsp'] });
    expect(findServer('~/bin/ifl', env)).toEqual({ command: join(dir, 'home/bin/ifl'), args: ['lsp'] });
    expect(findServer('bin/ifacelens.js', env)).toEqual({ command: join(dir, 'node/node'), args: [join(dir, 'ws/bin/ifacelens.js'), 'lsp'] });
    expect(findServer('ifacelens', env)).toEqual({ command: join(dir, 'b/ifacelens'), args: ['lsp'] });
    expect(() => findServer(join(dir, 'a/ifacelens'), env)).toThrow(/not an executable file/);
    expect(() => findServer(join(dir, 'nope.js'), env)).toThrow(/no such file/);
    expect(() => findServer('bin/ifacelens.js', { ...env, workspaceFolder: undefined })).toThrow(/no folder is open/);
    expect(() => findServer('bin/ifacelens.js', { ...env, path: join(dir, 'b') })).toThrow(/node is not on PATH/);
  });

  it("looks for PATHEXT's extensions on Windows", () => {
    const seen: string[] = [];
    const win: Environment = {
      path: 'C:\\tools;D:\\bin',
      pathext: '.EXE;.CMD',
      platform: 'win32',
      home: undefined,
      isExecutable: (f) => {
        seen.push(f);
        return f.endsWith('ifacelens.CMD');
      },
    };
    expect(findServer(undefined, win).command).toMatch(/C:\\tools.ifacelens\.CMD$/);
    expect(seen[0]).toMatch(/ifacelens$/);
  });

  it('starts the server over stdio with `lsp`, for Go files on disk, sending the ifacelens section on change', () => {
    const cmd = findServer(undefined, env);
    expect(serverOptions(cmd)).toEqual({ run: cmd, debug: cmd });
    expect(clientOptions()).toEqual({ documentSelector: [{ scheme: 'file', language: 'go' }], synchronize: { configurationSection: 'ifacelens' } });
  });

  it('the started command is a working language server', async () => {
    // the real thing: what findServer returns for a checkout's bin/ifacelens.js answers initialize
    const cmd = findServer(join(root, 'bin', 'ifacelens.js'), { path: process.env.PATH, platform: process.platform, home: undefined });
    const init = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
    const frame = (s: string) => `Content-Length: ${Buffer.byteLength(s)}\r\n\r\n${s}`;
    const child = spawn(cmd.command, cmd.args, { stdio: ['pipe', 'pipe', 'ignore'] });
    let out = '';
    const answered = await new Promise<boolean>((done) => {
      const timer = setTimeout(() => done(false), 30_000);
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('"id":1')) {
          clearTimeout(timer);
          done(true);
        }
      });
      child.stdin.write(frame(init));
    });
    child.kill();
    expect(answered).toBe(true);
    expect(out).toContain('"inlayHintProvider":true');
  });
});
