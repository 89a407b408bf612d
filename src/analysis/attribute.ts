// Attributes the samples of an allocation profile to the interface sites of a report: each
// sample's leaf frame (the user code that called into the allocator; heap profiles omit the
// runtime's own frames) is matched by file and line to the allocating sites there, in the
// function whose machine code holds that frame (the outermost frame of the location, so code
// inlined from a helper is attributed to the copy that ran). With the binary's code, the runtime
// call at the sample's address must be the site's.
import { basename, isAbsolute, join } from 'node:path';
import type { ParsedProfile, PFrame, PSample } from '../parse/pprof.js';
import type { SiteReport } from '../contract/report.js';

export interface AttributedSite {
  site: SiteReport;
  /** totals per sample type, in the profile's units, indexed like profile.sampleTypes */
  values: number[];
  samples: number;
  /** several sites on the line could have made these samples; they were split among them */
  ambiguous: boolean;
}

export interface Attribution {
  sites: AttributedSite[];
  totals: number[];
  /** samples (and their values) whose leaf frame is in the analysed packages but at no interface site */
  otherInPackages: { samples: number; values: number[] };
  /** samples whose leaf frame is outside the analysed packages */
  outside: { samples: number; values: number[] };
  /** the samples attributed to no site (those of otherInPackages and outside) */
  unmatched: PSample[];
}

const isRuntime = (f: PFrame) => /^runtime\.|^runtime\/internal|^internal\/runtime/.test(f.function);

/** Keys under which a source file can appear in a profile: absolute path, or -trimpath form. */
function fileKeys(dir: string, site: SiteReport): string[] {
  const abs = isAbsolute(site.position.file) ? site.position.file : join(dir, site.position.file);
  return [abs, `${site.package}/${basename(abs)}`];
}

/** Resolves a sample's leaf address to the runtime call there (from the binary's code). */
export type CallResolver = (fn: string, address: bigint) => { callee: string; ordinal: number } | undefined;

export function attributeProfile(profile: ParsedProfile, sites: SiteReport[], dir: string, packages: string[], resolveCall?: CallResolver): Attribution {
  const n = profile.sampleTypes.length;
  const zero = () => new Array<number>(n).fill(0);
  const byLine = new Map<string, SiteReport[]>();
  for (const s of sites) {
    if (s.allocates === false) continue;
    for (const k of fileKeys(dir, s)) {
      const key = `${k}:${s.position.line}`;
      let l = byLine.get(key);
      if (!l) byLine.set(key, (l = []));
      l.push(s);
    }
  }
  const out = new Map<SiteReport, AttributedSite>();
  const totals = zero();
  const other = { samples: 0, values: zero() };
  const outside = { samples: 0, values: zero() };
  const unmatched: PSample[] = [];
  const pkgPrefixes = packages.map((p) => p + '.');
  const pkgFiles = packages.map((p) => p + '/');
  // In the analysed packages: by symbol prefix, or by file (main packages are named main.F).
  const inPackages = (f: PFrame) =>
    pkgPrefixes.some((p) => f.function.startsWith(p)) || f.file.startsWith(dir + '/') || pkgFiles.some((p) => f.file.startsWith(p));
  const spaceIdx = profile.sampleTypes.findIndex((t) => t.type === 'alloc_space' || t.type === 'space');
  const objIdx = profile.sampleTypes.findIndex((t) => t.type === 'alloc_objects' || t.type === 'objects');

  for (const sm of profile.samples) {
    sm.values.forEach((v, i) => {
      totals[i] += v;
    });
    // the first user frame, and the function whose code holds it
    let leaf: PFrame | undefined;
    let machine = '';
    let address = 0n;
    for (const loc of sm.stack) {
      const k = loc.frames.findIndex((f) => !isRuntime(f));
      if (k >= 0) {
        leaf = loc.frames[k];
        machine = loc.frames[loc.frames.length - 1].function;
        address = loc.address;
        break;
      }
    }
    const add = (acc: { samples: number; values: number[] }) => {
      acc.samples++;
      sm.values.forEach((v, i) => {
        acc.values[i] += v;
      });
    };
    if (!leaf) {
      add(outside);
      unmatched.push(sm);
      continue;
    }
    let cands = byLine.get(`${leaf.file}:${leaf.line}`) ?? [];
    const inMachine = cands.filter((s) => s.function === machine);
    if (inMachine.length) cands = inMachine;
    if (cands.length > 1 && spaceIdx >= 0 && objIdx >= 0 && sm.values[objIdx] > 0) {
      // Several sites on one line: the sample's object size tells them apart when they differ.
      const size = sm.values[spaceIdx] / sm.values[objIdx];
      const bySize = cands.filter((s) => (s.allocPath === 'tiny' ? 16 : s.bytesPerOp) === size);
      if (bySize.length) cands = bySize;
    }
    if (cands.length > 0 && resolveCall && address) {
      // The binary's code says which call made the sample: its runtime helper, and which of the
      // line's calls to that helper it is (sites in column order). A call no site on the line
      // makes (a slice literal's backing array beside its conversion, say) is not theirs.
      const c = resolveCall(machine, address);
      if (c) {
        const same = cands.filter((s) => s.runtimeCall === c.callee).sort((a, b) => a.position.column - b.position.column);
        if (same.length) cands = [same[Math.min(c.ordinal, same.length - 1)]];
        else if (cands.every((s) => s.verified && s.runtimeCall)) cands = [];
      }
    }
    if (cands.length === 0) {
      add(inPackages(leaf) ? other : outside);
      unmatched.push(sm);
      continue;
    }
    for (const s of cands) {
      let a = out.get(s);
      if (!a) out.set(s, (a = { site: s, values: zero(), samples: 0, ambiguous: false }));
      a.samples++;
      a.ambiguous ||= cands.length > 1;
      sm.values.forEach((v, i) => {
        a!.values[i] += v / cands.length;
      });
    }
  }
  return { sites: [...out.values()], totals, otherInPackages: other, outside, unmatched };
}
