// `ifacelens serve`: analyse the packages, then serve the web UI on loopback until Ctrl-C.
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { createRequire } from 'node:module';
import { run } from '../toolchain/go-command.js';
import { isLoopbackHost } from '../toolchain/fetch-profile.js';
import { UserError } from '../toolchain/errors.js';
import { goarchRefusal } from '../toolchain/go-env.js';
import { installSignalHandlers } from '../toolchain/workspace.js';
import { profileRun } from '../pipeline/profile.js';
import type { ProfileReport } from '../contract/profile.js';
import { moduleRoot } from './files.js';
import { ModuleState } from './module.js';
import { Playground } from './playground.js';
import { playgroundGoCache, trimGoCache } from '../toolchain/go-cache.js';
import { createWebServer, loadAssets } from './server.js';
import type { Meta } from '../contract/index.js';

export interface ServeOptions {
  dir: string;
  patterns: string[];
  port: string | number;
  host: string;
  goarch?: string;
  goos?: string;
  tags?: string;
  profile?: string;
  /** MiB the playground's own build cache is trimmed to (default 1024) */
  playgroundCacheMiB?: number;
  quiet?: boolean;
  /** called with the URL once the page can be loaded (tests) */
  onListening?: (url: string) => void;
}

const version: string = createRequire(import.meta.url)('../../package.json').version;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
export const isLoopback = (h: string) => LOOPBACK.has(h.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(h);

export function parsePort(v: string | number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535 || String(v).trim() === '')
    throw new UserError(`--port wants a port number 0-65535 (0: any free port), not "${v}"`);
  return n;
}

/** The GOARCHes offered in the page: those of `go tool dist list` for the GOOS that analyze reads (docs/targets.md). */
async function goarchesFor(dir: string, goos: string): Promise<string[]> {
  const r = await run('go', ['tool', 'dist', 'list'], { cwd: dir, timeoutMs: 30_000 });
  const arches = r.stdout
    .split('\n')
    .map((l) => l.trim().split('/'))
    .filter((p) => p.length === 2 && p[0] === goos && !goarchRefusal(p[1]))
    .map((p) => p[1]);
  return [...new Set(arches)].sort();
}

/** Serves until the process is interrupted; rejects (UserError) on bad input. */
export async function serve(o: ServeOptions): Promise<never> {
  installSignalHandlers();
  const port = parsePort(o.port);
  const host = o.host.trim();
  // an empty host would bind every interface
  if (!host) throw new UserError('--host wants an address to listen on (default 127.0.0.1), not an empty string');
  // whether the address actually bound is loopback (127.1, ::ffff:127.0.0.1 are): decided once listening
  let boundLoopback = isLoopback(host);
  const dir = resolve(o.dir);
  const assets = loadAssets();
  const say = (m: string) => {
    if (!o.quiet) process.stderr.write(`ifacelens: ${m}\n`);
  };

  const state = new ModuleState({
    dir,
    root: moduleRoot(dir),
    patterns: o.patterns,
    goos: o.goos,
    tags: o.tags,
    progress: o.quiet || !process.stderr.isTTY ? undefined : say,
  });
  let meta: Meta | undefined;
  let playground: Playground | undefined;
  let profile: ProfileReport | undefined;
  let ready: () => void = () => {};
  const readyP = new Promise<void>((r) => {
    ready = r;
  });

  // Requests that arrive while the first analysis runs wait for it.
  const server = createWebServer({
    get module() {
      return state;
    },
    get playground() {
      return playground!;
    },
    get meta() {
      return meta!;
    },
    get profile() {
      return profile;
    },
    assets,
    hosts: () => (boundLoopback ? hostsFor(host, (server.address() as AddressInfo | null)?.port ?? port) : undefined),
    log: (l) => process.stderr.write(l + '\n'),
  });
  const base = server.listeners('request')[0] as (...a: unknown[]) => void;
  server.removeAllListeners('request');
  server.on('request', (req, res) => {
    readyP.then(() => base(req, res));
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
      if (e.code === 'EADDRINUSE') reject(new UserError(`cannot listen on ${where}: the port is in use (--port N picks another, --port 0 any free one)`));
      else if (e.code === 'EACCES') reject(new UserError(`cannot listen on ${where}: permission denied (pick a port above 1023)`));
      else if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') reject(new UserError(`cannot listen on ${where}: no such local address`));
      else reject(new UserError(`cannot listen on ${where}: ${e.message}`));
    });
    server.listen(port, host, () => resolveListen());
  });
  try {
    const first = await state.start(o.goarch);
    const report = first.result.report;
    state.goarches = await goarchesFor(dir, report.go.goos);
    if (!state.goarches.includes(first.goarch)) state.goarches.push(first.goarch);
    if (o.profile) {
      profile = await profileRun({ dir, patterns: o.patterns, goarch: o.goarch, goos: o.goos, tags: o.tags, profile: o.profile });
    }
    const goCacheDir = playgroundGoCache();
    playground = new Playground({
      goVersion: report.go.version,
      defaultGoarch: first.goarch,
      goarches: state.goarches,
      goCacheDir,
      goCacheBytes: (o.playgroundCacheMiB ?? 1024) * (1 << 20),
    });
    // A cold playground cache would make the first snippet compile fmt & co. within its time limit.
    if (trimGoCache(goCacheDir, Infinity).before < 8 << 20) void playground.warm();
    meta = {
      version,
      dir: report.dir,
      root: moduleRoot(dir),
      patterns: o.patterns,
      go: { version: report.go.version, goos: report.go.goos },
      goarch: first.goarch,
      goarches: state.goarches,
      profile: o.profile ?? null,
      limits: { sourceBytes: playground.maxSourceBytes, timeoutMs: playground.timeoutMs },
    };
    const { sites, allocatingSites } = report.stats;
    say(
      `${report.go.version} ${report.go.goos}/${report.go.goarch}: ${sites} site${sites === 1 ? '' : 's'}, ${allocatingSites} allocate${allocatingSites === 1 ? 's' : ''}; serving ${o.patterns.join(' ')} of ${dir} (Ctrl-C stops)`,
    );
  } catch (e) {
    server.close();
    throw e;
  }
  server.on('error', (e) => process.stderr.write(`ifacelens: server error: ${e.message}\n`));
  const addr = server.address() as AddressInfo;
  boundLoopback = isLoopbackHost(addr.address);
  if (!boundLoopback) say(`warning: listening on ${host}: anyone who can reach it can read these sources and have snippets compiled`);
  const shown = boundLoopback
    ? host === '::1' || host === '[::1]'
      ? '[::1]'
      : host === 'localhost'
        ? 'localhost'
        : host
    : host.includes(':')
      ? `[${host}]`
      : host;
  const url = `http://${shown}:${addr.port}/`;
  ready();
  process.stdout.write(url + '\n');
  o.onListening?.(url);
  return new Promise<never>(() => {});
}

function hostsFor(host: string, port: number): Set<string> {
  const names = ['127.0.0.1', 'localhost', '[::1]', host.includes(':') && !host.startsWith('[') ? `[${host}]` : host];
  return new Set(names.map((n) => `${n.toLowerCase()}:${port}`));
}
