// Reads the analysed packages' own Go files, and nothing else. A position names a file, but a
// `//line /any/file:3` directive makes it name any file (or /dev/zero, or a FIFO): a position is a
// label, never a reason to read. Only files the go command listed as the packages' own are read,
// only when they are regular files, and only up to a size bound.
import { closeSync, fstatSync, openSync, readFileSync, readSync, constants } from 'node:fs';
import { resolve } from 'node:path';

/** Go source files larger than this are not read (the largest file in std is ~600 KB). */
export const MAX_SOURCE_BYTES = 16 << 20;

export class PackageSources {
  private readonly allowed: Set<string>;
  private readonly cache = new Map<string, string[] | null>();

  /** `files`: absolute paths of the packages' own files (the helper's package records). */
  constructor(
    files: Iterable<string>,
    private readonly dir = '/',
    /** files (absolute) read from another (a `go build -overlay`'s replacements) */
    private readonly replaced?: Map<string, string>,
  ) {
    this.allowed = new Set([...files].map((f) => resolve(f)));
  }

  /** The file's lines, or undefined when it is not one of the packages' own regular files. */
  lines(file: string): string[] | undefined {
    const abs = resolve(this.dir, file);
    if (!this.allowed.has(abs)) return undefined;
    let l = this.cache.get(abs);
    if (l === undefined) {
      const r = readRegularFile(this.replaced?.get(abs) ?? abs, MAX_SOURCE_BYTES);
      l = 'bytes' in r ? r.bytes.toString('utf8').split('\n') : null;
      this.cache.set(abs, l);
    }
    return l ?? undefined;
  }

  /** Whether the file holds `needle`, read without keeping it (a scan of every file of std would
   *  otherwise keep all their lines in memory). */
  includes(file: string, needle: string): boolean {
    const abs = resolve(this.dir, file);
    if (!this.allowed.has(abs)) return false;
    const cached = this.cache.get(abs);
    if (cached !== undefined) return !!cached?.some((l) => l.includes(needle));
    const r = readRegularFile(this.replaced?.get(abs) ?? abs, MAX_SOURCE_BYTES);
    return 'bytes' in r && r.bytes.includes(needle);
  }

  line(file: string, line: number): string | undefined {
    return this.lines(file)?.[line - 1];
  }

  /** The file's bytes (for byte columns), under the same rules. */
  bytes(file: string): Buffer | undefined {
    const l = this.lines(file);
    return l ? Buffer.from(l.join('\n'), 'utf8') : undefined;
  }
}

/**
 * Reads a regular file of at most `max` bytes, or says why not. Opened non-blocking (a FIFO cannot
 * block the open) and checked with fstat on the open descriptor, so what is read is what was checked.
 */
export function readRegularFile(path: string, max: number): { bytes: Buffer } | { why: string } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { why: code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : 'cannot be read' };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { why: 'not a regular file' };
    if (st.size > max) return { why: `${st.size} bytes is more than the ${max}-byte limit` };
    const buf = Buffer.alloc(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, off);
      if (n <= 0) break;
      off += n;
    }
    return { bytes: buf.subarray(0, off) };
  } catch {
    return { why: 'cannot be read' };
  } finally {
    closeSync(fd);
  }
}

/** A `go build -overlay` file's replacements, absolute (relative paths are from `dir`, where the go
 *  command runs; deleted files, replaced by "", left out). */
export function overlayReplacements(file: string, dir: string): Map<string, string> {
  const j = JSON.parse(readFileSync(file, 'utf8')) as { Replace?: Record<string, string> };
  return new Map(
    Object.entries(j.Replace ?? {})
      .filter(([, to]) => to)
      .map(([from, to]) => [resolve(dir, from), resolve(dir, to)]),
  );
}
