// The Go helper answers only what Go's own libraries can: packages, types, sizes, and where in
// the syntax a value becomes an interface. It makes no judgments about cost; the TypeScript side
// joins its facts with the compiler's output.
//
// Mirrors helper/protocol.go; the contract is docs/helper-protocol.md. Validated once, here, at
// the boundary.

export const HELPER_PROTOCOL = 1;

/** A source position: file absolute; line 1-based; col 1-based in bytes (the compiler's convention). */
export interface HPos {
  file: string;
  line: number;
  col: number;
}

export interface TypeFacts {
  type: string;
  /** bytes, for the target GOARCH; -1 when unknown (type parameters) */
  size: number;
  align: number;
  /** bytes up to and including the last pointer word; 0 = no pointers */
  ptrBytes: number;
  interface?: boolean;
  empty?: boolean;
  methods?: number;
  directIface?: boolean;
  sole?: string;
  basic?: string;
  typeParam?: boolean;
}

export interface LoopFacts {
  depth: number;
  /** innermost first; null = not a compile-time constant */
  tripCounts: (number | null)[];
  conditional: boolean;
}

export type SiteKind = 'convert' | 'iface-to-iface' | 'assert' | 'type-switch' | 'heap-move' | 'variadic-slice' | 'dynamic-arg' | 'reflect-interface';

export interface HSite {
  kind: 'site';
  siteKind: SiteKind;
  package: string;
  function: string;
  pos: HPos;
  context: string;
  operand?: string;
  constant?: boolean;
  constValue?: string;
  nil?: boolean;
  commaOk?: boolean;
  source?: TypeFacts;
  target?: TypeFacts;
  object?: TypeFacts;
  cases?: TypeFacts[];
  count?: number;
  varName?: string;
  via?: HPos;
  typeParam?: boolean;
  loop?: LoopFacts;
  /** heap-move indirect-closure: the variables the func literal captures, in its struct's field order */
  captures?: { name: string; pos: HPos; facts: TypeFacts }[];
  /** the operand's type is a type parameter: its index in its list (the function's, or the receiver type's) */
  typeParamIndex?: number;
  /** dynamic-arg: the call whose callee the compiler cannot see (`via` is its '(') */
  dynamic?: { callee: string; interface: boolean; arg: number };
}

export interface HHeader { kind: 'header'; protocol: number; helper: string; go: string; goos: string; goarch: string }
export interface HPackage { kind: 'package'; path: string; name: string; dir: string; files: string[] }
export interface HLoadError { kind: 'loadError'; package: string; pos: string; msg: string }
export interface HFunction {
  kind: 'function';
  package: string;
  name: string;
  file: string;
  start: { line: number; col: number };
  end: { line: number; col: number };
}
/** One field of a struct layout; offsets and sizes in bytes for the target GOARCH. */
export interface HField {
  name: string;
  type: string;
  /** the field's type as written in the source (declared structs only) */
  typeText?: string;
  offset: number;
  size: number;
  align: number;
  ptrBytes: number;
  embedded?: boolean;
  tag?: string;
  /** `//` lines directly above the field */
  doc?: string[];
  /** the `//` comment after the field on its line */
  comment?: string;
}

/** A struct layout (helper -layouts): declared named structs, and struct types that sites box. */
export interface HStruct {
  kind: 'struct';
  package: string;
  name: string;
  declared: boolean;
  pos?: HPos;
  /** the `struct { ... }` expression of a declared type, end exclusive (file byte columns) */
  typeStart?: HPos;
  typeEnd?: HPos;
  size: number;
  align: number;
  ptrBytes: number;
  fields: HField[];
}

/** A typed-nil trap (helper -typednil): a nil pointer, map, slice, func or chan stored into an interface. */
export interface HFinding {
  kind: 'finding';
  rule: string;
  package: string;
  function: string;
  pos: HPos;
  operand: string;
  concrete: string;
  iface: string;
  nilKind: string;
  message: string;
  related: { pos: HPos; message: string }[];
  generated: boolean;
}

/** A static call into the analysed packages, where the compiler may inline: its loop facts. */
export interface HCall {
  kind: 'call';
  function: string;
  /** the called function's symbol; absent for closure variables */
  callee?: string;
  pos: HPos;
  loop: LoopFacts;
  /** a generic callee's type arguments (absent when a size depends on an enclosing type parameter) */
  typeArgs?: HTypeArg[];
}
/** One type argument of a generic call: its facts, and the shape the compiler instantiates (go.shape.<shape>, spacing aside). */
export interface HTypeArg { param: string; index: number; shape: string; facts: TypeFacts }
/** A call through an interface or a function value, at its '('. */
export interface HDynCall { kind: 'dyncall'; function: string; pos: HPos; callee: string; interface: boolean }
/** An instantiation with concrete type arguments of a generic function (pkg.F[...]) or type (pkg.T). */
export interface HInstance { kind: 'instance'; generic: string; typeArgs: HTypeArg[] }
export interface HDone { kind: 'done'; packages: number; functions: number; sites: number }

export type HelperRecord = HHeader | HPackage | HLoadError | HFunction | HSite | HCall | HInstance | HDynCall | HStruct | HFinding | HDone;

export class ProtocolError extends Error {}

/** Parses and validates one line of helper output. */
export function parseHelperLine(line: string): HelperRecord {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    throw new ProtocolError(`helper: not JSON: ${line.slice(0, 80)}`);
  }
  if (typeof v !== 'object' || v === null || typeof (v as { kind?: unknown }).kind !== 'string') {
    throw new ProtocolError(`helper: record without kind: ${line.slice(0, 80)}`);
  }
  const r = v as HelperRecord;
  switch (r.kind) {
    case 'header':
      mustNumber(r.protocol, 'header.protocol');
      break;
    case 'site':
      mustString(r.siteKind, 'site.siteKind');
      mustString(r.function, 'site.function');
      mustPos(r.pos, 'site.pos');
      break;
    case 'function':
      mustString(r.name, 'function.name');
      mustString(r.file, 'function.file');
      break;
    case 'package':
      mustString(r.path, 'package.path');
      break;
    case 'loadError':
      mustString(r.msg, 'loadError.msg');
      break;
    case 'done':
      break;
    default:
      // Unknown kinds from a newer helper of the same protocol are ignored by callers.
      break;
  }
  return r;
}

function mustString(v: unknown, what: string): void {
  if (typeof v !== 'string') throw new ProtocolError(`helper: ${what} is not a string`);
}
function mustNumber(v: unknown, what: string): void {
  if (typeof v !== 'number') throw new ProtocolError(`helper: ${what} is not a number`);
}
function mustPos(v: unknown, what: string): void {
  const p = v as HPos;
  if (!p || typeof p.file !== 'string' || typeof p.line !== 'number' || typeof p.col !== 'number') {
    throw new ProtocolError(`helper: ${what} is not a position`);
  }
}
