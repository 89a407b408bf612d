// `ifacelens lsp`: the Language Server Protocol over stdio. For the package of each open .go file:
// inlay hints at the end of each allocating site's line, a hover with the site's verdict, a code
// lens per function with its cost per call, and diagnostics only for findings (typed nil, broken
// budgets). What is analysed is the editor's text: unsaved buffers reach the build through
// go build -overlay (temporary files, never the user's), on open, on save and after a pause in typing.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CodeAction,
  CodeActionKind,
  type CodeLens,
  CodeLensRefreshRequest,
  type Connection,
  createConnection,
  type Diagnostic,
  DiagnosticSeverity,
  ErrorCodes,
  type Hover,
  type InlayHint,
  MarkupKind,
  MessageType,
  ProposedFeatures,
  ResponseError,
  ShowMessageNotification,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../pipeline/analyze.js';
import { reasonText } from '../report/reason.js';
import { killAllChildren } from '../toolchain/go-command.js';
import { tempDir } from '../toolchain/workspace.js';
import type { Finding, FunctionSummary, Report, SiteReport } from '../contract/index.js';
import { type SelfCommand, WebUIs } from './web-ui.js';
import { layoutWithOrderUses } from '../pipeline/layout.js';
import { gofmt } from '../toolchain/gofmt.js';
import { declLines, reorderEdit } from './reorder.js';

/** The command of the code action "open in the web UI" (arguments: the document's URI, a 0-based line). */
const OPEN_WEB_UI = 'ifacelens.openInWebUI';

interface LspOptions {
  goarch?: string;
  goos?: string;
  tags?: string;
  /** the pause in typing after which an edit is analysed */
  debounceMs?: number;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** how to run ifacelens itself (for `serve`); default this process's node and script */
  self?: SelfCommand;
}

/** The client's settings (`workspace/configuration`, section `ifacelens`); unset ones keep the command line's. */
interface Settings {
  goarch?: string;
  goos?: string;
  tags?: string;
  /** show the inlay hints (default true) */
  inlayHints?: boolean;
  /** show the per-function code lenses (default true) */
  codeLens?: boolean;
}

/** One package's analysis: the report, or the error that stopped it. */
interface PackageState {
  moduleDir: string;
  pkgDir: string;
  /** the analysis with the package's tests (`analyze --tests`), for its _test.go files */
  tests: boolean;
  /** the analysis in flight or done */
  result: Promise<{ report?: Report; error?: string }>;
  abort: AbortController;
}

/** The directory of the nearest go.mod at or above `dir`, if any. */
function moduleRoot(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'go.mod'))) return d;
    if (dirname(d) === d) return undefined;
  }
}

/**
 * A .go file's module and package directory (`./rel/dir`), or undefined outside a module. A
 * _test.go file is shown the analysis with the package's tests; the others the plain one.
 */
function packageOf(file: string): { moduleDir: string; pkgDir: string; rel: string; tests: boolean } | undefined {
  const moduleDir = moduleRoot(dirname(file));
  if (!moduleDir) return undefined;
  const pkgDir = './' + (relative(moduleDir, dirname(file)).split(sep).join('/') || '.');
  return { moduleDir, pkgDir, rel: relative(moduleDir, file).split(sep).join('/'), tests: file.endsWith('_test.go') };
}

/** An inlay hint's label for an allocating site: `16 B · convTstring`, `≤` conditional, `×N` in loops. */
function hintLabel(s: SiteReport): string {
  const parts: string[] = [];
  const allocs = s.allocsPerOp ?? 1;
  parts.push(`${s.bytesPerOp ?? '?'} B${allocs > 1 ? ` (${allocs} allocs)` : ''}`);
  if (s.runtimeCall) parts.push(s.runtimeCall.replace(/^runtime\./, ''));
  let label = parts.join(' · ');
  if (s.executionsPerCall !== null && s.executionsPerCall > 1) label += ` ×${s.executionsPerCall}`;
  return (s.conditional ? '≤' : '') + label;
}

/** A code lens's title: the function's allocations and bytes per call. */
function lensTitle(f: FunctionSummary): string {
  const range = (min: number, max: number | null) => (max === null ? `≥${min}` : min !== max ? `${min}–${max}` : `${max}`);
  const allocs = range(f.minAllocsPerCall, f.allocsPerCall);
  const bytes = range(f.minBytesPerCall, f.bytesPerCall);
  return `ifacelens: ${allocs} alloc${f.allocsPerCall === 1 && f.minAllocsPerCall === 1 ? '' : 's'}, ${bytes} B per call`;
}

/** The Markdown of a site's hover: the verdict, the reason, the escape flow and a table of the facts. */
function hoverMarkdown(s: SiteReport): string {
  const verdict = s.allocates === true ? (s.conditional ? 'may allocate' : 'allocates') : s.allocates === false ? 'no allocation' : 'unknown';
  const rows: [string, string][] = [
    ['kind', s.kind],
    ['verdict', verdict],
    ['bytes/op', s.bytesPerOp === null ? '?' : `${s.bytesPerOp} B`],
    ['allocs/op', s.allocsPerOp === null ? '?' : String(s.allocsPerOp)],
  ];
  if (s.executionsPerCall !== null && s.executionsPerCall !== 1) rows.push(['executions/call', String(s.executionsPerCall)]);
  if (s.runtimeCall) rows.push(['runtime call', `\`${s.runtimeCall}\``]);
  if (s.source) rows.push(['value', `\`${s.source.type}\`${s.source.size !== null ? ` (${s.source.size} B)` : ''}`]);
  if (s.target) rows.push(['interface', `\`${s.target.type}\`${s.target.itab ? ` (itab: ${s.target.itab})` : ''}`]);
  if (s.dataWord) rows.push(['data word', s.dataWord]);
  if (s.freeWhen) rows.push(['free when', s.freeWhen]);
  const esc = (t: string) => t.replace(/\|/g, '\\|');
  const lines = [`**ifacelens** · ${verdict}: ${esc(reasonText(s))}`, '', '| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${esc(v)} |`)];
  if (s.escapeFlow?.length) lines.push('', 'Escape flow:', '', '```', ...s.escapeFlow, '```');
  return lines.join('\n');
}

/** Go's byte column (1-based) on a line as an LSP UTF-16 character offset (0-based). */
function utf16Col(lineText: string, byteCol: number): number {
  const bytes = Buffer.from(lineText, 'utf8');
  return bytes.subarray(0, Math.max(0, byteCol - 1)).toString('utf8').length;
}

function lineText(doc: TextDocument, line0: number): string {
  return doc.getText({ start: { line: line0, character: 0 }, end: { line: line0 + 1, character: 0 } }).replace(/\r?\n$/, '');
}

/** The 0-based line of the package clause (where a package that does not compile says so). */
function packageClauseLine(doc: TextDocument): number {
  const lines = doc.getText().split('\n');
  const i = lines.findIndex((l) => /^\s*package\s+\w+/.test(l));
  return Math.max(i, 0);
}

/** The 0-based line of `func Name` or `func (r T) Name` in the text, for a function's code lens. */
function funcDeclLine(text: string, fn: FunctionSummary): number | undefined {
  const local = fn.function.startsWith(fn.package + '.') ? fn.function.slice(fn.package.length + 1) : fn.function;
  if (/\.func\d/.test(local)) return undefined; // closures get no lens of their own
  const m = /^(?:\(\*?([\w]+)(?:\[[^\]]*\])?\)|([\w]+)(?:\[[^\]]*\])?)\.(\w+)$/.exec(local);
  const re = m
    ? new RegExp(`^func\\s*\\(\\s*(?:\\w+\\s+)?\\*?\\s*${m[1] ?? m[2]}\\b[^)]*\\)\\s*${m[3]}\\b`)
    : /^\w+$/.test(local)
      ? new RegExp(`^func\\s+${local}\\b`)
      : undefined;
  if (!re) return undefined;
  const i = text.split('\n').findIndex((l) => re.test(l));
  return i < 0 ? undefined : i;
}

function startLsp(opts: LspOptions = {}): Connection {
  const connection = createConnection(
    ProposedFeatures.all,
    new StreamMessageReader(opts.input ?? process.stdin),
    new StreamMessageWriter(opts.output ?? process.stdout),
  );
  const documents = new TextDocuments(TextDocument);
  const packages = new Map<string, PackageState>();
  let canRefresh = { inlay: false, lens: false };
  let canConfigure = false;
  let canShowDocument = false;
  const webUIs = new WebUIs(opts.self ?? [process.execPath, process.argv[1]]);
  /** each analysis's struct layouts (the reorder action), computed on the first code action that needs them */
  const layouts = new WeakMap<PackageState, Promise<Awaited<ReturnType<typeof layoutWithOrderUses>> | undefined>>();
  let settings: Settings = {};
  /** settings as first read: analyses wait for them, so the first one is for the right target */
  let settingsRead: Promise<void> = Promise.resolve();
  /** each open document's version when it was opened */
  const opened = new Map<string, number>();
  const debounceMs = opts.debounceMs ?? 300;
  let overlayDir: string | undefined;
  let overlaySeq = 0;
  // the go processes of analyses still running die with the server
  process.on('exit', killAllChildren);

  const keyOf = (moduleDir: string, pkgDir: string, tests: boolean) => `${moduleDir}\0${pkgDir}${tests ? '\0tests' : ''}`;
  const fileOf = (uri: string) => (uri.startsWith('file:') ? fileURLToPath(uri) : undefined);

  function stateFor(uri: string): { state: PackageState; rel: string } | undefined {
    const file = fileOf(uri);
    if (!file?.endsWith('.go')) return undefined;
    const p = packageOf(file);
    if (!p) return undefined;
    const state = packages.get(keyOf(p.moduleDir, p.pkgDir, p.tests));
    return state ? { state, rel: p.rel } : undefined;
  }

  /** Whether the document's text is the file's on disk. */
  function isSaved(doc: TextDocument): boolean {
    const f = fileOf(doc.uri);
    try {
      return !!f && readFileSync(f, 'utf8') === doc.getText();
    } catch {
      return false;
    }
  }

  /**
   * The overlay for an analysis in `moduleDir`: each open .go file of the module whose text is not
   * what is saved, written to a temporary file (never the user's), or undefined when all are saved.
   */
  function writeOverlay(moduleDir: string): string | undefined {
    const replace: Record<string, string> = {};
    for (const doc of documents.all()) {
      const f = fileOf(doc.uri);
      if (!f?.endsWith('.go') || packageOf(f)?.moduleDir !== moduleDir) continue;
      if (isSaved(doc)) continue;
      overlayDir ??= tempDir('ifacelens-lsp-');
      const to = join(overlayDir, `${++overlaySeq}-${basename(f)}`);
      writeFileSync(to, doc.getText());
      replace[f] = to;
    }
    if (Object.keys(replace).length === 0) return undefined;
    const file = join(overlayDir!, `${++overlaySeq}-overlay.json`);
    writeFileSync(file, JSON.stringify({ Replace: replace }));
    return file;
  }

  /** Removes an analysis's overlay files once it is done. */
  function removeOverlay(file: string | undefined): void {
    if (!file) return;
    try {
      for (const to of Object.values((JSON.parse(readFileSync(file, 'utf8')) as { Replace: Record<string, string> }).Replace)) rmSync(to, { force: true });
      rmSync(file, { force: true });
    } catch {
      // already gone
    }
  }

  /**
   * (Re-)analyses the package of a file after `delayMs` (typing pauses): the editor's text, saved
   * or not, through go build -overlay. A newer analysis of the same package cancels the older,
   * its wait or its go processes, so only results for the current text are ever published. A
   * file that is not a _test.go file is also in the build with the package's tests: that analysis
   * is redone too when one of the package's _test.go files is open.
   */
  function schedule(uri: string, delayMs = 0, withTests = true): void {
    const file = fileOf(uri);
    if (!file?.endsWith('.go')) return;
    const p = packageOf(file);
    if (!p) return;
    scheduleVariant(p, p.tests, delayMs);
    const testsOpen = documents.all().some((d) => {
      const q = fileOf(d.uri);
      const dp = q ? packageOf(q) : undefined;
      return dp?.tests && dp.moduleDir === p.moduleDir && dp.pkgDir === p.pkgDir;
    });
    if (!p.tests && withTests && testsOpen) scheduleVariant(p, true, delayMs);
  }

  /** (Re-)analyses one package, plainly or with its tests. */
  function scheduleVariant(p: { moduleDir: string; pkgDir: string }, tests: boolean, delayMs: number): void {
    const key = keyOf(p.moduleDir, p.pkgDir, tests);
    packages.get(key)?.abort.abort();
    const abort = new AbortController();
    const run = async () => {
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      await settingsRead;
      if (abort.signal.aborted) throw new Error('cancelled');
      const overlay = writeOverlay(p.moduleDir);
      try {
        const r = await analyze({
          dir: p.moduleDir,
          patterns: [p.pkgDir],
          goarch: settings.goarch || opts.goarch,
          goos: settings.goos || opts.goos,
          tags: settings.tags || opts.tags,
          tests,
          overlay,
          signal: abort.signal,
        });
        return r.report;
      } finally {
        removeOverlay(overlay);
      }
    };
    const result = run().then(
      (report) => ({ report }),
      (e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }),
    );
    const state: PackageState = { moduleDir: p.moduleDir, pkgDir: p.pkgDir, tests, result, abort };
    packages.set(key, state);
    void result.then(() => {
      if (packages.get(key) !== state || abort.signal.aborted) return;
      publish(state);
      if (canRefresh.inlay) void connection.languages.inlayHint.refresh().catch(() => {});
      if (canRefresh.lens) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => {});
    });
  }

  /** Diagnostics for every open file of the package: its findings, or the compile error once. */
  async function publish(state: PackageState): Promise<void> {
    const { report, error } = await state.result;
    const open = documents.all().filter((d) => {
      const f = fileOf(d.uri);
      const p = f && packageOf(f);
      return p && p.moduleDir === state.moduleDir && p.pkgDir === state.pkgDir && p.tests === state.tests;
    });
    // The error's file, if it names an open one; else the first open file of the package.
    const errorDoc = error
      ? (open.find((d) => {
          const f = fileOf(d.uri)!;
          const base = f.slice(f.lastIndexOf(sep) + 1);
          return error.includes(`${base}:`);
        }) ?? open[0])
      : undefined;
    for (const doc of open) {
      const diagnostics: Diagnostic[] = [];
      if (error && doc === errorDoc) {
        const line = packageClauseLine(doc);
        diagnostics.push({
          range: { start: { line, character: 0 }, end: { line, character: lineText(doc, line).length } },
          severity: DiagnosticSeverity.Error,
          source: 'ifacelens',
          message: `package does not compile: ${error}`,
        });
      }
      if (report) {
        const rel = packageOf(fileOf(doc.uri)!)!.rel;
        for (const f of report.findings.filter((x: Finding) => x.position.file === rel)) {
          const line = f.position.line - 1;
          const text = lineText(doc, line);
          diagnostics.push({
            range: { start: { line, character: utf16Col(text, f.position.column) }, end: { line, character: text.length } },
            severity: DiagnosticSeverity.Warning,
            source: 'ifacelens',
            code: f.rule,
            message: f.message,
          });
        }
      }
      await connection.sendDiagnostics({ uri: doc.uri, diagnostics });
    }
  }

  /** The analysis of the file's package for its current text: a newer one that replaced the awaited one is awaited in turn. */
  async function sitesOf(uri: string): Promise<{ doc: TextDocument; report: Report; rel: string } | undefined> {
    for (;;) {
      const doc = documents.get(uri);
      const s = stateFor(uri);
      if (!doc || !s) return undefined;
      const { report } = await s.state.result;
      if (stateFor(uri)?.state !== s.state) continue;
      return report ? { doc, report, rel: s.rel } : undefined;
    }
  }

  connection.onInitialize((params) => {
    const ws = params.capabilities.workspace;
    canRefresh = { inlay: !!ws?.inlayHint?.refreshSupport, lens: !!ws?.codeLens?.refreshSupport };
    canConfigure = !!ws?.configuration;
    canShowDocument = !!params.capabilities.window?.showDocument?.support;
    if (canConfigure) settingsRead = new Promise((done) => connection.onInitialized(() => void readSettings().finally(done)));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        inlayHintProvider: true,
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, CodeActionKind.Empty] },
        executeCommandProvider: { commands: [OPEN_WEB_UI] },
      },
      serverInfo: { name: 'ifacelens' },
    };
  });

  /** Reads the client's `ifacelens` settings; a change of target re-analyses every open package. */
  async function readSettings(): Promise<void> {
    if (!canConfigure) return;
    const before = JSON.stringify([settings.goarch, settings.goos, settings.tags]);
    try {
      settings = ((await connection.workspace.getConfiguration('ifacelens')) as Settings | null) ?? {};
    } catch {
      settings = {};
    }
    if (JSON.stringify([settings.goarch, settings.goos, settings.tags]) !== before) {
      const seen = new Set<PackageState>();
      for (const doc of documents.all()) {
        const s = stateFor(doc.uri);
        if (s && !seen.has(s.state)) {
          seen.add(s.state);
          schedule(doc.uri);
        }
      }
    }
    if (canRefresh.inlay) void connection.languages.inlayHint.refresh().catch(() => {});
    if (canRefresh.lens) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => {});
  }
  connection.onDidChangeConfiguration(() => void readSettings());

  documents.onDidOpen((e) => {
    opened.set(e.document.uri, e.document.version);
    const s = stateFor(e.document.uri);
    if (s && isSaved(e.document)) void publish(s.state);
    // a saved file that opens changes no other analysis
    else schedule(e.document.uri, 0, !isSaved(e.document));
  });
  documents.onDidSave((e) => schedule(e.document.uri));
  documents.onDidChangeContent((e) => {
    // didOpen fires this too: only a change after the open re-analyses
    if (e.document.version > (opened.get(e.document.uri) ?? Number.MAX_SAFE_INTEGER)) schedule(e.document.uri, debounceMs);
  });
  documents.onDidClose((e) => {
    opened.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    // an unsaved buffer closed: the package is what is saved again
    if (stateFor(e.document.uri) && !isSaved(e.document)) schedule(e.document.uri);
  });

  connection.languages.inlayHint.on(async (params) => {
    if (settings.inlayHints === false) return [];
    const r = await sitesOf(params.textDocument.uri);
    if (!r) return [];
    const hints: InlayHint[] = [];
    for (const s of r.report.sites) {
      if (s.position.file !== r.rel || s.allocates !== true) continue;
      const line = s.position.line - 1;
      if (line < params.range.start.line || line > params.range.end.line) continue;
      hints.push({
        position: { line, character: lineText(r.doc, line).length },
        label: hintLabel(s),
        paddingLeft: true,
        tooltip: { kind: MarkupKind.Markdown, value: hoverMarkdown(s) },
      });
    }
    return hints;
  });

  connection.onHover(async (params): Promise<Hover | null> => {
    const r = await sitesOf(params.textDocument.uri);
    if (!r) return null;
    const line = params.position.line;
    const text = lineText(r.doc, line);
    const onLine = r.report.sites
      .filter((s) => s.position.file === r.rel && s.position.line === line + 1)
      .sort((a, b) => a.position.column - b.position.column);
    if (!onLine.length) return null;
    // The site whose expression starts nearest before the cursor; the first on the line otherwise.
    const before = onLine.filter((s) => utf16Col(text, s.position.column) <= params.position.character);
    const s = before[before.length - 1] ?? onLine[0];
    return { contents: { kind: MarkupKind.Markdown, value: hoverMarkdown(s) } };
  });

  connection.onCodeLens(async (params): Promise<CodeLens[]> => {
    if (settings.codeLens === false) return [];
    const r = await sitesOf(params.textDocument.uri);
    if (!r) return [];
    const text = r.doc.getText();
    const lenses: CodeLens[] = [];
    for (const f of r.report.functions) {
      if (!r.report.sites.some((s) => s.function === f.function && s.position.file === r.rel)) continue;
      const line = funcDeclLine(text, f);
      if (line === undefined) continue;
      lenses.push({ range: { start: { line, character: 0 }, end: { line, character: 0 } }, command: { title: lensTitle(f), command: '' } });
    }
    return lenses;
  });

  // A finding's fix (typed nil: return an untyped nil where the value is nil) as a quick fix.
  connection.onCodeAction(async (params): Promise<CodeAction[]> => {
    const r = await sitesOf(params.textDocument.uri);
    if (!r) return [];
    const actions: CodeAction[] = [];
    for (const f of r.report.findings) {
      if (f.position.file !== r.rel || !f.fix) continue;
      const { region } = f.fix;
      if (region.endLine - 1 < params.range.start.line || region.startLine - 1 > params.range.end.line) continue;
      const range = {
        start: { line: region.startLine - 1, character: utf16Col(lineText(r.doc, region.startLine - 1), region.startColumn) },
        end: { line: region.endLine - 1, character: utf16Col(lineText(r.doc, region.endLine - 1), region.endColumn) },
      };
      actions.push({
        title: `ifacelens: ${f.fix.description}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: params.context.diagnostics.filter((d) => d.code === f.rule && d.range.start.line === f.position.line - 1),
        isPreferred: true,
        edit: { changes: { [params.textDocument.uri]: [{ range, newText: f.fix.text }] } },
      });
    }
    actions.push(...(await reorderActions(params.textDocument.uri, r.doc, r.rel, params.range)));
    // On a line with sites: the page of `ifacelens serve` at that line (source, assembly, memory diagrams).
    const line = params.range.start.line;
    if (r.report.sites.some((s) => s.position.file === r.rel && s.position.line === line + 1)) {
      actions.push({
        title: 'ifacelens: open in the web UI',
        kind: CodeActionKind.Empty,
        command: { title: 'ifacelens: open in the web UI', command: OPEN_WEB_UI, arguments: [params.textDocument.uri, line] },
      });
    }
    return actions;
  });

  /**
   * The struct layouts of the document's package for the text being analysed (the helper, with
   * the package's tests: their literals count), once per analysis, and only for text with a struct.
   */
  function layoutsFor(uri: string, doc: TextDocument) {
    const s = stateFor(uri);
    if (!s || !/\bstruct\s*\{/.test(doc.getText())) return undefined;
    let p = layouts.get(s.state);
    if (!p) {
      const { moduleDir, pkgDir, abort } = s.state;
      p = (async () => {
        const overlay = writeOverlay(moduleDir);
        try {
          return await layoutWithOrderUses({
            dir: moduleDir,
            patterns: [pkgDir],
            goarch: settings.goarch || opts.goarch,
            goos: settings.goos || opts.goos,
            tags: settings.tags || opts.tags,
            tests: true,
            overlay,
            signal: abort.signal,
          });
        } catch {
          return undefined; // a package that does not load offers no reorder
        } finally {
          removeOverlay(overlay);
        }
      })();
      layouts.set(s.state, p);
    }
    return p;
  }

  /** "Reorder the fields" on a struct declaration the range touches, where the new order drops a size class (src/lsp/reorder.ts). */
  async function reorderActions(uri: string, doc: TextDocument, rel: string, range: { start: { line: number }; end: { line: number } }): Promise<CodeAction[]> {
    const touched = (t: Parameters<typeof declLines>[0]) => {
      const d = declLines(t);
      return !!d && t.typeRange?.file === rel && d.first - 1 <= range.end.line && d.last - 1 >= range.start.line;
    };
    const pending = layoutsFor(uri, doc);
    if (!pending) return [];
    const l = await pending;
    // code that did not type-check (the tests too) may hide a use that pins the order
    if (!l || l.loadErrors > 0 || documents.get(uri)?.version !== doc.version) return [];
    const out: CodeAction[] = [];
    for (const t of l.report.types.filter(touched)) {
      const edit = await reorderEdit(
        t,
        l.orderUses.get(t.name) ?? [],
        l.report.go.goarch,
        (n) => lineText(doc, n),
        utf16Col,
        (src) => gofmt(l.goroot, src),
      ).catch(() => undefined);
      if (!edit || 'refused' in edit) continue;
      out.push({ title: edit.title, kind: CodeActionKind.RefactorRewrite, edit: { changes: { [uri]: [{ range: edit.range, newText: edit.newText }] } } });
    }
    return out;
  }

  /**
   * Opens the web UI at a file's line: starts `ifacelens serve` for its package (or reuses the one
   * started before) and asks the client to open the URL in a browser (window/showDocument,
   * external); a client that cannot is shown the URL. Returns the URL.
   */
  connection.onExecuteCommand(async (params) => {
    if (params.command !== OPEN_WEB_UI) throw new ResponseError(ErrorCodes.InvalidParams, `unknown command ${params.command}`);
    const [uri, line] = (params.arguments ?? []) as [unknown, unknown];
    const file = typeof uri === 'string' ? fileOf(uri) : undefined;
    const p = file?.endsWith('.go') ? packageOf(file) : undefined;
    if (!p) throw new ResponseError(ErrorCodes.InvalidParams, `${OPEN_WEB_UI} wants the URI of a .go file in a Go module and a line`);
    let url: string;
    try {
      url = await webUIs.urlFor({
        moduleDir: p.moduleDir,
        pkgDir: p.pkgDir,
        file: p.rel,
        line: (Number.isInteger(line) ? (line as number) : 0) + 1,
        goarch: settings.goarch || opts.goarch,
        goos: settings.goos || opts.goos,
        tags: settings.tags || opts.tags,
      });
    } catch (e) {
      throw new ResponseError(ErrorCodes.InternalError, `cannot open the web UI: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (canShowDocument) await connection.window.showDocument({ uri: url, external: true });
    else void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: `ifacelens: the web UI is at ${url}` });
    return url;
  });

  connection.onShutdown(() => {
    for (const s of packages.values()) s.abort.abort();
    webUIs.stopAll();
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}

/** Runs the server until the client disconnects. */
export function runLsp(opts: LspOptions = {}): Promise<void> {
  return new Promise((done) => {
    const c = startLsp(opts);
    c.onExit(() => done());
  });
}
