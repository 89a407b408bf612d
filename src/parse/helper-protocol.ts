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

export interface HHeader {
  kind: 'header';
  protocol: number;
  helper: string;
  go: string;
  goos: string;
  goarch: string;
  /** every check the helper has, run or not (absent from helpers before checks were values) */
  checks?: HCheckInfo[];
}
/** A check of the helper (`-checks=<name>`): what its findings are, for describing them (SARIF rules). */
export interface HCheckInfo {
  /** what -checks takes; the `check` field of its findings */
  name: string;
  /** a one-line summary, a blank line, then the details */
  doc: string;
  /** its documentation, relative to the repository root */
  url?: string;
  /** the `rule` values of its findings, each with a one-line description */
  rules: { id: string; doc: string }[];
}
export interface HPackage {
  kind: 'package';
  path: string;
  name: string;
  dir: string;
  files: string[];
}
export interface HLoadError {
  kind: 'loadError';
  package: string;
  pos: string;
  msg: string;
}
export interface HFunction {
  kind: 'function';
  package: string;
  name: string;
  file: string;
  start: { line: number; col: number };
  end: { line: number; col: number };
  bodyStart?: { line: number; col: number };
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

/** Why reordering a struct's fields would change what the code means (helper/layout_order.go). */
export type OrderUseWhy = 'unkeyed-literal' | 'unsafe' | 'binary-encoding' | 'atomic' | 'cgo' | 'host-layout';

/** A use of a root package's struct that depends on its field order (helper -layouts). */
export interface HOrderUse {
  kind: 'orderUse';
  /** the struct, as HStruct.name */
  type: string;
  why: OrderUseWhy;
  pos: HPos;
}

/** A finding of a helper check (-checks); typed-nil: a nil pointer, map, slice, func or chan stored into an interface. */
export interface HFinding {
  kind: 'finding';
  /** the check's name (HCheckInfo.name); absent from helpers before checks were values */
  check?: string;
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

/** A candidate edit of `ifacelens fix` (helper -rewrites, helper/rewrites*.go), or a refusal. */
export interface HRewrite {
  kind: 'rewrite';
  rewrite: string;
  package: string;
  function: string;
  /** the rewritten expression, as the compiler prints positions */
  pos: HPos;
  end: HPos;
  /** the file the edits apply to */
  file: string;
  /** byte offsets into the file: [start, end) becomes `new` */
  edits: { start: number; end: number; new: string }[];
  /** add: `text` inserted at start; else: this rewrite removes `uses` of the `total` uses of the
   *  import in the file, whose spec is [start, end) */
  imports: { path: string; add: boolean; start: number; end: number; text?: string; uses?: number; total?: number }[];
  why: string;
  refused?: string;
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
export interface HTypeArg {
  param: string;
  index: number;
  shape: string;
  facts: TypeFacts;
}
/** A call through an interface or a function value, at its '('. */
export interface HDynCall {
  kind: 'dyncall';
  function: string;
  pos: HPos;
  callee: string;
  interface: boolean;
}
/** An instantiation with concrete type arguments of a generic function (pkg.F[...]) or type (pkg.T). */
export interface HInstance {
  kind: 'instance';
  generic: string;
  typeArgs: HTypeArg[];
}
export interface HDone {
  kind: 'done';
  packages: number;
  functions: number;
  sites: number;
}

export type HelperRecord =
  | HHeader
  | HPackage
  | HLoadError
  | HFunction
  | HSite
  | HCall
  | HInstance
  | HDynCall
  | HStruct
  | HOrderUse
  | HFinding
  | HRewrite
  | HDone;

export class ProtocolError extends Error {}

const SITE_KINDS: readonly string[] = [
  'convert',
  'iface-to-iface',
  'assert',
  'type-switch',
  'heap-move',
  'variadic-slice',
  'dynamic-arg',
  'reflect-interface',
] satisfies SiteKind[];

const ORDER_USES: readonly string[] = ['unkeyed-literal', 'unsafe', 'binary-encoding', 'atomic', 'cgo', 'host-layout'] satisfies OrderUseWhy[];

/**
 * Parses and validates one line of helper output: every field the TypeScript side reads, with its
 * type, nested objects included (esbuild's mustBe* style). The record is the JSON value as sent.
 * Unknown record kinds pass unchecked (callers ignore them); a header of another protocol is
 * checked only for its number, which the caller compares.
 */
export function parseHelperLine(line: string): HelperRecord {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    throw new ProtocolError(`helper: not JSON: ${line.slice(0, 80)}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v) || typeof (v as { kind?: unknown }).kind !== 'string') {
    throw new ProtocolError(`helper: record without kind: ${line.slice(0, 80)}`);
  }
  const r = v as Obj;
  const kind = r.kind as string;
  const check = checkers[kind];
  if (check && Object.hasOwn(checkers, kind)) check(r, kind);
  return r as unknown as HelperRecord;
}

type Obj = Record<string, unknown>;
type Check = (o: Obj, what: string) => void;
type Must = (v: unknown, what: string) => void;

const checkers: Record<string, Check> = {
  header(o, w) {
    mustBeInteger(o.protocol, `${w}.protocol`);
    if (o.protocol !== HELPER_PROTOCOL) return; // the caller says which side is stale
    for (const k of ['helper', 'go', 'goos', 'goarch']) mustBeString(o[k], `${w}.${k}`);
    mayBe(o, 'checks', w, (v, what) =>
      mustBeArrayOf(v, what, (c, cw) => {
        const ck = mustBeObject(c, cw);
        mustBeString(ck.name, `${cw}.name`);
        mustBeString(ck.doc, `${cw}.doc`);
        mayBe(ck, 'url', cw, mustBeString);
        mustBeArrayOf(ck.rules, `${cw}.rules`, (rule, rw) => {
          const ro = mustBeObject(rule, rw);
          mustBeString(ro.id, `${rw}.id`);
          mustBeString(ro.doc, `${rw}.doc`);
        });
      }),
    );
  },
  package(o, w) {
    for (const k of ['path', 'name', 'dir']) mustBeString(o[k], `${w}.${k}`);
    mustBeArrayOf(o.files, `${w}.files`, mustBeString);
  },
  loadError(o, w) {
    for (const k of ['package', 'pos', 'msg']) mustBeString(o[k], `${w}.${k}`);
  },
  function(o, w) {
    for (const k of ['package', 'name', 'file']) mustBeString(o[k], `${w}.${k}`);
    mustBeLineCol(o.start, `${w}.start`);
    mustBeLineCol(o.end, `${w}.end`);
    mayBe(o, 'bodyStart', w, mustBeLineCol);
  },
  site(o, w) {
    if (typeof o.siteKind !== 'string' || !SITE_KINDS.includes(o.siteKind)) throw new ProtocolError(`helper: ${w}.siteKind is not a site kind`);
    for (const k of ['package', 'function', 'context']) mustBeString(o[k], `${w}.${k}`);
    mustBePos(o.pos, `${w}.pos`);
    for (const k of ['operand', 'constValue', 'varName']) mayBe(o, k, w, mustBeString);
    for (const k of ['constant', 'nil', 'commaOk', 'typeParam']) mayBe(o, k, w, mustBeBoolean);
    for (const k of ['source', 'target', 'object']) mayBe(o, k, w, mustBeTypeFacts);
    mayBe(o, 'cases', w, (v, what) => mustBeArrayOf(v, what, mustBeTypeFacts));
    for (const k of ['count', 'typeParamIndex']) mayBe(o, k, w, mustBeInteger);
    mayBe(o, 'via', w, mustBePos);
    mayBe(o, 'loop', w, mustBeLoop);
    mayBe(o, 'captures', w, (v, what) =>
      mustBeArrayOf(v, what, (c, cw) => {
        const co = mustBeObject(c, cw);
        mustBeString(co.name, `${cw}.name`);
        mustBePos(co.pos, `${cw}.pos`);
        mustBeTypeFacts(co.facts, `${cw}.facts`);
      }),
    );
    mayBe(o, 'dynamic', w, (v, what) => {
      const d = mustBeObject(v, what);
      mustBeString(d.callee, `${what}.callee`);
      mustBeBoolean(d.interface, `${what}.interface`);
      mustBeInteger(d.arg, `${what}.arg`);
    });
  },
  call(o, w) {
    mustBeString(o.function, `${w}.function`);
    mayBe(o, 'callee', w, mustBeString);
    mustBePos(o.pos, `${w}.pos`);
    mustBeLoop(o.loop, `${w}.loop`);
    mayBe(o, 'typeArgs', w, (v, what) => mustBeArrayOf(v, what, mustBeTypeArg));
  },
  instance(o, w) {
    mustBeString(o.generic, `${w}.generic`);
    mustBeArrayOf(o.typeArgs, `${w}.typeArgs`, mustBeTypeArg);
  },
  dyncall(o, w) {
    mustBeString(o.function, `${w}.function`);
    mustBePos(o.pos, `${w}.pos`);
    mustBeString(o.callee, `${w}.callee`);
    mustBeBoolean(o.interface, `${w}.interface`);
  },
  orderUse(o, w) {
    mustBeString(o.type, `${w}.type`);
    if (typeof o.why !== 'string' || !ORDER_USES.includes(o.why)) throw new ProtocolError(`helper: ${w}.why is not an order use`);
    mustBePos(o.pos, `${w}.pos`);
  },
  struct(o, w) {
    mustBeString(o.package, `${w}.package`);
    mustBeString(o.name, `${w}.name`);
    mustBeBoolean(o.declared, `${w}.declared`);
    for (const k of ['pos', 'typeStart', 'typeEnd']) mayBe(o, k, w, mustBePos);
    for (const k of ['size', 'align', 'ptrBytes']) mustBeInteger(o[k], `${w}.${k}`);
    mustBeArrayOf(o.fields, `${w}.fields`, (f, fw) => {
      const fo = mustBeObject(f, fw);
      mustBeString(fo.name, `${fw}.name`);
      mustBeString(fo.type, `${fw}.type`);
      for (const k of ['typeText', 'tag', 'comment']) mayBe(fo, k, fw, mustBeString);
      for (const k of ['offset', 'size', 'align', 'ptrBytes']) mustBeInteger(fo[k], `${fw}.${k}`);
      mayBe(fo, 'embedded', fw, mustBeBoolean);
      mayBe(fo, 'doc', fw, (v, what) => mustBeArrayOf(v, what, mustBeString));
    });
  },
  finding(o, w) {
    mayBe(o, 'check', w, mustBeString);
    for (const k of ['rule', 'package', 'function', 'operand', 'concrete', 'iface', 'nilKind', 'message']) mustBeString(o[k], `${w}.${k}`);
    mustBePos(o.pos, `${w}.pos`);
    mustBeArrayOf(o.related, `${w}.related`, (r, rw) => {
      const ro = mustBeObject(r, rw);
      mustBePos(ro.pos, `${rw}.pos`);
      mustBeString(ro.message, `${rw}.message`);
    });
    mustBeBoolean(o.generated, `${w}.generated`);
  },
  rewrite(o, w) {
    for (const k of ['rewrite', 'package', 'function', 'file', 'why']) mustBeString(o[k], `${w}.${k}`);
    mustBePos(o.pos, `${w}.pos`);
    mustBePos(o.end, `${w}.end`);
    mayBe(o, 'refused', w, mustBeString);
    mustBeArrayOf(o.edits, `${w}.edits`, (e, ew) => {
      const eo = mustBeObject(e, ew);
      mustBeInteger(eo.start, `${ew}.start`);
      mustBeInteger(eo.end, `${ew}.end`);
      mustBeString(eo.new, `${ew}.new`);
    });
    mustBeArrayOf(o.imports, `${w}.imports`, (e, ew) => {
      const eo = mustBeObject(e, ew);
      mustBeString(eo.path, `${ew}.path`);
      mustBeBoolean(eo.add, `${ew}.add`);
      for (const k of ['start', 'end']) mustBeInteger(eo[k], `${ew}.${k}`);
      mayBe(eo, 'text', ew, mustBeString);
      for (const k of ['uses', 'total']) mayBe(eo, k, ew, mustBeInteger);
    });
  },
  done(o, w) {
    for (const k of ['packages', 'functions', 'sites']) mustBeInteger(o[k], `${w}.${k}`);
  },
};

function fail(what: string, want: string): never {
  throw new ProtocolError(`helper: ${what} is not ${want}`);
}
function mustBeObject(v: unknown, what: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(what, 'an object');
  return v as Obj;
}
function mustBeString(v: unknown, what: string): void {
  if (typeof v !== 'string') fail(what, 'a string');
}
function mustBeBoolean(v: unknown, what: string): void {
  if (typeof v !== 'boolean') fail(what, 'a boolean');
}
/** Every number of the protocol is an integer (sizes, counts, lines, columns, indices). */
function mustBeInteger(v: unknown, what: string): void {
  if (!Number.isInteger(v)) fail(what, 'an integer');
}
function mustBeArrayOf(v: unknown, what: string, each: Must): void {
  if (!Array.isArray(v)) fail(what, 'an array');
  for (let i = 0; i < v.length; i++) each(v[i], `${what}[${i}]`);
}
/** An optional field: absent, or valid. */
function mayBe(o: Obj, key: string, what: string, must: Must): void {
  if (o[key] !== undefined) must(o[key], `${what}.${key}`);
}
function mustBeLineCol(v: unknown, what: string): void {
  const p = mustBeObject(v, what);
  mustBeInteger(p.line, `${what}.line`);
  mustBeInteger(p.col, `${what}.col`);
}
function mustBePos(v: unknown, what: string): void {
  const p = v as HPos;
  if (typeof p !== 'object' || p === null || typeof p.file !== 'string' || !Number.isInteger(p.line) || !Number.isInteger(p.col)) fail(what, 'a position');
}
function mustBeTypeFacts(v: unknown, what: string): void {
  const t = mustBeObject(v, what);
  mustBeString(t.type, `${what}.type`);
  for (const k of ['size', 'align', 'ptrBytes']) mustBeInteger(t[k], `${what}.${k}`);
  for (const k of ['interface', 'empty', 'directIface', 'typeParam']) mayBe(t, k, what, mustBeBoolean);
  mayBe(t, 'methods', what, mustBeInteger);
  for (const k of ['sole', 'basic']) mayBe(t, k, what, mustBeString);
}
function mustBeLoop(v: unknown, what: string): void {
  const l = mustBeObject(v, what);
  mustBeInteger(l.depth, `${what}.depth`);
  mustBeArrayOf(l.tripCounts, `${what}.tripCounts`, (n, nw) => {
    if (n !== null) mustBeInteger(n, nw);
  });
  mustBeBoolean(l.conditional, `${what}.conditional`);
}
function mustBeTypeArg(v: unknown, what: string): void {
  const a = mustBeObject(v, what);
  mustBeString(a.param, `${what}.param`);
  mustBeInteger(a.index, `${what}.index`);
  mustBeString(a.shape, `${what}.shape`);
  mustBeTypeFacts(a.facts, `${what}.facts`);
}
