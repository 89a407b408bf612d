// A baseline: every interface cost of a code base, keyed so that edits which do not change costs
// (lines added above, functions reordered, gofmt, an unrelated rename) change no key. A key is the
// function whose code runs the site, where its code came from (inlining), the site kind, the source
// and target types, the operand text with spaces normalised, and the occurrence number of that
// combination in the function — never a line number. Comparing two baselines says what a change
// adds, grows, shrinks or removes.
import type { Finding, Position, Report, SiteReport } from '../contract/report.js';

export const BASELINE_VERSION = 1;

export interface BaselineSite {
  key: string;
  function: string;
  kind: SiteReport['kind'];
  /** where it was when recorded (for people; not part of the key) */
  position: Position;
  operand?: string;
  runtimeCall: string | null;
  /** null: the cost could not be known */
  allocates: boolean | null;
  bytesPerOp: number | null;
  allocsPerOp: number | null;
  executionsPerCall: number | null;
  conditional: boolean;
  reason: string;
}

export interface BaselineFinding {
  key: string;
  check: string;
  rule: string;
  function: string;
  position: Position;
  message: string;
}

export interface Baseline {
  ifacelensBaseline: typeof BASELINE_VERSION;
  /** Go minor version and target: a baseline holds for one of each */
  go: { version: string; goos: string; goarch: string };
  patterns: string[];
  /** allocating (or unknown) sites only: a free site that starts allocating is a new key */
  sites: BaselineSite[];
  findings: BaselineFinding[];
}

/** go1.26.8 → go1.26: costs are a property of the compiler version, not its patch release. */
export const goMinor = (v: string) => v.replace(/^(go\d+\.\d+).*$/, '$1');

const norm = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

function siteKeyBase(s: SiteReport): string {
  const from = s.sourceFunction ?? s.inlinedAt?.[s.inlinedAt.length - 1]?.function ?? '';
  const types =
    s.kind === 'heap-move' || s.kind === 'variadic-slice' || s.kind === 'dynamic-arg' || s.kind === 'reflect-interface'
      ? (s.object?.type ?? '')
      : `${s.source?.type ?? ''} → ${s.target?.type ?? ''}`;
  return [s.function, from, s.kind, types, norm(s.operand), s.dynamicCall ? `${s.dynamicCall.callee}#${s.dynamicCall.argument}` : ''].join(' | ');
}

/** Keys for a list of items: the base key and its occurrence number among items of the same base, in source order. */
function withOccurrence<T>(items: T[], base: (t: T) => string, pos: (t: T) => Position): { item: T; key: string }[] {
  const sorted = [...items].sort((a, b) => {
    const pa = pos(a);
    const pb = pos(b);
    return pa.file.localeCompare(pb.file) || pa.line - pb.line || pa.column - pb.column;
  });
  const seen = new Map<string, number>();
  return sorted.map((item) => {
    const b = base(item);
    const n = (seen.get(b) ?? 0) + 1;
    seen.set(b, n);
    return { item, key: `${b} | #${n}` };
  });
}

function findingKeyBase(f: Finding): string {
  return [f.check, f.rule, f.function, norm(f.operand), f.concrete ?? '', f.iface ?? ''].join(' | ');
}

/** Every site of an analysis with its stable key, free sites included (`ifacelens compare` shows
 *  the free side of a site whose cost changed). */
export function keyedSites(r: Report): { item: SiteReport; key: string }[] {
  return withOccurrence(r.sites, siteKeyBase, (s) => s.position);
}

/** The baseline of an analysis: its allocating and unknown-cost sites, and its findings. */
export function baselineOf(r: Report): Baseline {
  // occurrence numbers count every site of the same base, free or not, so that a site that stops
  // allocating does not renumber the others
  const keyed = keyedSites(r).filter(({ item }) => item.allocates !== false);
  return {
    ifacelensBaseline: BASELINE_VERSION,
    go: { version: goMinor(r.go.version), goos: r.go.goos, goarch: r.go.goarch },
    patterns: r.patterns,
    sites: keyed
      .map(({ item: s, key }) => ({
        key,
        function: s.function,
        kind: s.kind,
        position: s.position,
        ...(s.operand !== undefined ? { operand: s.operand } : {}),
        runtimeCall: s.runtimeCall,
        allocates: s.allocates,
        bytesPerOp: s.bytesPerOp,
        allocsPerOp: s.allocsPerOp,
        executionsPerCall: s.executionsPerCall,
        conditional: s.conditional,
        reason: s.reason,
      }))
      .sort((a, b) => a.key.localeCompare(b.key)),
    findings: withOccurrence(
      r.findings.filter((f) => f.check !== 'budget'),
      findingKeyBase,
      (f) => f.position,
    )
      .map(({ item: f, key }) => ({ key, check: f.check, rule: f.rule, function: f.function, position: f.position, message: f.message }))
      .sort((a, b) => a.key.localeCompare(b.key)),
  };
}

/** What a change did to one site. */
export interface SiteChange {
  change: 'new' | 'grew' | 'shrank' | 'removed' | 'unchanged';
  key: string;
  function: string;
  before?: BaselineSite;
  after?: BaselineSite;
}

export interface FindingChange {
  change: 'new' | 'removed' | 'unchanged';
  key: string;
  before?: BaselineFinding;
  after?: BaselineFinding;
}

export interface Comparison {
  sites: SiteChange[];
  findings: FindingChange[];
  /** per function whose cost changed: its interface allocations and bytes per call, before → after */
  functions: FunctionChange[];
}

export interface FunctionChange {
  function: string;
  before: { allocs: number; bytes: number; unknown: boolean };
  after: { allocs: number; bytes: number; unknown: boolean };
}

/** bytes × executions, the per-call weight of a site (Infinity for an unbounded loop, NaN unknown). */
const perCall = (s: BaselineSite | undefined, field: 'bytesPerOp' | 'allocsPerOp') => {
  if (!s || s.allocates === false) return 0;
  const v = s[field];
  if (v === null || s.allocates === null) return Number.NaN;
  return s.executionsPerCall === null ? (v > 0 ? Number.POSITIVE_INFINITY : 0) : v * s.executionsPerCall;
};

/** Compares a baseline (before) with the current analysis (after). */
export function compare(before: Baseline, after: Baseline): Comparison {
  const b = new Map(before.sites.map((s) => [s.key, s]));
  const a = new Map(after.sites.map((s) => [s.key, s]));
  const sites: SiteChange[] = [];
  for (const [key, s] of a) {
    const old = b.get(key);
    if (!old) {
      sites.push({ change: 'new', key, function: s.function, after: s });
      continue;
    }
    const grewBytes = more(perCall(s, 'bytesPerOp'), perCall(old, 'bytesPerOp'));
    const grewAllocs = more(perCall(s, 'allocsPerOp'), perCall(old, 'allocsPerOp'));
    const shrank = more(perCall(old, 'bytesPerOp'), perCall(s, 'bytesPerOp')) || more(perCall(old, 'allocsPerOp'), perCall(s, 'allocsPerOp'));
    sites.push({ change: grewBytes || grewAllocs ? 'grew' : shrank ? 'shrank' : 'unchanged', key, function: s.function, before: old, after: s });
  }
  for (const [key, s] of b) if (!a.has(key)) sites.push({ change: 'removed', key, function: s.function, before: s });
  pairRenamed(sites);
  const fb = new Map(before.findings.map((f) => [f.key, f]));
  const fa = new Map(after.findings.map((f) => [f.key, f]));
  const findings: FindingChange[] = [];
  for (const [key, f] of fa) findings.push(fb.has(key) ? { change: 'unchanged', key, before: fb.get(key), after: f } : { change: 'new', key, after: f });
  for (const [key, f] of fb) if (!fa.has(key)) findings.push({ change: 'removed', key, before: f });
  return { sites, findings, functions: functionChanges(sites) };
}

/**
 * A site whose operand was renamed (or whose occurrence number moved) has a new key: a new and a
 * removed site of one function, kind and types with the same cost are the same site, unchanged.
 */
function pairRenamed(sites: SiteChange[]): void {
  const shape = (s: BaselineSite) =>
    `${s.key.split(' | ').slice(0, 4).join(' | ')}\u0000${s.runtimeCall}\u0000${s.bytesPerOp}\u0000${s.allocsPerOp}\u0000${s.executionsPerCall}\u0000${s.allocates}`;
  const removed = new Map<string, SiteChange[]>();
  for (const c of sites) {
    if (c.change !== 'removed') continue;
    const k = shape(c.before!);
    let l = removed.get(k);
    if (!l) removed.set(k, (l = []));
    l.push(c);
  }
  for (const c of sites) {
    if (c.change !== 'new') continue;
    const match = removed.get(shape(c.after!))?.shift();
    if (!match) continue;
    c.change = 'unchanged';
    c.before = match.before;
    sites.splice(sites.indexOf(match), 1);
  }
}

/** x > y for per-call weights, where NaN (unknown) counts as more than any known figure. */
function more(x: number, y: number): boolean {
  if (Number.isNaN(x)) return !Number.isNaN(y);
  if (Number.isNaN(y)) return false;
  return x > y;
}

function functionChanges(sites: SiteChange[]): FunctionChange[] {
  const byFn = new Map<string, SiteChange[]>();
  for (const c of sites) {
    if (c.change === 'unchanged') continue;
    let l = byFn.get(c.function);
    if (!l) byFn.set(c.function, (l = []));
    l.push(c);
  }
  const out: FunctionChange[] = [];
  for (const fn of byFn.keys()) {
    const all = sites.filter((c) => c.function === fn);
    const sum = (pick: (c: SiteChange) => BaselineSite | undefined) => {
      let allocs = 0;
      let bytes = 0;
      let unknown = false;
      for (const c of all) {
        const s = pick(c);
        if (!s || s.allocates === false) continue;
        const al = perCall(s, 'allocsPerOp');
        const by = perCall(s, 'bytesPerOp');
        // unknown cost, or a loop without a constant trip count: no per-call figure
        if (!Number.isFinite(al) || !Number.isFinite(by)) {
          unknown = true;
          continue;
        }
        allocs += al;
        bytes += by;
      }
      return { allocs, bytes: Math.round(bytes * 1000) / 1000, unknown };
    };
    out.push({ function: fn, before: sum((c) => c.before), after: sum((c) => c.after) });
  }
  return out.sort((x, y) => y.after.bytes - y.before.bytes - (x.after.bytes - x.before.bytes) || x.function.localeCompare(y.function));
}

/** Whether a comparison fails the gate: a new or grown allocating site, or a new finding. */
export function regressions(c: Comparison): { sites: SiteChange[]; findings: FindingChange[] } {
  return { sites: c.sites.filter((s) => s.change === 'new' || s.change === 'grew'), findings: c.findings.filter((f) => f.change === 'new') };
}

/** Reads a baseline, or says in one line what is wrong with it. */
export function parseBaseline(text: string, where: string): Baseline {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new BaselineError(`${where}: not JSON (write one with ifacelens check --update-baseline)`);
  }
  const b = v as Partial<Baseline>;
  if (typeof v !== 'object' || v === null || b.ifacelensBaseline === undefined)
    throw new BaselineError(`${where}: not an ifacelens baseline (write one with --update-baseline)`);
  if (b.ifacelensBaseline !== BASELINE_VERSION)
    throw new BaselineError(`${where}: baseline version ${b.ifacelensBaseline}, this ifacelens reads ${BASELINE_VERSION}: re-record it with --update-baseline`);
  const okGo = b.go && typeof b.go.version === 'string' && typeof b.go.goos === 'string' && typeof b.go.goarch === 'string';
  if (!okGo || !Array.isArray(b.sites) || !Array.isArray(b.findings) || !Array.isArray(b.patterns))
    throw new BaselineError(`${where}: a baseline without go, patterns, sites or findings: re-record it with --update-baseline`);
  for (const [i, s] of b.sites.entries()) {
    if (typeof s?.key !== 'string' || typeof s.function !== 'string' || typeof s.kind !== 'string' || !s.position || typeof s.position.line !== 'number')
      throw new BaselineError(`${where}: site ${i} is malformed (a key, function, kind and position are wanted)`);
    if (!(s.bytesPerOp === null || typeof s.bytesPerOp === 'number') || !(s.allocsPerOp === null || typeof s.allocsPerOp === 'number'))
      throw new BaselineError(`${where}: site ${i} has no bytesPerOp/allocsPerOp`);
    if (!(s.executionsPerCall === null || typeof s.executionsPerCall === 'number')) throw new BaselineError(`${where}: site ${i} has no executionsPerCall`);
  }
  for (const [i, f] of b.findings.entries()) {
    if (typeof f?.key !== 'string' || typeof f.rule !== 'string') throw new BaselineError(`${where}: finding ${i} is malformed`);
  }
  return b as Baseline;
}

/** A baseline that cannot be used (bad input: exit 2). */
export class BaselineError extends Error {}
