// The public JSON contract (schemaVersion 1), documented in docs/json-schema.md. The text, SARIF
// and web outputs all render this one shape.

export const SCHEMA_VERSION = 1;

export interface Position {
  /** relative to the analysed directory when inside it, else absolute; slash-separated */
  file: string;
  /** 1-based */
  line: number;
  /** 1-based, in bytes (UTF-8), as the Go compiler counts */
  column: number;
}

export interface SourceTypeReport {
  type: string;
  /** bytes on the target GOARCH; null when unknown (type parameter) */
  size: number | null;
  align: number | null;
  /** stored directly in the interface's data word (pointer, map, chan, func, unsafe.Pointer, ...) */
  pointerShaped: boolean;
  containsPointers: boolean;
  /** bytes the GC scans: up to and including the last pointer word */
  ptrBytes: number;
}

export interface TargetTypeReport {
  type: string;
  empty: boolean;
  methods: number;
  /** "static" (a go:itab symbol built by the compiler), "runtime" (looked up at run time), or null for `any` */
  itab: 'static' | 'runtime' | null;
  /** the go:itab symbol when the compiler emitted one for this conversion */
  itabSymbol?: string;
}

export type SiteKind = 'convert' | 'iface-to-iface' | 'assert' | 'type-switch' | 'heap-move' | 'variadic-slice' | 'dynamic-arg' | 'reflect-interface';

export interface InlineFrame {
  /** the inlined function, as the runtime names it */
  function: string;
  /** the call that was inlined (outermost first) */
  callSite: Position;
}

export interface SiteCache {
  runtimeCall: 'runtime.typeAssert' | 'runtime.interfaceSwitch';
  /** heap bytes allocated over the site's lifetime when it sees `types` distinct dynamic types */
  lifetimeBytes: { types: number; bytes: number }[];
  /** one table per new type, each built about once per 1024 × (table slots / 2) runtime calls */
  allocsPerNewType: 1;
}

/**
 * What decided a site's cost, as one stable code (docs/json-schema.md lists them): where the
 * interface's data word points, or why something was allocated, or why the tool cannot tell.
 */
export type Cause =
  | 'pointer-shaped' // the value is a pointer: it is the data word
  | 'zero-size' // runtime.zerobase
  | 'small-value' // a byte or small integer: runtime.staticuint64s
  | 'zero-value' // runtime.zeroVal
  | 'static-data' // a constant or compile-time value in read-only data; a static initialiser
  | 'stack' // does not escape: a stack temporary, or the variable stays on the stack
  | 'no-call-emitted' // the emitted code has no helper call for it (static data or stack)
  | 'not-converted' // a comparison with an interface: nothing is built
  | 'type-word' // an assertion or switch that compares the type word only
  | 'itab-lookup' // an itab looked up at run time: no allocation per execution
  | 'runtime-helper' // a runtime conversion helper (convT*) allocates
  | 'large-non-escaping' // does not escape but exceeds 1024 B: on the heap anyway
  | 'heap-move' // a variable, literal or backing array moved to the heap
  | 'dynamic-call' // an argument of a call through an interface or function value escapes
  | 'reflect-copy' // reflect's v.Interface() copies an addressable value
  | 'reflect-no-copy' // reflect's v.Interface() reuses the Value's pointer
  | 'no-code' // the compiler emitted no code for the site (removed, or inlined everywhere)
  | 'not-instantiated' // generic code with no instantiation in the analysed packages
  | 'escapes-elsewhere' // escapes, but not through the interface this site is about
  | 'unreadable' // the function's machine code could not be read: cost unknown
  | 'unknown'; // the tool cannot tell

/** How the object was allocated: mallocgc's path for its size (malloc-model.ts). */
export interface MallocReport {
  path: 'tiny' | 'small' | 'large';
  /** bytes asked of mallocgc */
  size: number;
  /** an 8-byte malloc header precedes the object (scanned objects above 512 B) */
  header: boolean;
  /** bytes of the size class (small) or pages (large) */
  allocatedBytes: number;
  sizeClass: number;
  /** large objects: 8 KiB pages */
  pages?: number;
}

/**
 * A site's verdict as data: the judgment (`rule`, one per sentence of `reason`) and the values its
 * sentence needs that the site does not carry elsewhere. `reason` is rendered from it and the site
 * by src/report/reason.ts; nothing reads meaning back out of `reason`.
 */
export interface Verdict {
  rule: VerdictRule;
  /** the variable moved to the heap (`moved to heap: x`) */
  varName?: string;
  /** a type parameter and its type argument */
  param?: string;
  arg?: string;
  /** the function named in the sentence when it is not the site's (a short name) */
  name?: string;
  /** a generic function not instantiated */
  generic?: string;
  /** the object was zero-size: nothing was allocated (runtime.zerobase) */
  zeroObject?: boolean;
  /** the allocation, for the size-class part of the sentence */
  malloc?: MallocReport;
  /** the sentence ends with the escape flow (`; escapes via …`, from escapeFlow) */
  withFlow?: boolean;
  /** string-to-slice of a constant: its bytes, and the size the runtime asks for */
  bytes?: number;
  asked?: number;
  /** the variadic backing array's length */
  count?: number;
  /** the site had no escape verdict at all */
  noVerdict?: boolean;
}

export type VerdictRule =
  | 'comparison'
  | 'pointer-shaped'
  | 'zero-size'
  | 'single-byte'
  | 'small-value'
  | 'zero-value'
  | 'constant'
  | 'compile-time'
  | 'stack'
  | 'init-static'
  | 'no-helper-call'
  | 'helper'
  | 'large-non-escaping'
  | 'non-escaping-call'
  | 'type-param-pointer-shaped'
  | 'type-param-zero-size'
  | 'type-param-no-helper'
  | 'type-param-helper'
  | 'shape-unknown'
  | 'shape-no-helper'
  | 'shape-helper-unknown-size'
  | 'shape-helper'
  | 'empty-symbol'
  | 'not-instantiated'
  | 'unreadable'
  | 'to-any'
  | 'itab-lookup'
  | 'assert-concrete'
  | 'assert-interface'
  | 'switch-concrete'
  | 'switch-interface'
  | 'closure-static'
  | 'stays-on-stack'
  | 'heap-move-removed'
  | 'heap-move-unknown-size'
  | 'heap-move'
  | 'dynamic-devirtualized'
  | 'dynamic-stays'
  | 'dynamic-escapes-elsewhere'
  | 'dynamic-removed'
  | 'dynamic-empty'
  | 'dynamic-constant-bytes'
  | 'dynamic-constant-runes'
  | 'dynamic-string-copy'
  | 'dynamic-make-unknown'
  | 'dynamic-make'
  | 'dynamic-unknown-size'
  | 'dynamic-heap'
  | 'reflect-unknown'
  | 'reflect-not-addressable'
  | 'reflect-pointer-shaped'
  | 'reflect-zero-size'
  | 'reflect-copy'
  | 'variadic-stack'
  | 'variadic-removed'
  | 'variadic-heap';

export interface SiteReport {
  kind: SiteKind;
  position: Position;
  package: string;
  /** the function whose machine code runs this site (runtime symbol name) */
  function: string;
  /** import path of the package whose compile emitted `function` (differs from `package` when code is inlined across packages) */
  functionPackage: string;
  /** the function the site is written in, when it differs (inlined code) */
  sourceFunction?: string;
  /** present when the site runs inlined into `function`; outermost call first */
  inlinedAt?: InlineFrame[];
  /** how the value reaches the interface: assign, argument, return, ... */
  context: string;
  /** with --tests: the site is test code: written in a _test.go file, or run by a function declared
   *  in one (inlined into a test or benchmark) */
  test?: true;
  /** source text of the operand */
  operand?: string;
  source?: SourceTypeReport;
  target?: TargetTypeReport;
  /** heap-move / variadic-slice: what is allocated */
  object?: SourceTypeReport;
  /** null when the tool cannot tell (no code emitted) */
  allocates: boolean | null;
  /** mallocs per execution, as runtime.MemStats.Mallocs counts */
  allocsPerOp: number | null;
  /** TotalAlloc bytes per execution, as `go test -benchmem` reports (size-class rounded; tiny blocks shared) */
  bytesPerOp: number | null;
  /** requested bytes of the allocated object */
  objectSize: number | null;
  /** which allocator path the object takes: tiny (noscan < 16 B, shares 16-byte blocks), small (a size class), large (whole pages) */
  allocPath?: 'tiny' | 'small' | 'large';
  /** runtime size class of the object (0 = large object) */
  sizeClass?: number;
  /**
   * assert to an interface / type switch with interface cases: the site's cache of seen dynamic
   * types, rebuilt on the heap as it fills (nothing per execution once the types are cached)
   */
  cache?: SiteCache;
  /** dynamic-arg: the call through an interface or function value whose argument this is */
  dynamicCall?: {
    /** argument: 0-based; -1 when the value reaches the call through variables */
    callee: string;
    interface: boolean;
    argument: number;
    position: Position;
    /** the compiler made the call direct (the concrete type was known) */
    devirtualizedTo?: string;
    /** a PGO profile made the compiler add a direct call to this method (or function) behind a type
     *  (or function-pointer) check; the indirect call stays for every other type */
    pgoDevirtualizedTo?: string;
  };
  /** the runtime helper the compiler emitted, e.g. runtime.convT64; null when none */
  runtimeCall: string | null;
  /** the run-time condition under which the helper does not allocate after all, e.g. "value < 256" */
  freeWhen?: string;
  /** what the interface's data word points to: the value itself (direct), a heap object, a stack
   * temporary, read-only static data, runtime.staticuint64s, runtime.zerobase or runtime.zeroVal */
  dataWord?: 'direct' | 'heap' | 'stack' | 'static' | 'staticuint64s' | 'zerobase' | 'zeroVal' | 'none';
  /** the escape analysis verdict at this site; null when the compiler printed none (pointer-shaped) */
  escapes: boolean | null;
  /** the compiler's escape explanation (-m=2), outermost first */
  escapeFlow?: string[];
  /** whether the emitted code (-S) confirmed the runtime call */
  verified: boolean;
  /** what decided the cost (stable code) */
  cause: Cause;
  /** the verdict as data, which `reason` is rendered from */
  verdict: Verdict;
  /** the verdict in words (rendered from `verdict`; for people, not for parsing) */
  reason: string;
  /** executions per call of `function`: product of constant trip counts; null when unknown */
  executionsPerCall: number | null;
  /** true when the site is not executed exactly once per iteration/call (inside if, switch, ...) */
  conditional: boolean;
}

export interface FunctionSummary {
  function: string;
  package: string;
  /** mallocs per call from interface sites; null when not statically known */
  allocsPerCall: number | null;
  /** TotalAlloc bytes per call (tiny blocks shared across the call's sites); null when unknown */
  bytesPerCall: number | null;
  /** lower bounds of one call: sites that allocate on every call (not conditional, no `freeWhen`, known trip counts and sizes) */
  minAllocsPerCall: number;
  minBytesPerCall: number;
  /** allocating sites in this function (including inlined ones) */
  sites: number;
  /** why a figure is null, or what it assumes (e.g. integer values >= 256) */
  notes?: string[];
}

/** A finding of a check (src/checks/), at its position, with related positions (e.g. affected comparisons). */
export interface Finding {
  /** the check that found it (typed-nil) */
  check: string;
  /** the check's rule (typed-nil-return, …) */
  rule: string;
  position: Position;
  package: string;
  function: string;
  /** typed-nil: source text of the converted operand */
  operand?: string;
  /** typed-nil: the nil value's concrete type and the interface it is stored into */
  concrete?: string;
  iface?: string;
  /** typed-nil: pointer, map, slice, func or chan */
  nilKind?: string;
  message: string;
  related: { position: Position; message: string }[];
  /** the position is in generated code */
  generated: boolean;
  /** a replacement that fixes it, when a mechanical one exists */
  fix?: { description: string; region: { startLine: number; startColumn: number; endLine: number; endColumn: number }; text: string };
}

/** Which PGO profile the build used: `flag` is the effective -pgo (the --pgo option, else GOFLAGS,
 *  else the go command's default `auto`); `profiles` the profiles that applied: with `auto`, the
 *  `default.pgo` of each main package the patterns build (it applies to that package and its
 *  dependencies), with a file, that file (for every package: `main` null); none with `off`. */
export interface PgoReport {
  flag: string;
  profiles: { file: string; main: string | null }[];
}

export interface Report {
  schemaVersion: typeof SCHEMA_VERSION;
  go: { version: string; goos: string; goarch: string };
  /** the profile-guided optimisation the build used (-pgo): present when a profile applied or -pgo
   *  was given */
  pgo?: PgoReport;
  /** analysed with --tests: the packages' test variants (their _test.go files) and external test
   *  packages were compiled (`go test -c`) and are reported */
  tests?: true;
  /** analysed with --shard: this is share `index` of `count` (ifacelens merge combines them) */
  shard?: { index: number; count: number };
  /** flags of the user's GOFLAGS that ifacelens's go commands did not get (-mod=mod, -n, -json, …) */
  ignoredGoflags?: string[];
  /** analysed directory (absolute) */
  dir: string;
  patterns: string[];
  packages: string[];
  sites: SiteReport[];
  functions: FunctionSummary[];
  /** the checks that ran (src/checks/: typed-nil) */
  checks: string[];
  /** their findings (typed-nil: rules typed-nil-return, -assign, -argument, -compare) */
  findings: Finding[];
  stats: {
    /** site instances: one per site and function whose machine code runs it */
    sites: number;
    /** instances with allocates === true */
    allocatingSites: number;
    /** instances with allocates === null (the cost could not be known) */
    unknownSites: number;
    /** compiler lines the parsers did not recognise (should be 0) */
    unrecognizedCompilerLines: number;
    /** sites whose runtime call was not found in the emitted code */
    unverifiedSites: number;
  };
}
