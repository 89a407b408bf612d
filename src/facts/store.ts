// Everything gathered for one run, built once and then only queried (facts → analysis).
import type { HCall, HDynCall, HFinding, HFunction, HInstance, HPackage, HSite, HLoadError, HStruct } from '../parse/helper-protocol.js';
import type { MParseResult } from '../parse/gcflags-m.js';
import type { AsmData, AsmFunction } from '../parse/gcflags-asm.js';
import type { SizeClasses } from '../parse/sizeclasses-go.js';

export interface FactStore {
  go: { version: string; goos: string; goarch: string };
  /** pointer size of the target, bytes */
  ptrSize: number;
  /** the directory the go command ran in (absolute) */
  dir: string;
  patterns: string[];
  packages: HPackage[];
  functions: HFunction[];
  sites: HSite[];
  calls: HCall[];
  /** instantiations of generic functions and types with concrete type arguments */
  instances?: HInstance[];
  /** calls through interfaces and function values */
  dyncalls?: HDynCall[];
  loadErrors: HLoadError[];
  m: MParseResult;
  asm: AsmFunction[];
  /** type descriptors and itabs from the listing (explain only) */
  data: AsmData[];
  /** struct layouts (helper -layouts; explain and layout only) */
  structs: HStruct[];
  /** typed-nil findings from the helper */
  findings: HFinding[];
  sizeClasses: SizeClasses;
}

/** Pointer size for a GOARCH (go/types gcArchSizes). */
export function ptrSizeOf(goarch: string): number {
  return ['386', 'arm', 'mips', 'mipsle', 'wasm32'].includes(goarch) ? 4 : 8;
}
