// `ifacelens lsp` driven as an editor does: a JSON-RPC client (vscode-jsonrpc) over the server's
// stdio, against examples/seeds. The inlay hints, hovers, code lenses and diagnostics are checked
// against `ifacelens analyze --format json` of the same package.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Report, SiteReport } from '../src/contract/index.js';

import { bin, type Diag, type Hint, initialize, open, startServer, wholeFile } from './lsp-client.js';
const seeds = resolve(__dirname, '..', 'examples', 'seeds');

describe('ifacelens lsp', () => {
  let report: Report;
  let server: ReturnType<typeof startServer>;

  beforeAll(() => {
    const r = spawnSync(process.execPath, [bin, 'analyze', '-q', '--format', 'json', '.'], { cwd: seeds, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    report = JSON.parse(r.stdout);
    server = startServer(seeds);
  });

  afterAll(async () => {
    await server.conn.sendRequest('shutdown').catch(() => {});
    void server.conn.sendNotification('exit').catch(() => {});
    await new Promise((r) => (server.child.exitCode !== null ? r(null) : server.child.on('exit', r)));
    server.conn.dispose();
  });

  it('initializes with inlay hints, hover and code lenses', async () => {
    const init = await initialize(server.conn, seeds);
    expect(init.capabilities).toMatchObject({ inlayHintProvider: true, hoverProvider: true, codeLensProvider: {} });
    void server.conn.sendNotification('initialized', {});
  });

  it("gives boxing.go's inlay hints: one per allocating site, at the end of its line, as analyze reports it", async () => {
    const file = join(seeds, 'boxing.go');
    const text = readFileSync(file, 'utf8');
    const t0 = performance.now();
    const uri = open(server.conn, file, text);
    const hints = (await server.conn.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: wholeFile(text) })) as Hint[];
    console.log(`lsp: first inlay hints for boxing.go in ${Math.round(performance.now() - t0)} ms`);
    const lines = text.split('\n');
    const want = report.sites.filter((s) => s.position.file === 'boxing.go' && s.allocates === true);
    expect(want.length).toBeGreaterThan(3);
    expect(hints).toHaveLength(want.length);
    for (const s of want) {
      const label =
        (s.conditional ? '≤' : '') +
        `${s.bytesPerOp} B${(s.allocsPerOp ?? 1) > 1 ? ` (${s.allocsPerOp} allocs)` : ''}` +
        (s.runtimeCall ? ` · ${s.runtimeCall.replace(/^runtime\./, '')}` : '') +
        ((s.executionsPerCall ?? 1) > 1 ? ` ×${s.executionsPerCall}` : '');
      expect(hints).toContainEqual(expect.objectContaining({ position: { line: s.position.line - 1, character: lines[s.position.line - 1].length }, label }));
    }
    // the figures the seed's `// want` comment states, e.g. BoxString's 16-byte string header
    const boxString = lines.findIndex((l) => l.startsWith('func BoxString'));
    expect(hints.find((h) => h.position.line === boxString)?.label).toBe('16 B · convTstring');
    const boxInt = lines.findIndex((l) => l.startsWith('func BoxInt('));
    expect(hints.find((h) => h.position.line === boxInt)?.label).toBe('8 B · convT64');
  });

  it('hovers a site with its verdict, reason, escape flow and a table of the facts', async () => {
    const file = join(seeds, 'boxing.go');
    const uri = pathToFileURL(file).href;
    const s = report.sites.find((x) => x.position.file === 'boxing.go' && x.runtimeCall === 'runtime.convTstring') as SiteReport;
    const h = (await server.conn.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line: s.position.line - 1, character: s.position.column - 1 },
    })) as { contents: { kind: string; value: string } };
    expect(h.contents.kind).toBe('markdown');
    const md = h.contents.value;
    expect(md).toContain('allocates');
    expect(md).toContain(s.reason.replace(/\|/g, '\\|'));
    expect(md).toContain(`| bytes/op | ${s.bytesPerOp} B |`);
    expect(md).toContain(`| allocs/op | ${s.allocsPerOp} |`);
    expect(md).toContain('| runtime call | `runtime.convTstring` |');
    for (const f of s.escapeFlow ?? []) expect(md).toContain(f);
    // no site on a comment line: no hover
    expect(await server.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } })).toBeNull();
  });

  it('puts a code lens on each function with its allocations and bytes per call', async () => {
    const file = join(seeds, 'boxing.go');
    const lines = readFileSync(file, 'utf8').split('\n');
    const lenses = (await server.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: pathToFileURL(file).href } })) as {
      range: { start: { line: number } };
      command: { title: string };
    }[];
    const ints = report.functions.find((f) => f.function === 'example.com/seeds.BoxInts')!;
    const line = lines.findIndex((l) => l.startsWith('func BoxInts('));
    expect(lenses.find((l) => l.range.start.line === line)?.command.title).toBe(
      `ifacelens: ${ints.minAllocsPerCall}–${ints.allocsPerCall} allocs, ${ints.minBytesPerCall}–${ints.bytesPerCall} B per call`,
    );
    // BoxString: 0–1 allocations, as the empty string boxes for free
    const str = report.functions.find((f) => f.function === 'example.com/seeds.BoxString')!;
    expect([str.minAllocsPerCall, str.allocsPerCall, str.minBytesPerCall, str.bytesPerCall]).toEqual([0, 1, 0, 16]);
    const strLine = lines.findIndex((l) => l.startsWith('func BoxString('));
    expect(lenses.find((l) => l.range.start.line === strLine)?.command.title).toBe('ifacelens: 0–1 allocs, 0–16 B per call');
    const boxing = report.functions.filter((f) => report.sites.some((s) => s.function === f.function && s.position.file === 'boxing.go'));
    expect(lenses).toHaveLength(boxing.length);
  });

  it('reports no diagnostics for boxing.go, and the typed-nil finding on typednil.go with its rule as code', async () => {
    expect(await server.diagnosticsOf(pathToFileURL(join(seeds, 'boxing.go')).href)).toEqual([]);
    const uri = open(server.conn, join(seeds, 'typednil.go'));
    const d = await server.diagnosticsOf(uri);
    const f = report.findings.find((x) => x.position.file === 'typednil.go')!;
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ code: 'typed-nil-return', source: 'ifacelens', message: f.message });
    expect(d[0].range.start).toEqual({ line: f.position.line - 1, character: f.position.column - 1 });

    // ≤: the allocation on one path only (e = &MyError{...} under if fail)
    const text = readFileSync(join(seeds, 'typednil.go'), 'utf8');
    const cond = report.sites.find((s) => s.position.file === 'typednil.go' && s.allocates && s.conditional)!;
    const tnHints = (await server.conn.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: wholeFile(text) })) as Hint[];
    expect(tnHints.find((h) => h.position.line === cond.position.line - 1)?.label).toBe('≤16 B · newobject');

    // its fix as a quick fix: the guarded return, which analyze then finds nothing in
    const actions = (await server.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: d[0].range,
      context: { diagnostics: d },
    })) as { title: string; kind: string; edit: { changes: Record<string, { range: Diag['range'] & { end: Diag['range']['start'] }; newText: string }[]> } }[];
    // the quick fix (the line's site also offers "open in the web UI", test/lsp-actions.test.ts)
    const fixes = actions.filter((a) => a.kind === 'quickfix');
    expect(fixes).toHaveLength(1);
    expect(fixes[0]).toMatchObject({ kind: 'quickfix', title: `ifacelens: ${f.fix!.description}` });
    const [edit] = fixes[0].edit.changes[uri];
    const lines = readFileSync(join(seeds, 'typednil.go'), 'utf8').split('\n');
    const { start, end } = edit.range;
    const fixed = [
      ...lines.slice(0, start.line),
      lines[start.line].slice(0, start.character) + edit.newText + lines[end.line].slice(end.character),
      ...lines.slice(end.line + 1),
    ].join('\n');
    expect(fixed).toContain('\tif e == nil {\n\t\treturn nil\n\t}\n\treturn e');
    const dir = mkdtempSync(join(tmpdir(), 'ifacelens-lsp-fix-'));
    try {
      cpSync(seeds, dir, { recursive: true });
      writeFileSync(join(dir, 'typednil.go'), fixed);
      const r = spawnSync(process.execPath, [bin, 'analyze', '-q', '--format', 'json', '.'], { cwd: dir, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect((JSON.parse(r.stdout) as Report).findings.filter((x) => x.position.file === 'typednil.go')).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('analyses unsaved edits (didChange) through go build -overlay, never writing the file', async () => {
    const file = join(seeds, 'boxing.go');
    const uri = pathToFileURL(file).href;
    const saved = readFileSync(file, 'utf8');
    const edited = `${saved}\nfunc BoxMore(s string) { Sink = s }\n\nfunc Loop4(s string) {\n\tfor i := 0; i < 4; i++ {\n\t\tSink = s\n\t}\n}\n`;
    const line = edited.split('\n').indexOf('func BoxMore(s string) { Sink = s }');
    const t0 = performance.now();
    void server.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: edited }],
    });
    const hints = (await server.conn.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: wholeFile(edited) })) as Hint[];
    console.log(`lsp: inlay hints after an edit in ${Math.round(performance.now() - t0)} ms (300 ms of it the pause in typing)`);
    expect(hints.find((h) => h.position.line === line)).toEqual(
      expect.objectContaining({ position: { line, character: 'func BoxMore(s string) { Sink = s }'.length }, label: '16 B · convTstring' }),
    );
    // ×N: a site in a constant loop runs N times per call
    const loop = edited.split('\n').indexOf('\t\tSink = s');
    expect(hints.find((h) => h.position.line === loop)?.label).toBe('16 B · convTstring ×4');
    expect(readFileSync(file, 'utf8')).toBe(saved);

    // a syntax error: one diagnostic at the package clause of the file, with the compiler's error
    const broken = saved.replace('func BoxString(s string) {', 'func BoxString(s string {');
    void server.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: broken }] });
    const d = await server.diagnosticsOf(uri, (x) => x.length > 0);
    expect(d).toHaveLength(1);
    expect(d[0].range.start).toEqual({ line: broken.split('\n').findIndex((l) => l.startsWith('package ')), character: 0 });
    expect(d[0].message).toMatch(/boxing\.go:\d+:\d+: syntax error/);
    // the findings of the last analysis went with it: they were for another text
    expect(await server.diagnosticsOf(pathToFileURL(join(seeds, 'typednil.go')).href, (x) => x.length === 0)).toEqual([]);

    // back to the saved text: the saved analysis again, the typed-nil finding back
    void server.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 4 }, contentChanges: [{ text: saved }] });
    expect(await server.diagnosticsOf(pathToFileURL(join(seeds, 'typednil.go')).href, (x) => x.length > 0)).toHaveLength(1);
    expect(await server.diagnosticsOf(uri)).toEqual([]);
    const again = (await server.conn.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: wholeFile(saved) })) as Hint[];
    expect(again).toHaveLength(report.sites.filter((s) => s.position.file === 'boxing.go' && s.allocates === true).length);
    expect(readFileSync(file, 'utf8')).toBe(saved);
  });

  it('reports a broken budget written in an unsaved buffer, with the budget rule as code', async () => {
    const file = join(seeds, 'boxing.go');
    const uri = pathToFileURL(file).href;
    const saved = readFileSync(file, 'utf8');
    const edited = saved.replace('func BoxString(s string) {', '//ifacelens:noalloc\nfunc BoxString(s string) {');
    void server.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 5 }, contentChanges: [{ text: edited }] });
    const d = await server.diagnosticsOf(uri, (x) => x.length > 0);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ code: 'budget-noalloc', source: 'ifacelens' });
    expect(d[0].message).toMatch(/noalloc/);
    // at the directive, as analyze reports the finding
    expect(d[0].range.start.line).toBe(edited.split('\n').indexOf('//ifacelens:noalloc'));
    void server.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 6 }, contentChanges: [{ text: saved }] });
    expect(await server.diagnosticsOf(uri, (x) => x.length === 0)).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe(saved);
  });
});

const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!nvim)('ifacelens lsp in Neovim (headless, its built-in client)', () => {
  it('shows the inlay hints and the hover analyze reports for boxing.go', () => {
    const r = spawnSync(process.execPath, [bin, 'analyze', '-q', '--format', 'json', '.'], { cwd: seeds, encoding: 'utf8' });
    const report: Report = JSON.parse(r.stdout);
    const file = join(seeds, 'boxing.go');
    const lines = readFileSync(file, 'utf8').split('\n');
    const site = report.sites.find((x) => x.position.file === 'boxing.go' && x.runtimeCall === 'runtime.convTstring')!;
    const dir = mkdtempSync(join(tmpdir(), 'ifacelens-nvim-'));
    try {
      const out = join(dir, 'out.json');
      const t0 = performance.now();
      const nv = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${join(__dirname, 'lsp-nvim.lua')}`], {
        cwd: seeds,
        encoding: 'utf8',
        timeout: 120_000,
        env: {
          ...process.env,
          // Neovim's own state away from the user's (not XDG_CACHE_HOME: the go build cache is there)
          XDG_STATE_HOME: dir,
          XDG_DATA_HOME: dir,
          IFL_BIN: bin,
          IFL_ROOT: seeds,
          IFL_FILE: file,
          IFL_OUT: out,
          IFL_HOVER_LINE: String(site.position.line - 1),
          IFL_HOVER_COL: String(site.position.column - 1),
        },
      });
      console.log(`lsp: Neovim ${Math.round(performance.now() - t0)} ms from start to hints and hover`);
      expect(nv.status, nv.stderr).toBe(0);
      const got = JSON.parse(readFileSync(out, 'utf8')) as { error?: string; hints: Hint[]; hover: { contents: { value: string } } };
      expect(got.error).toBeUndefined();
      const want = report.sites.filter((s) => s.position.file === 'boxing.go' && s.allocates === true);
      expect(got.hints.map((h) => [h.position.line, h.position.character])).toEqual(want.map((s) => [s.position.line - 1, lines[s.position.line - 1].length]));
      expect(got.hints.find((h) => h.position.line === site.position.line - 1)?.label).toBe('16 B · convTstring');
      expect(got.hover.contents.value).toContain('| runtime call | `runtime.convTstring` |');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ifacelens lsp settings (workspace/configuration)', () => {
  it('analyses for the GOARCH the client sets, hides code lenses when asked, and follows a change', async () => {
    const server = startServer(seeds);
    let config: Record<string, unknown> = { goarch: '386', codeLens: false };
    const asked: unknown[] = [];
    server.conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => {
      asked.push(p.items.map((i) => i.section));
      return p.items.map(() => config);
    });
    try {
      await server.conn.sendRequest('initialize', {
        processId: process.pid,
        rootUri: pathToFileURL(seeds).href,
        capabilities: { workspace: { configuration: true, inlayHint: { refreshSupport: true } } },
      });
      void server.conn.sendNotification('initialized', {});
      const file = join(seeds, 'boxing.go');
      const text = readFileSync(file, 'utf8');
      const uri = open(server.conn, file, text);
      const line = text.split('\n').findIndex((l) => l.startsWith('func BoxString('));
      const hintAt = async () =>
        ((await server.conn.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: wholeFile(text) })) as Hint[]).find(
          (h) => h.position.line === line,
        )?.label;
      // a string header is 8 bytes on 386
      expect(await hintAt()).toBe('8 B · convTstring');
      expect(asked).toContainEqual(['ifacelens']);
      expect(await server.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } })).toEqual([]);
      config = {};
      void server.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
      for (let i = 0; i < 100 && (await hintAt()) !== '16 B · convTstring'; i++) await new Promise((r) => setTimeout(r, 50));
      expect(await hintAt()).toBe('16 B · convTstring');
      expect(((await server.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as unknown[]).length).toBeGreaterThan(0);
    } finally {
      await server.conn.sendRequest('shutdown').catch(() => {});
      void server.conn.sendNotification('exit').catch(() => {});
      await new Promise((r) => (server.child.exitCode !== null ? r(null) : server.child.on('exit', r)));
      server.conn.dispose();
    }
  });
});

describe('ifacelens lsp on a package that does not compile', () => {
  let dir: string;
  let server: ReturnType<typeof startServer>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ifacelens-lsp-'));
    cpSync(seeds, dir, { recursive: true });
    writeFileSync(join(dir, 'broken.go'), 'package seeds\n\nfunc Broken() int { return undefinedThing }\n');
    server = startServer(dir);
  });
  afterAll(async () => {
    await server.conn.sendRequest('shutdown').catch(() => {});
    void server.conn.sendNotification('exit').catch(() => {});
    await new Promise((r) => (server.child.exitCode !== null ? r(null) : server.child.on('exit', r)));
    server.conn.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("says so once, at the package clause, with the compiler's first error", async () => {
    await initialize(server.conn, dir);
    void server.conn.sendNotification('initialized', {});
    const boxing = open(server.conn, join(dir, 'boxing.go'));
    const broken = open(server.conn, join(dir, 'broken.go'));
    const d = await server.diagnosticsOf(broken, (x) => x.length > 0);
    expect(d).toHaveLength(1);
    expect(d[0].range.start).toEqual({ line: 0, character: 0 });
    expect(d[0].severity).toBe(1);
    expect(d[0].message).toMatch(/broken\.go:3:\d+: undefined: undefinedThing/);
    expect(await server.diagnosticsOf(boxing)).toEqual([]);
    const text = readFileSync(join(dir, 'boxing.go'), 'utf8');
    expect(await server.conn.sendRequest('textDocument/inlayHint', { textDocument: { uri: boxing }, range: wholeFile(text) })).toEqual([]);
  });
});

describe('ifacelens lsp shut down while analysing', () => {
  it('leaves no go process behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ifacelens-lsp-'));
    cpSync(seeds, dir, { recursive: true });
    const server = startServer(dir);
    try {
      await initialize(server.conn, dir);
      void server.conn.sendNotification('initialized', {});
      open(server.conn, join(dir, 'boxing.go'));
      // the analysis runs go in the module directory: wait until it does, then shut down
      const inDir = () =>
        readdirSync('/proc')
          .filter((p) => /^\d+$/.test(p))
          .filter((p) => {
            try {
              return readlinkSync(`/proc/${p}/cwd`) === dir;
            } catch {
              return false;
            }
          });
      for (let i = 0; i < 200 && inDir().length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(inDir().length, 'a go process of the analysis was seen running').toBeGreaterThan(0);
      await server.conn.sendRequest('shutdown');
      void server.conn.sendNotification('exit');
      await new Promise((r) => (server.child.exitCode !== null ? r(null) : server.child.on('exit', r)));
      expect(server.child.exitCode).toBe(0);
      await new Promise((r) => setTimeout(r, 300));
      expect(inDir()).toEqual([]);
    } finally {
      server.conn.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ifacelens lsp in _test.go files', () => {
  let dir: string;
  let server: ReturnType<typeof startServer>;
  const internal =
    'package seeds\n\nimport "testing"\n\nvar testSink any\n\nfunc TestBox(t *testing.T) {\n\ts := t.Name()\n\ttestSink = s\n}\n\nfunc BenchmarkBox(b *testing.B) {\n\tfor i := 0; i < b.N; i++ {\n\t\ttestSink = i + 1000\n\t}\n}\n';
  const external =
    'package seeds_test\n\nimport (\n\t"testing"\n\n\t"example.com/seeds"\n)\n\nfunc TestPadded(t *testing.T) {\n\tp := seeds.Padded{B: int64(len(t.Name()))}\n\tseeds.Sink = p\n}\n';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ifacelens-lsp-tests-'));
    cpSync(seeds, dir, { recursive: true });
    writeFileSync(join(dir, 'box_test.go'), internal);
    writeFileSync(join(dir, 'ext_test.go'), external);
    server = startServer(dir);
  });
  afterAll(async () => {
    await server.conn.sendRequest('shutdown').catch(() => {});
    void server.conn.sendNotification('exit').catch(() => {});
    await new Promise((r) => (server.child.exitCode !== null ? r(null) : server.child.on('exit', r)));
    server.conn.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("shows the test package's sites (analyze --tests) in _test.go files, internal and external, and the plain figures elsewhere", async () => {
    const r = spawnSync(process.execPath, [bin, 'analyze', '-q', '--tests', '--format', 'json', '.'], { cwd: dir, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const withTests: Report = JSON.parse(r.stdout);
    const plain: Report = JSON.parse(spawnSync(process.execPath, [bin, 'analyze', '-q', '--format', 'json', '.'], { cwd: dir, encoding: 'utf8' }).stdout);
    // the plain analysis (all a _test.go file was shown before) has no site in them
    expect(plain.sites.filter((s) => s.position.file.endsWith('_test.go'))).toEqual([]);
    await initialize(server.conn, dir);
    void server.conn.sendNotification('initialized', {});
    const hintsOf = async (name: string, text: string) => {
      const uri = open(server.conn, join(dir, name), text);
      return (await server.conn.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: wholeFile(text) })) as Hint[];
    };
    for (const [name, text] of [
      ['box_test.go', internal],
      ['ext_test.go', external],
    ]) {
      const want = withTests.sites.filter((s) => s.position.file === name && s.allocates === true);
      expect(want.length, name).toBeGreaterThan(0);
      const hints = await hintsOf(name, text);
      expect(hints.map((h) => h.position.line).sort(), name).toEqual(want.map((s) => s.position.line - 1).sort());
    }
    const lines = internal.split('\n');
    const internalHints = await hintsOf('box_test.go', internal);
    expect(internalHints.find((h) => h.position.line === lines.indexOf('\ttestSink = s'))?.label).toBe('16 B · convTstring');
    expect(internalHints.find((h) => h.position.line === lines.indexOf('\t\ttestSink = i + 1000'))?.label).toBe('8 B · convT64');
    const extLines = external.split('\n');
    expect((await hintsOf('ext_test.go', external)).find((h) => h.position.line === extLines.indexOf('\tseeds.Sink = p'))?.label).toBe('24 B · convTnoptr');
    // boxing.go, opened with them: the plain analysis's hints
    const boxing = readFileSync(join(dir, 'boxing.go'), 'utf8');
    const got = await hintsOf('boxing.go', boxing);
    expect(got.map((h) => h.label)).toEqual(plain.sites.filter((s) => s.position.file === 'boxing.go' && s.allocates === true).map((s) => hintLabelOf(s)));
  });
});

/** The label the server gives a site (as the first test spells it out). */
function hintLabelOf(s: SiteReport): string {
  return (
    (s.conditional ? '≤' : '') +
    `${s.bytesPerOp} B${(s.allocsPerOp ?? 1) > 1 ? ` (${s.allocsPerOp} allocs)` : ''}` +
    (s.runtimeCall ? ` · ${s.runtimeCall.replace(/^runtime\./, '')}` : '') +
    ((s.executionsPerCall ?? 1) > 1 ? ` ×${s.executionsPerCall}` : '')
  );
}
