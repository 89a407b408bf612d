// Figures of a differential run, and their printout.
import { basename } from 'node:path';
import { INTERFACE_CLASSES, type EventClass, type Judged, type TargetResult } from './judge.js';

export interface Figures {
  target: string;
  benchmarks: number;
  /** interface-related allocation events judged (distinct call sites in machine code) */
  events: number;
  objects: number;
  hitEvents: number;
  hitObjects: number;
  /** among hits: measured bytes per object equal to ifacelens's slot */
  exactEvents: number;
  exactObjects: number;
  /** among hits with a known type size: ifacelens's objectSize equals the descriptor's size */
  sizeKnown: number;
  sizeAgrees: number;
  /** precision: allocating sites on executed lines (no freeWhen) */
  judgedSites: number;
  allocatedSites: number;
  eitherWay: number;
  notExecuted: number;
  unjudged: number;
  byClass: Record<EventClass, { events: number; objects: number; hits: number }>;
  outOfScope: Record<string, number>;
}

const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)}%`);

export function figures(r: TargetResult): Figures {
  const byClass = Object.fromEntries(
    ['boxing', 'heap-move', 'heap-move-indirect', 'variadic', 'dynamic-call', 'dynamic-call-indirect', 'other'].map((c) => [
      c,
      { events: 0, objects: 0, hits: 0 },
    ]),
  ) as Figures['byClass'];
  const f: Figures = {
    target: r.target.pkg,
    benchmarks: r.benchmarks.length,
    events: 0,
    objects: 0,
    hitEvents: 0,
    hitObjects: 0,
    exactEvents: 0,
    exactObjects: 0,
    sizeKnown: 0,
    sizeAgrees: 0,
    judgedSites: r.precision.length,
    allocatedSites: r.precision.filter((p) => p.allocated).length,
    eitherWay: r.eitherWay,
    notExecuted: r.notExecuted,
    unjudged: r.unjudged,
    byClass,
    outOfScope: {},
  };
  for (const e of r.events) {
    if (!INTERFACE_CLASSES.includes(e.class)) continue;
    if (e.outOfScope) {
      const k = e.outOfScope.replace(/ \(.*\)$/, '');
      f.outOfScope[k] = (f.outOfScope[k] ?? 0) + e.objects;
    }
  }
  for (const j of r.judged) {
    f.events++;
    f.objects += j.objects;
    byClass[j.class].events++;
    byClass[j.class].objects += j.objects;
    if (!j.verdict.ok) continue;
    byClass[j.class].hits++;
    f.hitEvents++;
    f.hitObjects += j.objects;
    if (j.verdict.bytesExact) {
      f.exactEvents++;
      f.exactObjects += j.objects;
    }
    if (j.verdict.sizeAgrees !== null) {
      f.sizeKnown++;
      if (j.verdict.sizeAgrees) f.sizeAgrees++;
    }
  }
  return f;
}

export const loc = (j: { file: string; line: number }) => `${basename(j.file)}:${j.line}`;

/** A stable key for a miss: the machine function, the innermost position (base name) and the runtime call. */
export const missKey = (j: Judged) => `${j.function} ${loc(j)} ${j.call}`;

export function render(results: TargetResult[], verbose = false): string {
  const out: string[] = [];
  const tot = { events: 0, objects: 0, hitEvents: 0, hitObjects: 0, exactEvents: 0, exactObjects: 0, judgedSites: 0, allocatedSites: 0 };
  out.push(
    '| package | benchmarks | interface allocations (sites / objects) | recall (sites / objects) | byte exactness (sites / objects) | object size = type descriptor | precision (allocated / judged sites) | freeWhen, either way | allocating, not executed | executed, not judged (tiny, mixed) |',
  );
  out.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const f = figures(r);
    for (const k of Object.keys(tot) as (keyof typeof tot)[]) tot[k] += f[k];
    out.push(
      `| ${f.target} | ${f.benchmarks} | ${f.events} / ${f.objects} | ${pct(f.hitEvents, f.events)} / ${pct(f.hitObjects, f.objects)} | ${pct(f.exactEvents, f.hitEvents)} / ${pct(f.exactObjects, f.hitObjects)} | ${f.sizeAgrees}/${f.sizeKnown} | ${pct(f.allocatedSites, f.judgedSites)} (${f.allocatedSites}/${f.judgedSites}) | ${f.eitherWay} | ${f.notExecuted} | ${f.unjudged} |`,
    );
  }
  out.push(
    `| **all** | | ${tot.events} / ${tot.objects} | ${pct(tot.hitEvents, tot.events)} / ${pct(tot.hitObjects, tot.objects)} | ${pct(tot.exactEvents, tot.hitEvents)} / ${pct(tot.exactObjects, tot.hitObjects)} | | ${pct(tot.allocatedSites, tot.judgedSites)} (${tot.allocatedSites}/${tot.judgedSites}) | | | |`,
  );
  out.push('');
  // By class, over all packages.
  const classes = new Map<string, { events: number; objects: number; hits: number; hitObjects: number }>();
  for (const r of results) {
    for (const j of r.judged) {
      const c = classes.get(j.class) ?? { events: 0, objects: 0, hits: 0, hitObjects: 0 };
      c.events++;
      c.objects += j.objects;
      if (j.verdict.ok) {
        c.hits++;
        c.hitObjects += j.objects;
      }
      classes.set(j.class, c);
    }
  }
  out.push('| class | call sites | objects | recall (call sites / objects) |');
  out.push('|---|---|---|---|');
  for (const [k, c] of classes) out.push(`| ${k} | ${c.events} | ${c.objects} | ${pct(c.hits, c.events)} / ${pct(c.hitObjects, c.objects)} |`);
  out.push('');
  for (const r of results) {
    const f = figures(r);
    const cls = Object.entries(f.byClass)
      .filter(([, v]) => v.events)
      .map(([k, v]) => `${k} ${v.hits}/${v.events} sites (${v.objects} objects)`)
      .join(', ');
    const oos = Object.entries(f.outOfScope)
      .map(([k, v]) => `${k}: ${v} objects`)
      .join(', ');
    out.push(
      `${r.target.pkg}: ${cls || 'no interface allocations'}${oos ? `; not judged: ${oos}` : ''}${r.benchFailures.length ? `; failing benchmarks: ${r.benchFailures.join(', ')}` : ''}`,
    );
    for (const j of r.judged) {
      if (!j.verdict.ok)
        out.push(
          `  MISS ${j.class} ${j.call} in ${j.function} at ${loc(j)} (${j.objects} objects, ${j.bytes / j.objects} B each${j.type ? `, ${j.type.name} ${j.type.size} B` : ''}): ${j.verdict.miss}${j.frames.length > 1 ? ` [inlined: ${j.frames.map((fr) => `${fr.function} ${basename(fr.file)}:${fr.line}`).join(' <- ')}]` : ''}${verbose && j.class !== 'boxing' ? `\n      why: ${j.why}` : ''}`,
        );
    }
    for (const j of r.judged) {
      if (j.verdict.ok && !j.verdict.bytesExact)
        out.push(
          `  BYTES ${j.call} in ${j.function} at ${loc(j)}: measured ${j.bytes / j.objects} B per object, ifacelens ${j.verdict.predictedSlot} (objectSize ${j.verdict.site.objectSize}, ${j.verdict.site.allocPath})`,
        );
    }
    for (const j of r.judged) {
      if (j.verdict.ok && j.verdict.sizeAgrees === false)
        out.push(
          `  SIZE ${j.call} in ${j.function} at ${loc(j)}: type descriptor ${j.type?.name ?? ''} ${j.type?.size ?? ''} B, ifacelens objectSize ${j.verdict.site.objectSize}`,
        );
    }
    for (const p of r.precision) {
      if (!p.allocated)
        out.push(
          `  NOT ALLOCATED ${p.site.kind} ${p.site.runtimeCall} at ${basename(p.site.position.file)}:${p.site.position.line}:${p.site.position.column} in ${p.instances.map((i) => i.function).join(', ')} (line executed, no allocation there): ${p.site.reason}`,
        );
    }
  }
  return out.join('\n');
}
