// The judgment: for one instance of a site (the site in the machine code of one function, with
// the compiler's records paired by sites.ts), whether it allocates, how many bytes, which runtime
// call, and why — as data (`cause`, `verdict`); report/reason.ts renders the words.
import type { FactStore } from '../facts/store.js';
import type { HCall, HTypeArg, LoopFacts, TypeFacts } from '../parse/helper-protocol.js';
import { splitTopLevel } from '../parse/gcflags-asm.js';
import { printsConvertDecisions } from '../parse/gcflags-m.js';
import type { Cause, InlineFrame, SiteCache, SiteReport, Verdict, VerdictRule } from '../contract/report.js';
import { toPosition } from '../facts/position.js';
import { cacheLifetimeBytes, usesSwitchCache } from './switch-cache.js';
import { genericShape, oneLine, shortName } from './names.js';
import { helperFor, helperFreeWhen, helperMalloc, objectCost, typeDataWord, type ConvHelper } from './conversion-cost.js';
import type { Instance } from './sites.js';
import { judgeDynamicArg } from './dynamic-arg.js';
import { sourceType, targetType } from './type-report.js';

/** Calls and symbol references in the instance's function on the site's (innermost) line. */
function refsOnLine(i: Instance) {
  if (!i.asm) return [];
  return i.asm.refs.filter((r) => r.line === i.site.pos.line && r.file === i.site.pos.file);
}

/** Each judgment's cause, and where a free conversion's data word points when it says. */
const RULES: Record<VerdictRule, { cause: Cause; dataWord?: NonNullable<SiteReport['dataWord']> }> = {
  comparison: { cause: 'not-converted' },
  'pointer-shaped': { cause: 'pointer-shaped' },
  'zero-size': { cause: 'zero-size', dataWord: 'zerobase' },
  'single-byte': { cause: 'small-value', dataWord: 'staticuint64s' },
  'small-value': { cause: 'small-value', dataWord: 'staticuint64s' },
  'zero-value': { cause: 'zero-value', dataWord: 'zeroVal' },
  constant: { cause: 'static-data', dataWord: 'static' },
  'compile-time': { cause: 'static-data', dataWord: 'static' },
  stack: { cause: 'stack', dataWord: 'stack' },
  'init-static': { cause: 'static-data', dataWord: 'static' },
  'no-helper-call': { cause: 'no-call-emitted', dataWord: 'stack' },
  helper: { cause: 'runtime-helper' },
  'large-non-escaping': { cause: 'large-non-escaping' },
  'non-escaping-call': { cause: 'runtime-helper' },
  'type-param-pointer-shaped': { cause: 'pointer-shaped' },
  'type-param-zero-size': { cause: 'zero-size', dataWord: 'zerobase' },
  'type-param-no-helper': { cause: 'no-call-emitted' },
  'type-param-helper': { cause: 'runtime-helper' },
  'shape-unknown': { cause: 'not-instantiated' },
  'shape-no-helper': { cause: 'no-call-emitted' },
  'shape-helper-unknown-size': { cause: 'runtime-helper' },
  'shape-helper': { cause: 'runtime-helper' },
  'empty-symbol': { cause: 'no-code' },
  'not-instantiated': { cause: 'not-instantiated' },
  unreadable: { cause: 'unreadable' },
  'to-any': { cause: 'type-word' },
  'itab-lookup': { cause: 'itab-lookup' },
  'assert-concrete': { cause: 'type-word' },
  'assert-interface': { cause: 'itab-lookup' },
  'switch-concrete': { cause: 'type-word' },
  'switch-interface': { cause: 'itab-lookup' },
  'closure-static': { cause: 'static-data' },
  'stays-on-stack': { cause: 'stack' },
  'heap-move-removed': { cause: 'no-code' },
  'heap-move-unknown-size': { cause: 'heap-move' },
  'heap-move': { cause: 'heap-move' },
  'dynamic-devirtualized': { cause: 'stack' },
  'dynamic-stays': { cause: 'stack' },
  'dynamic-escapes-elsewhere': { cause: 'escapes-elsewhere' },
  'dynamic-removed': { cause: 'no-code' },
  'dynamic-empty': { cause: 'zero-size' },
  'dynamic-constant-bytes': { cause: 'dynamic-call' },
  'dynamic-constant-runes': { cause: 'dynamic-call' },
  'dynamic-string-copy': { cause: 'dynamic-call' },
  'dynamic-make-unknown': { cause: 'dynamic-call' },
  'dynamic-make': { cause: 'dynamic-call' },
  'dynamic-unknown-size': { cause: 'dynamic-call' },
  'dynamic-heap': { cause: 'dynamic-call' },
  'reflect-unknown': { cause: 'unknown' },
  'reflect-not-addressable': { cause: 'reflect-no-copy' },
  'reflect-pointer-shaped': { cause: 'pointer-shaped' },
  'reflect-zero-size': { cause: 'zero-size' },
  'reflect-copy': { cause: 'reflect-copy' },
  'variadic-stack': { cause: 'stack' },
  'variadic-removed': { cause: 'no-code' },
  'variadic-heap': { cause: 'heap-move' },
};

/** The cause a verdict has: its rule's, except a zero-size object allocates nothing. */
export function causeOf(v: Verdict): Cause {
  return v.zeroObject ? 'zero-size' : RULES[v.rule].cause;
}

/** Judges one instance: allocation, bytes, runtime call, the verdict, and what the data word holds. */
export function judge(store: FactStore, i: Instance): SiteReport {
  const r = judgeCost(store, i);
  r.cause = causeOf(r.verdict);
  if (r.kind === 'convert') r.dataWord = dataWordOf(r, printsConvertDecisions(store.go.version));
  return r;
}

/** What the data word of a convert site points to, from the verdict. Where the compiler printed no
 *  decisions (go1.24), a conversion without a helper call may point at static data or the stack: unknown. */
function dataWordOf(r: SiteReport, decisionsPrinted: boolean): SiteReport['dataWord'] {
  if (r.allocates) return 'heap';
  if (r.allocates === null) return undefined;
  if (r.verdict.rule === 'no-helper-call' && !decisionsPrinted) return undefined;
  if (r.source?.pointerShaped) return 'direct';
  if (r.verdict.zeroObject) return 'zerobase';
  return RULES[r.verdict.rule].dataWord ?? 'none';
}

function judgeCost(store: FactStore, i: Instance): SiteReport {
  const s = i.site;
  const ptr = store.ptrSize;
  const sc = store.sizeClasses;
  const refs = refsOnLine(i);
  const calls = refs.filter((r) => r.call);
  const base: SiteReport = {
    kind: s.siteKind,
    position: toPosition(store.dir, s.pos),
    package: s.package,
    function: i.machine,
    functionPackage: i.asm?.pkg ?? i.hostPackage ?? s.package,
    context: s.context,
    allocates: false,
    allocsPerOp: 0,
    bytesPerOp: 0,
    objectSize: null,
    runtimeCall: null,
    escapes: null,
    verified: true,
    cause: 'unknown',
    verdict: { rule: 'unreadable' },
    reason: '',
    executionsPerCall: executions(s.loop, i.inlinedAt ? i.callLoop : undefined),
    conditional: !!s.loop?.conditional || !!(i.inlinedAt && i.callLoop?.conditional),
  };
  if (genericShape(i.machine) !== genericShape(s.function)) base.sourceFunction = s.function;
  if (i.inlinedAt) {
    base.inlinedAt = i.inlinedAt.map((f): InlineFrame => ({ function: f.callee, callSite: toPosition(store.dir, f.pos) }));
  }
  if (s.operand !== undefined) base.operand = oneLine(s.operand);
  if (i.escape) {
    base.escapes = i.escape.escapes;
    if (i.escape.flow.length) base.escapeFlow = i.escape.flow;
  }

  const free = (verdict: Verdict): SiteReport => ({ ...base, verdict });
  // Absence of a call proves nothing when no call at all was recognised in the function's code.
  const unreadable = (): SiteReport => ({ ...base, allocates: null, allocsPerOp: null, bytesPerOp: null, verified: false, verdict: { rule: 'unreadable' } });
  /** an allocation whose size is not known here: one malloc, bytes null */
  const unsized = (runtimeCall: string | null, verified: boolean, verdict: Verdict): SiteReport => ({
    ...base,
    allocates: true,
    allocsPerOp: 1,
    bytesPerOp: null,
    objectSize: null,
    runtimeCall,
    verified,
    verdict,
  });
  const allocating = (helper: string | null, size: number, hasPointers: boolean, verdict: Verdict, freeWhen?: string): SiteReport => {
    const c = objectCost(sc, ptr, size, hasPointers);
    if (!c) return free({ ...verdict, zeroObject: true, withFlow: undefined });
    const call = helper && calls.some((r) => r.sym === helper);
    const r: SiteReport = {
      ...base,
      allocates: true,
      allocsPerOp: 1,
      bytesPerOp: round3(c.bytesPerOp),
      objectSize: size,
      allocPath: c.malloc.path,
      sizeClass: c.malloc.sizeClass,
      runtimeCall: helper,
      verified: !!call,
      verdict: { ...verdict, malloc: { ...c.malloc } },
    };
    if (freeWhen) r.freeWhen = freeWhen;
    return r;
  };

  if (i.asm && i.asm.size === 0) {
    // STEXT size=0: a closure inlined into every caller keeps an empty symbol; its sites run in the copies
    return {
      ...free({ rule: 'empty-symbol', name: shortName(i.machine) }),
      source: sourceType(s.source),
      object: sourceType(s.object),
      target: targetType(s.target, null),
    };
  }
  if (!i.asm && s.function.includes('[...]') && s.siteKind !== 'assert' && s.siteKind !== 'type-switch' && s.siteKind !== 'iface-to-iface') {
    // Generic code exists only as instantiations; none was compiled in these packages.
    const src = s.source ?? s.object;
    const r = free({ rule: 'not-instantiated', generic: s.function });
    return {
      ...r,
      source: sourceType(s.source),
      object: sourceType(s.object),
      target: targetType(s.target, null),
      allocates: src?.directIface ? false : null,
      allocsPerOp: src?.directIface ? 0 : null,
      bytesPerOp: src?.directIface ? 0 : null,
    };
  }
  switch (s.siteKind) {
    case 'convert': {
      const src = s.source!;
      const itabSym = refs.find((r) => r.sym.startsWith('go:itab.'))?.sym;
      const tgtEmpty = !!s.target?.empty;
      base.source = sourceType(src);
      base.target = targetType(s.target, tgtEmpty ? null : 'static', itabSym);
      if (s.context === 'compare') {
        return free({ rule: 'comparison' });
      }
      if (src.directIface) return free({ rule: 'pointer-shaped' });
      if (s.typeParam || src.size < 0) {
        // An inlined copy knows its type argument; a shaped body G[go.shape.X] has the size of X.
        const arg = typeArgOf(store, i);
        if (arg && !arg.facts.typeParam) {
          const t = arg.facts;
          base.source = { ...sourceType(t)!, type: `${src.type} = ${t.type}` };
          const tdw = typeDataWord(t, ptr);
          const tp = { param: src.type, arg: t.type };
          if (tdw.kind === 'direct') return free({ rule: 'type-param-pointer-shaped', ...tp });
          if (tdw.kind === 'zero-size') return free({ rule: 'type-param-zero-size', ...tp });
          const h = calls.find((r) => /^runtime\.convT/.test(r.sym));
          if (!h) {
            if (!i.listingRead) return unreadable();
            return free({ rule: 'type-param-no-helper', ...tp });
          }
          const helper = h.sym.replace(/^runtime\./, '') as ConvHelper;
          const m = helperMalloc(helper, t, ptr);
          return allocating(h.sym, m.size, m.hasPointers, { rule: 'type-param-helper', ...tp, withFlow: !!i.escape?.escapes }, helperFreeWhen(helper, t));
        }
        // The shape of the instantiation decides; read the helper from the emitted code.
        const h = calls.find((r) => /^runtime\.convT/.test(r.sym));
        if (!h) {
          if (!i.asm) return { ...free({ rule: 'shape-unknown' }), allocates: null, allocsPerOp: null, bytesPerOp: null };
          return free({ rule: 'shape-no-helper' });
        }
        const helper = h.sym.replace(/^runtime\./, '') as ConvHelper;
        const fixed: Partial<Record<ConvHelper, number>> = { convT16: 2, convT32: 4, convT64: 8, convTstring: 2 * ptr, convTslice: 3 * ptr };
        const size = fixed[helper];
        if (size === undefined) {
          return unsized(h.sym, true, { rule: 'shape-helper-unknown-size' });
        }
        const m = helperMalloc(helper, { ...src, size }, ptr);
        return allocating(h.sym, m.size, m.hasPointers, { rule: 'shape-helper' }, helperFreeWhen(helper));
      }
      const dw = typeDataWord(src, ptr);
      if (dw.kind === 'direct') return free({ rule: 'pointer-shaped' });
      if (dw.kind === 'zero-size') return free({ rule: 'zero-size' });
      if (dw.kind === 'single-byte') return free({ rule: 'single-byte' });
      if (i.decision) {
        switch (i.decision.decision) {
          case 'zero-sized':
            return free({ rule: 'zero-size' });
          case 'single-byte':
          case 'small-int':
            return free({ rule: 'small-value' });
          case 'zero-value':
            return free({ rule: 'zero-value' });
          case 'global':
            return free({ rule: s.constant ? 'constant' : 'compile-time' });
          case 'stack':
            return free({ rule: 'stack' });
        }
      }
      // walk.dataWord: a conversion that does not escape and is at most 1024 bytes uses a stack
      // temporary. (Its escapedebug line is printed at the operand's declaration, not here.)
      if (i.escape && !i.escape.escapes && src.size <= 1024) return free({ rule: 'stack' });
      const helper = helperFor(src, ptr);
      const m = helperMalloc(helper, src, ptr);
      if (i.emittedCall === false) {
        if (/\.init$/.test(s.function)) return free({ rule: 'init-static' });
        if (!i.listingRead) return unreadable();
        return free({ rule: 'no-helper-call', name: `runtime.${helper}` });
      }
      const rule: VerdictRule = i.escape && !i.escape.escapes ? (src.size > 1024 ? 'large-non-escaping' : 'non-escaping-call') : 'helper';
      return allocating(`runtime.${helper}`, m.size, m.hasPointers, { rule, withFlow: !!i.escape?.escapes }, helperFreeWhen(helper, src));
    }
    case 'iface-to-iface': {
      base.source = sourceType(s.source);
      const call = calls.find((r) => /^runtime\.(typeAssert|assertE2I2?|getitab)$/.test(r.sym));
      base.target = targetType(s.target, s.target?.empty ? null : 'runtime');
      base.runtimeCall = call?.sym ?? null;
      return free({ rule: s.target?.empty ? 'to-any' : 'itab-lookup' });
    }
    case 'assert': {
      base.source = sourceType(s.source);
      const concrete = !s.target?.interface;
      const call = calls.find((r) => /^runtime\.(typeAssert|assertE2I2?|getitab)$/.test(r.sym));
      base.runtimeCall = call?.sym ?? null;
      base.target = targetType(s.target, concrete ? (s.source?.empty ? null : 'static') : 'runtime');
      if (concrete) return free({ rule: 'assert-concrete' });
      const cache = siteCache(store, call?.sym);
      return { ...free({ rule: 'assert-interface' }), ...(cache ? { cache } : {}) };
    }
    case 'type-switch': {
      base.source = sourceType(s.source);
      const call = calls.find((r) => /^runtime\.(interfaceSwitch|typeAssert|assertE2I2?)$/.test(r.sym));
      base.runtimeCall = call?.sym ?? null;
      if (!call) return free({ rule: 'switch-concrete' });
      const cache = siteCache(store, call.sym);
      return { ...free({ rule: 'switch-interface' }), ...(cache ? { cache } : {}) };
    }
    case 'heap-move': {
      let obj = s.object!;
      if (s.context === 'indirect-closure') {
        const layout = closureLayout(store, i);
        if (layout === null) return { ...free({ rule: 'closure-static' }), operand: 'func literal' };
        obj = layout;
      }
      base.object = sourceType(obj);
      if (i.viaDynamicCall) {
        const d = i.viaDynamicCall;
        base.kind = 'dynamic-arg';
        base.dynamicCall = { callee: d.callee, interface: d.interface, argument: -1, position: toPosition(store.dir, d.pos) };
      }
      const movedOrEscaped = s.varName ? !!i.moved : !!i.escape?.escapes;
      if (s.varName && i.moved) {
        base.escapes = true;
        if (i.moved.flow.length) base.escapeFlow = i.moved.flow;
      }
      if (!movedOrEscaped) {
        if (/\.init$/.test(i.machine) && !i.escape && !i.moved && !calls.some((r) => /^runtime\.(newobject|mallocgc)/.test(r.sym))) {
          return free({ rule: 'init-static' });
        }
        return free({ rule: 'stays-on-stack', ...(s.varName ? { varName: s.varName } : {}) });
      }
      const moved = s.varName ? { varName: s.varName } : {};
      const call = calls.find((r) => /^runtime\.(newobject|mallocgc)/.test(r.sym));
      if (i.asm && !call && !i.listingRead) return unreadable();
      if (i.asm && !call) return free({ rule: 'heap-move-removed', ...moved });
      if (!(obj.size >= 0)) {
        // a closure whose capture decisions the compiler did not print: it allocates, size unknown
        return unsized(call?.sym ?? 'runtime.newobject', !!call, { rule: 'heap-move-unknown-size', ...moved, withFlow: true });
      }
      return allocating(call?.sym ?? 'runtime.newobject', obj.size, obj.ptrBytes > 0, { rule: 'heap-move', ...moved, withFlow: true });
    }
    case 'dynamic-arg':
      return judgeDynamicArg(store, i, base, calls, { free, allocating, unreadable, unsized });
    case 'reflect-interface': {
      // reflect.packEface: an addressable Value of a type that is not pointer-shaped is copied
      // into a new object (unsafe_New); any other Value hands over its pointer.
      // Interface is inlined: the call to reflect.valueInterface carries reflect's own line
      const call =
        calls.find((r) => /^reflect\.(Value\.Interface|valueInterface|packEface)$/.test(r.sym)) ??
        i.asm?.refs.find((r) => r.call && /^reflect\.(valueInterface|packEface)$/.test(r.sym) && /reflect[\\/]value\.go$/.test(r.file));
      base.runtimeCall = call?.sym ?? null;
      const obj = s.object;
      if (obj) base.object = sourceType(obj);
      if (!obj || s.context === 'unknown') {
        return { ...base, allocates: null, allocsPerOp: null, bytesPerOp: null, verified: !!call, verdict: { rule: 'reflect-unknown' } };
      }
      if (s.context !== 'addressable') return free({ rule: 'reflect-not-addressable' });
      if (obj.directIface) return free({ rule: 'reflect-pointer-shaped' });
      if (obj.size === 0) return free({ rule: 'reflect-zero-size' });
      const r = allocating(call?.sym ?? 'reflect.valueInterface', obj.size, obj.ptrBytes > 0, { rule: 'reflect-copy' });
      return { ...r, verified: !!call };
    }
    case 'variadic-slice': {
      const obj = s.object!;
      base.object = sourceType(obj);
      if (!i.escape?.escapes) {
        return free({ rule: 'variadic-stack', count: s.count });
      }
      const call = calls.find((r) => /^runtime\.(newobject|mallocgc)/.test(r.sym));
      if (i.asm && !call && !i.listingRead) return unreadable();
      if (i.asm && !call) return free({ rule: 'variadic-removed' });
      return allocating(call?.sym ?? 'runtime.newobject', obj.size, obj.ptrBytes > 0, { rule: 'variadic-heap', withFlow: true });
    }
  }
}

/**
 * The type argument behind a type-parameter site's operand type: for an inlined copy, from the
 * call of the generic function on its inlining chain; for a shaped body G[go.shape.X] (or a method
 * of T[go.shape.X]), from an instantiation of G (or T) whose type arguments have those shapes.
 */
function typeArgOf(store: FactStore, i: Instance): import('../parse/helper-protocol.js').HTypeArg | undefined {
  const param = i.site.source?.type;
  if (!param) return undefined;
  const gen = genericShape(i.site.function);
  const idx = i.site.typeParamIndex;
  const pickArg = (args: HTypeArg[] | undefined) =>
    (idx !== undefined ? args?.find((a) => a.index === idx) : undefined) ?? args?.find((a) => a.param === param);
  const pick = (c: HCall | undefined) => pickArg(c?.typeArgs);
  if (i.inlinedAt) {
    // the frame that entered the generic function
    const k = i.inlinedAt.findIndex((f) => genericShape(f.callee) === gen);
    if (k < 0) return undefined;
    const pos = i.inlinedAt[k].pos;
    return pick(store.calls.find((c) => c.pos.file === pos.file && c.pos.line === pos.line && c.pos.col === pos.col));
  }
  const open = i.machine.indexOf('[');
  if (open < 0 || genericShape(i.machine) !== gen) return undefined;
  const close = matchingBracket(i.machine, open);
  const shapes = splitTopLevel(i.machine.slice(open + 1, close), ',');
  if (!shapes.every((x) => x.startsWith('go.shape.'))) return undefined;
  const norm = (t: string) => t.replace(/\s+/g, '');
  const want = shapes.map((x) => norm(x.slice('go.shape.'.length)));
  const same = (args: HTypeArg[]) => args.length === want.length && args.every((a, k) => norm(a.shape) === want[k]);
  // the generic whose type list the machine name carries: a function G[...] or a type T[...] (methods)
  const owner = i.machine.slice(0, open);
  for (const inst of store.instances ?? []) {
    const g = inst.generic.replace(/\[\.\.\.\]$/, '');
    const short = g.slice(g.lastIndexOf('.') + 1);
    if (!(owner.endsWith(`.${short}`) || owner.endsWith(`(*${short}`) || owner.endsWith(`(${short}`)) || !owner.includes(g.slice(0, g.lastIndexOf('.'))))
      continue;
    if (same(inst.typeArgs)) return pickArg(inst.typeArgs);
  }
  return undefined;
}

/** The index of the bracket closing the one at `open`. */
function matchingBracket(s: string, open: number): number {
  let depth = 0;
  for (let k = open; k < s.length; k++) {
    if (s[k] === '[') depth++;
    else if (s[k] === ']' && --depth === 0) return k;
  }
  return s.length;
}

/** The cache a typeAssert/interfaceSwitch site fills on this target, priced for 1–16 dynamic types. */
function siteCache(store: FactStore, sym: string | undefined): SiteCache | undefined {
  if (sym !== 'runtime.typeAssert' && sym !== 'runtime.interfaceSwitch') return undefined;
  if (!usesSwitchCache(store.go.goarch)) return undefined;
  return {
    runtimeCall: sym,
    lifetimeBytes: [1, 2, 3, 4, 8, 16].map((types) => ({ types, bytes: cacheLifetimeBytes(sym, types, store.sizeClasses, store.ptrSize) })),
    allocsPerNewType: 1,
  };
}

/**
 * The closure object of a func literal: struct { F uintptr; X0 …; X1 … } with each captured
 * variable by value or by reference as the compiler decided (`capturing by value|ref`), fields in
 * order of first use. null when it captures nothing (a static funcval); an unknown size when a
 * decision is missing.
 */
function closureLayout(store: FactStore, i: Instance): TypeFacts | null {
  const caps = i.site.captures ?? [];
  if (caps.length === 0) return null;
  const ptr = store.ptrSize;
  let off = ptr;
  let align = ptr;
  let ptrEnd = ptr;
  const fields: string[] = ['F uintptr'];
  for (const [k, c] of caps.entries()) {
    const byValue = i.captureByValue?.[k];
    if (byValue === undefined) return { type: 'closure', size: -1, align: -1, ptrBytes: -1 } as TypeFacts;
    const [sz, al, pb] = byValue ? [c.facts.size, c.facts.align, c.facts.ptrBytes] : [ptr, ptr, ptr];
    off = Math.ceil(off / al) * al;
    if (pb > 0) ptrEnd = off + pb;
    off += sz;
    align = Math.max(align, al);
    fields.push(`${c.name} ${byValue ? c.facts.type : `*${c.facts.type}`}`);
  }
  const size = Math.ceil(off / align) * align;
  return {
    type: `struct { ${fields.join('; ')} }`,
    size,
    align,
    ptrBytes: ptrEnd,
    directIface: false,
    interface: false,
    empty: false,
    methods: 0,
    sole: 'struct',
    basic: '',
    typeParam: false,
  } as unknown as TypeFacts;
}

/** Executions per call: the site's constant loop trips times those of the call it was inlined at. */
function executions(site: LoopFacts | undefined, call: LoopFacts | null | undefined): number | null {
  if (call === null) return null; // inlined at a call the helper did not see: unknown
  let n = 1;
  for (const t of [...(site?.tripCounts ?? []), ...(call?.tripCounts ?? [])]) {
    if (t === null) return null;
    n *= t;
  }
  return n;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
