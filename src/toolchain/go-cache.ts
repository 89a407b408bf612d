// A Go build cache of ifacelens's own (the playground's): snippets someone pasted must not grow the
// user's GOCACHE, so they compile into a directory under the ifacelens cache, trimmed to a size.
import { lstatSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, ensureDir } from './helper.js';

/** The playground's build cache directory (created). */
export function playgroundGoCache(): string {
  const dir = join(cacheDir(), 'playground-gocache');
  ensureDir(dir);
  // says whose directory this is to someone browsing the cache (the go command adds its own README)
  try {
    writeFileSync(join(dir, 'IFACELENS.txt'), 'Build cache of the ifacelens playground (snippets). Safe to delete.\n', { flag: 'wx' });
  } catch {
    /* exists */
  }
  return dir;
}

export interface TrimResult {
  /** bytes of cache entries before and after */
  before: number;
  after: number;
  removed: number;
}

/**
 * Removes the least recently used entries of a Go build cache until it holds at most maxBytes.
 * The go command's cache is content-addressed files in 256 subdirectories (`xx/<hash>-a` action
 * entries, `xx/<hash>-d` outputs); it touches an entry's mtime when it uses it (at most hourly), and
 * a missing file is a cache miss, never an error. Only regular files in those subdirectories are
 * considered; call it when no build uses the cache (the playground builds one snippet at a time).
 */
export function trimGoCache(dir: string, maxBytes: number): TrimResult {
  const files: { path: string; size: number; mtime: number }[] = [];
  let total = 0;
  for (const sub of safeReaddir(dir)) {
    if (!/^[0-9a-f]{2}$/.test(sub)) continue;
    const d = join(dir, sub);
    for (const f of safeReaddir(d)) {
      const p = join(d, f);
      try {
        const st = lstatSync(p);
        if (!st.isFile()) continue;
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
