// The only module that starts processes. Everything else receives RunResult records.
import { spawn, type ChildProcess } from 'node:child_process';
import { AbortedError, ToolchainError } from './errors.js';

/** The outcome of one process run. A non-zero exit is a result, not an exception. */
export interface RunResult {
  /** exactly what ran, for --verbose and bug reports */
  argv: string[];
  exitCode: number;
  /** the signal that ended it, if one did */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
  /** stdout went beyond maxStdoutBytes and the process was stopped (stdout holds what came before) */
  outputCapped: boolean;
}

/** Kernel limits for the process and everything it starts (`ulimit`; where the shell has one). */
export interface ResourceLimits {
  /** virtual memory per process, KiB (ulimit -v) */
  memoryKiB?: number;
  /** largest file it may write, 512-byte blocks (ulimit -f) */
  fileBlocks?: number;
  /** CPU seconds per process (ulimit -t) */
  cpuSeconds?: number;
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
  /** buffered stdout beyond which the process is stopped (outputCapped) */
  maxStdoutBytes?: number;
  /** buffered stderr kept (the rest is dropped; the process goes on) */
  maxStderrBytes?: number;
  limits?: ResourceLimits;
  /** stop with SIGTERM first, SIGKILL this long after (default: SIGKILL at once) */
  graceMs?: number;
  /** give the process a stdin pipe that stays open while this process lives: the child reads
   *  end-of-file when we die, even by SIGKILL (the playground's workers stop on it) */
  holdStdin?: boolean;
}

/** Children still running, and whether each stops gracefully (SIGTERM: it cleans up after itself). */
const live = new Map<ChildProcess, boolean>();

/** Stops every child still running; used by the SIGINT handler before temp dirs are removed. */
export function killAllChildren(): void {
  for (const [c, graceful] of live) {
    // Each child leads its own process group, so the compiler processes `go` started die too. A
    // graceful child (a playground worker) gets SIGTERM: its handler stops its own go processes,
    // which lead process groups of their own.
    const sig = graceful ? 'SIGTERM' : 'SIGKILL';
    try {
      if (c.pid) process.kill(-c.pid, sig);
    } catch {
      /* already gone */
    }
    try {
      c.kill(sig);
    } catch {
      /* already gone */
    }
  }
}

/** The argv that applies `limits` and then execs cmd (a shell's ulimit; limits it cannot set are skipped). */
function limited(cmd: string, args: string[], l: ResourceLimits): [string, string[]] {
  const parts: string[] = [];
  if (l.memoryKiB) parts.push(`ulimit -v ${Math.floor(l.memoryKiB)} 2>/dev/null;`);
  if (l.fileBlocks) parts.push(`ulimit -f ${Math.floor(l.fileBlocks)} 2>/dev/null;`);
  if (l.cpuSeconds) parts.push(`ulimit -t ${Math.ceil(l.cpuSeconds)} 2>/dev/null;`);
  return ['/bin/sh', ['-c', `${parts.join(' ')} exec "$@"`, 'sh', cmd, ...args]];
}

/** Runs a command; throws ToolchainError only when it cannot be started at all (AbortedError when aborted). */
export function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(new AbortedError());
    const [file, argv] = opts.limits ? limited(cmd, args, opts.limits) : [cmd, args];
    const child = spawn(file, argv, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: [opts.holdStdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      detached: true,
    });
    live.set(child, !!opts.graceMs);
    child.stdin?.on('error', () => {
      /* the child has gone */
    });
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      const kill = (sig: NodeJS.Signals) => {
        try {
          process.kill(-child.pid!, sig);
        } catch {
          try {
            child.kill(sig);
          } catch {
            /* gone */
          }
        }
      };
      if (!opts.graceMs) return kill('SIGKILL');
      kill('SIGTERM');
      setTimeout(() => kill('SIGKILL'), opts.graceMs).unref();
    };
    const onAbort = () => stop();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    let stdout = '';
    let stdoutBytes = 0;
    let stderr = '';
    let timedOut = false;
    let outputCapped = false;
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          stop();
        }, opts.timeoutMs)
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
        end() {
          if (rest) cb(rest);
          rest = '';
        },
      };
    };
    const outLines = opts.onStdoutLine ? lineSplitter(opts.onStdoutLine) : undefined;
    const errLines = opts.onStderrLine ? lineSplitter(opts.onStderrLine) : undefined;
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (d: string) => {
      if (outLines) return outLines.push(d);
      if (outputCapped) return;
      stdoutBytes += Buffer.byteLength(d);
      if (opts.maxStdoutBytes !== undefined && stdoutBytes > opts.maxStdoutBytes) {
        outputCapped = true;
        return stop();
      }
      stdout += d;
    });
    if (opts.onStderrData) {
      child.stderr!.on('data', opts.onStderrData);
    } else {
      child.stderr!.setEncoding('utf8');
      child.stderr!.on('data', (d: string) => {
        if (errLines) return errLines.push(d);
        if (opts.maxStderrBytes === undefined || stderr.length < opts.maxStderrBytes) stderr += d;
      });
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
        signal,
        stdout,
        stderr: opts.maxStderrBytes !== undefined ? stderr.slice(0, opts.maxStderrBytes) : stderr,
        durationMs: Date.now() - start,
        timedOut,
        outputCapped,
      });
    });
  });
}
