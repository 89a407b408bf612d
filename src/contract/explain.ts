// The explain report and its memory pictures (`ifacelens explain --format json`, /api/explain).
import type { SCHEMA_VERSION, SiteReport } from './report.js';
import type { LayoutReport } from './layout.js';

/**
 * Where a box of memory lives:
 * - `value`: the interface value (or slice header) the site produces or reads: in registers, or
 *   wherever the program stores it;
 * - `heap`: an object of the garbage-collected heap;
 * - `stack`: in a goroutine's stack frame;
 * - `rodata`: read-only data of the binary (type descriptors, the compiler's itabs, constants);
 * - `data`: initialised writable data of the binary (package-level values built statically);
 * - `bss`: zero-initialised data of the binary (runtime.zerobase, runtime.zeroVal);
 * - `offheap`: memory the runtime allocates for itself outside the GC heap (itabs built by
 *   runtime.getitab), never freed;
 * - `unknown`: not decided by this site (what an operand's data word points at, where a pointer points).
 */
export type Region = 'value' | 'heap' | 'stack' | 'rodata' | 'data' | 'bss' | 'offheap' | 'unknown';

export interface PictureRow {
  /** byte offset in the box; null for rows that are not at a fixed offset */
  offset: number | null;
  /** tab, type, data, inter, _type, hash, fun[0], [1].data, array, len, case int, ... */
  name: string;
  /** what the word holds when it does not point at a box of the picture: a hash, a length, nil, a method */
  value?: string;
  /** the id of the box this word points at */
  to?: string;
  /** byte offset inside that box (an element of runtime.staticuint64s) */
  toOffset?: number;
  note?: string;
}

export interface PictureObject {
  type: string;
  size: number;
  ptrBytes: number;
  /** bytes the allocator hands out for it (size class, or its share of a tiny block); 0 when not allocated */
  allocatedBytes: number;
  /** size-class slack beyond its size */
  slack: number;
  /** a share of a 16-byte tiny block */
  tiny: boolean;
  layout?: LayoutReport;
}

export interface PictureBox {
  id: string;
  kind: 'eface' | 'iface' | 'itab' | 'type' | 'object' | 'array' | 'slice' | 'symbol' | 'result' | 'cases';
  /** the box's heading: `iface io.Writer`, `itab go:itab.*bytes.Buffer,io.Writer`, `buf bytes.Buffer` */
  title: string;
  /** the Go type of its contents */
  type?: string;
  /** its linker symbol, when it is static data */
  symbol?: string;
  size?: number;
  region: Region;
  /** one line: where it lives and who put it there */
  where: string;
  rows: PictureRow[];
  /** objects: what the byte strip needs */
  object?: PictureObject;
  /** known only at run time (the dynamic type behind an interface operand) */
  dynamic?: boolean;
}

export interface MemoryPicture {
  /** the box the site produces: the interface value, the slice header of a ... argument, or the operand it inspects */
  root: string;
  boxes: PictureBox[];
  /** facts that belong to no one box: fast paths that allocate nothing, what a comparison reads */
  notes: string[];
}

export interface TypeDescriptorFacts {
  symbol: string;
  size: number;
  ptrBytes: number;
  /** the type hash the compiler stored in the descriptor (also copied into itabs) */
  hash: string;
}

export interface ItabFacts {
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

export interface Word {
  /** byte offset in the interface value */
  offset: number;
  name: 'type' | 'tab' | 'data';
  /** a symbol the word points to, when it is one */
  symbol?: string;
  description: string;
}

/** A type descriptor as the listing gives it (one definition: memory-picture.ts). */
export type TypeDescriptor = TypeDescriptorFacts;

/** An itab as the listing gives it, or as runtime.getitab builds it (one definition: memory-picture.ts). */
export type ItabReport = ItabFacts;

export interface Explanation {
  site: SiteReport;
  value: { kind: 'eface' | 'iface'; size: number; words: Word[] };
  typeDescriptor?: TypeDescriptor;
  itab?: ItabReport;
  /** the memory the running program holds for this site, box by box (what text and web draw) */
  picture: MemoryPicture;
  /** the value when the operand is a nil pointer (typed-nil findings): type word set, data nil */
  typedNil?: { rule: string; message: string; words: Word[]; comparesEqualToNil: false; picture: MemoryPicture };
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
