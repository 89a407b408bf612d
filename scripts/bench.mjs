#!/usr/bin/env node
// `npm run bench`: analyse a large real code base (the Go standard library by default) and report
// wall time, peak memory and sites found, as a ratio to the floor: `go build` of the same packages
// with the same compiler flags, timed in the same run. Cold = empty build cache (and empty
// ifacelens result cache) for both; warm = the same command again on the caches the cold run left.
// Then the editor's case: a one-line edit of net/http/server.go analysed through -overlay, as the
// language server does, against the compile of that package alone.
//
// Then the differential check on real third-party modules (test/differential-modules.test.ts,
// docs/differential.md): their benchmarks under an exact memory profile against ifacelens's
// sites. It downloads the modules through the Go module proxy, so it is not part of `npm test`.
//
// Usage: node scripts/bench.mjs [--no-differential | --differential-only] [pattern ...]   (default: std)
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const patterns = args.length ? args : ['std'];

/** The differential check on third-party modules, run by vitest (its judge is TypeScript in test/). */
function differential() {
  const r = spawnSync(join(root, 'node_modules', '.bin', 'vitest'), ['run', 'test/differential-modules.test.ts'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, IFACELENS_DIFFERENTIAL_MODULES: '1' },
  });
  if (r.status !== 0) process.exitCode = 1;
}
if (flags.includes('--differential-only')) {
  differential();
  process.exit();
}
const { ANALYSIS_GCFLAGS } = await import(join(root, 'dist', 'toolchain', 'compile.js'));
const goVersion = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim();
const work = mkdtempSync(join(tmpdir(), 'ifacelens-bench-'));
const dir = join(root, 'examples', 'seeds');

/** Runs argv under /usr/bin/time, returning wall seconds and the peak RSS of the largest process. */
function timed(argv, env) {
  const t0 = process.hrtime.bigint();
  const timeFile = join(work, 'time.txt');
  // The -S listing of std is hundreds of MB: the floor's output goes to /dev/null, as a user's would.
  const r = spawnSync('/usr/bin/time', ['-o', timeFile, '-f', '%M', ...argv], { cwd: dir, env, stdio: ['ignore', 'ignore', 'ignore'] });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const lines = readFileSync(timeFile, 'utf8').trim().split('\n');
  const kb = Number(lines[lines.length - 1]);
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}`);
  return { secs, peakMiB: kb / 1024 };
}

/** Each run's own Go build cache and ifacelens cache (the helper binary copied in, not rebuilt). */
function cacheEnv(name) {
  return { ...process.env, GOCACHE: join(work, name), GOFLAGS: '', IFACELENS_CACHE: join(work, `${name}-ifacelens`) };
}

/** The median of three runs of f (each from a fresh edit). */
async function median3(f) {
  const t = [];
  for (let i = 0; i < 3; i++) t.push(await f(i));
  return t.sort((a, b) => a - b)[1];
}

try {
  // Build the helper once outside the timing (first use only; it is cached across runs).
  execFileSync('node', [join(root, 'bin', 'ifacelens.js'), 'analyze', '-q', '--format', 'json', '-o', join(work, 'warmup.json'), './...'], { cwd: dir });
  const { ensureHelper } = await import(join(root, 'dist', 'toolchain', 'helper.js'));
  const helper = await ensureHelper(goVersion);
  mkdirSync(join(work, 'tool-ifacelens'));
  copyFileSync(helper, join(work, 'tool-ifacelens', basename(helper)));

  const floorCold = timed(['go', 'build', `-gcflags=${ANALYSIS_GCFLAGS}`, '-o', '/dev/null', ...patterns], cacheEnv('floor'));
  const floorWarm = timed(['go', 'build', `-gcflags=${ANALYSIS_GCFLAGS}`, '-o', '/dev/null', ...patterns], cacheEnv('floor'));
  const out = join(work, 'report.json');
  const toolCold = timed(['node', join(root, 'bin', 'ifacelens.js'), 'analyze', '-q', '--format', 'json', '-o', out, ...patterns], cacheEnv('tool'));
  const toolWarm = timed(['node', join(root, 'bin', 'ifacelens.js'), 'analyze', '-q', '--format', 'json', '-o', out, ...patterns], cacheEnv('tool'));
  // The same on a warm build cache without the result cache (what a warm run cost before it).
  const noResults = { ...cacheEnv('tool'), IFACELENS_NO_RESULT_CACHE: '1' };
  const toolWarmBuildOnly = timed(
    ['node', join(root, 'bin', 'ifacelens.js'), 'analyze', '-q', '--format', 'json', '-o', join(work, 'r2.json'), ...patterns],
    noResults,
  );
  // The issue's floor for a cold run: the compile that gathers the same decisions machine-readably.
  const jsonDir = join(work, 'json');
  const floorJsonCold = timed(['go', 'build', `-gcflags=-m=2 -json=0,${jsonDir}`, '-o', '/dev/null', ...patterns], cacheEnv('floor-json'));
  // The CI gate on an unchanged tree: write the baseline, then check against it (warm cache both).
  const baseline = join(work, 'baseline.json');
  timed(
    ['node', join(root, 'bin', 'ifacelens.js'), 'check', '-q', '--baseline', baseline, '--update-baseline', '-o', join(work, 'check0.txt'), ...patterns],
    cacheEnv('tool'),
  );
  const checkWarm = timed(
    ['node', join(root, 'bin', 'ifacelens.js'), 'check', '-q', '--baseline', baseline, '-o', join(work, 'check.txt'), ...patterns],
    cacheEnv('tool'),
  );
  // The editor's case: net/http after a one-line edit of server.go (an unsaved buffer, through
  // -overlay), on warm caches, in one process as the language server runs it.
  const { analyze } = await import(join(root, 'dist', 'pipeline', 'analyze.js'));
  const goroot = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
  const server = join(goroot, 'src', 'net', 'http', 'server.go');
  const serverText = readFileSync(server, 'utf8');
  const overlay = (tag) => {
    const f = join(work, `server-${tag}.go`);
    writeFileSync(f, `${serverText}\n// edit ${tag} ${Date.now()}\n`);
    writeFileSync(join(work, `overlay-${tag}.json`), JSON.stringify({ Replace: { [server]: f } }));
    return join(work, `overlay-${tag}.json`);
  };
  Object.assign(process.env, cacheEnv('tool'));
  await analyze({ dir: join(goroot, 'src'), patterns: ['./net/http'] });
  const editAnalyze = await median3(async (i) => {
    const t0 = process.hrtime.bigint();
    const r = await analyze({ dir: join(goroot, 'src'), patterns: ['./net/http'], overlay: overlay(`a${i}`) });
    if (r.resultCache?.misses !== 1) throw new Error('the edited package was not analysed afresh');
    return Number(process.hrtime.bigint() - t0) / 1e9;
  });
  const editUnchanged = await median3(async () => {
    const t0 = process.hrtime.bigint();
    await analyze({ dir: join(goroot, 'src'), patterns: ['./net/http'] });
    return Number(process.hrtime.bigint() - t0) / 1e9;
  });
  const compileOnce = (gcflags, tag) =>
    median3(
      async (i) =>
        timed(['go', 'build', `-overlay=${overlay(`${tag}${i}`)}`, `-gcflags=net/http=${gcflags}`, '-o', '/dev/null', 'net/http'], cacheEnv('tool')).secs,
    );
  const editFloor = await compileOnce(ANALYSIS_GCFLAGS, 'f');
  const editPlain = await compileOnce('', 'p');

  const report = JSON.parse(readFileSync(out, 'utf8'));
  const row = (name, t, f) =>
    `| ${name} | ${t.secs.toFixed(1)} s | ${f.secs.toFixed(1)} s | ${(t.secs / f.secs).toFixed(2)}× | ${t.peakMiB.toFixed(0)} MiB | ${f.peakMiB.toFixed(0)} MiB |`;
  console.log(`ifacelens bench: ${patterns.join(' ')}, ${goVersion} ${report.go.goos}/${report.go.goarch}, ${report.packages.length} packages`);
  console.log(
    `sites: ${report.stats.sites}, allocating: ${report.stats.allocatingSites}, unverified: ${report.stats.unverifiedSites}, unrecognised compiler lines: ${report.stats.unrecognizedCompilerLines}`,
  );
  console.log('');
  console.log('| run | ifacelens | floor (go build, same flags) | ratio | ifacelens peak RSS | floor peak RSS |');
  console.log('|---|---|---|---|---|---|');
  console.log(row('cold cache', toolCold, floorCold));
  console.log(row('warm cache', toolWarm, floorWarm));
  console.log(row('warm build cache, no result cache', toolWarmBuildOnly, floorWarm));
  console.log(row('check, unchanged baseline, warm', checkWarm, floorWarm));
  console.log(row('cold cache, against -m=2 -json', toolCold, floorJsonCold));
  console.log('');
  console.log(
    `warm analyze, nothing changed: ${toolWarm.secs.toFixed(1)} s, ${((100 * toolWarm.secs) / toolCold.secs).toFixed(1)}% of the cold run (${toolCold.secs.toFixed(1)} s)`,
  );
  console.log(
    `cold analyze: ${(toolCold.secs / floorJsonCold.secs).toFixed(2)}× go build -gcflags='-m=2 -json=0,<fresh dir>' (${floorJsonCold.secs.toFixed(1)} s), peak RSS ${toolCold.peakMiB.toFixed(0)} MiB`,
  );
  console.log(
    `net/http after a one-line edit (overlay, warm caches, median of 3): ${editAnalyze.toFixed(2)} s; its compile with the analysis flags alone ${editFloor.toFixed(2)} s, plainly ${editPlain.toFixed(2)} s; unchanged (all from the result cache) ${editUnchanged.toFixed(2)} s`,
  );
  console.log('');
  console.log(
    `check against an unchanged baseline: ${checkWarm.secs.toFixed(1)} s, ${(checkWarm.secs / toolWarm.secs).toFixed(2)}× a warm analyze (${toolWarm.secs.toFixed(1)} s)`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
if (!flags.includes('--no-differential')) differential();
