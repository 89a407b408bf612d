// Builds the Go helper with the user's own `go` on first use, caches the binary, and runs it.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './go-command.js';
import { ToolchainError, UserError } from './errors.js';
import { errnoText } from './errno.js';
import { firstLine } from './go-env.js';
import { forgetTemp, registerTemp, removeTemp, tempDir } from './workspace.js';
import { HELPER_PROTOCOL, parseHelperLine, ProtocolError, type HelperRecord } from '../parse/helper-protocol.js';

/** The helper's sources: <package root>/helper, next to dist/. */
export const helperSourceDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'helper');

export function cacheDir(): string {
  if (process.env.IFACELENS_CACHE) return process.env.IFACELENS_CACHE;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'ifacelens');
}

/** Environment for building/running host tools: the target GOARCH/GOOS must not leak in. */
function hostEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.GOARCH;
  delete env.GOOS;
  env.GOFLAGS = '';
  env.GOWORK = 'off';
  env.CGO_ENABLED = '0';
  env.GOTMPDIR = tempDir('ifacelens-gotmp-'); // removed on every exit path, go-build* dirs with it
  return env;
}

/** Returns the path of a helper binary built from the current sources with `goVersion`. */
export async function ensureHelper(goVersion: string): Promise<string> {
  const h = createHash('sha256');
  h.update(goVersion);
  for (const f of readdirSync(helperSourceDir).sort()) {
    if ((f.endsWith('.go') && !f.endsWith('_test.go')) || f === 'go.mod' || f === 'go.sum') {
      h.update(f);
      h.update(readFileSync(join(helperSourceDir, f)));
    }
  }
  const bin = join(cacheDir(), `ifacelens-helper-${h.digest('hex').slice(0, 16)}`);
  if (existsSync(bin)) return bin;
  ensureDir(cacheDir());
  const tmp = `${bin}.${process.pid}.tmp`;
  registerTemp(tmp);
  const r = await run('go', ['build', '-trimpath', '-o', tmp, '.'], { cwd: helperSourceDir, env: hostEnv() });
  if (r.exitCode !== 0) {
    removeTemp(tmp);
    throw new ToolchainError(`building the ifacelens helper failed: ${firstLine(r.stderr)}`);
  }
  renameSync(tmp, bin);
  forgetTemp(tmp);
  // Helpers built from other sources are pruned once unused for a day: another ifacelens (another
  // version or checkout sharing the cache) may be running one right now.
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  for (const f of readdirSync(cacheDir())) {
    const p = join(cacheDir(), f);
    if (!/^ifacelens-helper-[0-9a-f]{16}$/.test(f) || p === bin) continue;
    try {
      const st = statSync(p);
      if (Math.max(st.atimeMs, st.mtimeMs) < dayAgo) rmSync(p, { force: true });
    } catch {
      // gone already
    }
  }
  return bin;
}

export interface HelperOptions {
  dir: string;
  env: NodeJS.ProcessEnv;
  tags?: string;
  /** the -gcflags of the go build that ran before (one or several): go list -export then reuses its compiles */
  gcflags?: string | string[];
  /** the -pgo of that build ('' for the go command's default, GOFLAGS else auto); undefined: the
   *  helper's own default, off (layout, which builds nothing else) */
  pgo?: string;
  /** load the packages' tests too, as `go test -c` built them */
  tests?: boolean;
  /** also emit struct layout records */
  layouts?: boolean;
  /** also emit rewrite records (candidate edits of ifacelens fix) */
  rewrites?: boolean;
  /** the helper checks to run (`-checks=`; src/checks/ names them): typed-nil builds SSA */
  checks?: string[];
  /** the build's -overlay file: go list's too, and the replaced files' sources read from it */
  overlay?: string;
  /** stops the helper */
  signal?: AbortSignal;
  /** export data for the dependencies only, compiled plainly: the roots need no compile (the
   *  helper runs beside the analysis build of the result cache's misses) */
  depsExport?: boolean;
  /** the report's other packages (their results from the cache): calls into them are reported */
  callRoots?: string[];
  /** called when the header arrives: the helper's go list is done (with depsExport, the
   *  dependencies' export data is built) */
  onHeader?: () => void;
  patterns: string[];
}

/**
 * Runs the helper and returns its validated records (streamed, one JSON line each): every line
 * checked by parseHelperLine, the header's protocol, and the `done` record's counts against the
 * records received, so that a stream that ends early is an error rather than a smaller answer.
 */
export async function runHelper(bin: string, opts: HelperOptions): Promise<HelperRecord[]> {
  const records: HelperRecord[] = [];
  const args = [];
  if (opts.tags) args.push('-tags', opts.tags);
  for (const g of [opts.gcflags ?? []].flat()) if (g) args.push('-gcflags', g);
  if (opts.pgo !== undefined) args.push(`-pgo=${opts.pgo}`);
  if (opts.tests) args.push('-tests');
  if (opts.layouts) args.push('-layouts');
  if (opts.rewrites) args.push('-rewrites');
  if (opts.checks?.length) args.push(`-checks=${opts.checks.join(',')}`);
  if (opts.overlay) args.push('-overlay', opts.overlay);
  if (opts.depsExport) args.push('-depsexport');
  if (opts.callRoots?.length) args.push(`-callroots=${opts.callRoots.join(',')}`);
  args.push('--', ...opts.patterns);
  let bad: Error | undefined;
  let lineNo = 0;
  const r = await run(bin, args, {
    cwd: opts.dir,
    env: opts.env,
    signal: opts.signal,
    onStdoutLine: (line) => {
      lineNo++;
      if (!line || bad) return;
      // After a header of another protocol nothing is read: checkHelperStream says which side is stale.
      const first = records[0];
      if (first?.kind === 'header' && first.protocol !== HELPER_PROTOCOL) return;
      try {
        records.push(parseHelperLine(line));
        if (records.length === 1) opts.onHeader?.();
      } catch (e) {
        // one line: what was wrong, and where in the output
        bad = e instanceof ProtocolError ? new ToolchainError(`${e.message} (output line ${lineNo})`) : (e as Error);
      }
    },
  });
  if (r.exitCode !== 0) throw new UserError(firstLine(r.stderr).replace(/^ifacelens-helper: /, '') || `helper exited with status ${r.exitCode}`);
  if (bad) throw bad;
  checkHelperStream(records);
  return records;
}

/**
 * Checks a whole helper stream: a header of this protocol first, a `done` record last whose
 * counts are the package, function and site records before it. Throws a ToolchainError with
 * one line saying what is wrong.
 */
export function checkHelperStream(records: HelperRecord[]): void {
  const header = records[0];
  if (header?.kind !== 'header') throw new ToolchainError('helper: output does not start with a header');
  if (header.protocol !== HELPER_PROTOCOL) {
    throw new ToolchainError(
      header.protocol < HELPER_PROTOCOL
        ? `helper speaks protocol ${header.protocol}, this ifacelens needs ${HELPER_PROTOCOL}: the cached helper is stale (remove ${cacheDir()})`
        : `helper speaks protocol ${header.protocol}, newer than this ifacelens (${HELPER_PROTOCOL}): update ifacelens`,
    );
  }
  const done = records[records.length - 1];
  if (done.kind !== 'done') {
    const at = records.findIndex((x) => x.kind === 'done');
    throw new ToolchainError(
      at < 0
        ? `helper: output ended without its done record after ${records.length} records (truncated)`
        : `helper: ${records.length - 1 - at} records after the done record`,
    );
  }
  let packages = 0,
    functions = 0,
    sites = 0;
  for (const x of records) {
    if (x.kind === 'package') packages++;
    else if (x.kind === 'function') functions++;
    else if (x.kind === 'site') sites++;
  }
  if (packages !== done.packages || functions !== done.functions || sites !== done.sites) {
    throw new ToolchainError(
      `helper: output truncated: its done record counts ${done.packages} packages, ${done.functions} functions, ${done.sites} sites; received ${packages}, ${functions}, ${sites}`,
    );
  }
}

/**
 * Creates a directory and its missing parents one by one: Node's recursive mkdir loops forever
 * (at 100% CPU, deaf to Ctrl-C) on some paths, such as one under /proc. One clear line on failure.
 */
export function ensureDir(dir: string): void {
  const abs = resolve(dir);
  const parts = abs.split(sep).filter(Boolean);
  let cur: string = sep;
  for (const p of parts) {
    cur = join(cur, p);
    let st: Stats | undefined;
    try {
      st = statSync(cur);
    } catch {
      st = undefined;
    }
    if (st?.isDirectory()) continue;
    if (st) throw new UserError(`cannot use ${abs} as the helper cache: ${cur} is not a directory (set IFACELENS_CACHE to a writable directory)`);
    try {
      mkdirSync(cur);
    } catch (e) {
      throw new UserError(`cannot create the helper cache ${abs}: ${cur}: ${errnoText(e)} (set IFACELENS_CACHE to a writable directory)`);
    }
  }
}
