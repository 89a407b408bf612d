// Runs fixture functions under runtime.MemStats with the machine's Go (deliberately separate from
// src/pipeline/measure.ts: the judge of the predictions is not the product): a generated test file is
// added through `go test -overlay`, so nothing is written into the fixture tree.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile, execFileSync } from 'node:child_process';
import type { FixtureFunc } from './wants.js';

export interface Measurement {
  pkg: string;
  name: string;
  /** runtime.MemStats.Mallocs delta per call */
  allocsPerCall: number;
  /** runtime.MemStats.TotalAlloc delta per call */
  bytesPerCall: number;
}

const N = 4096;

function testFile(pkgName: string, funcs: FixtureFunc[]): string {
  // Functions with parameters are called through a func variable with arguments held in package
  // variables, so neither inlining nor constant folding changes the code that runs.
  const decls: string[] = [];
  const entries = funcs.map((f, i) => {
    if (!f.args) return `		{${JSON.stringify(f.name)}, ${f.name}},`;
    decls.push(`var ifacelensFn${i} = ${f.name}`);
    f.args.forEach((a, k) => {
      decls.push(`var ifacelensArg${i}_${k} = ${a}`);
    });
    return `		{${JSON.stringify(f.name)}, func() { ifacelensFn${i}(${f.args.map((_, k) => `ifacelensArg${i}_${k}`).join(', ')}) }},`;
  });
  return `package ${pkgName}

import (
	"fmt"
	"runtime"
	"testing"
)

${decls.join('\n')}

func TestIfacelensMeasure(t *testing.T) {
	fns := []struct {
		name string
		f    func()
	}{
${entries.join('\n')}
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	for _, c := range fns {
		c.f()
		runtime.GC()
		var a, b runtime.MemStats
		runtime.ReadMemStats(&a)
		for i := 0; i < ${N}; i++ {
			c.f()
		}
		runtime.ReadMemStats(&b)
		fmt.Printf("IFACELENS-MEASURE %s %d %d %d\\n", c.name, b.Mallocs-a.Mallocs, b.TotalAlloc-a.TotalAlloc, ${N})
	}
}
`;
}

/** Where and how a module's fixture functions are measured: a GOOS/GOARCH in `env`, and for a target this machine cannot run natively, the program that runs its test binaries (`go test -exec`: qemu-aarch64, go_js_wasm_exec, …). */
export interface MeasureTarget {
  env?: NodeJS.ProcessEnv;
  exec?: string;
}

/** Measures every function in `funcs` (all packages of one module) with `go test`. */
export function measure(moduleDir: string, funcs: FixtureFunc[], env: NodeJS.ProcessEnv = process.env): Measurement[] {
  const run = prepare(moduleDir, funcs, { env });
  try {
    return parseOutput(execFileSync('go', run.args, { cwd: moduleDir, env, encoding: 'utf8', maxBuffer: 64 << 20 }));
  } finally {
    run.cleanup();
  }
}

/** `measure` without blocking the event loop (an analysis can run meanwhile), on any target. */
export async function measureAsync(moduleDir: string, funcs: FixtureFunc[], target: MeasureTarget = {}): Promise<Measurement[]> {
  const run = prepare(moduleDir, funcs, target);
  try {
    const out = await new Promise<string>((resolveOut, reject) => {
      execFile('go', run.args, { cwd: moduleDir, env: target.env ?? process.env, encoding: 'utf8', maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
        if (err) reject(new Error(`go ${run.args.join(' ')} failed: ${err.message}\n${stdout.slice(-4000)}\n${stderr.slice(-4000)}`));
        else resolveOut(stdout);
      });
    });
    return parseOutput(out);
  } finally {
    run.cleanup();
  }
}

/** Writes the generated test files and their overlay; returns the `go test` arguments. */
function prepare(_moduleDir: string, funcs: FixtureFunc[], target: MeasureTarget): { args: string[]; cleanup: () => void } {
  const tmp = mkdtempSync(join(tmpdir(), 'ifacelens-measure-'));
  const byPkg = new Map<string, FixtureFunc[]>();
  for (const f of funcs) {
    let l = byPkg.get(f.pkgDir);
    if (!l) byPkg.set(f.pkgDir, (l = []));
    l.push(f);
  }
  const replace: Record<string, string> = {};
  let i = 0;
  for (const [dir, list] of byPkg) {
    const goFile = join(tmp, `measure${i++}_test.go`);
    const pkgName = pkgNameOf(dir);
    writeFileSync(goFile, testFile(pkgName, list));
    replace[join(dir, 'zz_ifacelens_measure_test.go')] = goFile;
  }
  const overlay = join(tmp, 'overlay.json');
  writeFileSync(overlay, JSON.stringify({ Replace: replace }));
  const args = ['test', '-count=1', `-overlay=${overlay}`, '-run', '^TestIfacelensMeasure$', '-v'];
  if (target.exec) args.push(`-exec=${target.exec}`);
  args.push('./...');
  return { args, cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
}

function parseOutput(out: string): Measurement[] {
  const res: Measurement[] = [];
  for (const line of out.split('\n')) {
    const m = /^IFACELENS-MEASURE (\S+) (\d+) (\d+) (\d+)$/.exec(line);
    if (m) {
      const n = Number(m[4]);
      res.push({ pkg: '', name: m[1], allocsPerCall: Number(m[2]) / n, bytesPerCall: Number(m[3]) / n });
      continue;
    }
    const ok = /^(ok|FAIL)\s+(\S+)/.exec(line);
    if (ok) {
      // the package line comes after its output: assign the pending records
      for (const r of res) if (r.pkg === '') r.pkg = ok[2];
    }
  }
  return res;
}

function pkgNameOf(dir: string): string {
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'))) {
    const m = /^package (\w+)/m.exec(readFileSync(join(dir, f), 'utf8'));
    if (m) return m[1];
  }
  throw new Error(`no Go package in ${dir}`);
}
