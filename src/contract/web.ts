// The JSON of the web API besides the CLI's own reports (which it serves unchanged: /api/report is
// exactly `ifacelens analyze --format json`, /api/explain `explain --format json`, /api/layout
// `layout --format json`, /api/profile `profile --format json`). Types only: the page imports them.
import type { Report } from './report.js';
import type { Explanation } from './explain.js';
import type { LayoutReport } from './layout.js';

export interface Meta {
  version: string;
  /** the analysed directory (absolute) and the module root files are served from */
  dir: string;
  root: string;
  patterns: string[];
  go: { version: string; goos: string };
  /** the GOARCH analysed unless the page asks for another */
  goarch: string;
  /** the GOARCHes `go tool dist list` pairs with this GOOS */
  goarches: string[];
  /** a profile was given (--profile) */
  profile: string | null;
  limits: { sourceBytes: number; timeoutMs: number };
}

export interface FunctionRange {
  /** the runtime symbol, as SiteReport.function names it */
  name: string;
  start: number;
  end: number;
  /** the function has machine code in the listing (an assembly view exists) */
  asm: boolean;
}

export interface FileEntry {
  /** relative to the analysed directory, as site positions are */
  file: string;
  package: string;
  functions: FunctionRange[];
}

export interface FilesResponse {
  goarch: string;
  files: FileEntry[];
}

export interface SourceResponse {
  file: string;
  text: string;
}

/** One instruction of the compiler's -S listing. */
export interface AsmLine {
  /** byte offset in the function */
  offset: number;
  /** innermost source position (inlined code shows the inlined function's line) */
  file: string;
  line: number;
  op: string;
  args: string;
  /** the symbol a call calls */
  call?: string;
  /** PCDATA, FUNCDATA, TEXT: pseudo-instructions that emit no code of their own */
  directive?: boolean;
}

export interface AsmResponse {
  function: string;
  package: string;
  /** bytes of machine code */
  size: number;
  goarch: string;
  lines: AsmLine[];
  /** lines were dropped to stay within the output limit */
  truncated?: boolean;
}

export interface PlaygroundRequest {
  source: string;
  goarch?: string;
}

export interface CompileError {
  /** 1-based; 0 when the error has no position */
  line: number;
  column: number;
  message: string;
}

export interface PlaygroundResponse {
  ok: boolean;
  goarch: string;
  /** the analysis of the snippet (file "main.go"), as `analyze --format json` writes it */
  report?: Report;
  /** machine code of the snippet's functions */
  asm: AsmResponse[];
  /** explain of every site */
  explanations: Explanation[];
  /** struct layouts of the snippet's declared types */
  layouts: LayoutReport[];
  errors: CompileError[];
  durationMs: number;
  /** served from the cache of earlier identical snippets */
  cached: boolean;
}

/** GET /api/status: what each GOARCH's analysis of the module is doing (the page's progress display). */
export interface StatusResponse {
  /** the GOARCH analysed at start */
  defaultGoarch: string;
  /** analyses for other GOARCHes that may wait behind the running one; more are refused (429) */
  maxWaiting: number;
  analyses: AnalysisStatus[];
}

export interface AnalysisStatus {
  goarch: string;
  /** queued: waiting for another analysis to finish; running: building; done: served from memory */
  state: 'queued' | 'running' | 'done';
  /** ms since the first request for it (queued, running) */
  waitedMs?: number;
  /** ms since its build started (running) */
  runningMs?: number;
  /** the analysis's last progress message, e.g. "compiling ./..." (running) */
  stage?: string;
  /** queued analyses ahead of it (queued) */
  ahead?: number;
  /** how long its build took (done) */
  durationMs?: number;
}

export interface ApiError {
  error: string;
}
