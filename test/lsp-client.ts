// A JSON-RPC client (vscode-jsonrpc) of `ifacelens lsp` over its stdio, for the LSP tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, type MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

export const bin = resolve(__dirname, '..', 'bin', 'ifacelens.js');

export interface Hint {
  position: { line: number; character: number };
  label: string;
}
export interface Diag {
  range: { start: { line: number; character: number } };
  message: string;
  code?: string;
  severity?: number;
}

/** A server process and a client connection to it; diagnostics as they are published, by URI. */
export function startServer(cwd: string) {
  const child: ChildProcess = spawn(process.execPath, [bin, 'lsp', '--stdio'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const conn: MessageConnection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const diagnostics = new Map<string, Diag[]>();
  const waiters: (() => void)[] = [];
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: Diag[] }) => {
    diagnostics.set(p.uri, p.diagnostics);
    for (const w of waiters.splice(0)) w();
  });
  conn.onRequest('workspace/inlayHint/refresh', () => null);
  conn.onRequest('workspace/codeLens/refresh', () => null);
  conn.listen();
  /** The diagnostics of `uri` once published (and `pred` holds). */
  const diagnosticsOf = async (uri: string, pred: (d: Diag[]) => boolean = () => true): Promise<Diag[]> => {
    for (;;) {
      const d = diagnostics.get(uri);
      if (d && pred(d)) return d;
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  return { child, conn, diagnosticsOf, stderr: () => stderr };
}

export async function initialize(conn: MessageConnection, root: string, more: Record<string, unknown> = {}) {
  return conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    capabilities: { workspace: { inlayHint: { refreshSupport: true }, codeLens: { refreshSupport: true } }, ...more },
  }) as Promise<{ capabilities: Record<string, unknown> }>;
}

export function open(conn: MessageConnection, file: string, text = readFileSync(file, 'utf8'), version = 1) {
  const uri = pathToFileURL(file).href;
  void conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version, text } });
  return uri;
}

export const wholeFile = (text: string) => ({ start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } });

/** Shuts the server down (shutdown, exit) and waits for its process to end. */
export async function stopServer(server: ReturnType<typeof startServer>): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  await server.conn.sendRequest('shutdown').catch(() => {});
  void server.conn.sendNotification('exit').catch(() => {});
  await new Promise((r) => (server.child.exitCode !== null ? r(null) : server.child.on('exit', r)));
  server.conn.dispose();
}
