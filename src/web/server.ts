// The web UI's HTTP server (node:http only). Handlers dispatch to the module state, the
// playground and the static assets; they hold no analysis logic. Loopback by default; only the
// analysed packages' source files are ever read (files.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../toolchain/errors.js';
import { renderJson } from '../report/json.js';
import { explainAt } from '../pipeline/explain.js';
import type { ProfileReport } from '../contract/profile.js';
import { asmResponse } from './asm.js';
import { FileRefused } from './files.js';
import { ModuleBusy, type ModuleState } from './module.js';
import { PlaygroundRefused, type Playground } from './playground.js';
import type { Meta, SourceResponse } from '../contract/index.js';

/** The page, built by Vite from web/ into dist/web/app. */
export const assetsDir = fileURLToPath(new URL('./app/', import.meta.url));

const MAX_BODY = 256 * 1024;

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
  immutable: boolean;
}

/** Every file of the built page, read once: requests can only ever name one of these. */
export function loadAssets(dir = assetsDir): Map<string, Asset> {
  const out = new Map<string, Asset>();
  if (!existsSync(join(dir, 'index.html'))) {
    throw new UserError(`the web UI is not built (${join(dir, 'index.html')} is missing): run npm run build`);
  }
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && statSync(p).size < 16 << 20) {
        const body = readFileSync(p);
        const url = '/' + relative(dir, p).split('\\').join('/');
        out.set(url, {
          body,
          type: types[extname(p)] ?? 'application/octet-stream',
          etag: '"' + createHash('sha256').update(body).digest('hex').slice(0, 20) + '"',
          immutable: url.startsWith('/assets/'),
        });
      }
    }
  };
  walk(dir);
  out.set('/', out.get('/index.html')!);
  return out;
}

export interface WebDeps {
  module: ModuleState;
  playground: Playground;
  meta: Meta;
  assets: Map<string, Asset>;
  profile?: ProfileReport;
  /** Host header values accepted (DNS rebinding); undefined accepts any (--host other than loopback) */
  hosts?: () => Set<string> | undefined;
  log?: (line: string) => void;
}

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // CodeMirror injects its theme as <style> elements
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function send(res: ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Resource-Policy': 'same-origin',
    ...extra,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

const json = (res: ServerResponse, status: number, v: unknown) =>
  send(res, status, typeof v === 'string' ? v : JSON.stringify(v), 'application/json; charset=utf-8', { 'Cache-Control': 'no-store' });

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return reject(new HttpError(413, `request body larger than ${limit} bytes`));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new HttpError(413, `request body larger than ${limit} bytes`));
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function intParam(v: string | null, name: string): number {
  const n = Number(v);
  if (!v || !Number.isInteger(n) || n < 1) throw new HttpError(400, `${name} wants a positive integer`);
  return n;
}

export function createWebServer(deps: WebDeps): Server {
  const log = deps.log ?? (() => {});

  const api = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const q = url.searchParams;
    const route = url.pathname;
    if (route === '/api/playground') {
      if (req.method !== 'POST') throw new HttpError(405, 'POST wanted');
      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) throw new HttpError(415, 'Content-Type: application/json wanted');
      const text = await readBody(req, MAX_BODY);
      if (nestingDepth(text) > 32) throw new HttpError(400, 'the body is nested too deeply');
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new HttpError(400, 'the body is not JSON');
      }
      const ac = new AbortController();
      res.on('close', () => {
        if (!res.writableFinished) ac.abort();
      });
      return json(res, 200, await deps.playground.analyze(body, ac.signal));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'GET wanted');
    // An analysis for another GOARCH is a full build: cancelled when every request for it has gone.
    const gone = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) gone.abort();
    });
    const module = (goarch: string | null) => deps.module.get(goarch, gone.signal);
    switch (route) {
      case '/api/meta':
        return json(res, 200, { ...deps.meta, goarch: deps.module.defaultGoarch });
      case '/api/status':
        return json(res, 200, deps.module.status());
      case '/api/report': {
        const a = await module(q.get('goarch'));
        return json(res, 200, renderJson(a.result.report));
      }
      case '/api/files': {
        const a = await module(q.get('goarch'));
        return json(res, 200, a.files);
      }
      case '/api/source': {
        const a = await module(q.get('goarch'));
        const file = q.get('file');
        const text = a.guard.read(file);
        return json(res, 200, { file: file as string, text } satisfies SourceResponse);
      }
      case '/api/asm': {
        const a = await module(q.get('goarch'));
        const fn = a.asm.get(q.get('function') ?? '');
        if (!fn) throw new HttpError(404, `no machine code for function ${JSON.stringify(q.get('function'))}`);
        return json(res, 200, asmResponse(fn, a.result.report.dir, a.goarch, 20_000));
      }
      case '/api/explain': {
        const a = await module(q.get('goarch'));
        const file = q.get('file') ?? '';
        a.guard.resolve(file); // only the analysed files
        const line = intParam(q.get('line'), 'line');
        const column = q.get('column') ? intParam(q.get('column'), 'column') : undefined;
        const r = explainAt(a.result, { file, line, ...(column ? { column } : {}) });
        if (r.explanations.length === 0) throw new HttpError(404, `${file}:${line}: no interface site here`);
        return json(res, 200, r);
      }
      case '/api/layout': {
        const a = await module(q.get('goarch'));
        return json(res, 200, a.layout);
      }
      case '/api/profile':
        if (!deps.profile) throw new HttpError(404, 'no profile: start ifacelens serve with --profile FILE');
        return json(res, 200, deps.profile);
      default:
        throw new HttpError(404, `no such API: ${route}`);
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const allowed = deps.hosts?.();
    if (allowed && !allowed.has((req.headers.host ?? '').toLowerCase())) {
      return send(res, 421, 'unknown Host\n', 'text/plain; charset=utf-8');
    }
    // A page of another site can make the browser send GETs (an <img>, a <script>) and simple
    // POSTs: refuse what fetch metadata says came from elsewhere, and opaque (null) origins.
    const site = req.headers['sec-fetch-site'];
    if ((site === 'cross-site' || site === 'same-site') && (req.url ?? '').startsWith('/api/')) {
      return send(res, 403, 'cross-site request refused\n', 'text/plain; charset=utf-8');
    }
    const origin = req.headers.origin;
    if (origin === 'null' && req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 403, 'request from an opaque origin refused\n', 'text/plain; charset=utf-8');
    }
    if (origin && origin !== 'null' && req.method !== 'GET' && req.method !== 'HEAD') {
      let ok = false;
      try {
        ok = new URL(origin).host.toLowerCase() === (req.headers.host ?? '').toLowerCase();
      } catch {
        /* bad origin */
      }
      if (!ok) return send(res, 403, 'cross-origin request refused\n', 'text/plain; charset=utf-8');
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return send(res, 400, 'bad URL\n', 'text/plain; charset=utf-8');
    }
    if (url.pathname.startsWith('/api/')) {
      try {
        await api(req, res, url);
      } catch (e) {
        if (e instanceof HttpError || e instanceof FileRefused || e instanceof PlaygroundRefused || e instanceof ModuleBusy)
          return json(res, e.status, { error: e.message });
        if (e instanceof UserError) return json(res, 400, { error: e.message });
        log(`ifacelens: internal error on ${req.method} ${url.pathname}: ${e instanceof Error ? e.stack : e}`);
        return json(res, 500, { error: `internal error: ${e instanceof Error ? e.message : String(e)}` });
      }
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n', 'text/plain; charset=utf-8');
    const asset = deps.assets.get(url.pathname);
    if (!asset) return send(res, 404, 'not found\n', 'text/plain; charset=utf-8');
    if (req.headers['if-none-match'] === asset.etag) {
      res.writeHead(304, { ETag: asset.etag });
      res.end();
      return;
    }
    send(res, 200, asset.body, asset.type, {
      ETag: asset.etag,
      'Cache-Control': asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...(asset.type.startsWith('text/html') ? { 'Content-Security-Policy': CSP, 'X-Frame-Options': 'DENY' } : {}),
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      log(`ifacelens: internal error: ${e instanceof Error ? e.stack : e}`);
      try {
        json(res, 500, { error: 'internal error' });
      } catch {
        res.destroy();
      }
    });
  });
  server.on('clientError', (_e, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  server.requestTimeout = 120_000;
  server.headersTimeout = 30_000;
  return server;
}

/** The deepest nesting of [ and { in a JSON text (outside strings). */
export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \\ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) max = Math.max(max, ++depth);
    else if (c === 93 || c === 125) depth--;
  }
  return max;
}
