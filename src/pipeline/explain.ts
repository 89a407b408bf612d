// `ifacelens explain FILE:LINE[:COL]`: the interface value of a site as it is at run time — its
// two words, the itab (from the compiler's own go:itab data), the type descriptor, and the boxed
// object laid out byte by byte — for the chosen GOARCH.
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { analyze, type AnalyzeResult } from './analyze.js';
import { UserError } from '../toolchain/errors.js';
import { PackageSources } from '../toolchain/sources.js';
import { layoutReport, objectClass } from '../analysis/layout.js';
import type { AsmData } from '../parse/gcflags-asm.js';
import { SCHEMA_VERSION, type SiteReport, type SourceTypeReport } from '../contract/report.js';
import { relFile } from '../facts/position.js';
import type { HSite } from '../parse/helper-protocol.js';
import { buildPicture, heapMoveConversion, type PictureContext } from './memory-picture.js';
import type { ExplainReport, Explanation, ItabReport, MemoryPicture, PictureObject, PictureRow, TypeDescriptor, Word } from '../contract/index.js';

export interface ExplainOptions {
  dir: string;
  /** FILE:LINE or FILE:LINE:COL, FILE relative to dir */
  location: string;
  goarch?: string;
  goos?: string;
  tags?: string;
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
  // FILE is relative to -C (as go -C reads its arguments); the module is the file's own, the
  // nearest go.mod above it, so a path from anywhere works.
  const abs = resolve(opts.dir, m[1]);
  if (!existsSync(abs)) throw new UserError(`${m[1]}: no such file`);
  if (!statSync(abs).isFile()) throw new UserError(`${m[1]}: not a file`);
  const dir = moduleRoot(dirname(abs));
  if (!dir) throw new UserError(`${m[1]}: not in a Go module (no go.mod in ${dirname(abs)} or any parent directory)`);
  const line = Number(m[2]);
  const col = m[3] ? Number(m[3]) : undefined;
  const pkgDir = './' + (relative(dir, dirname(abs)).split(sep).join('/') || '.');
  const { report, store } = await analyze({ dir, patterns: [pkgDir], goarch: opts.goarch, goos: opts.goos, tags: opts.tags, keepAsmText: true, layouts: true });
  const rel = relFile(dir, abs);
  const onLine = report.sites.filter((s) => (s.position.file === rel || s.position.file === abs) && s.position.line === line);
  // A column inside a site's expression names that site (the innermost, when expressions nest).
  const at = col === undefined || onLine.some((s) => s.position.column === col) ? col : spanning(onLine, col)?.position.column;
  const r = at === undefined && col !== undefined ? undefined : explainAt({ report, store }, { file: rel, line, ...(at ? { column: at } : {}) }, abs);
  if (!r || r.explanations.length === 0)
    throw new UserError(
      noSiteHere(
        m[1],
        line,
        col,
        onLine,
        report.sites.filter((s) => s.position.file === rel || s.position.file === abs),
      ),
    );
  return r;
}

/** The directory of the nearest go.mod at or above `dir`, if any. */
function moduleRoot(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'go.mod'))) return d;
    if (dirname(d) === d) return undefined;
  }
}

/** The byte columns a site's expression spans on its line: from its column, its operand's first line. */
const extent = (s: SiteReport) => Math.max(1, Buffer.byteLength((s.operand ?? '').split('\n')[0]));

/** The site whose expression spans column `col` (the innermost of nested ones). */
function spanning(sites: SiteReport[], col: number): SiteReport | undefined {
  return sites
    .filter((s) => s.position.column <= col && col < s.position.column + extent(s))
    .sort((a, b) => extent(a) - extent(b) || b.position.column - a.position.column)[0];
}

/** No site at the location: one line that names the sites of the line, or the nearest lines with sites. */
function noSiteHere(file: string, line: number, col: number | undefined, onLine: SiteReport[], inFile: SiteReport[]): string {
  const where = `${file}:${line}${col ? ':' + col : ''}`;
  const name = (s: SiteReport) => `${s.position.line}:${s.position.column} ${s.kind} ${short(s.operand ?? '')}`;
  const uniq = (l: SiteReport[]) => [...new Map(l.map((s) => [`${s.position.line}:${s.position.column}:${s.kind}`, s])).values()];
  if (onLine.length) {
    const l = uniq(onLine).sort((a, b) => a.position.column - b.position.column);
    return `${where}: no interface site at column ${col}; the line has ${l.length === 1 ? 'one' : l.length} at ${l.map(name).join(', ')}`;
  }
  const lines = [...new Set(inFile.map((s) => s.position.line))].sort((a, b) => Math.abs(a - line) - Math.abs(b - line) || a - b).slice(0, 3);
  if (!lines.length) return `${where}: no interface site in this file (ifacelens analyze --all lists every site)`;
  const near = uniq(inFile.filter((s) => lines.includes(s.position.line))).sort(
    (a, b) => a.position.line - b.position.line || a.position.column - b.position.column,
  );
  return `${where}: no interface site on this line; the nearest: ${near.slice(0, 5).map(name).join(', ')}${near.length > 5 ? ', ...' : ''}`;
}

const short = (t: string) => {
  const one = t.replace(/\s+/g, ' ');
  return one.length > 24 ? one.slice(0, 21) + '...' : one;
};

/**
 * The explanations of the sites at a location of an analysis already made (with keepAsmText and
 * layouts); `file` is relative to the analysed directory (or `alias`, an absolute spelling).
 * Empty when no site is there.
 */
export function explainAt({ report, store }: Pick<AnalyzeResult, 'report' | 'store'>, location: ExplainReport['location'], alias?: string): ExplainReport {
  const { file: rel, line, column: col } = location;
  const sites = report.sites.filter(
    (s) => (s.position.file === rel || s.position.file === alias) && s.position.line === line && (col === undefined || s.position.column === col),
  );
  const ptr = store.ptrSize;
  const data = new Map<string, AsmData>(store.data.map((d) => [d.name, d]));
  const structs = new Map(store.structs.map((st) => [st.name, st]));

  // The linker names a main package's symbols main.T, whatever its import path.
  const mainPkgs = new Set(store.packages.filter((p) => p.name === 'main').map((p) => p.path));
  // The compiler's symbols spell the aliases byte and rune as uint8 and int32.
  const linkName = (t: string) => {
    let out = t.replace(/(?<![\w./])byte(?![\w.])/g, 'uint8').replace(/(?<![\w./])rune(?![\w.])/g, 'int32');
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
    const fun = d.relocs
      .filter((r) => r.offset >= funStart)
      .sort((a, b) => a.offset - b.offset)
      .map((r) => ({ slot: (r.offset - funStart) / ptr, offset: r.offset, method: r.sym.replace(/^.*\./, ''), symbol: r.sym }));
    return { symbol, origin: 'static', size: d.size, inter: at(0), type: at(ptr), hash: hex(readUint(d.bytes, 2 * ptr, 4)), fun, methods };
  };

  const hsites = new Map<string, HSite[]>();
  for (const h of store.sites) {
    const k = `${h.pos.file}:${h.pos.line}:${h.pos.col}`;
    let l = hsites.get(k);
    if (!l) hsites.set(k, (l = []));
    l.push(h);
  }
  const objectOf = (t: SourceTypeReport, s: SiteReport): PictureObject => {
    const size = t.size ?? 0;
    const cls = objectClass(store.sizeClasses, ptr, s.objectSize ?? size, t.containsPointers ? 1 : 0);
    const st = structs.get(t.type);
    const allocated = s.allocates ? (s.bytesPerOp ?? cls.allocatedBytes) : 0;
    return {
      type: t.type,
      size,
      ptrBytes: t.ptrBytes,
      allocatedBytes: allocated,
      slack: s.allocates && s.allocPath !== 'tiny' ? Math.max(0, allocated - (s.objectSize ?? size)) : 0,
      tiny: !!s.allocates && s.allocPath === 'tiny',
      ...(st ? { layout: layoutReport(st, store.sizeClasses, ptr) } : {}),
    };
  };
  const asmByName = new Map(store.asm.map((a) => [a.name, a]));
  const sources = new PackageSources(
    store.packages.flatMap((p) => p.files),
    report.dir,
  );
  const ctx: PictureContext = {
    ptr,
    goarch: report.go.goarch,
    report,
    hsite: (s) => {
      const abs = isAbsolute(s.position.file) ? s.position.file : resolve(report.dir, s.position.file);
      const l = hsites.get(`${abs}:${s.position.line}:${s.position.column}`) ?? [];
      return l.find((h) => h.siteKind === s.kind && (s.kind !== 'convert' || h.operand === s.operand)) ?? l.find((h) => h.siteKind === s.kind);
    },
    descriptor,
    typeSymbol: (t) => `type:${linkName(t)}`,
    itab: itabOf,
    object: objectOf,
    source: (f) => sources.bytes(f),
    refs: (s) => {
      const a = asmByName.get(s.function);
      if (!a) return [];
      const abs = isAbsolute(s.position.file) ? s.position.file : resolve(report.dir, s.position.file);
      return a.refs.filter((r) => r.line === s.position.line && r.file === abs);
    },
  };

  const explanations = sites.map((s): Explanation => {
    const picture = buildPicture(ctx, s);
    const byId = new Map(picture.boxes.map((b) => [b.id, b]));
    // The interface value the site makes (for a ... argument, its first element; for an
    // assertion to a concrete type or a type switch, the operand).
    let valueBox = byId.get(picture.root);
    let rows = valueBox?.rows ?? [];
    if (valueBox?.kind === 'slice') {
      const array = byId.get('array');
      rows = (array?.rows ?? []).filter((r) => r.name.startsWith('[0].')).map((r) => ({ ...r, name: r.name.slice(4) }));
      const elemType = (s.object?.type ?? '').replace(/^\[\d+\]/, '');
      valueBox = { ...valueBox, kind: rows.some((r) => r.name === 'tab') || (!rows.length && !isEmptyName(elemType)) ? 'iface' : 'eface' };
    } else if (valueBox && valueBox.kind !== 'eface' && valueBox.kind !== 'iface') {
      rows = [];
    }
    const words: Word[] = rows
      .filter((r): r is PictureRow & { offset: number } => r.offset !== null && (r.name === 'type' || r.name === 'tab' || r.name === 'data'))
      .map((r) => {
        const to = r.to ? byId.get(r.to) : undefined;
        const symbol = to?.symbol;
        const description =
          r.name === 'type' && to?.kind === 'type'
            ? to.rows.length
              ? `type descriptor: size ${to.rows[0].value}, pointer bytes ${to.rows[1].value}, hash ${to.rows[2].value}`
              : to.dynamic
                ? to.where
                : 'type descriptor'
            : r.name === 'tab' && to?.kind === 'itab'
              ? to.region === 'rodata'
                ? `itab built by the compiler (${to.size} B, read-only data)`
                : to.dynamic
                  ? to.where
                  : `itab built at run time by runtime.getitab (${to.size} B, not on the GC heap)`
              : (r.note ?? r.value ?? '');
        return { offset: r.offset, name: r.name as Word['name'], ...(symbol ? { symbol } : {}), description };
      });
    const kind: 'eface' | 'iface' = valueBox?.kind === 'iface' ? 'iface' : 'eface';

    // The concrete type's descriptor and itab (convert, and the conversion behind a heap-move).
    const conv = s.kind === 'convert' ? s : s.kind === 'heap-move' ? heapMoveConversion(ctx, s) : undefined;
    let td: TypeDescriptor | undefined;
    let itab: ItabReport | undefined;
    if (conv) {
      const src = conv.source?.type ?? '?';
      td = descriptor(src);
      if (conv.target && !conv.target.empty) itab = itabOf(src, conv.target.type, conv.target.methods, conv.target.itabSymbol);
    }
    // What the data word points at (the array, for a ... argument), when it is an object.
    const objBox =
      s.kind === 'variadic-slice'
        ? byId.get('array')
        : picture.boxes.find((b) => b.kind === 'object' && !b.dynamic && b.object && (b.id === 'object' || b.id === 'moved'));
    let object: Explanation['object'];
    if (objBox && s.kind === 'variadic-slice' && s.object && s.object.size !== null) {
      const o = objectOf(s.object, s);
      object = { type: o.type, size: o.size, allocatedBytes: o.allocatedBytes, slack: o.slack, where: objBox.where };
    } else if (objBox?.object && !(objBox.region === 'unknown' && s.kind !== 'heap-move')) {
      const o = objBox.object;
      object = { type: o.type, size: o.size, allocatedBytes: o.allocatedBytes, slack: o.slack, where: objBox.where, ...(o.layout ? { layout: o.layout } : {}) };
    }
    // A typed-nil finding here: the same value when the operand is nil.
    const finding = report.findings.find(
      (f) => f.position.file === s.position.file && f.position.line === s.position.line && f.position.column === s.position.column,
    );
    const typedNil: Explanation['typedNil'] =
      finding && words.length === 2
        ? {
            rule: finding.rule,
            message: finding.message,
            words: [
              { ...words[0], description: `${words[0].description}: set, so the interface is not nil` },
              { offset: ptr, name: 'data', description: `nil: the ${finding.concrete} is nil` },
            ],
            comparesEqualToNil: false,
            picture: nilPicture(picture, `nil: the ${finding.concrete} is nil`),
          }
        : undefined;
    return {
      site: s,
      value: { kind, size: 2 * ptr, words },
      picture,
      ...(typedNil ? { typedNil } : {}),
      ...(td ? { typeDescriptor: td } : {}),
      ...(itab ? { itab } : {}),
      ...(object ? { object } : {}),
    };
  });
  return { schemaVersion: SCHEMA_VERSION, go: report.go, location: { file: rel, line, ...(col ? { column: col } : {}) }, explanations };
}

const isEmptyName = (t: string) => t === 'any' || t === 'interface{}' || t === 'interface {}';

/** The picture with the root's data word nil: what the typed-nil value holds. */
function nilPicture(p: MemoryPicture, note: string): MemoryPicture {
  const boxes = p.boxes.map((b) =>
    b.id === p.root
      ? {
          ...b,
          rows: b.rows.map((r) =>
            r.name === 'data' ? { offset: r.offset, name: r.name, value: 'nil', note } : { ...r, note: `${r.note ?? ''}: set, so the interface is not nil` },
          ),
        }
      : b,
  );
  const keep = new Set<string>();
  const byId = new Map(boxes.map((b) => [b.id, b]));
  const visit = (id: string) => {
    if (keep.has(id)) return;
    keep.add(id);
    for (const r of byId.get(id)?.rows ?? []) if (r.to) visit(r.to);
  };
  visit(p.root);
  return { root: p.root, boxes: boxes.filter((b) => keep.has(b.id)), notes: [] };
}
