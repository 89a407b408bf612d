// What the user's Go toolchain is, and whether a requested target is one it knows.
import { run } from './go-command.js';
import { ToolchainError, UserError } from './errors.js';

export interface GoEnv {
  /** e.g. "go1.26.8" */
  version: string;
  goroot: string;
  goos: string;
  goarch: string;
  /** absolute path of the main module's go.mod, "" outside a module */
  gomod: string;
  goexperiment: string;
  /** GOFLAGS as the go command sees it (the environment, else `go env -w`) */
  goflags: string;
  /** Environment to pass to every go command and the helper: GOARCH/GOOS forced to the target. */
  env: NodeJS.ProcessEnv;
}

export interface TargetOptions {
  dir: string;
  goarch?: string;
  goos?: string;
}

/** Reads `go env` for the target; validates GOARCH/GOOS against `go tool dist list`. */
export async function goEnv(opts: TargetOptions): Promise<GoEnv> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (opts.goarch) env.GOARCH = opts.goarch;
  if (opts.goos) env.GOOS = opts.goos;
  // The module cache and build cache stay the user's; CGO off keeps cross-GOARCH builds working.
  if (opts.goarch && opts.goarch !== process.env.GOARCH) env.CGO_ENABLED = env.CGO_ENABLED ?? '0';
  if (opts.goarch || opts.goos) {
    const list = await run('go', ['tool', 'dist', 'list'], { cwd: opts.dir, env: process.env });
    if (list.exitCode !== 0) throw new ToolchainError(`go tool dist list failed: ${firstLine(list.stderr)}`);
    const pairs = new Set(list.stdout.split('\n').map((s) => s.trim()).filter(Boolean));
    const arches = new Set([...pairs].map((p) => p.split('/')[1]));
    const oses = new Set([...pairs].map((p) => p.split('/')[0]));
    if (opts.goarch && !arches.has(opts.goarch)) {
      throw new UserError(`unknown GOARCH "${opts.goarch}" (go tool dist list knows: ${[...arches].sort().join(', ')})`);
    }
    if (opts.goos && !oses.has(opts.goos)) {
      throw new UserError(`unknown GOOS "${opts.goos}"`);
    }
  }
  const r = await run('go', ['env', '-json', 'GOVERSION', 'GOROOT', 'GOOS', 'GOARCH', 'GOMOD', 'GOEXPERIMENT', 'GOFLAGS'], { cwd: opts.dir, env });
  if (r.exitCode !== 0) throw new ToolchainError(`go env: ${firstLine(r.stderr)}`);
  const j = JSON.parse(r.stdout) as Record<string, string>;
  const goos = j.GOOS, goarch = j.GOARCH;
  if (opts.goos && opts.goarch) {
    const list = await run('go', ['tool', 'dist', 'list'], { cwd: opts.dir, env: process.env });
    if (!list.stdout.split('\n').includes(`${goos}/${goarch}`)) throw new UserError(`unsupported target ${goos}/${goarch}`);
  }
  return {
    version: j.GOVERSION,
    goroot: j.GOROOT,
    goos,
    goarch,
    gomod: j.GOMOD === '/dev/null' || j.GOMOD === 'NUL' ? '' : j.GOMOD,
    goexperiment: j.GOEXPERIMENT ?? '',
    goflags: j.GOFLAGS ?? '',
    env: { ...env, GOARCH: goarch, GOOS: goos },
  };
}

export function firstLine(s: string): string {
  return s.split('\n').map((l) => l.trim()).filter(Boolean)[0] ?? '';
}
