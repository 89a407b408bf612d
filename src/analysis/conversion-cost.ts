// How the gc compiler builds an interface's data word for a concrete type, and what each runtime
// helper costs. Mirrors cmd/compile/internal/walk/convert.go (dataWord, dataWordFuncName) and
// runtime/iface.go (convT16 ... convTnoptr), the same from go1.24 to go1.26 (go1.25 added only the
// escapedebug messages and the zeroVal case); the decisions that depend on escape analysis and
// constants are read from the compiler (-d=escapedebug=1 from go1.25, the emitted calls always),
// not guessed here.
import type { TypeFacts } from '../parse/helper-protocol.js';
import type { SizeClasses } from '../parse/sizeclasses-go.js';
import { mallocCost, tinyBytesPerRepetition, type MallocCost } from './malloc-model.js';

const CONV_HELPERS = ['convT16', 'convT32', 'convT64', 'convTstring', 'convTslice', 'convT', 'convTnoptr'] as const;
export type ConvHelper = (typeof CONV_HELPERS)[number];

/** The helpers this mirror names that a runtime's iface.go (its source text) does not define: a
 *  release whose helpers are not these cannot be judged by this mirror. */
export function missingConvHelpers(ifaceGo: string): ConvHelper[] {
  return CONV_HELPERS.filter((h) => !new RegExp(`^func ${h}\\(`, 'm').test(ifaceGo));
}

/** What the data word of a conversion from `t` can be, before escape analysis is consulted. */
export type TypeDataWord =
  | { kind: 'direct' } // pointer-shaped: the value is the data word
  | { kind: 'zero-size' } // &runtime.zerobase
  | { kind: 'single-byte' } // &runtime.staticuint64s[v]
  | { kind: 'helper'; helper: ConvHelper };

const byteKinds = new Set(['bool', 'int8', 'uint8', 'byte', 'untyped bool']);
const intKinds = new Set(['int8', 'uint8', 'byte', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'int', 'uint', 'uintptr', 'rune']);

/** Classifies a non-interface type the way walk.dataWord does before its escape-dependent cases. */
export function typeDataWord(t: TypeFacts, ptrSize: number): TypeDataWord {
  if (t.directIface) return { kind: 'direct' };
  if (t.size === 0) return { kind: 'zero-size' };
  const sole = t.sole || t.basic || '';
  if (sole === 'bool' || (t.size === 1 && (byteKinds.has(sole) || intKinds.has(sole)))) return { kind: 'single-byte' };
  return { kind: 'helper', helper: helperFor(t, ptrSize) };
}

/** dataWordFuncName: the runtime helper for a type that needs one. */
export function helperFor(t: TypeFacts, ptrSize: number): ConvHelper {
  const hasPointers = t.ptrBytes > 0;
  const uint64Align = ptrSize; // types.Types[TUINT64].Alignment(): RegSize; 4 on 386/arm/mips
  if (t.size === 2 && t.align === 2) return 'convT16';
  if (t.size === 4 && t.align === 4 && !hasPointers) return 'convT32';
  if (t.size === 8 && t.align === uint64Align && !hasPointers) return 'convT64';
  if (t.sole === 'string') return 'convTstring';
  if (t.sole === 'slice') return 'convTslice';
  return hasPointers ? 'convT' : 'convTnoptr';
}

/** The run-time condition under which a helper returns a static pointer instead of allocating. */
export function helperFreeWhen(h: ConvHelper, t?: TypeFacts): string | undefined {
  switch (h) {
    case 'convT16':
    case 'convT32':
    case 'convT64':
      // The helpers test the bits as an unsigned integer: negative integers allocate, and of the
      // floats only +0.0 (and a few denormals) is free.
      if (t && /^(float|complex)/.test(t.sole || t.basic || '')) return 'its bits are < 256 (only +0.0 in practice)';
      return 'value < 256';
    case 'convTstring':
      return 'the string is empty';
    case 'convTslice':
      return 'the slice is nil';
    default:
      return undefined;
  }
}

/** The mallocgc request a helper makes for type `t`. */
export function helperMalloc(h: ConvHelper, t: TypeFacts, ptrSize: number): { size: number; hasPointers: boolean } {
  switch (h) {
    case 'convT16':
      return { size: 2, hasPointers: false };
    case 'convT32':
      return { size: 4, hasPointers: false };
    case 'convT64':
      return { size: 8, hasPointers: false };
    case 'convTstring':
      return { size: 2 * ptrSize, hasPointers: true };
    case 'convTslice':
      return { size: 3 * ptrSize, hasPointers: true };
    case 'convT':
      return { size: t.size, hasPointers: true };
    case 'convTnoptr':
      return { size: t.size, hasPointers: false };
  }
}

export interface ObjectCost {
  malloc: MallocCost;
  /** TotalAlloc bytes per execution when this is the only allocation repeated (tiny packing) */
  bytesPerOp: number;
}

/** Cost of allocating one object per execution, as a loop running only this site measures it. */
export function objectCost(sc: SizeClasses, ptrSize: number, size: number, hasPointers: boolean): ObjectCost | undefined {
  const m = mallocCost(sc, ptrSize, size, hasPointers);
  if (!m) return undefined;
  const bytesPerOp = m.path === 'tiny' ? tinyBytesPerRepetition([size], ptrSize, sc.tinySize) : m.allocatedBytes;
  return { malloc: m, bytesPerOp };
}
