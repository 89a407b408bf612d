// Which files the web UI may read: only the analysed packages' source files, and only where their
// real path (symlinks resolved) lies inside the module root. Everything else is refused.
import { existsSync, realpathSync, statSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';

export class FileRefused extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 413,
    message: string,
  ) {
    super(message);
  }
}

/** The directory of the go.mod governing `dir`, or `dir` itself outside a module. */
export function moduleRoot(dir: string): string {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, 'go.mod'))) return d;
    if (dirname(d) === d) return resolve(dir);
  }
}

const inside = (root: string, p: string) => p === root || p.startsWith(root.endsWith(sep) ? root : root + sep);

function real(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

export class FileGuard {
  private readonly realRoot: string;
  /** real paths of the files that may be served */
  private readonly allowed = new Set<string>();

  /**
   * @param root the module root (nothing outside it is ever served)
   * @param dir the analysed directory (relative requests are resolved against it)
   * @param files the analysed packages' files (absolute)
   */
  constructor(
    readonly root: string,
    readonly dir: string,
    files: string[],
  ) {
    this.realRoot = real(root) ?? resolve(root);
    for (const f of files) {
      const r = real(f);
      if (r && inside(this.realRoot, r)) this.allowed.add(r);
    }
  }

  /** The real path of a requested file, or throws FileRefused. */
  resolve(requested: unknown): string {
    if (typeof requested !== 'string' || requested === '') throw new FileRefused(400, 'file wanted');
    if (requested.includes('\0') || requested.length > 4096) throw new FileRefused(400, 'bad file name');
    const candidate = isAbsolute(requested) ? resolve(requested) : resolve(this.dir, requested);
    // Lexically outside the root: refused before touching the file system.
    if (!inside(resolve(this.root), candidate) && !inside(this.realRoot, candidate)) throw new FileRefused(403, 'outside the module');
    const r = real(candidate);
    if (!r) throw new FileRefused(404, 'no such file');
    // A symlink inside the module that points outside it.
    if (!inside(this.realRoot, r)) throw new FileRefused(403, 'outside the module');
    if (!this.allowed.has(r)) throw new FileRefused(404, 'not a source file of the analysed packages');
    return r;
  }

  /** Reads an allowed file (text, at most `maxBytes`). */
  read(requested: unknown, maxBytes = 8 << 20): string {
    const r = this.resolve(requested);
    const st = statSync(r);
    if (!st.isFile()) throw new FileRefused(404, 'not a file');
    if (st.size > maxBytes) throw new FileRefused(413, 'file too large');
    return readFileSync(r, 'utf8');
  }
}
