// Per-function interface cost for one call: the sum of its allocating sites (inlined ones
// included), with constant loop trip counts multiplied in and tiny objects packed into shared
// 16-byte blocks the way the runtime's tiny allocator packs them.
import type { FunctionSummary, SiteReport } from '../contract/report.js';
import type { SizeClasses } from '../parse/sizeclasses-go.js';
import { tinyBytesPerRepetition } from './malloc-model.js';

export function summarize(sites: SiteReport[], sc: SizeClasses, ptrSize: number): FunctionSummary[] {
  const byFn = new Map<string, SiteReport[]>();
  for (const s of sites) {
    let l = byFn.get(s.function);
    if (!l) byFn.set(s.function, (l = []));
    l.push(s);
  }
  const out: FunctionSummary[] = [];
  for (const [fn, list] of byFn) {
    const alloc = list.filter((s) => s.allocates !== false);
    const notes = new Set<string>();
    let known = true;
    let allocs = 0;
    let bytes = 0;
    const tiny: number[] = [];
    // the lower bound: only what every call certainly allocates
    let minAllocs = 0;
    let minBytes = 0;
    const minTiny: number[] = [];
    const ordered = [...alloc].sort(
      (a, b) => a.position.file.localeCompare(b.position.file) || a.position.line - b.position.line || a.position.column - b.position.column,
    );
    for (const s of ordered) {
      if (s.allocates === null || s.allocsPerOp === null || s.bytesPerOp === null || s.objectSize === null) {
        known = false;
        notes.add(`${s.position.file}:${s.position.line}: cost unknown`);
        continue;
      }
      if (s.conditional) {
        known = false;
        notes.add(`${s.position.file}:${s.position.line}: executed conditionally`);
        continue;
      }
      const n = s.executionsPerCall;
      if (n === null) {
        known = false;
        notes.add(`${s.position.file}:${s.position.line}: loop trip count not constant`);
        continue;
      }
      if (s.freeWhen) notes.add(`assumes ${s.runtimeCall} allocates; it does not when ${s.freeWhen}`);
      allocs += s.allocsPerOp * n;
      if (s.allocPath === 'tiny') {
        for (let k = 0; k < n; k++) tiny.push(s.objectSize);
      } else {
        bytes += s.bytesPerOp * n;
      }
      if (!s.freeWhen) {
        minAllocs += s.allocsPerOp * n;
        if (s.allocPath === 'tiny') for (let k = 0; k < n; k++) minTiny.push(s.objectSize);
        else minBytes += s.bytesPerOp * n;
      }
    }
    bytes += tinyBytesPerRepetition(tiny, ptrSize, sc.tinySize);
    minBytes += tinyBytesPerRepetition(minTiny, ptrSize, sc.tinySize);
    out.push({
      function: fn,
      package: list[0].functionPackage,
      allocsPerCall: known ? allocs : null,
      bytesPerCall: known ? Math.round(bytes * 1000) / 1000 : null,
      minAllocsPerCall: minAllocs,
      minBytesPerCall: Math.round(minBytes * 1000) / 1000,
      sites: alloc.length,
      ...(notes.size ? { notes: [...notes] } : {}),
    });
  }
  // known figures first, most bytes first; unknown ones after them (their notes say why)
  return out.sort(compareSummaries);
}

/** The order of a report's functions: known figures first, most bytes first; unknown ones after. */
export function compareSummaries(a: FunctionSummary, b: FunctionSummary): number {
  return (
    Number(a.bytesPerCall === null) - Number(b.bytesPerCall === null) || (b.bytesPerCall ?? 0) - (a.bytesPerCall ?? 0) || a.function.localeCompare(b.function)
  );
}
