// `ifacelens explain FILE:LINE[:COL]`: the interface value of a site as it is at run time — its
// two words, the itab (from the compiler's own go:itab data), the type descriptor, and the boxed
// object laid out byte by byte — for the chosen GOARCH.
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { analyze, type AnalyzeResult } from './analyze.js';
import { UserError } from '../toolchain/errors.js';
import { layoutReport, objectClass, type LayoutReport } from '../analysis/layout.js';
import type { AsmData } from '../parse/gcflags-asm.js';
import { SCHEMA_VERSION, type SiteReport } from '../facts/report.js';

export interface ExplainOptions {
  dir: string;
  /** FILE:LINE or FILE:LINE:COL, FILE relative to dir */
  location: string;
  goarch?: string;
  goos?: string;
  tags?: string;
}

export interface Word {
  /** byte offset in the interface value */
  offset: number;
  name: 'type' | 'tab' | 'data';
  /** a symbol the word points to, when it is one */
  symbol?: string;
  description: string;
}

export interface TypeDescriptor {
  symbol: string;
  size: number;
  ptrBytes: number;
  /** the type hash the compiler stored in the descriptor (also copied into itabs) */
  hash: string;
}

export interface ItabReport {
  symbol: string;
  /** "static": built by the compiler into read-only data; "runtime": built by runtime.getitab */
  origin: 'static' | 'runtime';
  size: number;
  inter: string;
  type: string;
  hash?: string;
  fun: { slot: number; offset: number; method: string; symbol: string }[];
  methods: number;
}

export interface Explanation {
  site: SiteReport;
  value: { kind: 'eface' | 'iface'; size: number; words: Word[] };
  typeDescriptor?: TypeDescriptor;
  itab?: ItabReport;
  /** the value when the operand is a nil pointer (typed-nil findings): type word set, data nil */
  typedNil?: { rule: string; message: string; words: Word[]; comparesEqualToNil: false };
  object?: {
    type: string;
    size: number;
    /** bytes TotalAlloc counts for it (size class, or tiny share), and the slack beyond its size */
    allocatedBytes: number;
    slack: number;
    where: string;
    layout?: LayoutReport;
  };
}

export interface ExplainReport {
  schemaVersion: typeof SCHEMA_VERSION;
  go: { version: string; goos: string; goarch: string };
  location: { file: string; line: number; column?: number };
  explanations: Explanation[];
}

function readUint(bytes: number[], at: number, n: number): number {
  let v = 0;
  for (let i = n - 1; i >= 0; i--) v = v * 256 + (bytes[at + i] ?? 0);
  return v;
}

const hex = (n: number) => '0x' + n.toString(16).padStart(8, '0');

export async function explainRun(opts: ExplainOptions): Promise<ExplainReport> {
  const m = /^(.+?):(\d+)(?::(\d+))?$/.exec(opts.location);
  if (!m) throw new UserError(`explain wants FILE:LINE or FILE:LINE:COL, not "${opts.location}"`);
  const dir = resolve(opts.dir);
  const abs = isAbsolute(m[1]) ? m[1] : resolve(dir, m[1]);
  if (!existsSync(abs)) throw new UserError(`${m[1]}: no such file`);
  const line = Number(m[2]);
  const col = m[3] ? Number(m[3]) : undefined;
  const pkgDir = './' + (relative(dir, dirname(abs)) || '.');
  const { report, store } = await analyze({ dir, patterns: [pkgDir], goarch: opts.goarch, goos: opts.goos, tags: opts.tags, keepAsmText: true, layouts: true });
  const rel = relative(dir, abs).split('\\').join('/');
  const r = explainAt({ report, store }, { file: rel, line, ...(col ? { column: col } : {}) }, abs);
  if (r.explanations.length === 0) throw new UserError(`${m[1]}:${line}${col ? ':' + col : ''}: no interface site here (ifacelens analyze --all lists them)`);
  return r;
}

/**
 * The explanations of the sites at a location of an analysis already made (with keepAsmText and
 * layouts); `file` is relative to the analysed directory (or `alias`, an absolute spelling).
 * Empty when no site is there.
 */
export function explainAt({ report, store }: Pick<AnalyzeResult, 'report' | 'store'>, location: ExplainReport['location'], alias?: string): ExplainReport {
  const { file: rel, line, column: col } = location;
  const sites = report.sites.filter((s) => (s.position.file === rel || s.position.file === alias) && s.position.line === line && (col === undefined || s.position.column === col));
  const ptr = store.ptrSize;
  const data = new Map<string, AsmData>(store.data.map((d) => [d.name, d]));
  const structs = new Map(store.structs.map((st) => [st.name, st]));

  // The linker names a main package's symbols main.T, whatever its import path.
  const mainPkgs = new Set(store.packages.filter((p) => p.name === 'main').map((p) => p.path));
  const linkName = (t: string) => {
    let out = t;
    for (const p of mainPkgs) out = out.split(p + '.').join('main.');
    return out;
  };
  const dataFor = (sym: string) => data.get(sym) ?? data.get(linkName(sym));
  const descriptor = (type: string): TypeDescriptor | undefined => {
    const d = dataFor(`type:${type}`);
    if (!d) return undefined;
    // internal/abi.Type: Size_ uintptr, PtrBytes uintptr, Hash uint32, ...
    return { symbol: d.name, size: readUint(d.bytes, 0, ptr), ptrBytes: readUint(d.bytes, ptr, ptr), hash: hex(readUint(d.bytes, 2 * ptr, 4)) };
  };
  const itabOf = (src: string, iface: string, methods: number, symbolHint?: string): ItabReport => {
    const symbol = symbolHint ?? `go:itab.${src},${iface}`;
    const d = dataFor(symbol);
    if (!d) {
      return { symbol, origin: 'runtime', size: 3 * ptr + ptr * Math.max(1, methods), inter: `type:${iface}`, type: `type:${src}`, fun: [], methods };
    }
    // internal/abi.ITab: Inter *InterfaceType, Type *Type, Hash uint32, Fun [n]uintptr
    const at = (off: number) => d.relocs.find((r) => r.offset === off)?.sym ?? '?';
    const funStart = 2 * ptr + (ptr === 8 ? 8 : 4);
    const fun = d.relocs.filter((r) => r.offset >= funStart).sort((a, b) => a.offset - b.offset)
      .map((r) => ({ slot: (r.offset - funStart) / ptr, offset: r.offset, method: r.sym.replace(/^.*\./, ''), symbol: r.sym }));
    return { symbol, origin: 'static', size: d.size, inter: at(0), type: at(ptr), hash: hex(readUint(d.bytes, 2 * ptr, 4)), fun, methods };
  };

  const explanations = sites.map((s): Explanation => {
    const src = s.source?.type ?? s.object?.type ?? '?';
    const iface = s.target && !s.target.empty && s.kind === 'convert';
    const words: Word[] = [];
    let itab: ItabReport | undefined;
    let td: TypeDescriptor | undefined;
    if (iface) {
      itab = itabOf(src, s.target!.type, s.target!.methods, s.target!.itabSymbol);
      words.push({ offset: 0, name: 'tab', symbol: itab.symbol, description: itab.origin === 'static' ? `itab built by the compiler (${itab.size} B, read-only data)` : `itab built at run time by runtime.getitab (${itab.size} B, not on the GC heap)` });
    } else {
      td = descriptor(src);
      words.push({ offset: 0, name: 'type', symbol: `type:${src}`, description: td ? `type descriptor: size ${td.size}, pointer bytes ${td.ptrBytes}, hash ${td.hash}` : 'type descriptor' });
    }
    if (iface) td = descriptor(src);
    const dw = s.dataWord;
    const dataDesc: Record<string, string> = {
      direct: `the ${src} value itself (pointer-shaped: no copy)`,
      heap: `a heap copy made by ${s.runtimeCall}`,
      stack: 'a copy in a stack temporary of the function',
      static: 'a read-only static copy made by the compiler',
      staticuint64s: 'runtime.staticuint64s[v]: a shared table of the values 0..255',
      zerobase: 'runtime.zerobase: the address every zero-size value shares',
      zeroVal: 'runtime.zeroVal: a shared block of zero bytes',
      none: 'a copy the compiler placed without a runtime call',
    };
    words.push({ offset: ptr, name: 'data', ...(dw === 'staticuint64s' || dw === 'zerobase' || dw === 'zeroVal' ? { symbol: `runtime.${dw}` } : {}), description: dataDesc[dw ?? 'none'] ?? 'the data word' });
    let object: Explanation['object'];
    const objType = s.kind === 'convert' ? s.source : s.object;
    if (objType && objType.size !== null && !objType.pointerShaped) {
      const cls = objectClass(store.sizeClasses, ptr, s.objectSize ?? objType.size, objType.containsPointers ? 1 : 0);
      const st = structs.get(objType.type);
      const where = s.allocates ? (s.allocPath === 'tiny' ? 'heap, in a shared 16-byte tiny block' : s.allocPath === 'large' ? 'heap, its own pages' : `heap, size class ${s.sizeClass}`) : (dw ?? 'static');
      object = {
        type: objType.type,
        size: objType.size,
        allocatedBytes: s.allocates ? (s.bytesPerOp ?? cls.allocatedBytes) : 0,
        slack: s.allocates && s.allocPath !== 'tiny' ? (s.bytesPerOp ?? 0) - (s.objectSize ?? objType.size) : 0,
        where,
        ...(st ? { layout: layoutReport(st, store.sizeClasses, ptr) } : {}),
      };
    }
    // A typed-nil finding here: the same value when the operand is nil.
    const finding = report.findings.find((f) => f.position.file === s.position.file && f.position.line === s.position.line && f.position.column === s.position.column);
    const typedNil: Explanation['typedNil'] = finding
      ? {
          rule: finding.rule,
          message: finding.message,
          words: [
            { ...words[0], description: `${words[0].description}: set, so the interface is not nil` },
            { offset: ptr, name: 'data', description: `nil: the ${finding.concrete} is nil` },
          ],
          comparesEqualToNil: false,
        }
      : undefined;
    return {
      site: s,
      value: { kind: iface ? 'iface' : 'eface', size: 2 * ptr, words },
      ...(typedNil ? { typedNil } : {}),
      ...(td ? { typeDescriptor: td } : {}),
      ...(itab ? { itab } : {}),
      ...(object ? { object } : {}),
    };
  });
  return { schemaVersion: SCHEMA_VERSION, go: report.go, location: { file: rel, line, ...(col ? { column: col } : {}) }, explanations };
}
