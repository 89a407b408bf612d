// Reads a profile from a file or from a running service's /debug/pprof endpoint.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { UserError } from './errors.js';

const LOOPBACK_NAMES = new Set(['localhost', 'ip6-localhost']);

/** Reports whether a URL's host is the loopback interface (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  if (LOOPBACK_NAMES.has(h.toLowerCase())) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1';
  return false;
}

/** Returns the profile's bytes; bad input becomes one UserError line. */
export async function readProfileSource(source: string, opts: { allowRemote?: boolean; timeoutMs?: number } = {}): Promise<Uint8Array> {
  if (!/^https?:\/\//i.test(source)) {
    try {
      return readFileSync(source);
    } catch (e) {
      throw new UserError(`cannot read profile ${source}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    throw new UserError(`not a URL: ${source}`);
  }
  if (!opts.allowRemote && !isLoopbackHost(url.hostname)) {
    throw new UserError(`refusing to fetch a profile from ${url.host}: not a loopback address (pass --allow-remote to allow it)`);
  }
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new UserError(`cannot fetch ${source}: ${cause?.code ?? cause?.message ?? (e as Error).message}`);
  }
  if (!res.ok) throw new UserError(`cannot fetch ${source}: HTTP ${res.status} ${res.statusText}`);
  return new Uint8Array(await res.arrayBuffer());
}
