// The playground: snippets analysed one at a time, each in a fresh temporary module and a child
// process with limits on time, memory, file size and output; results cached by source hash.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeTemp, tempDir } from '../toolchain/workspace.js';
import { trimGoCache } from '../toolchain/go-cache.js';
import { Serial } from './serial.js';
import { run, type RunResult } from '../toolchain/go-command.js';
import { AbortedError } from '../toolchain/errors.js';
import type { PlaygroundResponse } from '../contract/index.js';
import { SUPPLIED_MAIN_FILE } from './playground-worker.js';

export class PlaygroundRefused extends Error {
  constructor(
    readonly status: 400 | 413 | 429,
    message: string,
  ) {
    super(message);
  }
}

export interface PlaygroundOptions {
  /** e.g. go1.26.8: the snippet module's go line */
  goVersion: string;
  defaultGoarch: string;
  goarches: string[];
  maxSourceBytes?: number;
  timeoutMs?: number;
  /** virtual memory per process of the analysis (ulimit -v), MiB */
  memoryMiB?: number;
  /** largest stdout the worker may write */
  maxOutputBytes?: number;
  /** snippets waiting for their turn beyond which requests are refused */
  maxPending?: number;
  cacheEntries?: number;
  /** bytes of results the in-memory cache keeps at most (JSON size); larger results are not kept */
  cacheBytes?: number;
  /** the snippets' own Go build cache (never the user's GOCACHE), trimmed after each build */
  goCacheDir?: string;
  /** the size goCacheDir is trimmed to after each build */
  goCacheBytes?: number;
  /** the worker script (tests substitute misbehaving ones) */
  workerPath?: string;
}

type Result = Omit<PlaygroundResponse, 'cached'>;
type Built = { result: Result; cacheable: boolean };
interface Cached {
  result: Result;
  bytes: number;
}
interface Job {
  interested: number;
  promise: Promise<Built>;
  cancel: AbortController;
}

const workerPath = fileURLToPath(new URL('./playground-worker.js', import.meta.url));

export class Playground {
  readonly maxSourceBytes: number;
  readonly timeoutMs: number;
  private readonly cache = new Map<string, Cached>();
  private cachedBytes = 0;
  private readonly inflight = new Map<string, Job>();
  private readonly serial = new Serial();
  /** temp dirs of runs in progress (tests and shutdown look at it) */
  readonly live = new Set<string>();

  constructor(private readonly o: PlaygroundOptions) {
    this.maxSourceBytes = o.maxSourceBytes ?? 64 * 1024;
    this.timeoutMs = o.timeoutMs ?? 20_000;
  }

  /** Validates a request body and analyses it (or answers from the cache). */
  async analyze(body: unknown, signal?: AbortSignal): Promise<PlaygroundResponse> {
    if (typeof body !== 'object' || body === null) throw new PlaygroundRefused(400, 'want a JSON object {source, goarch}');
    const { source, goarch: ga } = body as { source?: unknown; goarch?: unknown };
    if (typeof source !== 'string') throw new PlaygroundRefused(400, 'source must be a string');
    if (Buffer.byteLength(source) > this.maxSourceBytes) throw new PlaygroundRefused(413, `source larger than ${this.maxSourceBytes} bytes`);
    const goarch = ga === undefined || ga === null || ga === '' ? this.o.defaultGoarch : ga;
    if (typeof goarch !== 'string' || !this.o.goarches.includes(goarch)) throw new PlaygroundRefused(400, `unknown GOARCH ${JSON.stringify(goarch)}`);
    const key = createHash('sha256').update(goarch).update('\0').update(source).digest('hex');
    const hit = this.cache.get(key);
    if (hit) {
      // refresh its place in the LRU order
      this.cache.delete(key);
      this.cache.set(key, hit);
      return { ...hit.result, cached: true };
    }
    let job = this.inflight.get(key);
    if (!job) {
      if (this.serial.waiting >= (this.o.maxPending ?? 8)) throw new PlaygroundRefused(429, 'too many snippets waiting; try again');
      const j: Job = { interested: 0, promise: undefined as unknown as Promise<Built>, cancel: new AbortController() };
      j.promise = this.serial.run(async () => {
        // Everyone who asked has gone (the page sent a newer snippet): skip the build.
        if (j.interested === 0) throw new PlaygroundRefused(400, 'request aborted');
        return this.build(source, goarch, this.timeoutMs, j.cancel.signal);
      });
      j.promise
        .then(
          (r) => {
            if (r.cacheable) this.remember(key, r.result);
          },
          () => undefined,
        )
        .finally(() => {
          if (this.inflight.get(key) === j) this.inflight.delete(key);
        });
      this.inflight.set(key, (job = j));
    }
    const j = job;
    j.interested++;
    let counted = true;
    // the last requester gone: the build in progress is stopped (its worker killed)
    const drop = () => {
      if (!counted) return;
      counted = false;
      if (--j.interested === 0) {
        j.cancel.abort();
        if (this.inflight.get(key) === j) this.inflight.delete(key);
      }
    };
    signal?.addEventListener('abort', drop, { once: true });
    try {
      const r = await j.promise;
      return { ...r.result, cached: false };
    } finally {
      signal?.removeEventListener('abort', drop);
      if (counted) {
        counted = false;
        j.interested--;
      }
    }
  }

  private remember(key: string, result: Result): void {
    // Bounded by entries and by bytes: one snippet's answer can be megabytes of assembly.
    const maxBytes = this.o.cacheBytes ?? 64 << 20;
    const bytes = Buffer.byteLength(JSON.stringify(result));
    if (bytes > maxBytes / 4) return;
    const old = this.cache.get(key);
    if (old) {
      this.cache.delete(key);
      this.cachedBytes -= old.bytes;
    }
    this.cache.set(key, { result, bytes });
    this.cachedBytes += bytes;
    const max = this.o.cacheEntries ?? 64;
    while (this.cache.size > max || this.cachedBytes > maxBytes) {
      const [k, v] = this.cache.entries().next().value!;
      this.cache.delete(k);
      this.cachedBytes -= v.bytes;
    }
  }

  /** What the result cache holds (tests, and the load test's memory bound). */
  cacheUsage(): { entries: number; bytes: number } {
    return { entries: this.cache.size, bytes: this.cachedBytes };
  }

  /**
   * Compiles a snippet importing the packages snippets use most, so that the first real snippet
   * does not pay for compiling them into a cold build cache. Queued like any snippet.
   */
  warm(goarch = this.o.defaultGoarch): Promise<void> {
    return this.serial
      .run(() => this.build(WARM_SNIPPET, goarch, 120_000))
      .then(
        () => undefined,
        () => undefined,
      );
  }

  private async build(source: string, goarch: string, timeoutMs = this.timeoutMs, signal?: AbortSignal): Promise<Built> {
    const started = Date.now();
    const dir = tempDir('ifacelens-play-');
    this.live.add(dir);
    try {
      const goLine = /^go(\d+\.\d+)/.exec(this.o.goVersion)?.[1] ?? '1.25';
      // Module path "main": the linker names a main package's symbols main.X, and so go/types'
      // names agree with the compiler's (type descriptors, itabs) whatever the package clause.
      writeFileSync(join(dir, 'go.mod'), `module main\n\ngo ${goLine}\n`);
      writeFileSync(join(dir, 'main.go'), source);
      // A snippet is analysed as a package, not a program: a main package without a main function
      // (the natural first snippet) gets one in a file of its own, so that it compiles and main.go's
      // positions and symbol names (main.F) stay exactly the snippet's.
      if (needsMainFunc(source)) writeFileSync(join(dir, SUPPLIED_MAIN_FILE), SUPPLIED_MAIN);
      // The snippet's temp directory is the server's business: never shown in results or errors.
      const out = scrubPath(await this.runWorker(dir, goarch, timeoutMs, signal), dir);
      const durationMs = Date.now() - started;
      if ('failure' in out) {
        return {
          result: { ok: false, goarch, asm: [], explanations: [], layouts: [], errors: [{ line: 0, column: 0, message: out.failure }], durationMs },
          cacheable: false,
        };
      }
      return { result: { ...out.result, durationMs }, cacheable: true };
    } finally {
      this.live.delete(dir);
      removeTemp(dir);
      // one build at a time: nothing uses the cache while it is trimmed
      if (this.o.goCacheDir) trimGoCache(this.o.goCacheDir, this.o.goCacheBytes ?? 1 << 30);
    }
  }

  private async runWorker(
    dir: string,
    goarch: string,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<{ result: Omit<Result, 'durationMs'> } | { failure: string }> {
    const maxOut = this.o.maxOutputBytes ?? 64 << 20;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      GOFLAGS: '-mod=readonly',
      GOWORK: 'off',
      GOTOOLCHAIN: 'local',
      CGO_ENABLED: '0',
      GOMEMLIMIT: `${Math.floor((this.o.memoryMiB ?? 4096) / 2)}MiB`,
      GOARCH: goarch,
      ...(this.o.goCacheDir ? { GOCACHE: this.o.goCacheDir } : {}),
    };
    let r: RunResult;
    try {
      r = await run(process.execPath, ['--max-old-space-size=1024', this.o.workerPath ?? workerPath, dir, goarch], {
        cwd: dir,
        env,
        timeoutMs,
        signal,
        maxStdoutBytes: maxOut,
        maxStderrBytes: 64 * 1024,
        // virtual memory per process, files up to 256 MiB, CPU seconds
        limits: { memoryKiB: (this.o.memoryMiB ?? 4096) * 1024, fileBlocks: 524288, cpuSeconds: Math.ceil(timeoutMs / 1000) * 2 },
        // the worker's own handler stops its go processes on SIGTERM; SIGKILL if it lingers
        graceMs: 2000,
        // when the server dies (even by SIGKILL), the worker reads end-of-file and stops its builds
        holdStdin: true,
      });
    } catch (e) {
      if (e instanceof AbortedError) return { failure: 'request aborted' };
      return { failure: `cannot start the analysis: ${(e as Error).message}` };
    }
    if (r.timedOut) return { failure: `the analysis took longer than ${Math.round(timeoutMs / 1000)} s and was stopped` };
    if (r.outputCapped) return { failure: `the analysis wrote more than ${maxOut >> 20} MiB and was stopped` };
    if (r.exitCode === 0) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(r.stdout);
      } catch {
        /* not JSON: fall through */
      }
      if (parsed !== undefined) {
        const problem = workerResultProblem(parsed);
        return problem ? { failure: `the analysis returned a malformed result: ${problem}` } : { result: parsed as Omit<Result, 'durationMs'> };
      }
    }
    const oom = /heap out of memory|Cannot allocate memory|out of memory/i.test(r.stderr);
    const last = r.stderr.trim().split('\n').filter(Boolean).slice(-1)[0] ?? '';
    return {
      failure: oom
        ? 'the analysis ran out of memory and was stopped'
        : `the analysis failed (${r.signal ?? `exit ${r.exitCode}`})${last ? ': ' + last.slice(0, 300) : ''}`,
    };
  }
}

/**
 * What is wrong with a worker's answer, or undefined when it has the shape the page reads: `ok`
 * a boolean, `goarch` a string, `asm`, `explanations`, `layouts` and `errors` arrays, `report` an
 * object when present. (The worker is ours, but it runs with limits and may be cut short.)
 */
export function workerResultProblem(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'not an object';
  const r = v as Record<string, unknown>;
  if (typeof r.ok !== 'boolean') return 'ok is not a boolean';
  if (typeof r.goarch !== 'string') return 'goarch is not a string';
  for (const k of ['asm', 'explanations', 'layouts', 'errors']) if (!Array.isArray(r[k])) return `${k} is not an array`;
  if (r.report !== undefined && (typeof r.report !== 'object' || r.report === null || Array.isArray(r.report))) return 'report is not an object';
  return undefined;
}

const SUPPLIED_MAIN = '// Supplied by ifacelens: the snippet is a main package without a main function.\npackage main\n\nfunc main() {}\n';

/**
 * Go source with its comments, string and rune literals blanked out (newlines kept), so that
 * declarations can be looked for with a regular expression. Unterminated literals blank to the end.
 */
export function blankLiterals(src: string): string {
  let out = '';
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    const next = src[i + 1];
    let end = -1;
    if (c === '/' && next === '/') {
      end = src.indexOf('\n', i);
      if (end < 0) end = n;
    } else if (c === '/' && next === '*') {
      end = src.indexOf('*/', i + 2);
      end = end < 0 ? n : end + 2;
    } else if (c === '`') {
      end = src.indexOf('`', i + 1);
      end = end < 0 ? n : end + 1;
    } else if (c === '"' || c === "'") {
      end = i + 1;
      while (end < n && src[end] !== c && src[end] !== '\n') end += src[end] === '\\' ? 2 : 1;
      end = Math.min(n, end + 1);
    }
    if (end < 0) {
      out += c;
      i++;
    } else {
      out += src.slice(i, end).replace(/[^\n]/g, ' ');
      i = end;
    }
  }
  return out;
}

/** The snippet declares `package main` and no `func main` of its own (a method named main does not count). */
export function needsMainFunc(source: string): boolean {
  const code = blankLiterals(source);
  if (!/^\s*package\s+main(?!\w)/.test(code)) return false;
  return !/\bfunc\s+main\s*\(/.test(code);
}

const WARM_SNIPPET = `package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
)

var _ = []any{bytes.NewBuffer, errors.New, fmt.Sprint, io.Discard, os.Stdout, sort.Ints, strconv.Itoa, strings.Builder{}, &sync.Mutex{}}

func main() {}
`;

/** `v` with every mention of the directory `dir` removed from its strings (dir/main.go → main.go). */
export function scrubPath<T>(v: T, dir: string): T {
  const text = JSON.stringify(v);
  const esc = JSON.stringify(dir).slice(1, -1);
  return JSON.parse(text.split(`${esc}/`).join('').split(esc).join('.')) as T;
}
