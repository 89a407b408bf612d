// Checks shared by the truth tests: ifacelens's report against `// want` lines and against
// runtime.MemStats measurements of the same functions.
import type { Report, SiteReport } from '../src/contract/report.js';
import type { FixtureFunc, WantLine } from './wants.js';
import type { Measurement } from './measure.js';
import { shortName } from '../src/analysis/names.js';

export function checkWants(report: Report, wants: WantLine[]): string[] {
  const problems: string[] = [];
  const byLine = new Map<string, SiteReport[]>();
  for (const s of report.sites) {
    const k = `${s.position.file}:${s.position.line}`;
    let l = byLine.get(k);
    if (!l) byLine.set(k, (l = []));
    l.push(s);
  }
  const wanted = new Set<string>();
  for (const wl of wants) {
    const k = `${wl.file}:${wl.line}`;
    wanted.add(k);
    const sites = byLine.get(k) ?? [];
    const used = new Set<SiteReport>();
    // wants restricted to some functions (in=) take their instances first
    for (const w of [...wl.wants].sort((a, b) => Number(!a.fn) - Number(!b.fn))) {
      const cands = sites.filter(
        (s) => s.kind === w.kind && !used.has(s) && (!w.fn || w.fn.test(s.function)) && (!w.call || (s.runtimeCall !== null && w.call.test(s.runtimeCall))),
      );
      if (cands.length === 0) {
        problems.push(
          `${k}: missing ${w.text} (have: ${sites.map((s) => `${s.kind} ${s.runtimeCall ?? '-'} allocs=${s.allocsPerOp}`).join(', ') || 'nothing'})`,
        );
        continue;
      }
      // Every instance of the site (own function and inlined copies) must have the wanted cost.
      const first = cands[0];
      const same = cands.filter((s) => s.position.column === first.position.column);
      for (const s of same) {
        used.add(s);
        if (w.allocs !== undefined && (s.allocsPerOp ?? -1) !== w.allocs) {
          problems.push(`${k}: ${w.kind} in ${s.function}: allocs=${w.allocs} wanted, ifacelens says ${s.allocsPerOp} (${s.reason})`);
        }
        if (w.bytes !== undefined && Math.abs((s.bytesPerOp ?? -1) - w.bytes) > 0.01) {
          problems.push(`${k}: ${w.kind} in ${s.function}: bytes=${w.bytes} wanted, ifacelens says ${s.bytesPerOp} (${s.reason})`);
        }
        if (w.freeAtRuntime && !s.freeWhen) {
          problems.push(`${k}: ${w.kind}: freeAtRuntime wanted, but ifacelens reports no run-time condition under which the helper is free`);
        }
      }
    }
  }
  for (const [k, sites] of byLine) {
    for (const s of sites) {
      if (s.allocates !== false && !wanted.has(k))
        problems.push(`${k}: unexpected ${s.kind} ${s.runtimeCall ?? ''} allocs=${s.allocsPerOp} in ${s.function} (not annotated)`);
    }
  }
  return problems;
}

export function checkMeasurements(report: Report, funcs: FixtureFunc[], measured: Measurement[], wants: WantLine[]): { problems: string[]; compared: number } {
  const problems: string[] = [];
  let compared = 0;
  // Keyed by package and short name: a main package's functions are main.F, not <path>.F.
  const summary = new Map(report.functions.map((f) => [`${f.package}\u0000${shortName(f.function)}`, f]));
  for (const f of funcs) {
    if (f.skip) continue;
    const sym = `${f.pkg}.${f.name}`;
    const m = measured.find((x) => x.pkg === f.pkg && x.name === f.name);
    if (!m) {
      problems.push(`${f.file}:${f.line}: ${sym} was not measured`);
      continue;
    }
    const s = summary.get(`${f.pkg}\u0000${f.name}`);
    let allocs = s ? s.allocsPerCall : 0;
    let bytes = s ? s.bytesPerCall : 0;
    for (const callee of f.callees ?? []) {
      const cs = summary.get(`${f.pkg}\u0000${callee}`);
      if (!cs) {
        problems.push(
          `${f.file}:${f.line}: ${sym}: callee ${callee} has no summary (functions: ${[...summary.keys()]
            .filter((k) => k.startsWith(f.pkg + '\u0000'))
            .map((k) => k.split('\u0000')[1])
            .join(', ')})`,
        );
        continue;
      }
      allocs = allocs === null || cs.allocsPerCall === null ? null : allocs + cs.allocsPerCall;
      bytes = bytes === null || cs.bytesPerCall === null ? null : bytes + cs.bytesPerCall;
    }
    // the lower bound holds for every measured function, whatever its upper bound
    if (s && (m.allocsPerCall < s.minAllocsPerCall - 0.01 || m.bytesPerCall < s.minBytesPerCall - 0.05)) {
      problems.push(
        `${f.file}:${f.line}: ${sym}: at least ${s.minAllocsPerCall} allocs, ${s.minBytesPerCall} B per call predicted; measured ${m.allocsPerCall} allocs, ${m.bytesPerCall} B`,
      );
    }
    if (allocs === null || bytes === null) {
      problems.push(`${f.file}:${f.line}: ${sym}: ifacelens gives no per-call figure (${s?.notes?.join('; ')}) but the function is measured`);
      continue;
    }
    // Sites whose values take the helper's static fast path: measured as free.
    for (const site of report.sites.filter((x) => x.package === f.pkg && shortName(x.function) === f.name && x.freeWhen && x.allocates)) {
      const line = wants.find((w) => w.file === site.position.file && w.line === site.position.line);
      if (line?.wants.some((w) => w.freeAtRuntime)) {
        allocs -= site.allocsPerOp ?? 0;
        bytes -= site.bytesPerOp ?? 0;
      }
    }
    compared++;
    if (Math.abs(m.allocsPerCall - allocs) > 0.01 || Math.abs(m.bytesPerCall - bytes) > 0.05) {
      problems.push(
        `${f.file}:${f.line}: ${sym}: ifacelens predicts ${allocs} allocs, ${bytes} B per call; measured ${m.allocsPerCall} allocs, ${m.bytesPerCall} B`,
      );
    }
  }
  return { problems, compared };
}
