// `ifacelens profile`: a heap/allocs profile joined with the static analysis.
import { statSync } from 'node:fs';
import { analyze, type AnalyzeOptions } from './analyze.js';
import { readProfileSource } from '../toolchain/fetch-profile.js';
import { UserError } from '../toolchain/errors.js';
import { parseProfile, ProfileFormatError, type ParsedProfile } from '../parse/pprof.js';
import { attributeProfile, type CallResolver } from '../analysis/attribute.js';
import { callAt, disassemble } from '../toolchain/objdump.js';
import { SCHEMA_VERSION } from '../contract/report.js';
import type { ProfileReport, ProfileSiteReport } from '../contract/profile.js';

export interface ProfileOptions extends AnalyzeOptions {
  profile: string;
  sampleIndex?: string;
  allowRemote?: boolean;
  /** refuse profiles larger than this (downloaded, on disk, or inflated); default 256 MiB */
  maxProfileBytes?: number;
  /** the profiled binary: sample addresses then tell sites on one line apart */
  binary?: string;
}

function pickSampleIndex(p: ParsedProfile, wanted: string | undefined): number {
  const names = p.sampleTypes.map((t) => t.type);
  const want = wanted ?? (names.includes('alloc_space') ? 'alloc_space' : p.defaultSampleType);
  const i = names.indexOf(want);
  if (i < 0) throw new UserError(`the profile has no sample type "${want}" (it has: ${names.join(', ')})`);
  return i;
}

export async function profileRun(opts: ProfileOptions): Promise<ProfileReport> {
  if (opts.binary && !statIsFile(opts.binary)) throw new UserError(`--binary ${opts.binary}: not a readable file`);
  const bytes = await readProfileSource(opts.profile, { allowRemote: opts.allowRemote, maxBytes: opts.maxProfileBytes });
  let parsed: ParsedProfile;
  try {
    parsed = parseProfile(bytes, opts.maxProfileBytes);
  } catch (e) {
    if (e instanceof ProfileFormatError) throw new UserError(`${opts.profile}: ${e.message}`);
    throw e;
  }
  const idx = pickSampleIndex(parsed, opts.sampleIndex);
  const { report } = await analyze(opts);
  let resolver: CallResolver | undefined;
  if (opts.binary) {
    // Only functions that have several allocating sites on one line need their code.
    const lines = new Map<string, number>();
    for (const st of report.sites)
      if (st.allocates)
        lines.set(`${st.function}:${st.position.file}:${st.position.line}`, (lines.get(`${st.function}:${st.position.file}:${st.position.line}`) ?? 0) + 1);
    const fns = [...new Set([...lines].filter(([, n]) => n > 1).map(([k]) => k.slice(0, k.indexOf(':'))))];
    let dis: Awaited<ReturnType<typeof disassemble>>;
    try {
      dis = await disassemble(opts.binary, fns);
    } catch (e) {
      // go tool objdump's own words, after what the user gave
      if (e instanceof UserError)
        throw new UserError(
          `--binary ${opts.binary}: not a Go binary go tool objdump can read (${e.message.replace(/^go tool objdump \S+: (objdump: )?/, '')})`,
        );
      throw e;
    }
    resolver = (fn, addr) => callAt(dis, fn, addr);
  }
  const att = attributeProfile(parsed, report.sites, report.dir, report.packages, resolver);
  const total = att.totals[idx];
  const names = parsed.sampleTypes.map((t) => t.type);
  const val = (vals: number[], name: string) => (names.indexOf(name) >= 0 ? vals[names.indexOf(name)] : null);
  const matched = att.sites.reduce((n, a) => n + a.samples, 0);
  if (parsed.samples.length > 0 && matched === 0 && att.otherInPackages.samples === 0) {
    throw new UserError(
      `none of the profile's ${parsed.samples.length} samples is in the analysed packages (${report.packages.slice(0, 3).join(', ')}${report.packages.length > 3 ? ', ...' : ''}): is it a profile of this code?`,
    );
  }
  const sites = att.sites
    .map(
      (a): ProfileSiteReport => ({
        position: a.site.position,
        function: a.site.function,
        kind: a.site.kind,
        allocBytes: val(a.values, 'alloc_space'),
        allocObjects: val(a.values, 'alloc_objects'),
        inuseBytes: val(a.values, 'inuse_space'),
        inuseObjects: val(a.values, 'inuse_objects'),
        share: total > 0 ? a.values[idx] / total : 0,
        samples: a.samples,
        ambiguous: a.ambiguous,
        ...(a.site.allocPath === 'tiny'
          ? {
              note: 'tiny objects are profiled per 16-byte block: a block is charged to the allocation that opened it, so small values boxed nearby share these figures',
            }
          : {}),
        static: a.site,
      }),
    )
    .sort((x, y) => y.share - x.share || x.position.file.localeCompare(y.position.file) || x.position.line - y.position.line);
  const ifaceTotal = att.sites.reduce((n, a) => n + a.values[idx], 0);
  return {
    schemaVersion: SCHEMA_VERSION,
    go: report.go,
    profile: {
      source: opts.profile,
      sampleTypes: names,
      sampleIndex: names[idx],
      period: parsed.period,
      exact: parsed.period === 1,
      samples: parsed.samples.length,
      total,
    },
    interfaces: { total: ifaceTotal, share: total > 0 ? ifaceTotal / total : 0 },
    unmatched: {
      inPackages: { samples: att.otherInPackages.samples, total: att.otherInPackages.values[idx] },
      outside: { samples: att.outside.samples, total: att.outside.values[idx] },
    },
    sites,
  };
}

function statIsFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
