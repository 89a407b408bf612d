// The analysed module, per GOARCH: one analysis each (with the assembly text and struct layouts),
// made on first request and shared by every request after it.
import { analyze, type AnalyzeResult } from '../pipeline/analyze.js';
import { layoutReport } from '../analysis/layout.js';
import { toPosition } from '../analysis/sites.js';
import { UserError } from '../toolchain/errors.js';
import type { AsmFunction } from '../parse/gcflags-asm.js';
import type { LayoutRunReport } from '../pipeline/layout.js';
import { SCHEMA_VERSION } from '../facts/report.js';
import { FileGuard } from './files.js';
import { relFile } from './asm.js';
import type { FileEntry, FilesResponse } from './api.js';

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

export class ModuleState {
  private readonly analyses = new Map<string, Promise<Analysis>>();
  defaultGoarch = '';
  goarches: string[] = [];

  constructor(readonly o: ModuleOptions) {}

  /** The first analysis: its errors are the command's (bad patterns, compile errors). */
  async start(goarch?: string): Promise<Analysis> {
    const a = await this.make(goarch);
    this.defaultGoarch = a.goarch;
    this.analyses.set(a.goarch, Promise.resolve(a));
    return a;
  }

  get(goarch?: string | null): Promise<Analysis> {
    const ga = goarch || this.defaultGoarch;
    if (!this.goarches.includes(ga)) throw new UserError(`unknown GOARCH ${JSON.stringify(ga)}`);
    let p = this.analyses.get(ga);
    if (p) {
      // most recently used last
      this.analyses.delete(ga);
      this.analyses.set(ga, p);
      return p;
    }
    p = this.make(ga);
    this.analyses.set(ga, p);
    p.catch(() => { if (this.analyses.get(ga) === p) this.analyses.delete(ga); });
    for (const k of this.analyses.keys()) {
      if (this.analyses.size <= MAX_ANALYSES) break;
      if (k !== this.defaultGoarch && k !== ga) this.analyses.delete(k);
    }
    return p;
  }

  private async make(goarch?: string): Promise<Analysis> {
    const { dir, patterns, goos, tags, progress } = this.o;
    const result = await analyze({ dir, patterns, goarch, goos, tags, keepAsmText: true, layouts: true, progress });
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
    const guard = new FileGuard(this.o.root, report.dir, store.packages.flatMap((p) => p.files));
    const layout: LayoutRunReport = {
      schemaVersion: SCHEMA_VERSION,
      go: report.go,
      types: store.structs.map((s) => layoutReport(s, store.sizeClasses, store.ptrSize, s.pos ? toPosition(report.dir, s.pos) : undefined, (f) => toPosition(report.dir, { file: f, line: 0, col: 0 }).file)),
    };
    return { goarch: report.go.goarch, result, guard, files: { goarch: report.go.goarch, files }, asm, layout };
  }
}
