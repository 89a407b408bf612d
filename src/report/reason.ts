// A site's verdict in words: the one place prose is made from the verdict data (analysis/judge.ts
// decides, this says). The text, SARIF, web and LSP renderers all use it; nothing parses its
// output. Pure, and free of Node APIs (the browser imports it).
import type { SiteCache, SiteReport, SourceTypeReport, Verdict } from '../contract/report.js';

/** The compiler's -m=2 escape explanation in words: the "from" steps, outermost last. */
export function flowText(flow: string[]): string {
  const steps = flow.filter((l) => l.startsWith('from ')).map((l) => l.replace(/^from /, '').replace(/ at \S+$/, ''));
  return steps.join(' → ');
}

/** A site's reason: the verdict's sentence, the allocation, and (unless `flow: false`) the escape flow. */
export function reasonText(site: SiteReport, opts: { flow?: boolean } = {}): string {
  const v = site.verdict;
  let text = headline(site, v);
  if (v.zeroObject) return `${text}: zero-size object, runtime.zerobase`;
  if (v.malloc) text += mallocText(v.malloc, site.bytesPerOp ?? 0);
  if (v.withFlow && opts.flow !== false) {
    const flow = flowText(site.escapeFlow ?? []);
    if (flow) text += `; escapes via ${flow}`;
  }
  return text;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function describeType(t: Pick<SourceTypeReport, 'type' | 'size' | 'ptrBytes'>): string {
  return `${t.type} (${t.size} B${t.ptrBytes > 0 ? ', pointers' : ''})`;
}

function mallocText(m: NonNullable<Verdict['malloc']>, bytesPerOp: number): string {
  if (m.path === 'tiny') return `, ${m.size}-byte tiny allocation (${round3(bytesPerOp)} B/op: 16-byte blocks shared)`;
  if (m.path === 'large') return `, large object: ${m.pages} × 8 KiB pages`;
  return `, ${m.size} B${m.header ? ' + 8 B malloc header' : ''} → ${m.allocatedBytes}-byte size class ${m.sizeClass}`;
}

/** "a call through io.Writer.Write", "a call of a function value f". */
export function dynamicCallText(d: { callee: string; interface: boolean }): string {
  return d.interface ? `a call through ${d.callee}` : `a call of a ${d.callee.replace(/^func value /, 'function value ')}`;
}

function cacheText(c: SiteCache | undefined): string {
  if (!c) return '';
  const at = (k: number) => c.lifetimeBytes.find((x) => x.types === k)!.bytes;
  return `; its cache of seen types is rebuilt on the heap as it fills, one table per new dynamic type, after about 1024 misses each: ${at(1)} B in all for 1 type, ${at(2)} B for 2, ${at(4)} B for 4, ${at(16)} B for 16`;
}

/** What a heap move moves, and how it reaches an interface. */
function heapMoveSubject(s: SiteReport, v: Verdict): string {
  const what =
    v.varName !== undefined
      ? `moved to heap: ${v.varName}`
      : s.context === 'indirect-slice-lit'
        ? `the ${s.object?.type} backing array of ${s.operand ?? 'a slice literal'} escapes to heap`
        : s.context === 'indirect-closure'
          ? `the closure of a func literal escapes to heap (${s.object?.type})`
          : `${s.operand ?? 'literal'} escapes to heap`;
  const how = s.dynamicCall
    ? ` (passed to ${dynamicCallText(s.dynamicCall)}: the callee is unknown)`
    : s.context === 'indirect-closure' || s.context === 'indirect-slice-lit'
      ? ' (the slice or closure reaches an interface conversion)'
      : s.context.startsWith('indirect-')
        ? ' (its pointer reaches an interface conversion through variables)'
        : '';
  return what + how;
}

function headline(s: SiteReport, v: Verdict): string {
  const fn = s.function;
  const tp = `type parameter ${v.param} = ${v.arg}`;
  const onCacheMiss = s.runtimeCall ? ` (${s.runtimeCall} on a cache miss)` : '';
  // dynamic-arg
  const d = s.dynamicCall;
  const what = v.varName ?? s.operand ?? 'the argument';
  const callText = d ? `argument ${d.argument + 1} of ${dynamicCallText(d)}` : '';
  const why = d?.pgoDevirtualizedTo
    ? `${callText} escapes: the profile (PGO) made the compiler call ${d.pgoDevirtualizedTo} directly when the dynamic type matches, but the call through the interface it keeps for other types is unknown`
    : `${callText} escapes: the callee is unknown`;
  const sym = (fallback: string) => s.runtimeCall ?? fallback;
  switch (v.rule) {
    case 'comparison':
      return 'comparison with an interface: compares type word and value, no conversion is built';
    case 'pointer-shaped':
      return 'pointer-shaped: the pointer is the data word';
    case 'zero-size':
      return 'zero-size value: data word points to runtime.zerobase';
    case 'single-byte':
      return 'single-byte value: data word points into runtime.staticuint64s';
    case 'small-value':
      return 'small value: data word points into runtime.staticuint64s';
    case 'zero-value':
      return 'zero value: data word points to runtime.zeroVal';
    case 'constant':
      return 'constant: read-only static data';
    case 'compile-time':
      return 'value known at compile time: read-only static data';
    case 'stack':
      return 'does not escape: stack temporary';
    case 'init-static':
      return 'package-level initialiser: the compiler built the value statically, no code runs';
    case 'no-helper-call':
      return `no ${v.name} call in the emitted code of ${fn}: the compiler built the data word without allocating (static data or a stack temporary)`;
    case 'helper':
      return `${describeType({ type: s.source!.type, size: s.source!.size, ptrBytes: s.source!.ptrBytes })}: ${s.runtimeCall}`;
    case 'large-non-escaping':
      return `does not escape but ${s.source?.size} B > 1024 B: heap anyway`;
    case 'non-escaping-call':
      return 'does not escape, yet the compiler emitted a runtime call';
    case 'type-param-pointer-shaped':
      return `${tp}: pointer-shaped, the pointer is the data word`;
    case 'type-param-zero-size':
      return `${tp}: zero-size value, data word points to runtime.zerobase`;
    case 'type-param-no-helper':
      return `${tp} in ${fn}: no runtime helper emitted (static, small or stack data word)`;
    case 'type-param-helper':
      return `type parameter ${v.param} = ${describeType({ type: v.arg!, size: s.source!.size, ptrBytes: s.source!.ptrBytes })}: ${s.runtimeCall}`;
    case 'shape-unknown':
      return 'generic code with no instantiation in the analysed packages';
    case 'shape-no-helper':
      return `type parameter in ${fn}: no runtime helper emitted (pointer-shaped, static or stack data word)`;
    case 'shape-helper-unknown-size':
      return `type parameter in ${fn}: ${s.runtimeCall}, size depends on the instantiation`;
    case 'shape-helper':
      return `type parameter in ${fn}: ${s.runtimeCall}`;
    case 'empty-symbol':
      return `${v.name} has no code of its own (size 0): the compiler inlined it into every caller, where its sites are reported`;
    case 'not-instantiated':
      return `generic ${v.generic} is not instantiated in the analysed packages: no code was compiled for it`;
    case 'unreadable':
      return `the emitted code of ${fn} could not be read (no call instruction recognised): cost unknown`;
    case 'to-any':
      return 'interface to any: the type word is loaded from the itab, no allocation';
    case 'itab-lookup':
      return `interface to interface: itab looked up at run time${onCacheMiss}, no allocation`;
    case 'assert-concrete':
      return 'assertion to a concrete type: one compare of the type word, no allocation';
    case 'assert-interface':
      return `assertion to an interface: itab looked up at run time${onCacheMiss}, no allocation per execution${cacheText(s.cache)}`;
    case 'switch-concrete':
      return 'type switch on concrete types: compares type hashes, no allocation';
    case 'switch-interface':
      return `type switch with interface cases: ${s.runtimeCall} on a cache miss, no allocation per execution${cacheText(s.cache)}`;
    case 'closure-static':
      return 'a func literal that captures nothing is static data: no closure object is allocated';
    case 'stays-on-stack':
      return v.varName !== undefined
        ? `${v.varName} stays on the stack: the interface holding &${v.varName} does not escape`
        : 'stays on the stack: the interface does not escape';
    case 'heap-move-removed':
      return `${heapMoveSubject(s, v)}, but ${fn} has no allocation on this line: the compiler removed the code`;
    case 'heap-move-unknown-size':
      return `${heapMoveSubject(s, v)}: runtime.newobject, size unknown (the compiler's capture decisions were not found)`;
    case 'heap-move':
      return `${heapMoveSubject(s, v)}: runtime.newobject`;
    case 'dynamic-devirtualized':
      return `the compiler devirtualised the call to ${d?.devirtualizedTo}: ${what} stays on the stack`;
    case 'dynamic-stays':
      return `${what} stays on the stack: ${callText} does not keep it${v.noVerdict ? ' (no escape verdict)' : ''}`;
    case 'dynamic-escapes-elsewhere': {
      const flow = flowText(s.escapeFlow ?? []);
      return `${what} escapes, but not through ${callText}${flow ? ` (escapes via ${flow})` : ''}: not an interface cost`;
    }
    case 'dynamic-removed':
      return `${what} escapes (${why}), but ${fn} has no allocation on this line: the compiler removed the code`;
    case 'dynamic-empty':
      return `${what}: an empty conversion allocates nothing`;
    case 'dynamic-constant-bytes':
      return `${why}: ${sym('runtime.newobject')} of a [${v.bytes}]byte copy of the constant`;
    case 'dynamic-constant-runes':
      return `${why}: ${sym('runtime.stringtoslicebyte')} copies ${v.bytes} B into a ${v.asked}-byte slice`;
    case 'dynamic-string-copy':
      return `${why}: ${sym('runtime.stringtoslicebyte')} copies the string, its size class depends on the length`;
    case 'dynamic-make-unknown':
      return `${why}: ${sym('runtime.makeslice')}, size depends on the length`;
    case 'dynamic-make':
      return `${why}: ${sym('runtime.makeslice')}`;
    case 'dynamic-unknown-size':
      return `${why}: size unknown`;
    case 'dynamic-heap':
      return `${v.varName !== undefined || s.context === 'address-of' ? `moved to heap: ${v.varName}` : `${what} escapes to heap`} (${why}): ${sym('runtime.newobject')}`;
    case 'reflect-unknown':
      return "v.Interface() copies the value into a new object (its type's size, size-class rounded) when v is addressable (Elem of a pointer, Index of a slice, Field of an addressable struct) and its type is not pointer-shaped; otherwise it reuses v's pointer — which of these is not known here";
    case 'reflect-not-addressable':
      return "v.Interface() of a Value that is not addressable: the interface takes the Value's pointer, no copy";
    case 'reflect-pointer-shaped':
      return 'v.Interface() of a pointer-shaped value: the pointer is the data word, no copy';
    case 'reflect-zero-size':
      return 'v.Interface() of a zero-size value: runtime.zerobase, no copy';
    case 'reflect-copy':
      return `v.Interface() of an addressable ${describeType({ type: s.object!.type, size: s.object!.size, ptrBytes: s.object!.ptrBytes })}: reflect.packEface copies it (unsafe_New)`;
    case 'variadic-stack':
      return `... argument does not escape: the [${v.count}] backing array is on the stack`;
    case 'variadic-removed':
      return `... argument escapes, but ${fn} has no allocation on this line: the compiler removed the code`;
    case 'variadic-heap':
      return `... argument escapes: ${s.object?.type} backing array, runtime.newobject`;
  }
}
