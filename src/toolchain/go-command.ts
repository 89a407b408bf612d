// The only module that starts processes. Everything else receives RunResult records.
import { spawn } from 'node:child_process';
import { AbortedError, ToolchainError } from './errors.js';

/** The outcome of one process run. A non-zero exit is a result, not an exception. */
export interface RunResult {
  /** exactly what ran, for --verbose and bug reports */
  argv: string[];
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Called for each complete stderr line instead of buffering stderr (for huge -S output). */
  onStderrLine?: (line: string) => void;
  /** Called for each complete stdout line instead of buffering stdout. */
  onStdoutLine?: (line: string) => void;
  /** Called with raw stderr bytes instead of buffering stderr (for scanners that decode little). */
  onStderrData?: (chunk: Buffer) => void;
  /** Stops the process (and the processes it started) and rejects with AbortedError. */
  signal?: AbortSignal;
}

const live = new Set<import('node:child_process').ChildProcess>();

/** Kills every child still running; used by the SIGINT handler before temp dirs are removed. */
export function killAllChildren(): void {
  for (const c of live) {
    // Each child leads its own process group, so the compiler processes `go` started die too.
    try { if (c.pid) process.kill(-c.pid, 'SIGKILL'); } catch { /* already gone */ }
    try { c.kill('SIGKILL'); } catch { /* already gone */ }
  }
}

/** Runs a command; throws ToolchainError only when it cannot be started at all. */
export function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(new AbortedError());
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    live.add(child);
    const onAbort = () => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { child.kill('SIGKILL'); } };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = opts.timeoutMs
      ? setTimeout(() => { timedOut = true; try { process.kill(-child.pid!, 'SIGKILL'); } catch { child.kill('SIGKILL'); } }, opts.timeoutMs)
      : undefined;
    const lineSplitter = (cb: (l: string) => void) => {
      let rest = '';
      return {
        push(chunk: string) {
          rest += chunk;
          let i: number;
          while ((i = rest.indexOf('\n')) >= 0) {
            cb(rest.slice(0, i));
            rest = rest.slice(i + 1);
          }
        },
        end() { if (rest) cb(rest); rest = ''; },
      };
    };
    const outLines = opts.onStdoutLine ? lineSplitter(opts.onStdoutLine) : undefined;
    const errLines = opts.onStderrLine ? lineSplitter(opts.onStderrLine) : undefined;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => { if (outLines) outLines.push(d); else stdout += d; });
    if (opts.onStderrData) {
      child.stderr.on('data', opts.onStderrData);
    } else {
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (d: string) => { if (errLines) errLines.push(d); else stderr += d; });
    }
    child.on('error', (err: NodeJS.ErrnoException) => {
      live.delete(child);
      opts.signal?.removeEventListener('abort', onAbort);
      if (timer) clearTimeout(timer);
      if (err.code === 'ENOENT') {
        reject(new ToolchainError(`${cmd}: command not found on PATH`));
      } else {
        reject(new ToolchainError(`${cmd}: ${err.message}`));
      }
    });
    child.on('close', (code, signal) => {
      live.delete(child);
      opts.signal?.removeEventListener('abort', onAbort);
      if (timer) clearTimeout(timer);
      if (opts.signal?.aborted) return reject(new AbortedError());
      outLines?.end();
      errLines?.end();
      resolve({
        argv: [cmd, ...args],
        exitCode: code ?? (signal ? 128 : 1),
        stdout,
        stderr,
        durationMs: Date.now() - start,
        timedOut,
      });
    });
  });
}
