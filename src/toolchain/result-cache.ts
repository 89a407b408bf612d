// The per-package result cache: what the analysis build printed for one package (its -m=2 records
// and -S functions, parsed) and what the helper said about it, under a key of everything they
// depend on (package-keys.ts). The CLI and the language server share it; it lives in the ifacelens
// cache directory (IFACELENS_CACHE), is trimmed to a size by least recent use, and is written so
// that concurrent runs never see half an entry (a temporary file renamed into place). An entry is
// never trusted blindly: one whose header, length or checksum does not match is a miss.
import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, lstatSync, openSync, readdirSync, readSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, ensureDir } from './helper.js';
import { forgetTemp, registerTemp } from './workspace.js';
import { sha256 } from './package-keys.js';
import type { MRecord } from '../parse/gcflags-m.js';
import type { AsmFunction } from '../parse/gcflags-asm.js';
import type { HelperRecord } from '../parse/helper-protocol.js';

/** The entry format; a change of what an entry holds changes it. */
const FORMAT = 'ifacelens-result/1';

/** One package's analysis inputs, as an uncached run would have them. */
export interface PackageResult {
  pkg: string;
  /** the -m=2 records of the package's compile, in the order the compiler printed them */
  m: MRecord[];
  /** its lines no parser recognised */
  unrecognized: string[];
  /** the functions of its -S listing */
  asm: AsmFunction[];
  /** the helper's records of the package (its package record first) */
  helper: HelperRecord[];
}

/** Entries larger than this are neither written nor read (net/http's is a few MB). */
const MAX_ENTRY_BYTES = 256 << 20;

/** The cache's size bound: IFACELENS_RESULT_CACHE_MB, else 2 GiB. */
export function resultCacheMaxBytes(): number {
  const v = process.env.IFACELENS_RESULT_CACHE_MB;
  const mb = v ? Number(v) : Number.NaN;
  return (Number.isFinite(mb) && mb >= 0 ? mb : 2048) * 2 ** 20;
}

export function resultCacheDir(): string {
  return join(cacheDir(), 'results');
}

const entryPath = (key: string) => join(resultCacheDir(), key.slice(0, 2), key);

/** The entry under `key`, or undefined (absent, unreadable, truncated, corrupt, another format). */
export function readResult(key: string): PackageResult | undefined {
  const path = entryPath(key);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  let buf: Buffer;
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > MAX_ENTRY_BYTES) return discard(path);
    buf = Buffer.alloc(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, off);
      if (n <= 0) break;
      off += n;
    }
    buf = buf.subarray(0, off);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
  const nl = buf.indexOf(10);
  if (nl < 0) return discard(path);
  let head: { format?: unknown; key?: unknown; bytes?: unknown; sha256?: unknown };
  try {
    head = JSON.parse(buf.toString('utf8', 0, nl));
  } catch {
    return discard(path);
  }
  const body = buf.subarray(nl + 1);
  if (head.format !== FORMAT || head.key !== key || head.bytes !== body.length || head.sha256 !== sha256(body)) return discard(path);
  let r: PackageResult;
  try {
    r = JSON.parse(body.toString('utf8')) as PackageResult;
  } catch {
    return discard(path);
  }
  if (typeof r?.pkg !== 'string' || ![r.m, r.unrecognized, r.asm, r.helper].every(Array.isArray) || r.helper[0]?.kind !== 'package') return discard(path);
  // least recently used goes first when trimming: a hit is a use
  try {
    const now = new Date();
    utimesSync(path, now, now);
  } catch {
    /* read-only cache: still a hit */
  }
  return r;
}

function discard(path: string): undefined {
  rmSync(path, { force: true });
  return undefined;
}

/** Writes an entry: a temporary file in the same directory, renamed into place (a reader sees the
 *  old entry, the new one, or none; concurrent writers of one key write the same bytes). */
export function writeResult(key: string, r: PackageResult): void {
  const body = Buffer.from(JSON.stringify(r), 'utf8');
  if (body.length > MAX_ENTRY_BYTES) return;
  const head = Buffer.from(`${JSON.stringify({ format: FORMAT, key, bytes: body.length, sha256: sha256(body) })}\n`, 'utf8');
  const path = entryPath(key);
  ensureDir(join(resultCacheDir(), key.slice(0, 2)));
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  registerTemp(tmp);
  try {
    writeFileSync(tmp, Buffer.concat([head, body]));
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
    forgetTemp(tmp);
  }
}

/**
 * Removes the least recently used entries (by mtime: written or last hit) until the cache holds at
 * most maxBytes; temporary files of writers that died are removed after an hour.
 */
export function trimResults(maxBytes: number): { before: number; after: number; removed: number } {
  const files: { path: string; size: number; mtime: number }[] = [];
  let total = 0;
  const hourAgo = Date.now() - 3600_000;
  for (const sub of safeReaddir(resultCacheDir())) {
    if (!/^[0-9a-f]{2}$/.test(sub)) continue;
    const d = join(resultCacheDir(), sub);
    for (const f of safeReaddir(d)) {
      const p = join(d, f);
      try {
        const st = lstatSync(p);
        if (!st.isFile()) continue;
        if (f.endsWith('.tmp')) {
          if (st.mtimeMs < hourAgo) rmSync(p, { force: true });
          continue;
        }
        files.push({ path: p, size: st.size, mtime: st.mtimeMs });
        total += st.size;
      } catch {
        /* gone */
      }
    }
  }
  const before = total;
  let removed = 0;
  if (total > maxBytes) {
    files.sort((a, b) => a.mtime - b.mtime);
    for (const f of files) {
      if (total <= maxBytes) break;
      rmSync(f.path, { force: true });
      total -= f.size;
      removed++;
    }
  }
  return { before, after: total, removed };
}

function safeReaddir(d: string): string[] {
  try {
    return readdirSync(d);
  } catch {
    return [];
  }
}
