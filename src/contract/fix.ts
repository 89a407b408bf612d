// `ifacelens fix --format json`: the rewrites proven to remove or shrink an interface cost (each
// re-analysed, measured, vetted and tested in an overlay copy of the package), and the candidates
// that were not shown, each with why. docs/json-schema.md documents it; docs/fix.md the rewrites.
import type { Position } from './report.js';

export const FIX_SCHEMA_VERSION = 1;

/** The rewrites ifacelens knows (docs/fix.md). */
export type RewriteKind = 'fmt-strconv' | 'slog-attrs' | 'sort-slices' | 'error-sentinel' | 'typed-nil-guard';

/** Per call of a function: allocations and bytes. null: not known (a conditional site, a loop of
 *  unknown trip count). */
export interface PerCall {
  allocsPerCall: number | null;
  bytesPerCall: number | null;
}

/** Lines [startLine, endLine) of `file` (1-based; endLine exclusive, so an insertion has
 *  startLine === endLine) become `newText` (whole lines, each ending in a newline). */
export interface FixEdit {
  file: string;
  startLine: number;
  endLine: number;
  newText: string;
}

/** How the enclosing function's allocations were measured, before and after the rewrite. */
export interface FixMeasurement {
  /** generated-benchmark: the function called in a generated benchmark (measure --func);
   *  package-benchmarks: the package's own benchmarks (measure --bench), summed */
  how: 'generated-benchmark' | 'package-benchmarks';
  /** the function called, or the benchmarks run */
  subject: string;
  /** the Go arguments it was called with */
  args?: string[];
  before: { allocsPerOp: number; bytesPerOp: number };
  after: { allocsPerOp: number; bytesPerOp: number };
}

/** One step of the proof, and the commands that ran for it. */
export interface ProofStep {
  step: 'reanalysis' | 'measurement' | 'vet' | 'test';
  passed: boolean;
  /** what was run, as a command line (the overlay file is a temp file, removed since) */
  ran: string[];
  detail: string;
}

export interface ProvenFix {
  rewrite: RewriteKind;
  package: string;
  function: string;
  /** the rewritten expression */
  position: Position;
  /** why the rewrite removes the cost (data for people: the helper's one line) */
  why: string;
  /** the function's interface sites, per call, as analysed (its closures included) */
  predicted: { before: PerCall; after: PerCall };
  /** measured per call of the function; null for a rewrite that fixes behaviour, not cost (typed nil) */
  measured: FixMeasurement | null;
  /** why it was not measured, when `measured` is null */
  notMeasured?: string;
  edits: FixEdit[];
  /** a unified diff of the file (gofmt'd, as --apply writes it) */
  diff: string;
  proof: ProofStep[];
}

/** A candidate not shown: refused by the rewrite (the code's meaning could change), or not proven. */
export interface UnprovenFix {
  rewrite: RewriteKind;
  package: string;
  function: string;
  position: Position;
  /** refused: the rewrite does not apply safely here; no-cost: nothing allocates there; failed: a
   *  proof step failed; not-measured: no way to measure the function; timeout: out of time */
  status: 'refused' | 'no-cost' | 'failed' | 'not-measured' | 'timeout';
  reason: string;
  proof?: ProofStep[];
}

export interface FixReport {
  schemaVersion: typeof FIX_SCHEMA_VERSION;
  go: { version: string; goos: string; goarch: string };
  dir: string;
  patterns: string[];
  fixes: ProvenFix[];
  unproven: UnprovenFix[];
  /** with --apply: the files written (relative to dir), and the fixes applied */
  applied?: { files: string[]; fixes: number };
}
