// `ifacelens measure --format json`.
import type { Position, SCHEMA_VERSION, SiteReport } from './report.js';

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export interface MeasuredPart {
  allocsPerOp: number;
  bytesPerOp: number;
}

/** Where allocation that is not at the measured function's interface sites comes from. */
export interface RestSource {
  /** the function that allocated: the sample's first frame outside the runtime */
  function: string;
  /** where it allocated, when that is in the analysed module (relative path) */
  position: { file: string; line: number } | null;
  /** the line of the measured function that led there, when the allocation is in code it calls */
  from: { file: string; line: number } | null;
  /** it is an interface site of another function (one not inlined into the measured one) */
  interfaceSite: boolean;
  bytesPerOp: number;
  allocsPerOp: number;
}

export interface MeasuredFunction {
  function: string;
  package: string;
  measured: {
    /** the whole function, per call: runtime.MemStats deltas (median of the runs) */
    allocsPerOp: number;
    bytesPerOp: number;
    runs: number;
    iterations: number;
    allocs: Spread;
    bytes: Spread;
    /** the part at the function's own interface sites (inlined ones included): the total less `rest` */
    interface: MeasuredPart;
    /** from the exact memory profile, per call: allocation made while the function ran, at none of
     * its interface sites; sources most bytes first, and one line saying what it is (null when none) */
    rest: MeasuredPart & { sources: RestSource[]; explanation: string | null };
  };
  predicted: { allocsPerCall: number | null; bytesPerCall: number | null; notes?: string[] };
  /** the interface part against the prediction; null when there is no static per-call figure */
  agrees: boolean | null;
  sites: SiteReport[];
  /** the Go expressions it was called with (--args, or its `// measure: args` comment); absent for `func F()` */
  args?: string[];
}

/** A function --func matched but could not call, and why (parameters without arguments, type parameters). */
export interface SkippedFunction {
  function: string;
  reason: string;
}

export interface MeasuredSite {
  position: Position;
  function: string;
  kind: SiteReport['kind'];
  /** the static prediction for one execution */
  predictedBytesPerExecution: number | null;
  /** from the exact memory profile, per benchmark op */
  measuredBytesPerOp: number;
  measuredObjectsPerOp: number;
  /** measured bytes per op / predicted bytes per execution; for tiny sites, from their group */
  executionsPerOp: number | null;
  /** tiny objects: the profile sees 16-byte blocks, each charged to the site that opened it, so
   * measuredBytesPerOp / measuredObjectsPerOp are the blocks this site opened; its executions come
   * from the tiny group of its function */
  tiny?: { group: string; blocksOpenedPerOp: number };
  static: SiteReport;
}

/** The tiny sites of one function, which fill each other's 16-byte blocks. */
export interface TinyGroup {
  function: string;
  sites: Position[];
  /** the blocks' bytes one call of the function takes, packed as the runtime packs them; null when not static */
  predictedBytesPerCall: number | null;
  /** the bytes of the blocks its tiny sites opened, per op */
  measuredBytesPerOp: number;
  /** measured / predicted: how many times per op the function ran */
  callsPerOp: number | null;
}

export interface MeasuredBenchmark {
  benchmark: string;
  package: string;
  /** N: the per-op figures are (profile after 2N ops − profile after N ops) / N */
  iterations: number;
  /** as go test -benchmem reports them for the 2N run (integer-truncated) */
  benchmem: { bytesPerOp: number | null; allocsPerOp: number | null; nsPerOp: number | null };
  /** from the memory profile: all allocation, and the part at interface sites */
  profile: { bytesPerOp: number; objectsPerOp: number; interfaceBytesPerOp: number };
  sites: MeasuredSite[];
  tinyGroups: TinyGroup[];
}

export interface MeasureReport {
  schemaVersion: typeof SCHEMA_VERSION;
  go: { version: string; goos: string; goarch: string };
  functions: MeasuredFunction[];
  /** functions --func matched but did not measure */
  skipped?: SkippedFunction[];
  benchmarks: MeasuredBenchmark[];
}
