// The join's inputs through the per-package result cache: the packages whose results are cached
// are read back, the others are compiled (only they, with the analysis flags) and loaded by the
// helper (only they, from source; their dependencies from export data), and their results are
// stored. The join then gets exactly what one uncached build and helper run would have given it,
// in go list's package order (test/result-cache.test.ts holds the reports byte-identical).
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GoEnv } from '../toolchain/go-env.js';
import { runHelper } from '../toolchain/helper.js';
import { analysisGcflags, compileForAnalysis, type CompileOutput } from '../toolchain/compile.js';
import { overlayReplacements } from '../toolchain/sources.js';
import { packageKeys, sha256, type KeyedPackage } from '../toolchain/package-keys.js';
import { readResult, resultCacheMaxBytes, trimResults, writeResult, type PackageResult } from '../toolchain/result-cache.js';
import type { MParseResult, MRecord } from '../parse/gcflags-m.js';
import type { AsmData, AsmFunction } from '../parse/gcflags-asm.js';
import type { HelperRecord } from '../parse/helper-protocol.js';

/** What the join reads from the build and the helper. */
export interface AnalysisInputs {
  m: MParseResult;
  asm: AsmFunction[];
  /** data symbols (type descriptors, itabs): only an uncached run's, with keepAsmText */
  data?: AsmData[];
  records: HelperRecord[];
  /** how many of the patterns' packages came from the cache, and how many were analysed afresh */
  cache?: { hits: number; misses: number };
}

export interface CachedInputsOptions {
  dir: string;
  env: GoEnv;
  patterns: string[];
  tags?: string;
  extraGcflags?: string;
  /** the run's -pgo (undefined: the go command's default) */
  pgo?: string;
  layouts?: boolean;
  /** the helper checks asked for */
  helperChecks: string[];
  overlay?: string;
  helperBin: string;
  signal?: AbortSignal;
  progress: (msg: string) => void;
  /** throws the user's error for a failed build (the uncached run's own words) */
  checkBuild: (compiled: CompileOutput) => Promise<void>;
}

/** At most this many packages to analyse afresh: the helper runs beside the compile (an editor's
 *  package after an edit); more, and it runs after it, as in an uncached run (memory, cores). */
const CONCURRENT_MISSES = 8;

/**
 * The join's inputs with the result cache, or undefined when the cache does not apply to the run
 * (the caller then runs uncached): go list failed or reported an error, a package has no import
 * path of its own (`command-line-arguments`), or a PGO profile may apply (its compiles come in
 * variants that only a whole build chooses between).
 */
export async function cachedInputs(o: CachedInputsOptions): Promise<AnalysisInputs | undefined> {
  if (o.pgo !== undefined && o.pgo !== 'off' && o.pgo !== 'auto') return undefined;
  if (o.pgo === undefined && /(^|\s)--?pgo=(?!off(\s|$))/.test(o.env.goflags)) return undefined;
  const replaced = o.overlay ? overlayReplacements(o.overlay, o.dir) : undefined;
  const keyed = await packageKeys({ dir: o.dir, env: o.env.env, tags: o.tags, overlay: o.overlay, replaced, patterns: o.patterns, signal: o.signal });
  if (!keyed) return undefined;
  const roots = keyed.packages.filter((p) => !p.depOnly);
  if (roots.length === 0 || keyed.packages.some((p) => p.error !== undefined)) return undefined;
  if (roots.some((p) => p.importPath === 'command-line-arguments' || p.importPath.includes(' ') || p.importPath.startsWith('-'))) return undefined;
  if (o.pgo !== 'off' && roots.some((p) => p.name === 'main' && existsSync(join(p.dir, 'default.pgo')))) return undefined;

  const run = sha256(
    JSON.stringify({
      code: codeVersion(),
      helper: basename(o.helperBin),
      env: keyed.envKey,
      dir: o.dir,
      tags: o.tags ?? '',
      gcflags: analysisGcflags(o.extraGcflags, o.env.version),
      pgo: o.pgo ?? '',
      checks: o.helperChecks,
      layouts: !!o.layouts,
    }),
  );
  const rootSet = new Set(roots.map((r) => r.importPath));
  // A package's helper records name calls into the report's packages (possible inlinings): so its
  // entry is for this set of its dependencies being analysed alongside.
  const resultKey = (p: KeyedPackage) =>
    sha256(
      `${run}\n${keyed.keys.get(p.importPath)}\n${p.deps
        .filter((d) => rootSet.has(d))
        .sort()
        .join(',')}`,
    );
  const keys = new Map(roots.map((r) => [r.importPath, resultKey(r)]));

  const results = new Map<string, PackageResult>();
  for (const r of roots) {
    const hit = readResult(keys.get(r.importPath)!);
    if (hit && hit.pkg === r.importPath) results.set(r.importPath, hit);
  }
  const misses = roots.filter((r) => !results.has(r.importPath)).map((r) => r.importPath);
  if (misses.length) {
    o.progress(
      `${results.size} of ${roots.length} packages from the result cache; compiling ${misses.length <= 3 ? misses.join(' ') : `${misses.length} packages`}`,
    );
    const compiled = new Set(roots.filter((r) => r.hasGoFiles).map((r) => r.importPath));
    // The dependencies (not analysed) as this run builds them: their export data is in the go
    // build cache once an analysis in this process has built them (a language server's next edit).
    const deps = keyed.packages.filter((p) => p.depOnly).map((p) => `${run}\u0000${keyed.keys.get(p.importPath)}`);
    const fresh = await analyseAfresh(
      o,
      misses,
      misses.filter((p) => compiled.has(p)),
      [...rootSet].filter((p) => !misses.includes(p)),
      deps.every((d) => depsBuilt.has(d)),
    );
    for (const d of deps) depsBuilt.add(d);
    let wrote = false;
    for (const [pkg, r] of fresh) {
      results.set(pkg, r);
      // a helper that failed on a package (an internal error) says so in a loadError: not kept
      if (r.helper.some((x) => x.kind === 'loadError')) continue;
      try {
        writeResult(keys.get(pkg)!, r);
        wrote = true;
      } catch {
        // a cache that cannot be written (full disk, read-only) costs speed, not the analysis
      }
    }
    if (wrote) {
      try {
        trimResults(resultCacheMaxBytes());
      } catch {
        /* as above */
      }
    }
  } else {
    o.progress(`${roots.length} packages from the result cache`);
  }

  const m: MRecord[] = [];
  const unrecognized: string[] = [];
  const asm: AsmFunction[] = [];
  const records: HelperRecord[] = [];
  for (const r of roots) {
    const e = results.get(r.importPath);
    if (!e) continue;
    for (const x of e.m) m.push(x);
    for (const x of e.unrecognized) unrecognized.push(x);
    for (const x of e.asm) asm.push(x);
    for (const x of e.helper) records.push(x);
  }
  return { m: { records: m, unrecognized, errors: [] }, asm, records, cache: { hits: roots.length - misses.length, misses: misses.length } };
}

/** Compiles the packages with the analysis flags and runs the helper on them; their results, by
 *  package. */
/** Dependencies (run and content key) an analysis in this process has built, bounded: a language
 *  server that runs for days must not grow without end. */
const depsBuilt = new Set<string>();
const MAX_DEPS_BUILT = 100_000;

async function analyseAfresh(
  o: CachedInputsOptions,
  pkgs: string[],
  withGoFiles: string[],
  callRoots: string[],
  depsCached: boolean,
): Promise<Map<string, PackageResult>> {
  if (depsBuilt.size > MAX_DEPS_BUILT) depsBuilt.clear();
  const compile = async (): Promise<CompileOutput> =>
    withGoFiles.length === 0
      ? {
          run: { argv: [], exitCode: 0, signal: null, stdout: '', stderr: '', durationMs: 0, timedOut: false, outputCapped: false },
          m: { records: [], unrecognized: [], errors: [] },
          asm: [],
          data: [],
          warnings: [],
          errorLines: [],
          variants: [],
        }
      : compileForAnalysis({
          dir: o.dir,
          env: o.env.env,
          tags: o.tags,
          patterns: withGoFiles,
          extraGcflags: o.extraGcflags,
          pgo: o.pgo,
          signal: o.signal,
          overlay: o.overlay,
        });
  // The helper needs no compile of these packages (they are type-checked from source, their
  // dependencies from the export data of plain compiles: -depsexport), so it runs beside the build.
  // The build starts once the helper's go list has built that export data, which the build would
  // otherwise compile at the same time (dependencies not in the go build cache yet).
  const helper = (signal?: AbortSignal, onHeader?: () => void) =>
    runHelper(o.helperBin, {
      dir: o.dir,
      env: o.env.env,
      tags: o.tags,
      pgo: o.pgo ?? '',
      layouts: o.layouts,
      checks: o.helperChecks,
      patterns: pkgs,
      overlay: o.overlay,
      signal,
      depsExport: true,
      callRoots,
      onHeader,
    });
  let compiled: CompileOutput;
  let records: HelperRecord[];
  if (pkgs.length <= CONCURRENT_MISSES) {
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    o.signal?.addEventListener('abort', onAbort);
    try {
      let listed!: () => void;
      const depsReady = new Promise<void>((r) => (listed = r));
      const helperRun = helper(stop.signal, listed);
      helperRun.then(listed, listed); // a helper that fails early: the build says why
      // Built already in this process: nothing to compile twice, so the build starts at once.
      if (!depsCached) await depsReady;
      compiled = await compile();
      if (compiled.run.exitCode !== 0 || compiled.warnings.some((w) => /matched no packages/.test(w))) {
        stop.abort();
        await helperRun.catch(() => {});
        await o.checkBuild(compiled);
      }
      records = await helperRun;
    } finally {
      o.signal?.removeEventListener('abort', onAbort);
    }
  } else {
    compiled = await compile();
    await o.checkBuild(compiled);
    o.progress(`loading types of ${pkgs.length} packages`);
    records = await helper(o.signal);
  }

  const out = new Map<string, PackageResult>(pkgs.map((p) => [p, { pkg: p, m: [], unrecognized: [], asm: [], helper: [] }]));
  for (const r of compiled.m.records) out.get(r.pkg)?.m.push(r);
  for (let i = 0; i < compiled.m.unrecognized.length; i++) {
    out.get(compiled.m.unrecognizedPkg?.[i] ?? '')?.unrecognized.push(compiled.m.unrecognized[i]);
  }
  for (const a of compiled.asm) out.get(a.pkg)?.asm.push(a);
  let cur: PackageResult | undefined;
  for (const r of records) {
    if (r.kind === 'package') cur = out.get(r.path);
    else if (r.kind === 'header' || r.kind === 'done') continue;
    if (cur) cur.helper.push(r);
  }
  for (const [p, r] of out) if (r.helper.length === 0) out.delete(p);
  return out;
}

/** A hash of the code that makes what an entry holds (the parsers, the build, the split): a
 *  changed ifacelens never reads an older one's entries. */
let codeHash: string | undefined;
function codeVersion(): string {
  if (codeHash) return codeHash;
  const here = fileURLToPath(import.meta.url);
  const ext = here.slice(here.lastIndexOf('.'));
  const src = dirname(dirname(here));
  const files = [
    'parse/gcflags-m',
    'parse/gcflags-asm',
    'parse/helper-protocol',
    'toolchain/compile',
    'toolchain/helper',
    'toolchain/package-keys',
    'toolchain/result-cache',
    'pipeline/cached-inputs',
  ];
  codeHash = sha256(files.map((f) => readFileSync(join(src, `${f}${ext}`), 'utf8')).join('\u0000'));
  return codeHash;
}
