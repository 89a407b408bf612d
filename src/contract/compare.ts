// `ifacelens compare --format json`: the interface costs that differ between two builds of the same
// packages — two Go releases (--go), two targets (--goarch, --goos), or both. Sites are matched by
// the stable keys of a baseline (function, inlining origin, kind, types, operand, occurrence).
import type { Position, SiteKind, VerdictRule } from './report.js';

export const COMPARE_SCHEMA_VERSION = 1;

/** One side of the comparison: what was asked for, and what ran. */
export interface CompareSide {
  /** the --go value (a GOTOOLCHAIN release such as go1.24.13, or local); absent: the user's go */
  toolchain?: string;
  /** the release that compiled the packages, and the target */
  go: { version: string; goos: string; goarch: string };
}

/** A site's cost on one side. */
export interface CompareCost {
  position: Position;
  /** null: the cost could not be known on this side */
  allocates: boolean | null;
  bytesPerOp: number | null;
  allocsPerOp: number | null;
  /** times the site runs per call of its function (a constant loop); null: a loop of unknown count */
  executionsPerCall: number | null;
  conditional: boolean;
  runtimeCall: string | null;
  /** the verdict's rule (SiteReport.verdict.rule) */
  rule: VerdictRule;
  /** the verdict in words */
  reason: string;
}

export interface CompareSite {
  /** the cost on the after side against the before side: grew and new cost more, shrank and removed less */
  change: 'grew' | 'shrank' | 'new' | 'removed';
  /** whether the site is in both builds, or only one (inlined differently, or built for one target only) */
  presence: 'both' | 'before-only' | 'after-only';
  key: string;
  function: string;
  kind: SiteKind;
  operand?: string;
  /** null: the site is not in the before build */
  before: CompareCost | null;
  /** null: the site is not in the after build */
  after: CompareCost | null;
}

/** A function's interface allocations and bytes per call, summed over its sites that cost something. */
export interface CompareCallCost {
  allocs: number;
  bytes: number;
  /** some site's cost is unknown, or runs in a loop of unknown count: the sums leave it out */
  unknown: boolean;
}

export interface CompareFunction {
  function: string;
  before: CompareCallCost;
  after: CompareCallCost;
}

export interface CompareReport {
  schemaVersion: typeof COMPARE_SCHEMA_VERSION;
  dir: string;
  patterns: string[];
  before: CompareSide;
  after: CompareSide;
  /** the sites whose cost differs, the largest difference in bytes per call first */
  sites: CompareSite[];
  /** per function with a changed site: before → after */
  functions: CompareFunction[];
  stats: {
    before: { sites: number; allocatingSites: number; unknownSites: number };
    after: { sites: number; allocatingSites: number; unknownSites: number };
    /** allocating (or unknown) sites of equal cost on both sides */
    unchanged: number;
  };
}
