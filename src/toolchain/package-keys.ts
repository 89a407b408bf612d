// The keys of the per-package result cache (result-cache.ts): what a package's compiler records
// and helper records depend on, hashed. A package's compile reads its own files and flags and its
// dependencies' export data, which carries the bodies the compiler may inline and the generic code
// it may instantiate; so a package's key covers its files and, through its imports' keys, every
// file below it (a Merkle hash). That is more than the export data (an edit of an unexported,
// not inlinable body changes its importers' keys too), never less.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { run } from './go-command.js';
import { readRegularFile } from './sources.js';

/** One package of `go list -deps -json`, with the fields a key reads. */
export interface KeyedPackage {
  importPath: string;
  /** not one of the patterns' packages: a dependency */
  depOnly: boolean;
  name: string;
  dir: string;
  /** import paths of every dependency (go list's Deps: transitive, vendoring resolved) */
  deps: string[];
  /** why go list could not list it (or one of its dependencies), if so */
  error?: string;
  /** it has Go files to compile (a directory of only _test.go files matched by `...` has none:
   *  go build skips it, but refuses it by name) */
  hasGoFiles: boolean;
}

interface ListedPackage {
  ImportPath: string;
  Name?: string;
  Dir?: string;
  Standard?: boolean;
  DepOnly?: boolean;
  Module?: { Path?: string; Version?: string; GoVersion?: string; Dir?: string };
  Imports?: string[];
  Deps?: string[];
  Error?: { Err?: string };
  DepsErrors?: { Err?: string }[];
  [files: string]: unknown;
}

/** Every list of files that is compiled into a package, or read by its compile (cgo, assembly
 *  ABI, //go:embed). */
const FILE_LISTS = [
  'GoFiles',
  'CgoFiles',
  'CFiles',
  'CXXFiles',
  'MFiles',
  'HFiles',
  'FFiles',
  'SFiles',
  'SwigFiles',
  'SwigCXXFiles',
  'SysoFiles',
  'EmbedFiles',
];
const LIST_FIELDS = ['ImportPath', 'Name', 'Dir', 'Standard', 'DepOnly', 'Module', 'Imports', 'Deps', 'Error', 'DepsErrors', ...FILE_LISTS].join(',');

export interface PackageKeysOptions {
  dir: string;
  env: NodeJS.ProcessEnv;
  tags?: string;
  overlay?: string;
  /** replaced files (absolute) → their replacements, from the overlay */
  replaced?: Map<string, string>;
  patterns: string[];
  signal?: AbortSignal;
}

export interface PackageKeys {
  /** the patterns' packages and their dependencies, in go list's order (dependencies first) */
  packages: KeyedPackage[];
  /** the content key of each package: its files' hashes and its imports' keys */
  keys: Map<string, string>;
  /** `go env -json` as the go commands of this run see it (the toolchain, target, experiments,
   *  cgo settings), hashed; this run's temporary directories left out */
  envKey: string;
}

/**
 * Lists the patterns' packages with their dependencies and computes each one's content key.
 * Undefined when go list fails: the caller then runs uncached and reports what the build says.
 */
export async function packageKeys(opts: PackageKeysOptions): Promise<PackageKeys | undefined> {
  const args = ['list', '-e', '-deps', `-json=${LIST_FIELDS}`, '-find=false', '-buildvcs=false'];
  if (opts.tags) args.push('-tags', opts.tags);
  if (opts.overlay) args.push(`-overlay=${opts.overlay}`);
  const [list, envJson] = await Promise.all([
    run('go', [...args, '--', ...opts.patterns], { cwd: opts.dir, env: opts.env, signal: opts.signal, timeoutMs: 300_000, maxStdoutBytes: 256 << 20 }),
    run('go', ['env', '-json'], { cwd: opts.dir, env: opts.env, signal: opts.signal, timeoutMs: 60_000 }),
  ]);
  if (list.exitCode !== 0 || list.outputCapped || envJson.exitCode !== 0) return undefined;
  const goEnvVars = JSON.parse(envJson.stdout) as Record<string, string>;
  // per-run directories (GOGCCFLAGS names a fresh go-build dir each time), and where caches live,
  // change nothing the compiler prints (CC and the CGO_ flags stay)
  for (const k of ['GOTMPDIR', 'GOCACHE', 'GOENV', 'GOCACHEPROG', 'GOGCCFLAGS']) delete goEnvVars[k];
  const envKey = sha256(JSON.stringify(Object.entries(goEnvVars).sort()));
  const listed = parseJsonStream(list.stdout);
  const keys = new Map<string, string>();
  const packages: KeyedPackage[] = [];
  for (const p of listed) {
    const h = createHash('sha256');
    const field = (name: string, value: unknown) => h.update(`${name}\u0000${JSON.stringify(value ?? null)}\n`);
    field('path', p.ImportPath);
    field('name', p.Name);
    field('dir', p.Dir);
    field('standard', !!p.Standard);
    field('module', p.Module ?? null);
    for (const list of FILE_LISTS) {
      const files = (p[list] as string[] | undefined) ?? [];
      for (const f of files) field(list, [f, fileHash(resolve(p.Dir ?? opts.dir, f), opts.replaced)]);
    }
    // Imports as go list resolved them (vendored std packages, module versions): each by its key.
    for (const imp of p.Imports ?? []) field('import', [imp, keys.get(imp) ?? (imp === 'C' ? 'C' : 'missing')]);
    keys.set(p.ImportPath, h.digest('hex'));
    const error = p.Error?.Err ?? p.DepsErrors?.[0]?.Err;
    packages.push({
      importPath: p.ImportPath,
      depOnly: !!p.DepOnly,
      name: p.Name ?? '',
      dir: p.Dir ?? '',
      deps: p.Deps ?? [],
      hasGoFiles: ((p.GoFiles as string[] | undefined)?.length ?? 0) + ((p.CgoFiles as string[] | undefined)?.length ?? 0) > 0,
      ...(error !== undefined ? { error } : {}),
    });
  }
  return { packages, keys, envKey };
}

/** go list -json prints one object after another, not an array. */
function parseJsonStream(text: string): ListedPackage[] {
  const out: ListedPackage[] = [];
  // Each object starts with "{" at the start of a line and ends with "}" at the start of a line.
  let start = text.indexOf('{');
  while (start >= 0) {
    const end = text.indexOf('\n}', start);
    if (end < 0) break;
    out.push(JSON.parse(text.slice(start, end + 2)) as ListedPackage);
    start = text.indexOf('{', end + 2);
  }
  return out;
}

export const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

/** Hashes of files by path, size, mtime and inode: a language server re-keys its packages after
 *  every pause in typing, and most of their files have not changed. A file modified in the last
 *  two seconds is hashed afresh each time (as the go command does: a write within the mtime's
 *  resolution could leave size and mtime alike). */
const fileHashes = new Map<string, { stamp: string; hash: string }>();

function fileHash(file: string, replaced: Map<string, string> | undefined): string {
  const path = replaced?.get(file) ?? file;
  let stamp: string | undefined;
  try {
    const st = statSync(path);
    if (Date.now() - st.mtimeMs > 2000) stamp = `${st.size}:${st.mtimeMs}:${st.ino}:${st.ctimeMs}`;
  } catch {
    return 'unreadable';
  }
  const memo = fileHashes.get(path);
  if (stamp && memo?.stamp === stamp) return memo.hash;
  // Any size: an embedded file can be large; what the compile reads, the key must cover.
  const r = readRegularFile(path, Number.MAX_SAFE_INTEGER);
  const hash = 'bytes' in r ? sha256(r.bytes) : `unreadable: ${r.why}`;
  if (stamp) fileHashes.set(path, { stamp, hash });
  return hash;
}
