// The code actions of `ifacelens lsp`, over JSON-RPC: "open in the web UI" (a real `ifacelens
// serve`, fetched), the struct field order that drops a size class (applied, built, and measured
// with unsafe.Sizeof), and the test package's sites in _test.go files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { initialize, open, startServer, stopServer } from './lsp-client.js';
import { layoutWithOrderUses } from '../src/pipeline/layout.js';
import { reorderEdit } from '../src/lsp/reorder.js';

const seeds = resolve(__dirname, '..', 'examples', 'seeds');

interface Action {
  title: string;
  kind?: string;
  command?: { command: string; arguments: unknown[] };
  edit?: { changes: Record<string, { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]> };
}

/** The processes whose command line mentions `text` with the word serve (a fork of serve on its
 *  way to exec another program has its command line for a moment: only those `parent` started). */
function serveProcesses(text: string, parent?: number): string[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        const argv = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
        const ppid = Number(
          readFileSync(`/proc/${p}/stat`, 'utf8')
            .replace(/^.*\) /s, '')
            .split(' ')[1],
        );
        return argv.includes('serve') && argv.some((a) => a.includes(text)) && (parent === undefined || ppid === parent);
      } catch {
        return false;
      }
    });
}

describe('ifacelens lsp: open in the web UI', () => {
  let dir: string;
  let server: ReturnType<typeof startServer>;
  const shown: { uri: string; external?: boolean }[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ifacelens-lsp-web-'));
    cpSync(seeds, dir, { recursive: true });
    server = startServer(dir);
    server.conn.onRequest('window/showDocument', (p: { uri: string; external?: boolean }) => {
      shown.push(p);
      return { success: true };
    });
    await initialize(server.conn, dir, { window: { showDocument: { support: true } } });
    void server.conn.sendNotification('initialized', {});
  });
  afterAll(async () => {
    await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('is offered on a line with sites, starts serve once, opens a URL that answers, and leaves no serve after shutdown', async () => {
    const file = join(dir, 'boxing.go');
    const text = readFileSync(file, 'utf8');
    const uri = open(server.conn, file, text);
    const line = text.split('\n').findIndex((l) => l.startsWith('func BoxString('));
    const range = { start: { line, character: 0 }, end: { line, character: 0 } };
    const actions = (await server.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } })) as Action[];
    const action = actions.find((a) => a.title === 'ifacelens: open in the web UI');
    expect(action?.command).toEqual({ title: 'ifacelens: open in the web UI', command: 'ifacelens.openInWebUI', arguments: [uri, line] });
    // not on a line without sites (the package clause)
    const none = (await server.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [] },
    })) as Action[];
    expect(none.filter((a) => a.command)).toEqual([]);

    const t0 = performance.now();
    const url = (await server.conn.sendRequest('workspace/executeCommand', {
      command: action!.command!.command,
      arguments: action!.command!.arguments,
    })) as string;
    console.log(`lsp: web UI opened in ${Math.round(performance.now() - t0)} ms (serve started, the package analysed)`);
    expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/#/source\\?file=boxing\\.go&line=${line + 1}$`));
    expect(shown).toEqual([{ uri: url, external: true }]);
    expect(serveProcesses(dir, server.child.pid)).toHaveLength(1);

    // the page and its data for that file answer
    const base = url.slice(0, url.indexOf('#'));
    const page = await fetch(base);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<script/);
    const src = (await (await fetch(`${base}api/source?file=boxing.go`)).json()) as { file: string; text: string };
    expect(src).toEqual({ file: 'boxing.go', text });

    // again, another line: the same serve
    const url2 = (await server.conn.sendRequest('workspace/executeCommand', { command: 'ifacelens.openInWebUI', arguments: [uri, 5] })) as string;
    expect(url2).toBe(`${base}#/source?file=boxing.go&line=6`);
    expect(shown).toHaveLength(2);
    expect(serveProcesses(dir, server.child.pid)).toHaveLength(1);

    await stopServer(server);
    for (let i = 0; i < 50 && serveProcesses(dir).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(serveProcesses(dir)).toEqual([]);
    await expect(fetch(base)).rejects.toThrow();
  });
});

/** A module whose structs are all bool, int64, bool (24 B on amd64; 16 B as int64, bool, bool), used in every way that pins the order. */
const REORDER_FIXTURE: Record<string, string> = {
  'go.mod': 'module example.com/reorder\n\ngo 1.22\n',
  'shapes.go': `package shapes

import (
	"encoding/binary"
	"io"
	"sync/atomic"
	"unsafe"
)

// Event can be reordered: 24 B as written, 16 B as int64, bool, bool.
type Event struct {
	// Ready says the event may be read.
	Ready bool \`json:"ready"\`
	N     int64 \`json:"n"\` // the count
	Done  bool
}

type (
	// Grouped is declared in a group: its fields are indented once more.
	Grouped struct {
		A bool
		B int64
		C bool
	}
)

// Unkeyed is made with an unkeyed literal in shapes_test.go.
type Unkeyed struct {
	A bool
	B int64
	C bool
}

// External is made with an unkeyed literal in the external test package.
type External struct {
	A bool
	B int64
	C bool
}

// Unsafe has a field offset taken.
type Unsafe struct {
	A bool
	B int64
	C bool
}

var u Unsafe
var UnsafeOffset = unsafe.Offsetof(u.B)

// Binary is written with encoding/binary.
type Binary struct {
	A bool
	B int64
	C bool
}

func WriteBinary(w io.Writer, b *Binary) error { return binary.Write(w, binary.LittleEndian, b) }

// Atomic has a field updated by sync/atomic.
type Atomic struct {
	A bool
	N int64
	C bool
}

func Inc(a *Atomic) { atomic.AddInt64(&a.N, 1) }

// Padding has a blank field.
type Padding struct {
	A bool
	B int64
	_ [0]func()
	C bool
}

// Commented has a comment that is no field's own.
type Commented struct {
	A bool
	/* between A and B */
	B int64
	C bool
}

// Tight is already in its best order.
type Tight struct {
	B int64
	A bool
	C bool
}
`,
  'shapes_test.go': 'package shapes\n\nimport "testing"\n\nfunc TestUnkeyed(t *testing.T) {\n\tif (Unkeyed{true, 1, false}).B != 1 {\n\t\tt.Fatal()\n\t}\n}\n',
  'external_test.go':
    'package shapes_test\n\nimport (\n\t"testing"\n\n\tshapes "example.com/reorder"\n)\n\nfunc TestExternal(t *testing.T) {\n\tif (shapes.External{true, 1, false}).B != 1 {\n\t\tt.Fatal()\n\t}\n}\n',
};

/** `unsafe.Sizeof` of each named struct of the module in dir, measured by a Go program built there. */
function sizes(dir: string, names: string[]): Record<string, number> {
  mkdirSync(join(dir, 'cmd', 'sizes'), { recursive: true });
  const main = `package main\n\nimport (\n\t"fmt"\n\t"unsafe"\n\n\tshapes "example.com/reorder"\n)\n\nfunc main() {\n${names.map((n) => `\tfmt.Println("${n}", unsafe.Sizeof(shapes.${n}{}))\n`).join('')}}\n`;
  writeFileSync(join(dir, 'cmd', 'sizes', 'main.go'), main);
  const r = spawnSync('go', ['run', './cmd/sizes'], { cwd: dir, encoding: 'utf8', env: { ...process.env, GOARCH: 'amd64', GOFLAGS: '-mod=mod' } });
  if (r.status !== 0) throw new Error(r.stderr);
  return Object.fromEntries(
    r.stdout
      .trim()
      .split('\n')
      .map((l) => [l.split(' ')[0], Number(l.split(' ')[1])]),
  );
}

describe('ifacelens lsp: reorder a struct where it drops a size class', () => {
  let dir: string;
  let server: ReturnType<typeof startServer>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ifacelens-lsp-reorder-'));
    for (const [f, t] of Object.entries(REORDER_FIXTURE)) writeFileSync(join(dir, f), t);
    server = startServer(dir);
    server.conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({ goarch: 'amd64' })));
    await initialize(server.conn, dir, { workspace: { configuration: true } });
    void server.conn.sendNotification('initialized', {});
  });
  afterAll(async () => {
    await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses each struct whose order the code depends on, for that reason (the helper's orderUse records)", async () => {
    const { report, orderUses } = await layoutWithOrderUses({ dir, patterns: ['.'], goarch: 'amd64', tests: true });
    const uses = Object.fromEntries(
      report.types
        .filter((t) => t.declared)
        .map((t) => [t.name.replace(/^.*\./, ''), (orderUses.get(t.name) ?? []).map((u) => `${u.why} ${u.position.file}:${u.position.line}`)]),
    );
    const line = (f: string, text: string) => REORDER_FIXTURE[f].split('\n').findIndex((l) => l.includes(text)) + 1;
    expect(uses).toEqual({
      Event: [],
      Grouped: [],
      Unkeyed: [`unkeyed-literal shapes_test.go:${line('shapes_test.go', 'Unkeyed{true')}`],
      External: [`unkeyed-literal external_test.go:${line('external_test.go', 'External{true')}`],
      Unsafe: [`unsafe shapes.go:${line('shapes.go', 'unsafe.Offsetof')}`],
      Binary: [`binary-encoding shapes.go:${line('shapes.go', 'binary.Write')}`],
      Atomic: [`atomic shapes.go:${line('shapes.go', 'atomic.AddInt64')}`],
      Padding: [],
      Commented: [],
      Tight: [],
    });
    // the two without such uses are refused for what reordering would lose
    const refusal = async (name: string) => {
      const t = report.types.find((x) => x.name.endsWith(`.${name}`))!;
      const lines = REORDER_FIXTURE['shapes.go'].split('\n');
      return reorderEdit(
        t,
        [],
        'amd64',
        (n) => lines[n],
        (l, c) =>
          Buffer.from(l)
            .subarray(0, c - 1)
            .toString().length,
        async (src) => src,
      );
    };
    expect(await refusal('Padding')).toEqual({ refused: 'Padding: blank fields (explicit padding)' });
    expect(await refusal('Commented')).toEqual({ refused: "Commented: comments that are not a field's own would be lost" });
    expect(await refusal('Tight')).toBeUndefined();
  });

  it('offers it for Event and Grouped only, and the edited file builds with the size the title promised', async () => {
    const file = join(dir, 'shapes.go');
    const text = readFileSync(file, 'utf8');
    const uri = open(server.conn, file, text);
    const lines = text.split('\n');
    const t0 = performance.now();
    const actions = (await server.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } },
      context: { diagnostics: [] },
    })) as Action[];
    console.log(`lsp: reorder actions for shapes.go in ${Math.round(performance.now() - t0)} ms`);
    const reorders = actions.filter((a) => a.kind === 'refactor.rewrite');
    expect(reorders.map((a) => a.title)).toEqual([
      "ifacelens: reorder Event's fields: 24 → 16 B on amd64, a smaller size class (24 → 16 B per boxed or new'ed Event)",
      "ifacelens: reorder Grouped's fields: 24 → 16 B on amd64, a smaller size class (24 → 16 B per boxed or new'ed Grouped)",
    ]);
    // offered where the cursor is on the declaration, not elsewhere
    const at = async (line: number) =>
      (
        (await server.conn.sendRequest('textDocument/codeAction', {
          textDocument: { uri },
          range: { start: { line, character: 0 }, end: { line, character: 0 } },
          context: { diagnostics: [] },
        })) as Action[]
      ).filter((a) => a.kind === 'refactor.rewrite');
    expect(await at(lines.indexOf('\tN     int64 `json:"n"` // the count'))).toHaveLength(1);
    expect(await at(lines.indexOf('type Unkeyed struct {'))).toEqual([]);
    expect(await at(0)).toEqual([]);

    // apply both edits (bottom first), build, and measure
    const before = sizes(dir, ['Event', 'Grouped']);
    expect(before).toEqual({ Event: 24, Grouped: 24 });
    const edits = reorders.map((a) => a.edit!.changes[uri][0]).sort((a, b) => b.range.start.line - a.range.start.line);
    let edited = lines;
    for (const e of edits) {
      const { start, end } = e.range;
      edited = [
        ...edited.slice(0, start.line),
        ...(edited[start.line].slice(0, start.character) + e.newText + edited[end.line].slice(end.character)).split('\n'),
        ...edited.slice(end.line + 1),
      ];
    }
    const out = edited.join('\n');
    writeFileSync(file, out);
    // the fields keep their doc comments, tags and line comments; gofmt's alignment
    expect(out).toContain(
      'type Event struct {\n\t// Ready says the event may be read.\n\tReady bool `json:"ready"`\n\tDone  bool\n\tN     int64 `json:"n"` // the count\n}',
    );
    expect(out).toContain('\tGrouped struct {\n\t\tA bool\n\t\tC bool\n\t\tB int64\n\t}\n)');
    expect(spawnSync('gofmt', ['-d', file], { encoding: 'utf8' }).stdout).toBe('');
    for (const a of reorders) {
      const [, name, after] = /reorder (\w+)'s fields: \d+ → (\d+) B/.exec(a.title)!;
      expect(sizes(dir, [name])[name]).toBe(Number(after));
    }
    // the tests that pinned the other structs' orders still build and pass
    const t = spawnSync('go', ['test', '.'], { cwd: dir, encoding: 'utf8' });
    expect(t.status, t.stdout + t.stderr).toBe(0);
  });

  it('reorders the unsaved text (through the overlay), and offers nothing while the tests do not type-check', async () => {
    // shapes.go is reordered on disk; the editor holds the original text again, unsaved
    const file = join(dir, 'shapes.go');
    const uri = pathToFileURL(file).href;
    const original = REORDER_FIXTURE['shapes.go'];
    const reorders = async () =>
      (
        (await server.conn.sendRequest('textDocument/codeAction', {
          textDocument: { uri },
          range: { start: { line: 0, character: 0 }, end: { line: original.split('\n').length, character: 0 } },
          context: { diagnostics: [] },
        })) as Action[]
      ).filter((a) => a.kind === 'refactor.rewrite');
    writeFileSync(join(dir, 'zz_test.go'), 'package shapes\n\nvar _ = undefinedThing\n');
    void server.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: original }] });
    expect(await reorders()).toEqual([]);
    rmSync(join(dir, 'zz_test.go'));
    void server.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: `${original}\n` }] });
    expect((await reorders()).map((a) => a.title.replace(/ fields:.*/, ' fields'))).toEqual([
      "ifacelens: reorder Event's fields",
      "ifacelens: reorder Grouped's fields",
    ]);
  });

  it('opens the web UI in a client without window/showDocument by showing the URL', async () => {
    const shown = new Promise<{ type: number; message: string }>((r) => server.conn.onNotification('window/showMessage', r));
    const uri = pathToFileURL(join(dir, 'shapes.go')).href;
    const url = (await server.conn.sendRequest('workspace/executeCommand', { command: 'ifacelens.openInWebUI', arguments: [uri, 3] })) as string;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#\/source\?file=shapes\.go&line=4&goarch=amd64$/);
    expect(await shown).toEqual({ type: 3, message: `ifacelens: the web UI is at ${url}` });
    expect((await fetch(url.slice(0, url.indexOf('#')))).status).toBe(200);
  });
});
