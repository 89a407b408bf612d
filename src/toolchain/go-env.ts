// What the user's Go toolchain is, and whether a requested target is one it knows.
import { statSync, type Stats } from 'node:fs';
import { run } from './go-command.js';
import { ToolchainError, UserError } from './errors.js';
import { tempDir } from './workspace.js';

export interface GoEnv {
  /** e.g. "go1.26.8" */
  version: string;
  goroot: string;
  goos: string;
  goarch: string;
  /** absolute path of the main module's go.mod, "" outside a module */
  gomod: string;
  goexperiment: string;
  /** GOFLAGS as ifacelens's go commands get it: the user's (the environment, else `go env -w`) without the flags in ignoredGoflags */
  goflags: string;
  /** flags of the user's GOFLAGS that ifacelens's go commands do not get (said once on stderr) */
  ignoredGoflags: string[];
  /** Environment to pass to every go command and the helper: GOARCH/GOOS forced to the target. */
  env: NodeJS.ProcessEnv;
}

export interface TargetOptions {
  dir: string;
  goarch?: string;
  goos?: string;
  /** the Go release every go command runs (GOTOOLCHAIN in their environment only: go1.24.13, or
   *  local for the go on PATH); undefined: the user's go as set up */
  toolchain?: string;
}

/**
 * The GOARCHes whose -S listings ifacelens reads: the call forms of each are recognised by
 * `readInstruction` (parse/gcflags-asm.ts), recorded in testdata/gc/go1.26/calls.*.S.txt, and
 * compared across `go tool dist list` by test/targets.test.ts (docs/targets.md). A GOARCH that a
 * newer Go adds is refused until its listing is known: an unrecognised call would make an
 * allocation look free.
 */
export const READABLE_GOARCHES: readonly string[] = [
  '386',
  'amd64',
  'arm',
  'arm64',
  'loong64',
  'mips',
  'mips64',
  'mips64le',
  'mipsle',
  'ppc64',
  'ppc64le',
  'riscv64',
  's390x',
  'wasm',
];

/** Why ifacelens refuses a GOARCH that `go tool dist list` offers, or undefined when it reads it. */
export function goarchRefusal(goarch: string): string | undefined {
  if (READABLE_GOARCHES.includes(goarch)) return undefined;
  return `GOARCH ${goarch} is not supported: ifacelens does not know how calls look in its assembly listing, so it could not tell allocating conversions from free ones (it reads ${READABLE_GOARCHES.join(', ')})`;
}

/**
 * The go command's refusal to link a main package for a target that links only through an
 * external C linker (android/386, android/amd64, android/arm, ios/amd64, ios/arm64) while cgo is
 * off, as one line that says what to do; undefined for any other line.
 */
export function externalLinkingError(line: string, goos: string, goarch: string): string | undefined {
  if (!/requires external \(cgo\) linking, but cgo is not enabled/.test(line)) return undefined;
  const cc = goos === 'android' ? "the Android NDK's clang" : goos === 'ios' ? "Xcode's clang" : 'a C compiler for the target';
  return `cannot build main packages for ${goos}/${goarch} with cgo off (${line.replace(/^go: /, '').trim()}): set CGO_ENABLED=1 and CC to ${cc}, or analyse only non-main packages`;
}

/**
 * Why a pattern matched nothing (or a package had no files) under a cross build: cross builds run
 * with cgo off, and a package whose Go files all import "C" then has none left. Asks `go list`
 * with cgo on; undefined when cgo is not the reason.
 */
export async function cgoOnlyError(env: GoEnv, dir: string, patterns: string[], tags?: string): Promise<string | undefined> {
  if (env.env.CGO_ENABLED !== '0') return undefined;
  const args = ['list', '-e', '-f', '{{.ImportPath}}\t{{len .GoFiles}}\t{{len .CgoFiles}}'];
  if (tags) args.push('-tags', tags);
  const r = await run('go', [...args, '--', ...patterns], { cwd: dir, env: { ...env.env, CGO_ENABLED: '1' }, timeoutMs: 60_000 });
  if (r.exitCode !== 0 && !r.stdout) return undefined;
  const cgoOnly = r.stdout
    .split('\n')
    .map((l) => l.split('\t'))
    .filter((f) => f.length === 3 && f[1] === '0' && Number(f[2]) > 0)
    .map((f) => f[0]);
  if (cgoOnly.length === 0) return undefined;
  const what = cgoOnly.length === 1 ? `package ${cgoOnly[0]} has` : `packages ${cgoOnly.slice(0, 3).join(', ')}${cgoOnly.length > 3 ? ', …' : ''} have`;
  return `${what} only cgo files, and cgo is off when cross-compiling to ${env.goos}/${env.goarch}: set CGO_ENABLED=1 and CC to a C compiler for the target, or analyse for this machine's GOARCH`;
}

/** Reads `go env` for the target; validates GOARCH/GOOS against `go tool dist list`. */
export async function goEnv(opts: TargetOptions): Promise<GoEnv> {
  requireDirectory(opts.dir);
  if (opts.toolchain !== undefined) checkToolchainName(opts.toolchain);
  // A requested release is fetched by the go command itself (GOTOOLCHAIN, through the module proxy
  // into the module cache), for ifacelens's go commands only.
  const base: NodeJS.ProcessEnv = opts.toolchain ? { ...process.env, GOTOOLCHAIN: opts.toolchain } : process.env;
  const failed = (what: string, stderr: string) =>
    (opts.toolchain ? toolchainFetchError(opts.toolchain, stderr) : undefined) ??
    toolchainSwitchError(stderr) ??
    new ToolchainError(`${what}: ${firstLine(stderr)}`);
  const env: NodeJS.ProcessEnv = { ...base };
  if (opts.goarch) env.GOARCH = opts.goarch;
  if (opts.goos) env.GOOS = opts.goos;
  // The module cache and build cache stay the user's. Cross builds run with cgo off unless the user
  // set CGO_ENABLED (and a CC for the target): no C cross-compiler is needed to compile Go code.
  if ((opts.goarch && opts.goarch !== process.env.GOARCH) || (opts.goos && opts.goos !== process.env.GOOS)) env.CGO_ENABLED = env.CGO_ENABLED || '0';
  let pairs: Set<string> | undefined;
  if (opts.goarch || opts.goos) {
    const list = await run('go', ['tool', 'dist', 'list'], { cwd: opts.dir, env: base });
    if (list.exitCode !== 0) throw failed('go tool dist list failed', list.stderr);
    pairs = new Set(
      list.stdout
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean),
    );
    const arches = new Set([...pairs].map((p) => p.split('/')[1]));
    const oses = new Set([...pairs].map((p) => p.split('/')[0]));
    if (opts.goarch && !arches.has(opts.goarch)) {
      throw new UserError(`unknown GOARCH "${opts.goarch}" (go tool dist list knows: ${[...arches].sort().join(', ')})`);
    }
    if (opts.goos && !oses.has(opts.goos)) {
      throw new UserError(`unknown GOOS "${opts.goos}"`);
    }
  }
  const r = await run('go', ['env', '-json', 'GOVERSION', 'GOROOT', 'GOOS', 'GOARCH', 'GOMOD', 'GOWORK', 'GOEXPERIMENT', 'GOFLAGS'], { cwd: opts.dir, env });
  if (r.exitCode !== 0) throw failed('go env', r.stderr);
  const j = JSON.parse(r.stdout) as Record<string, string>;
  const goos = j.GOOS,
    goarch = j.GOARCH;
  // Also when GOARCH comes from the user's environment or go env -w rather than --goarch.
  const refusal = goarchRefusal(goarch);
  if (refusal) throw new UserError(refusal);
  if (pairs && !pairs.has(`${goos}/${goarch}`)) {
    const same = [...pairs].filter((p) => p.startsWith(`${goos}/`)).map((p) => p.slice(goos.length + 1));
    throw new UserError(`unsupported target ${goos}/${goarch} (go tool dist list offers ${goos} on ${same.sort().join(', ')})`);
  }
  const flags = sanitizeGoflags(j.GOFLAGS ?? '');
  if (opts.toolchain && j.GOMOD && j.GOMOD !== '/dev/null' && j.GOMOD !== 'NUL') {
    // go env answers whatever go.mod asks for; go list -m refuses a module that needs a newer go
    const m = await run('go', ['list', '-m'], { cwd: opts.dir, env });
    if (m.exitCode !== 0) throw failed('go list -m', m.stderr);
  }
  return {
    version: j.GOVERSION,
    goroot: j.GOROOT,
    goos,
    goarch,
    // a go.work root (GOMOD is /dev/null there) is module mode too: its modules' packages build
    gomod: j.GOMOD === '/dev/null' || j.GOMOD === 'NUL' ? (j.GOWORK && j.GOWORK !== 'off' ? j.GOWORK : '') : j.GOMOD,
    goexperiment: j.GOEXPERIMENT ?? '',
    goflags: flags.kept,
    ignoredGoflags: flags.ignored,
    // Every go command ifacelens runs gets the kept flags only (the environment's GOFLAGS
    // overrides the go env file's).
    // A private GOTMPDIR under this run's temp dir: the go-build* directories the go command
    // leaves when it is interrupted are removed with it, on every exit path.
    env: { ...env, GOARCH: goarch, GOOS: goos, GOFLAGS: flags.kept, GOTMPDIR: tempDir('ifacelens-gotmp-') },
  };
}

/**
 * The user's GOFLAGS, split into what ifacelens's go commands keep (settings that change what is
 * built: tags, -mod=vendor/readonly, -race, -trimpath, -pgo, …) and what they ignore: flags that
 * write into the tree (-mod=mod rewrites go.mod), change the output ifacelens reads (-n, -x,
 * -json, -v, -work) or that ifacelens sets itself (-gcflags, -o, -C).
 */
export function sanitizeGoflags(goflags: string): { kept: string; ignored: string[] } {
  const kept: string[] = [];
  const ignored: string[] = [];
  for (const f of goflags.split(/\s+/).filter(Boolean)) {
    const [name, value] = f.replace(/^--/, '-').split('=', 2);
    const drop =
      ['-n', '-x', '-json', '-v', '-work', '-a', '-gcflags', '-o', '-C', '-toolexec', '-overlay', '-cover', '-coverpkg', '-covermode'].includes(name) ||
      (name === '-mod' && value === 'mod') ||
      name === '-modfile';
    (drop ? ignored : kept).push(f);
  }
  return { kept: kept.join(' '), ignored };
}

export function firstLine(s: string): string {
  return (
    s
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)[0] ?? ''
  );
}

/**
 * A go.mod whose go or toolchain line asks for a newer Go: with GOTOOLCHAIN=auto the go command
 * tries to download it (and says only "downloading go1.99.0" before failing); with local it
 * refuses. Say what happened and what to do, in one line.
 */
export function toolchainSwitchError(stderr: string): UserError | undefined {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const dl = lines.map((l) => /^go: downloading (go[\d.]+\S*)/.exec(l)).find(Boolean);
  if (dl) {
    const why = lines.find((l) => /^go: download go/.test(l))?.replace(/^go: /, '') ?? lines[lines.length - 1].replace(/^go: /, '');
    return new UserError(
      `the module asks for ${dl[1]} (the go or toolchain line of its go.mod) and the go command could not download it (${why}): install ${dl[1]}, or set GOTOOLCHAIN=local to try your own Go`,
    );
  }
  const pinned = lines.map((l) => /requires go >= ([\d.]+\S*) \(running go ([\d.]+\S*); GOTOOLCHAIN=(go\S+)\)/.exec(l)).find(Boolean);
  if (pinned) {
    return new UserError(
      `the module requires go ${pinned[1]} or newer (its go.mod) and the toolchain asked for is ${pinned[3]}: use a release of go ${pinned[1]} or newer`,
    );
  }
  const req = lines.map((l) => /requires go >= ([\d.]+\S*) \(running go ([\d.]+\S*); GOTOOLCHAIN=local\)/.exec(l)).find(Boolean);
  if (req) {
    return new UserError(
      `the module requires go ${req[1]} or newer (its go.mod) and this is go ${req[2]} with GOTOOLCHAIN=local: install Go ${req[1]}, or set GOTOOLCHAIN=auto to let the go command fetch it`,
    );
  }
  return undefined;
}

/** The release of the go on PATH as the user runs it (it builds the helper): `go env GOVERSION`. */
export async function hostGoVersion(dir: string): Promise<string> {
  const r = await run('go', ['env', 'GOVERSION'], { cwd: dir, env: process.env });
  if (r.exitCode !== 0) throw toolchainSwitchError(r.stderr) ?? new ToolchainError(`go env: ${firstLine(r.stderr)}`);
  return r.stdout.trim();
}

/** A toolchain name the go command's GOTOOLCHAIN takes for one release: go1.N.P, go1.NrcR, or local. */
export function checkToolchainName(name: string): void {
  if (name === 'local' || /^go1\.\d+(\.\d+|rc\d+)$/.test(name)) return;
  const hint = /^go1\.\d+$/.test(name) ? ` (${name} is a language version; a release is ${name}.0 or later)` : /^\d/.test(name) ? ` (go${name}?)` : '';
  throw new UserError(`"${name}" is not a Go release: name one as go1.26.0 (or local for the go on PATH)${hint}`);
}

/**
 * A requested release the go command could not fetch (GOTOOLCHAIN=goX): no such release on the
 * module proxy, or no network to it, as one line; undefined when that is not what went wrong.
 */
export function toolchainFetchError(toolchain: string, stderr: string): UserError | undefined {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const dl = lines.find((l) => l.startsWith(`go: download ${toolchain}`));
  if (!dl) return undefined;
  if (/\b(403|404|410)\b|unknown revision/.test(stderr)) {
    return new UserError(`Go toolchain ${toolchain} does not exist: the module proxy has no ${toolchain} for this machine (releases: go.dev/dl)`);
  }
  // "toolchain not available" without the proxy's answer: GOPROXY=off, or a proxy that lacks it
  return new UserError(`cannot fetch Go toolchain ${toolchain} (${dl.replace(/^go: /, '')}): check that it is a release (go.dev/dl), GOPROXY and the network`);
}

/** -C names a directory that exists, or one clear line (spawning in it would fail obscurely). */
export function requireDirectory(dir: string): void {
  let st: Stats | undefined;
  try {
    st = statSync(dir);
  } catch {
    throw new UserError(`-C ${dir}: no such directory`);
  }
  if (!st.isDirectory()) throw new UserError(`-C ${dir}: not a directory`);
}
