// The dynamic-arg site kind: an argument of a call through an interface or a function value,
// which escape analysis must assume the unknown callee keeps. Its detection is the helper's
// (helper/dynamic.go); its verdicts are judged here; its sentences are report/reason.ts's
// `dynamic-*` rules; its fixture is testdata/fixtures/dynamic.
import type { FactStore } from '../facts/store.js';
import type { AsmRef } from '../parse/gcflags-asm.js';
import type { SiteReport, Verdict } from '../contract/report.js';
import { toPosition } from '../facts/position.js';
import { roundupsizeNoscan } from './malloc-model.js';
import type { Instance } from './sites.js';
import { sourceType } from './type-report.js';

/** The verdict builders judge.ts gives a site kind's judge (they fill in the instance's base). */
export interface Judgments {
  free: (verdict: Verdict) => SiteReport;
  allocating: (helper: string | null, size: number, hasPointers: boolean, verdict: Verdict, freeWhen?: string) => SiteReport;
  unreadable: () => SiteReport;
  unsized: (runtimeCall: string | null, verified: boolean, verdict: Verdict) => SiteReport;
}

/** Runtime calls that allocate what a dynamic call's argument needs on the heap. */
const dynamicArgCall: Record<string, RegExp> = {
  'string-to-slice': /^runtime\.(stringtoslice(byte|rune)|newobject)$/,
  make: /^runtime\.makeslice/,
  'address-of': /^runtime\.(newobject|mallocgc)$/,
  literal: /^runtime\.(newobject|mallocgc)$/,
  new: /^runtime\.(newobject|mallocgc)$/,
};

/**
 * An argument of a call through an interface or a function value: escape analysis cannot see the
 * callee and assumes it keeps the argument, so the argument's storage moves to the heap. The
 * compiler's -m=2 flow names the call (`w.Write(…) (call parameter) at a.go:12:9`) when that call
 * is why it escapes.
 */
export function judgeDynamicArg(store: FactStore, i: Instance, base: SiteReport, calls: AsmRef[], j: Judgments): SiteReport {
  const { free, allocating, unreadable, unsized } = j;
  const s = i.site;
  const d = s.dynamic!;
  const via = s.via!;
  const devirt = i.devirtualized ? /to (.+)$/.exec(i.devirtualized)?.[1] : undefined;
  // PGO devirtualisation is guarded: the call through the interface stays for other types.
  const pgo = !!devirt && i.devirtualized!.startsWith('PGO ');
  base.dynamicCall = {
    callee: d.callee,
    interface: d.interface,
    argument: d.arg,
    position: toPosition(store.dir, via),
    ...(devirt ? (pgo ? { pgoDevirtualizedTo: devirt } : { devirtualizedTo: devirt }) : {}),
  };
  const obj = s.object;
  if (obj) base.object = sourceType(obj);
  const named = s.varName && s.context === 'address-of' ? { varName: s.varName } : {};
  const rec = s.context === 'address-of' ? i.moved : i.escape;
  const escapes = s.context === 'address-of' ? !!i.moved : !!i.escape?.escapes;
  if (rec) {
    base.escapes = escapes;
    if (rec.flow.length) base.escapeFlow = rec.flow;
  }
  if (!escapes) {
    return free(devirt && !pgo ? { rule: 'dynamic-devirtualized', ...named } : { rule: 'dynamic-stays', ...named, ...(i.escape ? {} : { noVerdict: true }) });
  }
  // Is this call (or, inlined, the call it was inlined at) the step that makes it escape?
  const here = [via, i.outer];
  const throughCall = rec!.flow.some((l) => {
    const m = /\(call parameter\) at (.+):(\d+):(\d+)$/.exec(l);
    return !!m && here.some((p) => p.line === Number(m[2]) && p.col === Number(m[3]) && (p.file.endsWith(m[1].replace(/^\.\//, '')) || m[1].endsWith(p.file)));
  });
  if (!throughCall) {
    return { ...free({ rule: 'dynamic-escapes-elsewhere', ...named }), escapes: true };
  }
  const pattern = dynamicArgCall[s.context];
  const call = calls.find((r) => pattern?.test(r.sym));
  if (i.asm && !call && !i.listingRead) return unreadable();
  if (i.asm && !call) return free({ rule: 'dynamic-removed', ...named });
  const sym = call?.sym ?? null;
  switch (s.context) {
    case 'string-to-slice': {
      const elem = obj?.size ?? 1;
      if (s.constant && s.count !== undefined) {
        // rawbyteslice/rawruneslice: mallocgc(roundupsize(n), nil, noscan)
        const size = s.count * elem;
        if (size === 0) return free({ rule: 'dynamic-empty', ...named });
        if (elem === 1) {
          // walk.walkStringToBytes: a constant string becomes new([n]byte) and a copy
          return allocating(sym, size, false, { rule: 'dynamic-constant-bytes', bytes: size, withFlow: true });
        }
        // rawruneslice asks for roundupsize(n): the slice takes its whole size class
        const asked = roundupsizeNoscan(store.sizeClasses, size);
        return allocating(sym, asked, false, { rule: 'dynamic-constant-runes', bytes: size, asked, withFlow: true });
      }
      return { ...unsized(sym, !!call, { rule: 'dynamic-string-copy', withFlow: true }), freeWhen: 'the string is empty' };
    }
    case 'make': {
      if (!obj || s.count === undefined || s.count < 0) return unsized(sym, !!call, { rule: 'dynamic-make-unknown', withFlow: true });
      base.object = { ...sourceType(obj)!, type: `[${s.count}]${obj.type}`, size: obj.size * s.count };
      return allocating(sym, obj.size * s.count, obj.ptrBytes > 0, { rule: 'dynamic-make', withFlow: true });
    }
    default:
      if (!obj || obj.size < 0) return unsized(sym, !!call, { rule: 'dynamic-unknown-size' });
      return allocating(sym, obj.size, obj.ptrBytes > 0, {
        rule: 'dynamic-heap',
        ...(s.context === 'address-of' ? { varName: s.varName } : {}),
        withFlow: true,
      });
  }
}
