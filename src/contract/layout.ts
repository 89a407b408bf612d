// Struct layouts (`ifacelens layout --format json`, /api/layout).
import type { SCHEMA_VERSION } from './report.js';

export interface Hole {
  /** byte offset where the padding starts */
  offset: number;
  size: number;
  /** the field after the hole, or null for trailing padding */
  before: string | null;
}

export interface ObjectClass {
  /** bytes TotalAlloc counts for one boxed / new'ed object; tiny objects share 16-byte blocks */
  allocatedBytes: number;
  sizeClass: number;
  path: 'tiny' | 'small' | 'large' | 'none';
}

export interface LayoutReport {
  name: string;
  package: string;
  declared: boolean;
  position?: { file: string; line: number; column: number };
  /** the struct type expression a reorder replaces (1-based lines and byte columns, end exclusive) */
  typeRange?: { file: string; start: { line: number; column: number }; end: { line: number; column: number } };
  size: number;
  align: number;
  ptrBytes: number;
  sizeClass: number;
  allocatedBytes: number;
  allocPath: ObjectClass['path'];
  fields: { name: string; type: string; offset: number; size: number; align: number; ptrBytes: number; embedded?: boolean }[];
  holes: Hole[];
  /** all padding bytes, holes and trailing */
  padding: number;
  trailingPadding: number;
  optimal: {
    size: number;
    ptrBytes: number;
    sizeClass: number;
    allocatedBytes: number;
    order: string[];
    /** a copy-pasteable declaration in the better order, comments kept (declared types only) */
    declaration?: string;
    /** bytes saved per object, size class to size class */
    savesBytes: number;
    /** whether the reorder changes the size class or the pointer bytes */
    worthIt: boolean;
    /** exhaustive search (up to 7 fields) or the pointer-first alignment-sorted heuristic */
    exact: boolean;
    verdict: string;
  };
}

export interface LayoutRunReport {
  schemaVersion: typeof SCHEMA_VERSION;
  go: { version: string; goos: string; goarch: string };
  types: LayoutReport[];
}
