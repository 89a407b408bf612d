// The memory picture of one site: the boxes of memory the running program holds for it and the
// words that point from one to another — the interface value (eface: type word; iface: itab word),
// the itab, the type descriptor, and what the data word points at, in the region where it lives
// (the heap, the stack frame, read-only data, runtime.staticuint64s, runtime.zerobase, ...). For a
// heap-move, the interface value holding &x and x itself, moved or not; for a ...any argument, the
// slice header, its backing array and the N interface values in it; for conversions between
// interfaces, assertions and type switches, the operand and what the result shares with it.
//
// One model, built here from the report and the compiler's listing; `explain`'s text renderer and
// the web UI's diagram both draw it. test/explain.test.ts compares it with the words of a running
// program.
import { resolve } from 'node:path';
import type { Position, Report, SiteReport, SourceTypeReport } from '../contract/report.js';
import type { HPos, HSite } from '../parse/helper-protocol.js';
import type { AsmRef } from '../parse/gcflags-asm.js';
import type { ItabFacts, MemoryPicture, PictureBox, PictureObject, PictureRow, Region, TypeDescriptorFacts } from '../contract/index.js';
import { shortName } from '../analysis/names.js';

/** The compiler removed the site's allocation (no code on its line): where its object lives is not known. */
const codeRemoved = (s: SiteReport) => s.verdict.rule === 'heap-move-removed' || s.verdict.rule === 'dynamic-removed' || s.verdict.rule === 'variadic-removed';

/** What the builder needs from the analysis; explain.ts provides it. */
export interface PictureContext {
  ptr: number;
  goarch: string;
  report: Report;
  /** the helper's record of a site (case types, heap-move's variable and conversion, constants) */
  hsite(s: SiteReport): HSite | undefined;
  /** the descriptor the compiler listed for a type, if it listed one */
  descriptor(type: string): TypeDescriptorFacts | undefined;
  /** the linker's name of a type's descriptor: type:[]uint8 for []byte, type:main.T in a command */
  typeSymbol(type: string): string;
  /** the itab of a concrete type and an interface, from the listing; origin runtime when not listed */
  itab(src: string, iface: string, methods: number, symbol?: string): ItabFacts;
  /** an object's allocation facts and layout */
  object(t: SourceTypeReport, s: SiteReport): PictureObject;
  /** the instructions of the site's function on the site's line */
  refs(s: SiteReport): AsmRef[];
  /** bytes of one of the analysed packages' own files (never a file a //line label names) */
  source(file: string): Buffer | undefined;
}

const bigEndian = new Set(['ppc64', 'mips', 'mips64', 's390x']);

const samePos = (dir: string, p: Position, h: HPos) => p.line === h.line && p.column === h.col && (p.file === h.file || resolve(dir, p.file) === h.file);
const instanceKey = (s: SiteReport) => `${s.function}\u0000${JSON.stringify(s.inlinedAt ?? [])}`;
const isEmptyIface = (t: string | undefined) => t === 'any' || t === 'interface{}' || t === 'interface {}';

/** Builds the picture of one site. */
export function buildPicture(ctx: PictureContext, s: SiteReport): MemoryPicture {
  return new Builder(ctx).site(s);
}

/** The conversion whose operand takes the address of a heap-move's variable or literal. */
export function heapMoveConversion(ctx: PictureContext, hm: SiteReport): SiteReport | undefined {
  return new Builder(ctx).conversionFor(hm);
}

class Builder {
  private boxes = new Map<string, PictureBox>();
  private notes: string[] = [];
  private sources = new Map<string, Buffer | null>();

  constructor(private readonly ctx: PictureContext) {}

  site(s: SiteReport): MemoryPicture {
    let root: string;
    switch (s.kind) {
      case 'convert':
        root = s.context === 'compare' ? this.comparison(s) : this.convertValue(s, 'value', '').id;
        break;
      case 'heap-move':
      case 'dynamic-arg': // (lead) an argument moved to the heap by a dynamic call: drawn as a heap move for now
      case 'reflect-interface': // (lead) v.Interface()'s copy: drawn as a heap move for now
        root = this.heapMove(s);
        break;
      case 'variadic-slice':
        root = this.variadic(s);
        break;
      case 'iface-to-iface':
        root = this.ifaceToIface(s);
        break;
      case 'assert':
        root = this.assert(s);
        break;
      default:
        root = this.typeSwitch(s);
        break;
    }
    // root first, then in the order the words reach them
    const order: PictureBox[] = [];
    const seen = new Set<string>();
    const visit = (id: string) => {
      const b = this.boxes.get(id);
      if (!b || seen.has(id)) return;
      seen.add(id);
      order.push(b);
      for (const r of b.rows) if (r.to) visit(r.to);
    };
    // the values first (the root, then the operand it was computed from), then what they point at
    const values = [...new Set([root, 'operand'])].filter((id) => this.boxes.has(id));
    for (const id of values) {
      seen.add(id);
      order.push(this.boxes.get(id)!);
    }
    for (const b of [...order]) for (const r of b.rows) if (r.to) visit(r.to);
    for (const id of this.boxes.keys()) visit(id);
    return { root, boxes: order, notes: this.notes };
  }

  private add(b: PictureBox): PictureBox {
    const had = this.boxes.get(b.id);
    if (had) return had;
    this.boxes.set(b.id, b);
    return b;
  }

  private note(n: string) {
    if (!this.notes.includes(n)) this.notes.push(n);
  }

  private get ptr() {
    return this.ctx.ptr;
  }

  // ---- type descriptors and itabs ----

  /** The descriptor of a concrete type, in read-only data. */
  private typeBox(type: string, hs?: HSite): PictureBox {
    if (hs?.typeParam || hs?.source?.typeParam) {
      return this.add({
        id: `type:(${type})`,
        kind: 'type',
        title: `type descriptor of ${type} in this instantiation`,
        region: 'rodata',
        dynamic: true,
        where: "read-only data: the instantiation's type, read from the function's dictionary",
        rows: [],
      });
    }
    const td = this.ctx.descriptor(type);
    const p = this.ptr;
    const symbol = td?.symbol ?? this.ctx.typeSymbol(type);
    return this.add({
      id: `type:${type}`,
      kind: 'type',
      title: symbol === `type:${type}` ? symbol : `${symbol} (${type})`,
      type,
      symbol,
      region: 'rodata',
      where: 'read-only data: the type descriptor the compiler emitted',
      rows: td
        ? [
            { offset: 0, name: 'Size_', value: String(td.size) },
            { offset: p, name: 'PtrBytes', value: String(td.ptrBytes) },
            { offset: 2 * p, name: 'Hash', value: td.hash },
          ]
        : [],
    });
  }

  /** The descriptor of the type an interface operand holds: known only at run time. */
  private dynamicTypeBox(prefix: string): PictureBox {
    return this.add({
      id: `${prefix}type:(dynamic)`,
      kind: 'type',
      title: 'type descriptor of the dynamic type',
      region: 'rodata',
      dynamic: true,
      where: 'read-only data: the descriptor of whatever type the operand holds at run time',
      rows: [],
    });
  }

  /** An itab the compiler built (or, not listed, one getitab builds), pointing at the concrete type's descriptor. */
  private itabBox(concrete: string, iface: string, methods: number, symbol: string | undefined, hs?: HSite): PictureBox {
    const it = this.ctx.itab(concrete, iface, methods, symbol);
    const p = this.ptr;
    const type = this.typeBox(concrete, hs);
    const rows: PictureRow[] = [
      { offset: 0, name: 'inter', value: it.inter },
      { offset: p, name: '_type', to: type.id, value: it.type },
      { offset: 2 * p, name: 'hash', value: it.hash ?? '(set when built)', note: "a copy of the type descriptor's hash, for type switches" },
    ];
    if (it.fun.length) {
      for (const f of it.fun) rows.push({ offset: f.offset, name: `fun[${f.slot}]`, value: f.symbol });
    } else {
      rows.push({
        offset: funStart(p),
        name: `fun[0..${Math.max(0, methods - 1)}]`,
        value: `${methods} method${methods === 1 ? '' : 's'}, filled in when built`,
      });
    }
    return this.add({
      id: it.symbol,
      kind: 'itab',
      title: `itab ${it.symbol}`,
      symbol: it.origin === 'static' ? it.symbol : undefined,
      size: it.size,
      region: it.origin === 'static' ? 'rodata' : 'offheap',
      where: it.origin === 'static' ? 'read-only data: built by the compiler' : 'built once at run time by runtime.getitab, outside the GC heap',
      rows,
    });
  }

  /** The itab of (the operand's dynamic type, iface): found at run time. */
  private dynamicItabBox(prefix: string, id: string, iface: string, methods: number, how: string): PictureBox {
    const p = this.ptr;
    const dyn = this.dynamicTypeBox(prefix);
    return this.add({
      id: prefix + id,
      kind: 'itab',
      title: `itab (dynamic type, ${iface})`,
      size: funStart(p) + p * Math.max(1, methods),
      region: 'unknown',
      dynamic: true,
      where: `${how}: the compiler's go:itab.T,${iface} in read-only data when the binary has one, else one runtime.getitab builds once outside the GC heap`,
      rows: [
        { offset: 0, name: 'inter', value: `type:${iface}` },
        { offset: p, name: '_type', to: dyn.id },
        { offset: 2 * p, name: 'hash', value: "the dynamic type's hash" },
        { offset: funStart(p), name: `fun[0..${Math.max(0, methods - 1)}]`, value: `the dynamic type's methods of ${iface}` },
      ],
    });
  }

  // ---- convert ----

  /**
   * The interface value a convert site builds: its type or itab word, and its data word. `id` names
   * the value box; `prefix` keeps the objects of different values (variadic elements) apart.
   */
  private convertValue(s: SiteReport, id: string, prefix: string): PictureBox {
    const hs = this.ctx.hsite(s);
    const src = s.source?.type ?? '?';
    const empty = !s.target || s.target.empty;
    const p = this.ptr;
    const rows: PictureRow[] = [];
    if (empty) {
      const t = this.typeBox(src, hs);
      rows.push({ offset: 0, name: 'type', to: t.id, note: `the descriptor of ${src}` });
    } else {
      const it = this.itabBox(src, s.target!.type, s.target!.methods, s.target!.itabSymbol, hs);
      rows.push({
        offset: 0,
        name: 'tab',
        to: it.id,
        note: it.region === 'rodata' ? `the itab of ${src} for ${s.target!.type}, built by the compiler` : `the itab of ${src} for ${s.target!.type}`,
      });
    }
    rows.push({ offset: p, name: 'data', ...this.dataWord(s, hs, prefix) });
    return this.add({
      id,
      kind: empty ? 'eface' : 'iface',
      title: `${empty ? 'eface' : 'iface'} ${s.target?.type ?? 'any'}`,
      type: s.target?.type,
      size: 2 * p,
      region: 'value',
      where: `the interface value of ${s.operand ?? src} (${s.context}, ${s.position.file}:${s.position.line}:${s.position.column})`,
      rows,
    });
  }

  /** x == v with x an interface and v concrete: no interface value is built, the words are compared. */
  private comparison(s: SiteReport): string {
    const src = s.source?.type ?? '?';
    const empty = !s.target || s.target.empty;
    const t = this.typeBox(src, this.ctx.hsite(s));
    this.note("no interface value is built: the comparison reads the interface's words in place");
    return this.add({
      id: 'value',
      kind: 'result',
      title: `${s.target?.type ?? 'any'} == ${src}`,
      region: 'value',
      where: `the comparison of ${s.operand ?? src} with an interface (${s.position.file}:${s.position.line}:${s.position.column})`,
      rows: [
        { offset: null, name: empty ? 'type word' : "tab's _type", to: t.id, note: `compared with &${t.symbol ?? t.title}` },
        { offset: null, name: 'data', value: `*data == ${s.operand ?? 'the value'}`, note: 'then the values are compared' },
      ],
    }).id;
  }

  /** What a convert site's data word holds or points at. */
  private dataWord(s: SiteReport, hs: HSite | undefined, prefix: string): Omit<PictureRow, 'offset' | 'name'> {
    const src = s.source!;
    const fn = shortName(s.function);
    const objectBox = (region: Region, where: string, extra: Partial<PictureBox> = {}): PictureBox =>
      this.add({
        id: `${prefix}object`,
        kind: 'object',
        title: `${src.type}${src.size !== null ? `, ${src.size} B` : ''}`,
        type: src.type,
        size: src.size ?? undefined,
        region,
        where,
        rows: [],
        object: this.ctx.object(src, s),
        ...extra,
      });
    switch (s.dataWord) {
      case 'heap': {
        const o = objectBox('heap', heapWhere(s));
        if (s.freeWhen)
          this.note(
            `${s.runtimeCall} allocates nothing when ${s.freeWhen}: the data word then points at ${/string|slice/.test(s.runtimeCall ?? '') ? 'runtime.zeroVal' : 'runtime.staticuint64s'} instead`,
          );
        return { to: o.id, note: `a heap copy made by ${s.runtimeCall}` };
      }
      case 'stack': {
        const o = objectBox('stack', `stack: a temporary in the frame of ${fn} (the interface does not escape)`);
        return { to: o.id, note: `a copy in a stack temporary of ${fn}` };
      }
      case 'static':
      case 'none': {
        const stmp = this.stmp(s);
        const init = /\.init$/.test(s.function) || s.verdict.rule === 'init-static';
        if (s.dataWord === 'none' && !stmp) {
          const o = objectBox('unknown', 'placed by the compiler without a runtime call: a stack temporary or static data');
          return { to: o.id, note: 'a copy the compiler placed without a runtime call' };
        }
        // A package-level initialiser's value gets a static symbol of the package: in the data
        // section, or, when all its bytes are zero, in bss.
        const zero = init && isZeroValue(hs, s.operand);
        const o = objectBox(
          init ? (zero ? 'bss' : 'data') : 'rodata',
          init
            ? `${zero ? 'zeroed static data' : 'static data'}: a symbol the compiler's static initialiser laid out, no code runs`
            : 'read-only data: a copy the compiler emitted, no code runs',
          stmp ? { symbol: stmp } : {},
        );
        return { to: o.id, note: init ? 'static data built by the compiler' : 'a read-only static copy made by the compiler' };
      }
      case 'staticuint64s': {
        const v = smallValue(hs);
        const elem = v === undefined ? undefined : v * 8 + (bigEndian.has(this.ctx.goarch) && (src.size ?? 8) < 8 ? 8 - (src.size ?? 8) : 0);
        const b = this.add({
          id: 'runtime.staticuint64s',
          kind: 'symbol',
          title: 'runtime.staticuint64s',
          type: '[256]uint64',
          symbol: 'runtime.staticuint64s',
          size: 2048,
          region: 'rodata',
          where: 'read-only data of the runtime: the values 0..255, one uint64 each, shared by every small boxed value',
          rows: [{ offset: v === undefined ? null : v * 8, name: v === undefined ? '[v]' : `[${v}]`, value: v === undefined ? 'v' : String(v) }],
        });
        return {
          to: b.id,
          ...(elem !== undefined ? { toOffset: elem } : {}),
          note: `&runtime.staticuint64s[${v ?? 'v'}]: a shared table of the values 0..255`,
        };
      }
      case 'zerobase': {
        const b = this.add({
          id: 'runtime.zerobase',
          kind: 'symbol',
          title: 'runtime.zerobase',
          type: 'uintptr',
          symbol: 'runtime.zerobase',
          size: this.ptr,
          region: 'bss',
          where: 'zeroed static data of the runtime: the address every zero-size value shares',
          rows: [{ offset: 0, name: 'zerobase', value: '0' }],
        });
        return { to: b.id, note: 'runtime.zerobase: the address every zero-size value shares' };
      }
      case 'zeroVal': {
        const b = this.add({
          id: 'runtime.zeroVal',
          kind: 'symbol',
          title: 'runtime.zeroVal',
          type: '[1024]byte',
          symbol: 'runtime.zeroVal',
          size: 1024,
          region: 'bss',
          where: 'zeroed static data of the runtime: 1024 zero bytes that every boxed zero value up to that size shares',
          rows: [{ offset: 0, name: `[0:${src.size ?? '?'}]`, value: `a zero ${src.type}` }],
        });
        return { to: b.id, note: 'runtime.zeroVal: a shared block of zero bytes' };
      }
      case 'direct':
        return this.directWord(s, src.type);
      default:
        return { note: s.allocates === null ? 'unknown: no code was compiled for this site' : 'the data word' };
    }
  }

  /** A pointer-shaped value is its own data word; for &x, x is drawn where it lives. */
  private directWord(s: SiteReport, type: string): Omit<PictureRow, 'offset' | 'name'> {
    const hm = this.heapMoveFor(s);
    if (hm) {
      const o = this.movedObject(hm);
      return {
        to: o.id,
        value: s.operand,
        note: `${s.operand ?? 'the pointer'} itself (pointer-shaped: no copy), pointing at ${o.title.split(',')[0]} on the ${o.region === 'heap' ? 'heap' : o.region === 'stack' ? 'stack' : 'object'}`,
      };
    }
    if (type.startsWith('*')) {
      const elem = type.slice(1);
      const o = this.add({
        id: 'pointee',
        kind: 'object',
        title: `*${s.operand ?? 'p'}: ${elem}`,
        type: elem,
        region: 'unknown',
        where: 'wherever the pointer points: this conversion neither copies nor allocates it',
        rows: [],
      });
      return { to: o.id, value: s.operand, note: `the ${type} value itself (pointer-shaped: no copy)` };
    }
    const what = /^map\[/.test(type)
      ? 'the map pointer'
      : /^(<-)?chan\b/.test(type)
        ? 'the channel pointer'
        : /^func\(/.test(type)
          ? 'the func value (a pointer to its closure)'
          : type === 'unsafe.Pointer'
            ? 'the pointer'
            : 'its one pointer field';
    return { value: s.operand ?? type, note: `the ${type} value itself (pointer-shaped: ${what}, no copy)` };
  }

  /** The symbol of the static copy, when the function's code on this line references exactly one. */
  private stmp(s: SiteReport): string | undefined {
    const syms = [
      ...new Set(
        this.ctx
          .refs(s)
          .filter((r) => /\.\.stmp_\d+$/.test(r.sym))
          .map((r) => r.sym),
      ),
    ];
    return syms.length === 1 ? syms[0] : undefined;
  }

  // ---- heap-move ----

  /** The heap-move record of the variable or literal whose address a pointer conversion takes. */
  private heapMoveFor(conv: SiteReport): SiteReport | undefined {
    const dir = this.ctx.report.dir;
    const moves = this.ctx.report.sites.filter((x) => x.kind === 'heap-move' && this.ctx.hsite(x)?.via && samePos(dir, conv.position, this.ctx.hsite(x)!.via!));
    return moves.find((x) => instanceKey(x) === instanceKey(conv)) ?? moves.find((x) => x.function === conv.function) ?? moves[0];
  }

  /** The conversion whose operand takes the address of a heap-move's variable or literal. */
  conversionFor(hm: SiteReport): SiteReport | undefined {
    const via = this.ctx.hsite(hm)?.via;
    if (!via) return undefined;
    const dir = this.ctx.report.dir;
    const convs = this.ctx.report.sites.filter((x) => x.kind === 'convert' && samePos(dir, x.position, via));
    return convs.find((x) => instanceKey(x) === instanceKey(hm)) ?? convs.find((x) => x.function === hm.function) ?? convs[0];
  }

  /** The variable or literal of a heap-move, on the heap when it moved, else in the frame. */
  private movedObject(hm: SiteReport): PictureBox {
    const hs = this.ctx.hsite(hm);
    const obj = hm.object!;
    const fn = shortName(hm.function);
    const region: Region = hm.allocates ? 'heap' : hm.allocates === false && !codeRemoved(hm) ? 'stack' : 'unknown';
    const where =
      region === 'heap'
        ? `heap: ${hs?.varName ? `moved there (${hm.runtimeCall})` : `allocated by ${hm.runtimeCall}`}, ${sizeClassText(hm)}`
        : region === 'stack'
          ? `stack: stays in the frame of ${fn} (the interface holding its address does not escape)`
          : hm.reason;
    return this.add({
      id: 'moved',
      kind: 'object',
      title: `${hs?.varName ? `${hs.varName} ` : ''}${obj.type}${obj.size !== null ? `, ${obj.size} B` : ''}`,
      type: obj.type,
      size: obj.size ?? undefined,
      region,
      where,
      rows: [],
      object: this.ctx.object(obj, hm),
    });
  }

  private heapMove(s: SiteReport): string {
    const conv = this.conversionFor(s);
    if (conv) return this.convertValue(conv, 'value', '').id;
    return this.movedObject(s).id;
  }

  // ---- ...any arrays ----

  private variadic(s: SiteReport): string {
    const p = this.ptr;
    const hs = this.ctx.hsite(s);
    const obj = s.object!;
    const n = hs?.count ?? Number(/^\[(\d+)\]/.exec(obj.type)?.[1] ?? 0);
    const elemType = obj.type.replace(/^\[\d+\]/, '');
    const empty = isEmptyIface(elemType) || (hs?.target ? !!hs.target.empty : true);
    const fn = shortName(s.function);
    const region: Region = s.allocates ? 'heap' : s.allocates === false && !codeRemoved(s) ? 'stack' : 'unknown';
    const elems = this.variadicElements(s, n);
    const rows: PictureRow[] = [];
    elems.forEach((e, i) => {
      const base = i * 2 * p;
      if (!e) {
        rows.push({
          offset: base,
          name: `[${i}].${empty ? 'type' : 'tab'}`,
          value: 'copied from the argument',
          note: `argument ${i} is already a ${elemType}: both words copied`,
        });
        rows.push({ offset: base + p, name: `[${i}].data`, value: 'copied from the argument' });
        return;
      }
      const v = e.kind === 'convert' ? this.convertValue(e, `elem${i}`, `e${i}.`) : this.operandValue(e, `elem${i}`, `e${i}.`);
      this.boxes.delete(v.id); // its words are the array's
      for (const r of v.rows)
        rows.push({ ...r, offset: base + (r.offset ?? 0), name: `[${i}].${r.name}`, note: `${e.operand ?? ''}${r.note ? `: ${r.note}` : ''}` });
    });
    const array = this.add({
      id: 'array',
      kind: 'array',
      title: `${obj.type} backing array`,
      type: obj.type,
      size: obj.size ?? undefined,
      region,
      where:
        region === 'heap'
          ? `heap: ${s.runtimeCall}, ${sizeClassText(s)} (the ... argument escapes)`
          : region === 'stack'
            ? `stack: in the frame of ${fn} (the ... argument does not escape)`
            : s.reason,
      rows,
    });
    const slice = this.add({
      id: 'slice',
      kind: 'slice',
      title: `[]${elemType} argument`,
      type: `[]${elemType}`,
      size: 3 * p,
      region: 'value',
      where: `the slice header the call passes: ${s.operand ?? ''}`.trim(),
      rows: [
        { offset: 0, name: 'array', to: array.id, note: `the ${obj.type} on the ${region === 'heap' ? 'heap' : region === 'stack' ? 'stack' : '?'}` },
        { offset: p, name: 'len', value: String(n) },
        { offset: 2 * p, name: 'cap', value: String(n) },
      ],
    });
    return slice.id;
  }

  /** The site that converts each element of a ... argument, in array order (undefined: passed as is). */
  private variadicElements(s: SiteReport, n: number): (SiteReport | undefined)[] {
    const key = instanceKey(s);
    const candidates = this.ctx.report.sites.filter(
      (x) => (x.kind === 'convert' || x.kind === 'iface-to-iface') && x.context === 'variadic' && instanceKey(x) === key && x.position.file === s.position.file,
    );
    const nested = this.ctx.report.sites.filter(
      (x) =>
        x.kind === 'variadic-slice' &&
        instanceKey(x) === key &&
        x.position.file === s.position.file &&
        x !== s &&
        !(x.position.line === s.position.line && x.position.column === s.position.column),
    );
    const src = this.source(s.position.file);
    const out: (SiteReport | undefined)[] = new Array(n).fill(undefined);
    const spans = src ? callArgs(src, s.position) : undefined;
    if (src && spans && spans.length >= n) {
      const inner = nested.map((x) => callSpan(src, x.position)).filter((x): x is [number, number] => !!x);
      const at = (p: Position) => byteOffset(src, p);
      spans.slice(spans.length - n).forEach(([a, b], i) => {
        const hit = candidates
          .filter((x) => {
            const o = at(x.position);
            return o !== undefined && o >= a && o < b && !inner.some(([c, d]) => c >= a && o > c && o < d);
          })
          .sort((x, y) => at(x.position)! - at(y.position)!);
        out[i] = hit[0];
      });
      return out;
    }
    // no source: the conversions after the call's parenthesis on its line, in column order (a
    // multi-value argument f(g()) converts each result at the parenthesis itself)
    const after = candidates
      .filter((x) => x.position.line === s.position.line && x.position.column >= s.position.column)
      .sort((x, y) => x.position.column - y.position.column);
    for (let i = 0; i < n; i++) out[i] = after[after.length - n + i];
    return out;
  }

  private source(file: string): Buffer | undefined {
    if (!this.sources.has(file)) this.sources.set(file, this.ctx.source(file) ?? null);
    return this.sources.get(file) ?? undefined;
  }

  // ---- conversions between interfaces, assertions, type switches ----

  /** The operand of an iface-to-iface conversion, an assertion or a type switch. */
  private operandBox(s: SiteReport, prefix: string): PictureBox {
    const hs = this.ctx.hsite(s);
    const srcType = s.source?.type ?? '?';
    const empty = hs?.source?.empty ?? isEmptyIface(srcType);
    const p = this.ptr;
    const dynType = this.dynamicTypeBox(prefix);
    const obj = this.dynamicObject(prefix);
    const rows: PictureRow[] = [];
    if (empty) {
      rows.push({ offset: 0, name: 'type', to: dynType.id, note: 'the dynamic type' });
    } else {
      const it = this.dynamicItabBox(prefix, 'itab:operand', srcType, hs?.source?.methods ?? 0, 'the itab the operand was built with');
      rows.push({ offset: 0, name: 'tab', to: it.id, note: `the itab of the dynamic type for ${srcType}` });
    }
    rows.push({ offset: p, name: 'data', to: obj.id, note: 'the dynamic value' });
    return this.add({
      id: `${prefix}operand`,
      kind: empty ? 'eface' : 'iface',
      title: `${empty ? 'eface' : 'iface'} ${srcType}`,
      type: srcType,
      size: 2 * p,
      region: 'value',
      where: `the operand${s.operand ? ` ${s.operand}` : ''}: an interface value built elsewhere`,
      rows,
    });
  }

  private dynamicObject(prefix: string): PictureBox {
    return this.add({
      id: `${prefix}dynamic-object`,
      kind: 'object',
      title: 'the dynamic value',
      region: 'unknown',
      dynamic: true,
      where: 'wherever the conversion that built the operand put it (heap, stack, static data), or none when the dynamic type is pointer-shaped',
      rows: [],
    });
  }

  /**
   * An interface value computed from an interface operand: `any` takes the type word from the
   * operand's itab, a non-empty interface gets the itab of the dynamic type; the data word is copied.
   */
  private operandValue(s: SiteReport, id: string, prefix: string): PictureBox {
    const hs = this.ctx.hsite(s);
    const target = s.target?.type ?? '?';
    const empty = s.target?.empty ?? isEmptyIface(target);
    const p = this.ptr;
    const operand = this.operandBox(s, prefix);
    const opEmpty = operand.kind === 'eface';
    const rows: PictureRow[] = [];
    if (empty) {
      rows.push({
        offset: 0,
        name: 'type',
        to: this.dynamicTypeBox(prefix).id,
        note: opEmpty ? "copied from the operand's type word" : "loaded from the operand's itab (its _type field); nil when the operand is nil",
      });
    } else {
      const how =
        s.kind === 'assert'
          ? 'found by runtime.typeAssert (a per-site cache, then runtime.getitab); it panics, or ok is false, when the dynamic type lacks a method'
          : s.kind === 'type-switch'
            ? 'found by runtime.interfaceSwitch'
            : 'found at run time by runtime.typeAssert (a per-site cache, then runtime.getitab)';
      const it = this.dynamicItabBox(prefix, 'itab:result', target, hs?.target?.methods ?? s.target?.methods ?? 0, how);
      rows.push({ offset: 0, name: 'tab', to: it.id, note: `the itab of the dynamic type for ${target}` });
    }
    rows.push({ offset: p, name: 'data', to: this.dynamicObject(prefix).id, note: "the operand's data word, copied: the same object, no copy of the value" });
    return this.add({
      id,
      kind: empty ? 'eface' : 'iface',
      title: `${empty ? 'eface' : 'iface'} ${target}`,
      type: target,
      size: 2 * p,
      region: 'value',
      where: `the result, from ${operand.title}${s.operand ? ` ${s.operand}` : ''} (${s.context || s.kind}, ${s.position.file}:${s.position.line}:${s.position.column})`,
      rows,
    });
  }

  private ifaceToIface(s: SiteReport): string {
    this.note(
      s.target?.empty
        ? "no allocation: the type word is read from the operand's itab and the data word is copied"
        : 'no allocation: the itab is looked up (cached per site), the data word is copied',
    );
    return this.operandValue(s, 'value', '').id;
  }

  private assert(s: SiteReport): string {
    const hs = this.ctx.hsite(s);
    const target = s.target?.type ?? '?';
    const toIface = hs?.target ? !!hs.target.interface : s.target?.itab === 'runtime' || isEmptyIface(target);
    if (toIface) return this.operandValue(s, 'value', '').id;
    // to a concrete type: one compare of the type word (or itab) with the static one
    const srcType = s.source?.type ?? '?';
    const empty = hs?.source?.empty ?? isEmptyIface(srcType);
    const p = this.ptr;
    const rows: PictureRow[] = [];
    if (empty) {
      const t = this.typeBox(target);
      rows.push({ offset: 0, name: 'type', to: t.id, note: `compared with &type:${target}: equal when the assertion succeeds` });
    } else {
      const it = this.itabBox(target, srcType, hs?.source?.methods ?? 0, undefined);
      rows.push({ offset: 0, name: 'tab', to: it.id, note: `compared with &${it.id}: equal when the assertion succeeds` });
    }
    const pointerShaped = !!hs?.target?.directIface;
    const obj = this.add({
      id: 'asserted',
      kind: 'object',
      title: `the ${target} value`,
      type: target,
      size: hs?.target && hs.target.size >= 0 ? hs.target.size : undefined,
      region: 'unknown',
      where: 'wherever the conversion that built the operand put it',
      rows: [],
    });
    rows.push(
      pointerShaped
        ? { offset: p, name: 'data', value: `the ${target} itself`, note: 'pointer-shaped: the data word is the result' }
        : { offset: p, name: 'data', to: obj.id, note: 'the result is copied out of this object' },
    );
    if (pointerShaped) this.boxes.delete(obj.id);
    const op = this.add({
      id: 'operand',
      kind: empty ? 'eface' : 'iface',
      title: `${empty ? 'eface' : 'iface'} ${srcType}`,
      type: srcType,
      size: 2 * p,
      region: 'value',
      where: `the operand ${s.operand ?? ''}, when it holds a ${target}`,
      rows,
    });
    this.add({
      id: 'result',
      kind: 'result',
      title: `result: ${target}`,
      type: target,
      region: 'value',
      where: pointerShaped ? 'the data word itself' : 'a copy of the boxed value, in registers or the frame',
      rows: [],
    });
    this.note(`no allocation: one compare of the ${empty ? 'type word' : 'itab word'}, then the value is ${pointerShaped ? 'the data word' : 'copied out'}`);
    return op.id;
  }

  private typeSwitch(s: SiteReport): string {
    const hs = this.ctx.hsite(s);
    const op = this.operandBox(s, '');
    const cases = (hs?.cases ?? []).map(
      (c): PictureRow =>
        c.interface
          ? {
              offset: null,
              name: `case ${c.type}`,
              value: c.empty ? 'matches any non-nil value' : `runtime.interfaceSwitch: the itab of the dynamic type for ${c.type}`,
              note: 'a per-site cache, then runtime.getitab',
            }
          : { offset: null, name: `case ${c.type}`, value: `type word == &type:${c.type}`, note: 'compared after the type hash' },
    );
    if (cases.length) {
      this.add({
        id: 'cases',
        kind: 'cases',
        title: `switch ${s.operand ?? ''}.(type)`,
        region: 'value',
        where: 'what each case compares the operand with',
        rows: cases,
      });
    }
    this.note("no allocation: the cases read the type word (or the itab's _type); a case variable of an interface type gets the itab of its case");
    return op.id;
  }
}

function funStart(ptr: number): number {
  return 2 * ptr + (ptr === 8 ? 8 : 4);
}

/** Whether an initialiser's value is all zero bytes: a zero constant, or a composite literal with nothing in it. */
function isZeroValue(hs: HSite | undefined, operand: string | undefined): boolean {
  const v = hs?.constValue;
  if (v !== undefined) return v === 'false' || v === '""' || (/^[-+0-9.e]+$/i.test(v) && Number(v) === 0);
  return /^[\w.*[\]]*\{\s*\}$/.test(operand ?? '');
}

/** A constant operand's value, when it fits runtime.staticuint64s. */
function smallValue(hs: HSite | undefined): number | undefined {
  const v = hs?.constValue;
  if (v === undefined) return undefined;
  if (v === 'true') return 1;
  if (v === 'false') return 0;
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 && n < 256 ? n : undefined;
}

function sizeClassText(s: SiteReport): string {
  if (s.allocPath === 'tiny') return `${s.objectSize} B in a shared 16-byte tiny block`;
  if (s.allocPath === 'large') return `${s.objectSize} B, its own pages`;
  return `${s.objectSize} B → ${s.bytesPerOp}-byte size class ${s.sizeClass}`;
}

function heapWhere(s: SiteReport): string {
  return `heap: ${s.runtimeCall ?? 'allocated'}, ${sizeClassText(s)}`;
}

// ---- call arguments in the source (byte columns, as the compiler counts) ----

function lineStarts(src: Buffer): number[] {
  const out = [0];
  for (let i = 0; i < src.length; i++) if (src[i] === 10) out.push(i + 1);
  return out;
}

const starts = new WeakMap<Buffer, number[]>();

function byteOffset(src: Buffer, p: Position): number | undefined {
  let ls = starts.get(src);
  if (!ls) starts.set(src, (ls = lineStarts(src)));
  const start = ls[p.line - 1];
  return start === undefined ? undefined : start + p.column - 1;
}

/** [open, close] byte offsets of the parentheses of the call whose '(' is at p. */
function callSpan(src: Buffer, p: Position): [number, number] | undefined {
  const a = callArgs(src, p);
  if (!a) return undefined;
  const open = byteOffset(src, p)!;
  return [open, a.length ? a[a.length - 1][1] : open + 1];
}

/** The byte spans [start, end) of the arguments of the call whose '(' is at p. */
function callArgs(src: Buffer, p: Position): [number, number][] | undefined {
  const open = byteOffset(src, p);
  if (open === undefined || src[open] !== 0x28 /* ( */) return undefined;
  const out: [number, number][] = [];
  let depth = 0;
  let argStart = open + 1;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
      for (i++; i < src.length && src[i] !== c && src[i] !== 10; i++) if (src[i] === 0x5c /* \ */) i++;
    } else if (c === 0x60 /* ` */) {
      for (i++; i < src.length && src[i] !== 0x60; i++);
    } else if (c === 0x2f /* / */ && src[i + 1] === 0x2f) {
      for (; i < src.length && src[i] !== 10; i++);
    } else if (c === 0x2f && src[i + 1] === 0x2a /* * */) {
      for (i += 2; i < src.length && !(src[i] === 0x2a && src[i + 1] === 0x2f); i++);
      i++;
    } else if (c === 0x28 || c === 0x5b || c === 0x7b) {
      depth++;
    } else if (c === 0x29 || c === 0x5d || c === 0x7d) {
      depth--;
      if (depth === 0) {
        if (src.subarray(argStart, i).toString().trim()) out.push([argStart, i]);
        return out;
      }
    } else if (c === 0x2c /* , */ && depth === 1) {
      out.push([argStart, i]);
      argStart = i + 1;
    }
  }
  return undefined;
}
