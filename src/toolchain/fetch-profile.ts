// Reads a profile from a file or from a running service's /debug/pprof endpoint, bounded: only
// regular files, at most `maxBytes` read or downloaded, every redirect hop checked for loopback,
// and a trickling body stopped by the overall timeout.
import { isIP } from 'node:net';
import { UserError } from './errors.js';
import { readRegularFile } from './sources.js';
import { errnoText } from './errno.js';

const LOOPBACK_NAMES = new Set(['localhost', 'ip6-localhost']);

/** Profiles larger than this (downloaded, read, or inflated) are refused unless raised. */
export const DEFAULT_MAX_PROFILE_BYTES = 256 << 20;

/** Reports whether a URL's host is the loopback interface (127.0.0.0/8, ::1, ::ffff:127.x, localhost). */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (LOOPBACK_NAMES.has(h)) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) {
    if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
    // IPv4-mapped: ::ffff:127.0.0.1 (Node prints it ::ffff:7f00:1)
    const m = /^(?:0:0:0:0:0:|::)ffff:(.+)$/.exec(h);
    if (m) {
      if (isIP(m[1]) === 4) return m[1].startsWith('127.');
      const hex = /^([0-9a-f]{1,4}):[0-9a-f]{1,4}$/.exec(m[1]);
      return !!hex && parseInt(hex[1], 16) >> 8 === 127;
    }
  }
  return false;
}

export interface ReadProfileOptions {
  allowRemote?: boolean;
  timeoutMs?: number;
  /** refuse profiles larger than this many bytes (downloaded or on disk) */
  maxBytes?: number;
  /** for tests: the fetch to use */
  fetchImpl?: typeof fetch;
}

/** Returns the profile's bytes; bad input becomes one UserError line. */
export async function readProfileSource(source: string, opts: ReadProfileOptions = {}): Promise<Uint8Array> {
  const max = opts.maxBytes ?? DEFAULT_MAX_PROFILE_BYTES;
  if (!/^https?:\/\//i.test(source)) {
    const r = readRegularFile(source, max);
    if ('bytes' in r) return r.bytes;
    throw new UserError(`cannot read profile ${source}: ${r.why}${/limit$/.test(r.why) ? ' (--max-profile-bytes raises it)' : ''}`);
  }
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    throw new UserError(`not a URL: ${source}`);
  }
  const deadline = AbortSignal.timeout(opts.timeoutMs ?? 60_000);
  const doFetch = opts.fetchImpl ?? fetch;
  // Redirects are followed by hand so that every hop's host is checked.
  for (let hop = 0; ; hop++) {
    if (!opts.allowRemote && !isLoopbackHost(url.hostname)) {
      throw new UserError(
        `refusing to fetch a profile from ${url.host}${hop ? ` (redirected from ${source})` : ''}: not a loopback address (pass --allow-remote to allow it)`,
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UserError(`refusing to follow a redirect to ${url.protocol} (from ${source})`);
    let res: Response;
    try {
      res = await doFetch(url, { signal: deadline, redirect: 'manual' });
    } catch (e) {
      throw new UserError(`cannot fetch ${source}: ${fetchError(e)}`);
    }
    if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
      await res.body?.cancel();
      if (hop >= 5) throw new UserError(`cannot fetch ${source}: more than 5 redirects`);
      url = new URL(res.headers.get('location')!, url);
      continue;
    }
    if (!res.ok) throw new UserError(`cannot fetch ${source}: HTTP ${res.status} ${res.statusText}`);
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (declared > max) {
      await res.body?.cancel();
      throw new UserError(`cannot fetch ${source}: ${declared} bytes is more than the ${max}-byte limit (--max-profile-bytes raises it)`);
    }
    return await readBounded(res, source, max);
  }
}

async function readBounded(res: Response, source: string, max: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let n = 0;
  try {
    for await (const c of res.body ?? []) {
      n += c.length;
      if (n > max) throw new UserError(`cannot fetch ${source}: more than the ${max}-byte limit (--max-profile-bytes raises it)`);
      chunks.push(c);
    }
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`cannot fetch ${source}: ${fetchError(e)}`);
  }
  return Buffer.concat(chunks);
}

function fetchError(e: unknown): string {
  const err = e as { name?: string; cause?: { code?: string; message?: string }; message?: string };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'timed out';
  // undici refuses the Fetch standard's "bad ports" (6000, 6665-6669, ...) before connecting
  if (err.cause?.message === 'bad port') return 'fetch refuses this port (a "bad port" of the Fetch standard): serve the profile on another one';
  return errnoText(e);
}
