// `ifacelens compare`: the same packages analysed twice — with two Go releases (each fetched by the
// go command through GOTOOLCHAIN into the module cache, for ifacelens's go commands only), for two
// targets, or both — and the sites whose cost differs. The diff is the baseline comparison of
// `ifacelens check` and `ifacelens diff` (analysis/baseline.ts); this adds the free side of a site
// that allocates on one side only, and says which sites exist on one side only.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyze, type AnalyzeOptions } from './analyze.js';
import { goEnv } from '../toolchain/go-env.js';
import { UserError } from '../toolchain/errors.js';
import { errnoText } from '../toolchain/errno.js';
import { missingConvHelpers } from '../analysis/conversion-cost.js';
import { baselineOf, compare, keyedSites } from '../analysis/baseline.js';
import { modelledRelease, MODELLED_SINCE } from '../analysis/malloc-model.js';
import type { Report, SiteReport } from '../contract/report.js';
import { COMPARE_SCHEMA_VERSION, type CompareCost, type CompareReport, type CompareSide, type CompareSite } from '../contract/compare.js';

/** What one side is built with; undefined fields are the user's own settings. */
export interface SideSpec {
  toolchain?: string;
  goarch?: string;
  goos?: string;
}

export interface CompareOptions extends Omit<AnalyzeOptions, 'goarch' | 'goos' | 'toolchain'> {
  /** --go values: one (both sides) or two */
  toolchains: string[];
  goarches: string[];
  gooses: string[];
}

/**
 * The two sides from the repeated flags: a flag given twice differs between the sides, a flag given
 * once applies to both. At least one must be given twice, none more often.
 */
export function sidesOf(o: Pick<CompareOptions, 'toolchains' | 'goarches' | 'gooses'>): [SideSpec, SideSpec] {
  const flags = [
    ['--go', o.toolchains],
    ['--goarch', o.goarches],
    ['--goos', o.gooses],
  ] as const;
  for (const [name, values] of flags) {
    if (values.length > 2) throw new UserError(`${name} given ${values.length} times: compare compares two builds (give it twice, or once for both)`);
  }
  if (!flags.some(([, v]) => v.length === 2)) {
    throw new UserError(
      'compare wants two builds: give --go twice (--go go1.24.13 --go go1.26.8), --goarch twice (--goarch amd64 --goarch 386) or --goos twice',
    );
  }
  const pick = (values: readonly string[], i: number) => values[values.length === 2 ? i : 0];
  const side = (i: number): SideSpec => ({ toolchain: pick(o.toolchains, i), goarch: pick(o.goarches, i), goos: pick(o.gooses, i) });
  const [a, b] = [side(0), side(1)];
  if (a.toolchain === b.toolchain && a.goarch === b.goarch && a.goos === b.goos) {
    throw new UserError(`both builds are the same (${describe(a)}): give two different values`);
  }
  return [a, b];
}

const describe = (s: SideSpec) => [s.toolchain ?? 'your go', s.goos, s.goarch].filter(Boolean).join(' ');

function costOf(s: SiteReport): CompareCost {
  return {
    position: s.position,
    allocates: s.allocates,
    bytesPerOp: s.bytesPerOp,
    allocsPerOp: s.allocsPerOp,
    executionsPerCall: s.executionsPerCall,
    conditional: s.conditional,
    runtimeCall: s.runtimeCall,
    rule: s.verdict.rule,
    reason: s.reason,
  };
}

/** The sites whose cost differs between two analyses of the same packages, with both sides' verdicts. */
function compareReports(before: Report, after: Report): Pick<CompareReport, 'sites' | 'functions' | 'stats'> {
  const cmp = compare(baselineOf(before), baselineOf(after));
  const all = (r: Report) => new Map(keyedSites(r).map(({ item, key }) => [key, item]));
  const [b, a] = [all(before), all(after)];
  const sites: CompareSite[] = [];
  for (const c of cmp.sites) {
    if (c.change === 'unchanged') continue;
    const sb = b.get(c.key);
    const sa = a.get(c.key);
    const s = (sa ?? sb)!;
    sites.push({
      change: c.change,
      presence: sb && sa ? 'both' : sb ? 'before-only' : 'after-only',
      key: c.key,
      function: c.function,
      kind: s.kind,
      ...(s.operand !== undefined ? { operand: s.operand } : {}),
      before: sb ? costOf(sb) : null,
      after: sa ? costOf(sa) : null,
    });
  }
  const weight = (x: CompareCost | null) => (x?.allocates ? (x.bytesPerOp ?? Number.POSITIVE_INFINITY) * (x.executionsPerCall ?? 1) : 0);
  const delta = (x: CompareSite) => Math.abs(weight(x.after) - weight(x.before));
  sites.sort((x, y) => delta(y) - delta(x) || x.key.localeCompare(y.key));
  const stats = (r: Report) => ({ sites: r.stats.sites, allocatingSites: r.stats.allocatingSites, unknownSites: r.stats.unknownSites });
  return {
    sites,
    functions: cmp.functions,
    stats: { before: stats(before), after: stats(after), unchanged: cmp.sites.filter((c) => c.change === 'unchanged').length },
  };
}

export async function compareRun(opts: CompareOptions): Promise<CompareReport> {
  const sides = sidesOf(opts);
  const dir = resolve(opts.dir);
  // Both toolchains are fetched and checked before either side is analysed: a release the module
  // cannot be built with (its go.mod asks for a newer go) or one whose runtime is not modelled is
  // one line at once, not after the first analysis.
  for (const s of sides) {
    const env = await goEnv({ dir, goarch: s.goarch, goos: s.goos, toolchain: s.toolchain });
    if (!modelledRelease(env.version)) {
      throw new UserError(
        `${s.toolchain ?? 'your go'} is ${env.version}: ifacelens's cost model is proven for ${MODELLED_SINCE} and newer (older runtimes allocate differently)`,
      );
    }
    // the runtime helpers the judgments name, as that release's runtime defines them
    const iface = join(env.goroot, 'src', 'runtime', 'iface.go');
    let missing: string[];
    try {
      missing = missingConvHelpers(readFileSync(iface, 'utf8'));
    } catch (e) {
      throw new UserError(`cannot read ${iface}: ${errnoText(e)}`);
    }
    if (missing.length)
      throw new UserError(`${env.version}'s runtime has no ${missing.map((h) => `runtime.${h}`).join(', ')}: ifacelens cannot judge its conversions`);
  }
  const reports: Report[] = [];
  for (const [i, s] of sides.entries()) {
    const label = describe(s);
    const { report } = await analyze({
      ...opts,
      dir,
      goarch: s.goarch,
      goos: s.goos,
      toolchain: s.toolchain,
      progress: opts.progress ? (m) => opts.progress!(`${i === 0 ? 'before' : 'after'} (${label}): ${m}`) : undefined,
    });
    reports.push(report);
  }
  const [before, after] = reports;
  const side = (s: SideSpec, r: Report): CompareSide => ({ ...(s.toolchain ? { toolchain: s.toolchain } : {}), go: r.go });
  return {
    schemaVersion: COMPARE_SCHEMA_VERSION,
    dir,
    patterns: opts.patterns,
    before: side(sides[0], before),
    after: side(sides[1], after),
    ...compareReports(before, after),
  };
}
