// The life of one `analyze` run: toolchain → facts → analysis → Report.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cgoOnlyError, externalLinkingError, goEnv, hostGoVersion, toolchainSwitchError, type GoEnv } from '../toolchain/go-env.js';
import { ensureHelper, runHelper } from '../toolchain/helper.js';
import { compileForAnalysis, gcflagsValues, type CompileOutput } from '../toolchain/compile.js';
import { run } from '../toolchain/go-command.js';
import { UserError } from '../toolchain/errors.js';
import { errnoText } from '../toolchain/errno.js';
import { overlayReplacements, PackageSources } from '../toolchain/sources.js';
import { parseSizeClasses, type SizeClasses } from '../parse/sizeclasses-go.js';
import type { HCall, HDynCall, HFinding, HFunction, HInstance, HLoadError, HPackage, HSite, HStruct } from '../parse/helper-protocol.js';
import { CHECKS, type Check } from '../checks/index.js';
import { CheckInputError, type CheckContext } from '../checks/check.js';
import { ptrSizeOf, type FactStore } from '../facts/store.js';
import { SCHEMA_VERSION, type Finding, type Report, type SiteReport } from '../contract/report.js';
import { instancesOf } from '../analysis/sites.js';
import { judge } from '../analysis/judge.js';
import { reasonText } from '../report/reason.js';
import { summarize } from '../analysis/summary.js';
import { pgoFlag, pgoReport } from './pgo.js';
import { cachedInputs, type AnalysisInputs } from './cached-inputs.js';

export interface AnalyzeOptions {
  dir: string;
  patterns: string[];
  goarch?: string;
  goos?: string;
  tags?: string;
  /** extra compiler flags (tests pin -l) */
  extraGcflags?: string;
  keepAsmText?: boolean;
  /** ask the helper for struct layouts too */
  layouts?: boolean;
  /** the checks to run, by name (src/checks/); default every check */
  checks?: string[];
  /** keep findings in generated files (`// Code generated ... DO NOT EDIT.`) */
  generatedFindings?: boolean;
  /** analyse the packages with their tests (`go test -c`): _test.go files, external test packages,
   *  and the instantiations of generic code they make */
  tests?: boolean;
  /** -pgo for the build and the helper: a profile file (relative to `dir`), `auto` or `off`;
   *  undefined: the go command's default (GOFLAGS, else auto), as the user's go build */
  pgo?: string;
  /** the Go release to analyse with (GOTOOLCHAIN for the go commands: go1.24.13, local); undefined:
   *  the user's go as set up. The helper stays built by the user's go (helper/README.md) */
  toolchain?: string;
  progress?: (msg: string) => void;
  /** cancels the build and the helper (AbortedError) */
  signal?: AbortSignal;
  /** analyse only a deterministic share of the packages (1-based index of count); `ifacelens
   *  merge` combines the shares into what one run reports */
  shard?: { index: number; count: number };
  /** a `go build -overlay` file (absolute path): the build, the helper and the report's source
   *  lines read the replaced files' contents from their replacements (an editor's unsaved buffers) */
  overlay?: string;
  /** false: neither read nor write the per-package result cache (src/toolchain/result-cache.ts) */
  resultCache?: boolean;
}

/**
 * The packages of shard `index` of `count`: the patterns' packages, largest (by Go files) first,
 * each to the least loaded shard (ties to the lower shard); deterministic for one tree.
 */
export async function shardPackages(
  env: GoEnv,
  dir: string,
  patterns: string[],
  tags: string | undefined,
  shard: { index: number; count: number },
): Promise<string[]> {
  const args = ['list', '-e', '-f', '{{.ImportPath}}\t{{len .GoFiles}}\t{{len .CgoFiles}}'];
  if (tags) args.push('-tags', tags);
  const r = await run('go', [...args, '--', ...patterns], { cwd: dir, env: env.env, timeoutMs: 300_000 });
  if (r.exitCode !== 0 && !r.stdout) throw new UserError(`go list ${patterns.join(' ')}: ${r.stderr.trim().split('\n')[0]}`);
  const pkgs = r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t'))
    .map(([path, go, cgo]) => ({ path, files: Number(go) + Number(cgo) }))
    .sort((a, b) => b.files - a.files || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const load = new Array<number>(shard.count).fill(0);
  const mine: string[] = [];
  for (const p of pkgs) {
    let k = 0;
    for (let i = 1; i < shard.count; i++) if (load[i] < load[k]) k = i;
    load[k] += Math.max(1, p.files);
    if (k === shard.index - 1) mine.push(p.path);
  }
  return mine.sort();
}

export interface AnalyzeResult {
  report: Report;
  store: FactStore;
  /** the Go environment the analysis ran with (target GOARCH/GOOS forced), for follow-up go commands */
  env: GoEnv;
  /** how many of the patterns' packages the result cache answered, and how many were analysed
   *  afresh (absent when the cache did not apply) */
  resultCache?: { hits: number; misses: number };
}

/** Reads the size-class tables of a toolchain's runtime from its GOROOT (go1.25+ keeps them in
 *  internal/runtime/gc, go1.24 in runtime). */
export function loadSizeClasses(goroot: string): SizeClasses {
  const gcDir = join(goroot, 'src', 'internal', 'runtime', 'gc');
  const rtDir = join(goroot, 'src', 'runtime');
  const tables = existsSync(join(gcDir, 'sizeclasses.go')) ? join(gcDir, 'sizeclasses.go') : join(rtDir, 'sizeclasses.go');
  try {
    const others = [join(gcDir, 'malloc.go'), join(rtDir, 'malloc.go'), join(rtDir, 'mbitmap.go')].filter((f) => existsSync(f));
    return parseSizeClasses(readFileSync(tables, 'utf8'), others.map((f) => readFileSync(f, 'utf8')).join('\n'));
  } catch (e) {
    throw new UserError(`cannot read the runtime's size classes from ${tables} (Go 1.24 or newer is required): ${errnoText(e)}`);
  }
}

const isStdPattern = (p: string) => p === 'std' || p === 'cmd' || (!p.startsWith('.') && !p.startsWith('/') && !p.split('/')[0].includes('.'));

/** Refuses to run outside a module unless every pattern names standard-library packages. */
export function requireModule(env: GoEnv, dir: string, patterns: string[]): void {
  if (!env.gomod && !patterns.every(isStdPattern)) {
    throw new UserError(`no go.mod in ${dir} or any parent directory: run ifacelens inside a Go module, or pass -C <module dir>`);
  }
}

/** The order of a report's sites: by package, file, position, then the function that runs them. */
export function compareSites(a: SiteReport, b: SiteReport): number {
  return (
    a.package.localeCompare(b.package) ||
    a.position.file.localeCompare(b.position.file) ||
    a.position.line - b.position.line ||
    a.position.column - b.position.column ||
    a.function.localeCompare(b.function) ||
    a.kind.localeCompare(b.kind) ||
    // a total order, so that a merge of shards lists the sites exactly as one run does
    JSON.stringify(a).localeCompare(JSON.stringify(b))
  );
}

/** Every check's findings; a check's refusal of its input (a malformed directive) is the user's error. */
function runChecks(checks: readonly Check[], ctx: CheckContext): Finding[] {
  try {
    return checks.flatMap((c) => c.run(ctx));
  } catch (e) {
    if (e instanceof CheckInputError) throw new UserError(e.message);
    throw e;
  }
}

export async function analyze(opts: AnalyzeOptions): Promise<AnalyzeResult> {
  const progress = opts.progress ?? (() => {});
  const dir = resolve(opts.dir);
  if (opts.toolchain) progress(`${opts.toolchain}: fetching it if needed`);
  const env = await goEnv({ dir, goarch: opts.goarch, goos: opts.goos, toolchain: opts.toolchain });
  requireModule(env, dir, opts.patterns);
  const pgo = pgoFlag(opts.pgo, dir);
  progress(`${env.version} ${env.goos}/${env.goarch}: preparing the helper`);
  const helperBin = await ensureHelper(opts.toolchain ? await hostGoVersion(dir) : env.version);
  if (opts.shard && opts.tests) throw new UserError('--shard with --tests is not supported yet');
  const shard = opts.shard ? await shardPackages(env, dir, opts.patterns, opts.tags, opts.shard) : undefined;
  const checks = CHECKS.filter((c) => !opts.checks || opts.checks.includes(c.name));
  const helperChecks = checks.flatMap((c) => (c.helper ? [c.helper] : []));
  const checkBuild = (compiled: CompileOutput) => failedBuild(compiled, env, dir, opts);
  // Each package's results from the cache when its build inputs are unchanged (not for test
  // variants, shards, the full listing, or PGO variants: cachedInputs says when it applies).
  const useCache = opts.resultCache !== false && !opts.tests && !opts.shard && !opts.keepAsmText && !process.env.IFACELENS_NO_RESULT_CACHE;
  const inputs =
    (useCache
      ? await cachedInputs({
          dir,
          env,
          patterns: opts.patterns,
          tags: opts.tags,
          extraGcflags: opts.extraGcflags,
          pgo,
          layouts: opts.layouts,
          helperChecks,
          overlay: opts.overlay,
          helperBin,
          signal: opts.signal,
          progress,
          checkBuild,
        })
      : undefined) ?? (await uncachedInputs(opts, dir, env, pgo, helperBin, helperChecks, shard, checkBuild, progress));
  const records = inputs.records;
  const packages: HPackage[] = [];
  const functions: HFunction[] = [];
  const sites: HSite[] = [];
  const calls: HCall[] = [];
  const instances: HInstance[] = [];
  const dyncalls: HDynCall[] = [];
  const structs: HStruct[] = [];
  const hfindings: HFinding[] = [];
  const loadErrors: HLoadError[] = [];
  for (const r of records) {
    if (r.kind === 'package') packages.push(r);
    else if (r.kind === 'function') functions.push(r);
    else if (r.kind === 'site') sites.push(r);
    else if (r.kind === 'call') calls.push(r);
    else if (r.kind === 'instance') instances.push(r);
    else if (r.kind === 'dyncall') dyncalls.push(r);
    else if (r.kind === 'struct') structs.push(r);
    else if (r.kind === 'finding') hfindings.push(r);
    else if (r.kind === 'loadError') loadErrors.push(r);
  }
  if (packages.length === 0) throw new UserError(`no Go packages match ${opts.patterns.join(' ')}`);
  if (loadErrors.length && sites.length === 0) {
    throw new UserError(`${loadErrors[0].pos}: ${loadErrors[0].msg}`);
  }
  progress(`joining ${sites.length} sites with the compiler's output`);
  const store: FactStore = {
    go: { version: env.version, goos: env.goos, goarch: env.goarch },
    ptrSize: ptrSizeOf(env.goarch),
    dir,
    patterns: opts.patterns,
    packages,
    functions,
    sites,
    calls,
    instances,
    dyncalls,
    loadErrors,
    m: inputs.m,
    asm: inputs.asm,
    data: inputs.data ?? [],
    structs,
    findings: hfindings,
    sizeClasses: loadSizeClasses(env.goroot),
  };
  // A shard reports what runs in its packages' code; the helper loaded every package's syntax, so
  // code inlined from another shard's package is found as in one run.
  const inShard = shard ? new Set(shard) : undefined;
  const siteReports = instancesOf(store)
    .map((i) => {
      const s = judge(store, i);
      s.reason = reasonText(s);
      return s;
    })
    .filter((s) => !inShard || inShard.has(s.functionPackage));
  const sources = new PackageSources(
    packages.flatMap((p) => p.files),
    dir,
    opts.overlay ? overlayReplacements(opts.overlay, dir) : undefined,
  );
  if (opts.tests) {
    // Test code: a site written in a _test.go file, or run by a function declared in one (inlined
    // into a test or benchmark).
    const testFns = new Set(functions.filter((f) => f.file.endsWith('_test.go')).map((f) => f.name));
    for (const s of siteReports) if (s.position.file.endsWith('_test.go') || testFns.has(s.function)) s.test = true;
  }
  siteReports.sort(compareSites);
  const pgoInfo = pgoReport(
    pgo,
    env.goflags,
    dir,
    packages.filter((p) => p.name === 'main' && p.dir).map((p) => ({ path: p.path, dir: p.dir })),
  );
  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    go: store.go,
    ...(pgoInfo ? { pgo: pgoInfo } : {}),
    ...(opts.tests ? { tests: true as const } : {}),
    ...(env.ignoredGoflags.length ? { ignoredGoflags: env.ignoredGoflags } : {}),
    dir,
    patterns: opts.patterns,
    ...(opts.shard ? { shard: { index: opts.shard.index, count: opts.shard.count } } : {}),
    packages: packages
      .map((p) => p.path)
      .filter((p) => !inShard || inShard.has(p))
      .sort(),
    sites: siteReports,
    functions: summarize(siteReports, store.sizeClasses, store.ptrSize),
    checks: checks.map((c) => c.name),
    findings: runChecks(checks, {
      store,
      sites: siteReports,
      dir,
      lineOf: (f, l) => sources.line(f, l),
      linesOf: (f) => sources.lines(f),
      fileIncludes: (f, s) => sources.includes(f, s),
      generated: !!opts.generatedFindings,
    }).filter((f) => !inShard || inShard.has(f.package)),
    stats: {
      sites: siteReports.length,
      allocatingSites: siteReports.filter((s) => s.allocates === true).length,
      unknownSites: siteReports.filter((s) => s.allocates === null).length,
      unrecognizedCompilerLines: inputs.m.unrecognized.length,
      unverifiedSites: siteReports.filter((s) => !s.verified).length,
    },
  };
  return { report, store, env, ...(inputs.cache ? { resultCache: inputs.cache } : {}) };
}

/** Throws the user's error for a build that failed or matched nothing, in one line. */
async function failedBuild(compiled: CompileOutput, env: GoEnv, dir: string, opts: AnalyzeOptions): Promise<void> {
  const noMatch = compiled.warnings.find((w) => /matched no packages/.test(w));
  if (noMatch) throw new UserError((await cgoOnlyError(env, dir, opts.patterns, opts.tags)) ?? noMatch.replace(/^go: warning: /, ''));
  if (compiled.run.exitCode !== 0) {
    const first =
      compiled.m.errors[0] ??
      compiled.errorLines[0] ??
      compiled.run.stderr.split('\n').find((l) => l.trim()) ??
      `go build exited with status ${compiled.run.exitCode}`;
    if (/build constraints exclude all Go files/.test(first)) {
      const cgo = await cgoOnlyError(env, dir, opts.patterns, opts.tags);
      if (cgo) throw new UserError(cgo);
    }
    const link = externalLinkingError(first, env.goos, env.goarch);
    if (link) throw new UserError(link);
    const switched = toolchainSwitchError([first, ...compiled.errorLines, compiled.run.stderr].join('\n'));
    if (switched) throw switched;
    const more = compiled.m.errors.length > 1 ? ` (and ${compiled.m.errors.length - 1} more)` : '';
    throw new UserError(`${first.replace(/^go: /, '').replace(/; to add it:$/, ' (go get it first)')}${more}`);
  }
}

/** The join's inputs from one build of the patterns' packages and one helper run over them. */
async function uncachedInputs(
  opts: AnalyzeOptions,
  dir: string,
  env: GoEnv,
  pgo: string | undefined,
  helperBin: string,
  helperChecks: string[],
  shard: string[] | undefined,
  checkBuild: (compiled: CompileOutput) => Promise<void>,
  progress: (msg: string) => void,
): Promise<AnalysisInputs> {
  progress(`compiling ${opts.patterns.join(' ')}${opts.shard ? ` (shard ${opts.shard.index}/${opts.shard.count}: ${shard!.length} packages)` : ''}`);
  // The build runs first: the helper's `go list -export` with the same -gcflags then finds every
  // compile in the build cache instead of compiling the packages a second time.
  const compiled = await compileForAnalysis({
    dir,
    env: env.env,
    tags: opts.tags,
    patterns: opts.patterns,
    keepAsmText: opts.keepAsmText,
    extraGcflags: opts.extraGcflags,
    tests: opts.tests,
    pgo,
    signal: opts.signal,
    analysisPackages: shard,
    overlay: opts.overlay,
    goVersion: env.version,
  });
  await checkBuild(compiled);
  progress(`loading types of ${opts.patterns.join(' ')}`);
  // The same -pgo as the build ('' leaves the go command's default to both): a profile changes the
  // action IDs of the packages it applies to, and go list -export must find those compiles.
  const records = await runHelper(helperBin, {
    dir,
    env: env.env,
    tags: opts.tags,
    gcflags: gcflagsValues(opts.extraGcflags, shard, env.version),
    pgo: pgo ?? '',
    tests: opts.tests,
    layouts: opts.layouts,
    checks: helperChecks,
    patterns: opts.patterns,
    overlay: opts.overlay,
    signal: opts.signal,
  });
  return { m: compiled.m, asm: compiled.asm, data: compiled.data, records };
}
