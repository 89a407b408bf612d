// `ifacelens merge`: the shards of a sharded analysis (`analyze --shard i/n --format json`) as the
// one report a single run gives — sites, functions, findings, packages and counts — so that
// `check --analysis merged.json` and every output format behave as for one run.
import { readFileSync } from 'node:fs';
import { UserError } from '../toolchain/errors.js';
import { errnoText } from '../toolchain/errno.js';
import { compareSummaries } from '../analysis/summary.js';
import { compareSites } from './analyze.js';
import type { Finding, Report } from '../contract/report.js';
import { genericShape } from '../analysis/names.js';

/** An analyze --format json output, or one clear line about what is wrong with the file. */
export function readAnalysis(file: string, what = 'ifacelens analyze --format json outputs'): Report {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read ${file}: ${errnoText(e)}`);
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new UserError(`${file}: not JSON (${what})`);
  }
  const r = v as Partial<Report>;
  if (
    typeof v !== 'object' ||
    v === null ||
    r.schemaVersion !== 1 ||
    !Array.isArray(r.sites) ||
    !r.go ||
    !Array.isArray(r.findings) ||
    !Array.isArray(r.functions)
  ) {
    throw new UserError(`${file}: not an ifacelens analysis (${what})`);
  }
  return r as Report;
}

const findingOrder = (a: Finding, b: Finding) =>
  a.check.localeCompare(b.check) ||
  a.position.file.localeCompare(b.position.file) ||
  a.position.line - b.position.line ||
  a.position.column - b.position.column ||
  a.rule.localeCompare(b.rule);

/**
 * A shaped generic body (`G[go.shape.int]`) is compiled into every package that instantiates it:
 * when shards in different packages both report it, one run would have reported the copy of the
 * first package by import path (sites.ts): that one is kept.
 */
function firstCopies<T extends { function: string }>(items: T[]): T[] {
  const pkg = (x: T) => ('functionPackage' in x ? (x as { functionPackage: string }).functionPackage : (x as unknown as { package: string }).package);
  const first = new Map<string, string>();
  for (const x of items) {
    if (!x.function.includes('go.shape.')) continue;
    const p = first.get(x.function);
    if (p === undefined || pkg(x) < p) first.set(x.function, pkg(x));
  }
  return items.filter((x) => !x.function.includes('go.shape.') || first.get(x.function) === pkg(x));
}

/**
 * A generic function that no package of a shard instantiates has placeholder sites there
 * (`G[...]`, "not instantiated"); when another shard compiled a shaped body of it, one run would
 * have reported only that.
 */
function withoutPlaceholders<T extends { function: string }>(items: T[], shapedBodies: Set<string>): T[] {
  return items.filter((x) => !x.function.includes('[...]') || !shapedBodies.has(genericShape(x.function)));
}

/** The shards as one report; every shard 1..n of one run must be there, once. */
export function mergeShards(files: string[]): Report {
  if (files.length === 0) throw new UserError('merge wants the shards: ifacelens merge shard-1.json shard-2.json …');
  const reports = files.map((f) => ({ f, r: readAnalysis(f, 'merge reads ifacelens analyze --shard i/n --format json outputs') }));
  const first = reports[0].r;
  const n = first.shard?.count;
  if (!n) throw new UserError(`${reports[0].f} is not a shard (analyze it with --shard i/n)`);
  const seen = new Map<number, string>();
  for (const { f, r } of reports) {
    if (!r.shard || r.shard.count !== n)
      throw new UserError(`${f} is ${r.shard ? `shard ${r.shard.index}/${r.shard.count}` : 'not a shard'}, ${reports[0].f} one of ${n}`);
    if (seen.has(r.shard.index)) throw new UserError(`${f} and ${seen.get(r.shard.index)} are both shard ${r.shard.index}/${n}`);
    seen.set(r.shard.index, f);
    const same =
      r.go.version === first.go.version && r.go.goos === first.go.goos && r.go.goarch === first.go.goarch && r.patterns.join(' ') === first.patterns.join(' ');
    if (!same)
      throw new UserError(
        `${f} is ${r.go.version} ${r.go.goos}/${r.go.goarch} of ${r.patterns.join(' ')}, ${reports[0].f} ${first.go.version} ${first.go.goos}/${first.go.goarch} of ${first.patterns.join(' ')}: shards of one run, please`,
      );
  }
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length) throw new UserError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${n}`).join(', ')} missing`);
  const all = reports.map((x) => x.r);
  const allSites = all.flatMap((r) => r.sites);
  const shapedBodies = new Set(allSites.filter((s) => s.function.includes('go.shape.')).map((s) => genericShape(s.function)));
  const sites = withoutPlaceholders(firstCopies(allSites), shapedBodies).sort(compareSites);
  const { shard: _shard, ...rest } = first;
  return {
    ...rest,
    packages: [...new Set(all.flatMap((r) => r.packages))].sort(),
    sites,
    functions: withoutPlaceholders(firstCopies(all.flatMap((r) => r.functions)), shapedBodies).sort(compareSummaries),
    checks: first.checks,
    findings: all.flatMap((r) => r.findings).sort(findingOrder),
    // counted as one run counts them: over the merged sites (a shaped body two shards compiled counts once)
    stats: {
      sites: sites.length,
      allocatingSites: sites.filter((s) => s.allocates === true).length,
      unknownSites: sites.filter((s) => s.allocates === null).length,
      unrecognizedCompilerLines: all.reduce((t, r) => t + r.stats.unrecognizedCompilerLines, 0),
      unverifiedSites: sites.filter((s) => !s.verified).length,
    },
  };
}
