// The analysed module, per GOARCH: one analysis each (with the assembly text and struct layouts),
// made on first request and shared by every request after it.
import { analyze, type AnalyzeResult } from '../pipeline/analyze.js';
import { layoutReport } from '../analysis/layout.js';
import { relFile, toPosition } from '../facts/position.js';
import { AbortedError, UserError } from '../toolchain/errors.js';
import type { AsmFunction } from '../parse/gcflags-asm.js';
import type { LayoutRunReport } from '../contract/layout.js';
import { SCHEMA_VERSION } from '../contract/report.js';
import { FileGuard } from './files.js';
import type { AnalysisStatus, FileEntry, FilesResponse, StatusResponse } from '../contract/index.js';
import { Serial } from './serial.js';

export interface ModuleOptions {
  dir: string;
  root: string;
  patterns: string[];
  goos?: string;
  tags?: string;
  progress?: (msg: string) => void;
}

export interface Analysis {
  goarch: string;
  result: AnalyzeResult;
  guard: FileGuard;
  files: FilesResponse;
  asm: Map<string, AsmFunction>;
  layout: LayoutRunReport;
}

/** Analyses kept at once (the default GOARCH always stays). */
const MAX_ANALYSES = 4;
/** Analyses for other GOARCHes waiting to start beyond which requests are refused (429). */
export const MAX_WAITING = 2;

/** Too many analyses are queued: the request is refused with 429. */
export class ModuleBusy extends Error {
  readonly status = 429;
}

interface Entry {
  promise: Promise<Analysis>;
  done: boolean;
  /** requests waiting for it; when the last goes before it is done, the build is cancelled */
  interested: number;
  cancel: AbortController;
  /** when it was first asked for, when its build started and ended (Date.now()) */
  askedAt: number;
  startedAt?: number;
  endedAt?: number;
  /** the pipeline's last progress message ("compiling ./...") */
  stage?: string;
}

export class ModuleState {
  private readonly analyses = new Map<string, Entry>();
  /** one analysis at a time (each is a full build of the packages) */
  private readonly serial = new Serial();
  defaultGoarch = '';
  goarches: string[] = [];

  constructor(readonly o: ModuleOptions) {}

  /** The first analysis: its errors are the command's (bad patterns, compile errors). */
  async start(goarch?: string): Promise<Analysis> {
    const askedAt = Date.now();
    const a = await this.make(goarch);
    this.defaultGoarch = a.goarch;
    this.analyses.set(a.goarch, {
      promise: Promise.resolve(a),
      done: true,
      interested: 0,
      cancel: new AbortController(),
      askedAt,
      startedAt: askedAt,
      endedAt: Date.now(),
    });
    return a;
  }

  /** What each analysis is doing, for the page's progress display (GET /api/status). */
  status(now = Date.now()): StatusResponse {
    const entries = [...this.analyses.entries()];
    const queued = entries.filter(([, e]) => !e.done && e.startedAt === undefined).sort((a, b) => a[1].askedAt - b[1].askedAt);
    const analyses = entries.map(([goarch, e]): AnalysisStatus => {
      if (e.done) return { goarch, state: 'done', durationMs: (e.endedAt ?? now) - (e.startedAt ?? e.askedAt) };
      if (e.startedAt === undefined) return { goarch, state: 'queued', waitedMs: now - e.askedAt, ahead: queued.findIndex(([g]) => g === goarch) };
      return { goarch, state: 'running', waitedMs: now - e.askedAt, runningMs: now - e.startedAt, ...(e.stage ? { stage: e.stage } : {}) };
    });
    return { defaultGoarch: this.defaultGoarch, maxWaiting: MAX_WAITING, analyses };
  }

  /** Analyses running or queued (tests). */
  pending(): number {
    return [...this.analyses.values()].filter((e) => !e.done).length;
  }

  /**
   * The analysis for a GOARCH, made on first request. `signal` is the request's: when every request
   * waiting for an unfinished analysis has gone, its build is cancelled.
   */
  get(goarch?: string | null, signal?: AbortSignal): Promise<Analysis> {
    const ga = goarch || this.defaultGoarch;
    if (!this.goarches.includes(ga)) throw new UserError(`unknown GOARCH ${JSON.stringify(ga)}`);
    let e = this.analyses.get(ga);
    if (e) {
      // most recently used last
      this.analyses.delete(ga);
      this.analyses.set(ga, e);
    } else {
      if (this.serial.waiting >= MAX_WAITING)
        throw new ModuleBusy(
          `the server is busy: ${this.serial.waiting} analyses for other GOARCHes are already waiting behind the one running; try ${ga} again when one has finished`,
        );
      const cancel = new AbortController();
      const entry: Entry = { promise: undefined as unknown as Promise<Analysis>, done: false, interested: 0, cancel, askedAt: Date.now() };
      entry.promise = this.serial.run(() => {
        if (cancel.signal.aborted) throw new AbortedError();
        entry.startedAt = Date.now();
        return this.make(ga, cancel.signal, (m) => {
          entry.stage = m;
        });
      });
      entry.promise.then(
        () => {
          entry.done = true;
          entry.endedAt = Date.now();
        },
        () => {
          entry.done = true;
          if (this.analyses.get(ga) === entry) this.analyses.delete(ga);
        },
      );
      this.analyses.set(ga, (e = entry));
      for (const k of this.analyses.keys()) {
        if (this.analyses.size <= MAX_ANALYSES) break;
        const old = this.analyses.get(k)!;
        if (k !== this.defaultGoarch && k !== ga && old.done) this.analyses.delete(k);
      }
    }
    const entry = e;
    if (entry.done || !signal) return entry.promise;
    entry.interested++;
    let counted = true;
    const drop = () => {
      if (!counted) return;
      counted = false;
      if (--entry.interested === 0 && !entry.done) {
        entry.cancel.abort();
        if (this.analyses.get(ga) === entry) this.analyses.delete(ga);
      }
    };
    if (signal.aborted) drop();
    else signal.addEventListener('abort', drop, { once: true });
    return entry.promise.finally(() => {
      signal.removeEventListener('abort', drop);
      if (counted) {
        counted = false;
        entry.interested--;
      }
    });
  }

  private async make(goarch?: string, signal?: AbortSignal, onStage?: (msg: string) => void): Promise<Analysis> {
    const { dir, patterns, goos, tags } = this.o;
    const progress = (m: string) => {
      onStage?.(m);
      this.o.progress?.(m);
    };
    const result = await analyze({ dir, patterns, goarch, goos, tags, keepAsmText: true, layouts: true, progress, signal });
    const { report, store } = result;
    const files: FileEntry[] = [];
    const asm = new Map(store.asm.map((f) => [f.name, f]));
    for (const p of store.packages) {
      for (const f of p.files) {
        const functions = store.functions
          .filter((fn) => fn.file === f)
          .map((fn) => ({ name: fn.name, start: fn.start.line, end: fn.end.line, asm: asm.has(fn.name) }))
          .sort((a, b) => a.start - b.start);
        files.push({ file: relFile(report.dir, f), package: p.path, functions });
      }
    }
    const guard = new FileGuard(
      this.o.root,
      report.dir,
      store.packages.flatMap((p) => p.files),
    );
    const layout: LayoutRunReport = {
      schemaVersion: SCHEMA_VERSION,
      go: report.go,
      types: store.structs.map((s) =>
        layoutReport(
          s,
          store.sizeClasses,
          store.ptrSize,
          s.pos ? toPosition(report.dir, s.pos) : undefined,
          (f) => toPosition(report.dir, { file: f, line: 0, col: 0 }).file,
        ),
      ),
    };
    return { goarch: report.go.goarch, result, guard, files: { goarch: report.go.goarch, files }, asm, layout };
  }
}
