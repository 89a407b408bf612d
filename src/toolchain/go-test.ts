// Runs `go test` with generated test files added through -overlay: nothing is written into the
// user's tree; the generated files and outputs live in a temp dir removed afterwards.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, type RunResult } from './go-command.js';
import { tempDir } from './workspace.js';

export interface GoTestOptions {
  dir: string;
  env: NodeJS.ProcessEnv;
  tags?: string;
  /** absolute path the go command should see → file contents */
  files?: Map<string, string>;
  args: string[];
  timeoutMs?: number;
  /** stops the go command (AbortedError) */
  signal?: AbortSignal;
}

/** Creates a temp work dir for one measurement (removed at exit or on Ctrl-C). */
export function measureDir(): string {
  return tempDir('ifacelens-measure-');
}

export async function goTest(work: string, opts: GoTestOptions): Promise<RunResult> {
  const args = ['test'];
  if (opts.files?.size) {
    const replace: Record<string, string> = {};
    let i = 0;
    for (const [path, text] of opts.files) {
      const f = join(work, `overlay${i++}.go`);
      writeFileSync(f, text);
      replace[path] = f;
    }
    const overlay = join(work, 'overlay.json');
    writeFileSync(overlay, JSON.stringify({ Replace: replace }));
    args.push(`-overlay=${overlay}`);
  }
  if (opts.tags) args.push('-tags', opts.tags);
  args.push(...opts.args);
  return run('go', args, { cwd: opts.dir, env: opts.env, timeoutMs: opts.timeoutMs, signal: opts.signal });
}

/** Runs a test binary built with `go test -c` in `cwd` (the package directory, as go test does). */
export async function runTestBinary(
  exe: string,
  opts: { cwd: string; env: NodeJS.ProcessEnv; args: string[]; timeoutMs?: number; signal?: AbortSignal },
): Promise<RunResult> {
  return run(exe, opts.args, { cwd: opts.cwd, env: opts.env, timeoutMs: opts.timeoutMs, signal: opts.signal });
}

/** `go vet` or `go test` of packages with an -overlay file (the proof of a fix: its sources replaced). */
export async function goWithOverlay(
  sub: 'vet' | 'test' | 'build',
  opts: { dir: string; env: NodeJS.ProcessEnv; tags?: string; overlay?: string; args: string[]; timeoutMs?: number; signal?: AbortSignal },
): Promise<RunResult> {
  const args: string[] = [sub];
  if (opts.overlay) args.push(`-overlay=${opts.overlay}`);
  if (opts.tags) args.push('-tags', opts.tags);
  args.push(...opts.args);
  return run('go', args, { cwd: opts.dir, env: opts.env, timeoutMs: opts.timeoutMs, signal: opts.signal, maxStdoutBytes: 16 << 20, maxStderrBytes: 1 << 20 });
}
