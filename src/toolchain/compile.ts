// Runs the one compiler pass we cannot avoid: `go build` with the escape log (-m=2), walk's
// conversion decisions (-d=escapedebug=1) and the assembly (-S), streamed into the parsers.
import { run, type RunResult } from './go-command.js';
import { removeTemp, tempDir } from './workspace.js';
import { UserError } from './errors.js';
import { GcflagsMParser, packageHeader, printsConvertDecisions, type MParseResult } from '../parse/gcflags-m.js';
import { GcflagsAsmParser, type AsmData, type AsmFunction } from '../parse/gcflags-asm.js';

/** The compiler flags whose output ifacelens reads. */
export const ANALYSIS_GCFLAGS = '-m=2 -d=escapedebug=1 -S';

/** The analysis flags for the compiler of `goVersion` (go1.24's refuses -d=escapedebug), plus `extra`. */
export function analysisGcflags(extra?: string, goVersion?: string): string {
  const flags = goVersion && !printsConvertDecisions(goVersion) ? '-m=2 -S' : ANALYSIS_GCFLAGS;
  return extra ? `${flags} ${extra}` : flags;
}

/**
 * The -gcflags values of the analysis build: the analysis flags for every package on the command
 * line, or, for a shard (`packages`), only for those packages (`path=flags` each; the others
 * compile plainly, so their compiles are shared with every other shard through the build cache).
 */
export function gcflagsValues(extra?: string, packages?: string[], goVersion?: string): string[] {
  const flags = analysisGcflags(extra, goVersion);
  return packages ? packages.map((p) => `${p}=${flags}`) : [flags];
}

export interface CompileOptions {
  dir: string;
  env: NodeJS.ProcessEnv;
  tags?: string;
  patterns: string[];
  /** keep every instruction of every function (for the web UI / explain) */
  keepAsmText?: boolean;
  /** extra flags appended to ANALYSIS_GCFLAGS (e.g. -l in tests) */
  extraGcflags?: string;
  /** build the packages with their tests (`go test -c`): each package's in-package test variant
   *  (its _test.go files included) and its external `_test` package are compiled and reported */
  tests?: boolean;
  /** `-pgo` for the go command: a profile file, `auto` or `off`; undefined leaves the go command's
   *  default (GOFLAGS, else auto), as the user's `go build` has it */
  pgo?: string;
  /** a shard: the packages compiled with the analysis flags (the others of `patterns` plainly) */
  analysisPackages?: string[];
  /** a `go build -overlay` file: files replaced by others (an editor's unsaved buffers) */
  overlay?: string;
  /** cancels the build */
  signal?: AbortSignal;
  /** the release of the go command (GoEnv.version): which analysis flags its compiler takes */
  goVersion?: string;
}

/** One package that was compiled more than once (as a test variant, with a main package's PGO
 *  profile, plainly): the variant whose output the analysis uses (undefined: the plain compile). */
export interface CompiledVariant {
  pkg: string;
  used?: string;
  others: (string | undefined)[];
}

export interface CompileOutput {
  run: RunResult;
  m: MParseResult;
  asm: AsmFunction[];
  /** data symbols (type descriptors, itabs), only with keepAsmText */
  data: AsmData[];
  /** go command warnings such as `matched no packages` */
  warnings: string[];
  /** the raw lines of failed builds that are not diagnostics (compile errors) */
  errorLines: string[];
  /** packages compiled in several variants, and the one whose records were kept */
  variants: CompiledVariant[];
}

/**
 * Which of a package's compiles the report describes, lower first. The go command compiles a
 * package more than once when a test binary needs it with the package under test's test files
 * (`p [p.test]`, and `q [p.test]` for a dependency that imports p), or when a main package's
 * `default.pgo` applies to it (`p [cmd/app]`) while the pattern also builds it plainly:
 *   0 the test variant of the package under test and its external test package (`p [p.test]`,
 *     `p_test [p.test]`): a superset of the plain package, the only compile of its _test.go files
 *   1 compiled with a main package's PGO profile: the code that main's binary runs
 *   2 the plain package
 *   3 a dependency recompiled for another package's test binary
 */
export function variantRank(pkg: string, variant: string | undefined): number {
  if (variant === undefined) return 2;
  if (variant.endsWith('.test')) return variant === `${pkg.replace(/_test$/, '')}.test` ? 0 : 3;
  return 1;
}

/** Keeps, for each import path, the records of one compile (see variantRank); ties between
 *  profiles of several main packages go to the first by name. */
export function chooseVariants<
  M extends { pkg: string; variant?: string },
  A extends { pkg: string; variant?: string },
  D extends { pkg: string; variant?: string },
>(records: M[], asm: A[], data: D[]): { records: M[]; asm: A[]; data: D[]; variants: CompiledVariant[] } {
  const seen = new Map<string, Set<string | undefined>>();
  for (const r of [...records, ...asm, ...data]) {
    let s = seen.get(r.pkg);
    if (!s) seen.set(r.pkg, (s = new Set()));
    s.add(r.variant);
  }
  const best = new Map<string, string | undefined>();
  const variants: CompiledVariant[] = [];
  for (const [pkg, set] of seen) {
    // (Array.prototype.sort puts undefined last without asking the comparator: sort indices.)
    const list = [...set];
    const sorted = list
      .map((_, k) => k)
      .sort((a, b) => variantRank(pkg, list[a]) - variantRank(pkg, list[b]) || (list[a] ?? '').localeCompare(list[b] ?? ''))
      .map((k) => list[k]);
    best.set(pkg, sorted[0]);
    if (sorted.length > 1) variants.push({ pkg, ...(sorted[0] !== undefined ? { used: sorted[0] } : {}), others: sorted.slice(1) });
  }
  const keep = (r: { pkg: string; variant?: string }) => best.get(r.pkg) === r.variant;
  variants.sort((a, b) => a.pkg.localeCompare(b.pkg));
  return { records: records.filter(keep), asm: asm.filter(keep), data: data.filter(keep), variants };
}

/**
 * Splits the build's stderr into lines without decoding most of them: the -S listing of `std` is
 * hundreds of MB, and ifacelens needs only its function headers, calls and itab references.
 * Instruction lines (they start with a tab) are decoded only when they contain one of `markers`;
 * every other line (diagnostics, headers, data symbols) is decoded and handed to `other`.
 */
export class StderrScanner {
  private rest: Buffer | null = null;
  private readonly markers: Buffer[];

  constructor(
    private readonly onInstruction: (line: string) => void,
    private readonly onOther: (line: string) => void,
    markers: string[] | null,
  ) {
    this.markers = (markers ?? []).map((m) => Buffer.from(m));
    this.all = markers === null;
  }

  private readonly all: boolean;
  private afterHeader = false;

  push(chunk: Buffer): void {
    const buf = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    const next = this.markers.map((m) => buf.indexOf(m));
    let pos = 0;
    for (;;) {
      const nl = buf.indexOf(10, pos);
      if (nl < 0) break;
      if (buf[pos] === 9) {
        // the first instruction after a header (a function's TEXT) is always decoded
        let hit = this.all || this.afterHeader;
        this.afterHeader = false;
        for (let k = 0; k < next.length && !hit; k++) {
          if (next[k] !== -1 && next[k] < pos) next[k] = buf.indexOf(this.markers[k], pos);
          if (next[k] !== -1 && next[k] < nl) hit = true;
        }
        if (hit) this.onInstruction(buf.toString('utf8', pos, nl));
      } else if (nl > pos) {
        this.afterHeader = true;
        this.onOther(buf.toString('utf8', pos, nl));
      }
      pos = nl + 1;
    }
    this.rest = pos < buf.length ? Buffer.from(buf.subarray(pos)) : null;
  }

  end(): void {
    if (this.rest?.length) {
      const line = this.rest.toString('utf8');
      if (this.rest[0] === 9) this.onInstruction(line);
      else this.onOther(line);
    }
    this.rest = null;
  }
}

/**
 * Instruction lines worth decoding on a target: its call forms (CALL and CALLL on most targets, JAL
 * and JALR on riscv64, Call and CallIndirect on wasm, BCL on ppc64, BL in older listings) and
 * itabs; `readInstruction` decides what each is. The TEXT line (where a function's code comes
 * from: closures copied by inlining are declared at the original func literal) is the first
 * instruction after each header and is always decoded. Fewer markers: fewer scans of the -S
 * listing, hundreds of MB for std.
 */
export function asmMarkers(goarch: string | undefined): string[] {
  switch (goarch) {
    case 'riscv64':
      return ['\tJAL', 'go:itab.'];
    case 'wasm':
      return ['\tCall', 'go:itab.'];
    case 'ppc64':
    case 'ppc64le':
      return ['\tCALL', '\tBCL\t', '\tBL\t', 'go:itab.'];
    case 'arm':
    case 'arm64':
      return ['\tCALL', '\tBL\t', 'go:itab.'];
    case undefined:
    case '':
      return ['\tCALL', '\tBL\t', '\tJAL', '\tCall', '\tBCL\t', 'go:itab.'];
    default:
      return ['\tCALL', 'go:itab.'];
  }
}

/** The go command's arguments for the analysis build, with `out` the test binaries' directory. */
export function buildArgs(
  opts: Pick<CompileOptions, 'tags' | 'patterns' | 'extraGcflags' | 'tests' | 'pgo' | 'analysisPackages' | 'overlay' | 'goVersion'>,
  out?: string,
): string[] {
  const gcflags = gcflagsValues(opts.extraGcflags, opts.analysisPackages, opts.goVersion).map((g) => `-gcflags=${g}`);
  // -o /dev/null: go build accepts it for any number of packages and writes nothing. go test -c
  // wants a directory when several packages match: a temporary one.
  const args = opts.tests ? ['test', '-c', '-o', `${out}/`, ...gcflags] : ['build', ...gcflags, '-o', '/dev/null'];
  if (opts.pgo) args.push(`-pgo=${opts.pgo}`);
  if (opts.tags) args.push('-tags', opts.tags);
  if (opts.overlay) args.push(`-overlay=${opts.overlay}`);
  // go test takes everything after `--` as test binary flags: patterns go bare (checked below).
  if (opts.tests) args.push(...opts.patterns);
  else args.push('--', ...opts.patterns);
  return args;
}

/** Builds the packages once; nothing is written into the user's tree (-o /dev/null, or a temporary
 *  directory for the test binaries). */
export async function compileForAnalysis(opts: CompileOptions): Promise<CompileOutput> {
  const m = new GcflagsMParser();
  const asm = new GcflagsAsmParser(opts.keepAsmText ?? false);
  const warnings: string[] = [];
  const errorLines: string[] = [];
  if (opts.tests) {
    const bad = opts.patterns.find((p) => p.startsWith('-'));
    if (bad) throw new UserError(`with --tests a package pattern cannot begin with "-": ${bad}`);
  }
  const out = opts.tests ? tempDir('ifacelens-tests-') : undefined;
  // A go command pinned to a release (GOTOOLCHAIN=go1.24.13) runs that release's compiler.
  const pinned = /^go\d+\.\d+(\.\d+|rc\d+)$/.exec(opts.env.GOTOOLCHAIN ?? '')?.[0];
  const args = buildArgs({ ...opts, goVersion: opts.goVersion ?? pinned }, out);
  // The generated main package of each test binary (`# example.com/m.test`, compiled from
  // _testmain.go) is not the user's code: its lines are dropped.
  let skipping = false;
  const scanner = new StderrScanner(
    (line) => {
      if (!skipping) asm.line(line);
    },
    (line) => {
      if (line.startsWith('# ')) {
        const h = packageHeader(line);
        skipping = !!opts.tests && h.variant === undefined && h.pkg.endsWith('.test');
        if (skipping) return;
      } else if (skipping) {
        return;
      }
      if (/ STEXT\w* | S[A-Z]+ /.test(line)) {
        asm.line(line);
        return;
      }
      if (line.startsWith('# ')) {
        asm.line(line);
        m.line(line);
        return;
      }
      if (line.startsWith('go: warning:') || line.startsWith('warning:')) {
        warnings.push(line);
        return;
      }
      if (!/^\S.*?:\d+(:\d+)?: /.test(line)) {
        // not a diagnostic: go command errors ("no required module provides package ...")
        if (line.trim()) errorLines.push(line);
        return;
      }
      m.line(line);
    },
    opts.keepAsmText ? null : asmMarkers(opts.env?.GOARCH),
  );
  let r: RunResult;
  try {
    r = await run('go', args, { cwd: opts.dir, env: opts.env, onStderrData: (c) => scanner.push(c), signal: opts.signal });
  } finally {
    if (out) removeTemp(out);
  }
  scanner.end();
  const mres = m.result();
  const chosen = chooseVariants(mres.records, asm.result(), asm.dataSymbols());
  return { run: r, m: { ...mres, records: chosen.records }, asm: chosen.asm, data: chosen.data, warnings, errorLines, variants: chosen.variants };
}
