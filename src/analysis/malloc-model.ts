// What one heap allocation of a given size costs in the units `go test -benchmem` and
// runtime.MemStats report: mallocs, and TotalAlloc bytes (size-class or page-rounded, never the
// requested size). Mirrors runtime.mallocgc of the analysing toolchain (tables read from its
// GOROOT), whose tiny, small and large paths are the same from go1.24 to go1.26 (MODELLED_SINCE).
import type { SizeClasses } from '../parse/sizeclasses-go.js';

export type AllocPath = 'tiny' | 'small' | 'large';

/** The cost of one mallocgc call, before any tiny-block sharing. */
export interface MallocCost {
  path: AllocPath;
  /** requested bytes */
  size: number;
  /** bytes counted in TotalAlloc for this object when it is alone (tiny: one 16-byte block) */
  allocatedBytes: number;
  /** runtime size class (0 for large objects) */
  sizeClass: number;
  /** pointerful objects above the header threshold carry an 8-byte malloc header */
  header: boolean;
  /** whole pages (large objects only) */
  pages?: number;
}

/** Returns the size class for a small object of `size` bytes (header already added). */
export function sizeClassOf(sc: SizeClasses, size: number): number {
  if (size <= sc.smallSizeMax - 8) return sc.sizeToClass8[Math.ceil(size / sc.smallSizeDiv)];
  return sc.sizeToClass128[Math.ceil((size - sc.smallSizeMax) / sc.largeSizeDiv)];
}

/**
 * Models mallocgc(size, typ, ...) for a type with or without pointers on a machine whose pointers
 * are ptrSize bytes. Returns undefined for size 0 (runtime.zerobase, nothing allocated).
 */
export function mallocCost(sc: SizeClasses, ptrSize: number, size: number, hasPointers: boolean): MallocCost | undefined {
  if (size === 0) return undefined;
  if (size <= sc.maxSmallSize - sc.mallocHeaderSize) {
    if (!hasPointers && size < sc.tinySize) {
      return { path: 'tiny', size, allocatedBytes: sc.tinySize, sizeClass: 2, header: false };
    }
    // heapBitsInSpan(size) is size <= PtrSize*PtrBits; above that, pointerful objects get a header.
    const minSizeForMallocHeader = ptrSize * ptrSize * 8;
    const header = hasPointers && size > minSizeForMallocHeader;
    const s = header ? size + sc.mallocHeaderSize : size;
    const cls = sizeClassOf(sc, s);
    return { path: 'small', size, allocatedBytes: sc.classToSize[cls], sizeClass: cls, header };
  }
  const pageSize = 1 << sc.pageShift;
  const pages = Math.ceil(size / pageSize);
  return { path: 'large', size, allocatedBytes: pages * pageSize, sizeClass: 0, header: false, pages };
}

/** Alignment the tiny allocator gives an object of `size` bytes (runtime.mallocgcTiny). */
export function tinyAlign(size: number, ptrSize: number): number {
  if ((size & 7) === 0) return 8;
  if (ptrSize === 4 && size === 12) return 8;
  if ((size & 3) === 0) return 4;
  if ((size & 1) === 0) return 2;
  return 1;
}

/**
 * Average TotalAlloc bytes per repetition when the tiny objects `sizes` are allocated in this
 * order over and over (as in a benchmark loop), in the steady state: the allocator's state at
 * the start of a repetition eventually cycles, and the average is taken over one cycle. Simulates
 * the tiny allocator's alignment and block-replacement rules exactly.
 */
export function tinyBytesPerRepetition(sizes: number[], ptrSize: number, tinySize = 16): number {
  if (sizes.length === 0) return 0;
  if (!sizes.every((s) => Number.isInteger(s) && s > 0 && s < tinySize)) throw new Error(`tiny allocator: bad object sizes ${sizes.join(',')}`);
  let tiny = false;
  let off = 0;
  let blocks = 0;
  const seen = new Map<string, { rep: number; blocks: number }>();
  for (let rep = 0; ; rep++) {
    const state = `${tiny}:${off}`;
    const prev = seen.get(state);
    if (prev) return ((blocks - prev.blocks) * tinySize) / (rep - prev.rep);
    seen.set(state, { rep, blocks });
    for (const size of sizes) {
      const a = tinyAlign(size, ptrSize);
      const o = Math.ceil(off / a) * a;
      if (tiny && o + size <= tinySize) {
        off = o + size;
        continue;
      }
      blocks++;
      if (size < off || !tiny) {
        tiny = true;
        off = size;
      }
    }
  }
}

/**
 * runtime.roundupsize(size, noscan=true): the capacity rawbyteslice/rawruneslice and growslice
 * ask mallocgc for, so that the slice uses its whole size class.
 */
export function roundupsizeNoscan(sc: SizeClasses, size: number): number {
  if (size <= sc.maxSmallSize - sc.mallocHeaderSize) return sc.classToSize[sizeClassOf(sc, size)];
  const page = 1 << sc.pageShift;
  return Math.ceil(size / page) * page;
}

/**
 * The oldest release this model was read against and measured on: mallocgc's tiny, small (with and
 * without malloc headers) and large paths, iface.go's convT helpers and walk's dataWord are the same
 * from go1.24 to go1.26 (test/compare.test.ts measures go1.24 against the current release). Go 1.23
 * and older allocate through another mallocgc.
 */
export const MODELLED_SINCE = 'go1.24';

/** Whether a release (go1.24.13, go1.26.8) is one whose allocator this model mirrors; a version it
 *  cannot read (a development build) is taken as current. */
export function modelledRelease(goVersion: string): boolean {
  const m = /^go(\d+)\.(\d+)/.exec(goVersion);
  return !m || Number(m[1]) > 1 || Number(m[2]) >= 24;
}
