// One playground analysis, in a child process of the server (so that a snippet that exhausts time
// or memory takes down only this process): analyses the module in argv[2] for GOARCH argv[3] and
// writes one PlaygroundResponse (without durationMs/cached) to stdout.
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../pipeline/analyze.js';
import { explainAt } from '../pipeline/explain.js';
import { layoutReport } from '../analysis/layout.js';
import { toPosition } from '../facts/position.js';
import { run } from '../toolchain/go-command.js';
import { UserError } from '../toolchain/errors.js';
import { installSignalHandlers } from '../toolchain/workspace.js';
import { asmResponse } from './asm.js';
import type { AsmResponse, CompileError, Explanation, PlaygroundResponse } from '../contract/index.js';
import { sanitizeGoflags } from '../toolchain/go-env.js';

export const SNIPPET_FILE = 'main.go';
/** The file in which the server supplies `func main` to a main-package snippet without one (playground.ts). */
export const SUPPLIED_MAIN_FILE = 'zz_ifacelens_main.go';
const MAX_ASM_LINES = 20_000;
const MAX_FUNCTION_LINES = 4_000;

/** `main.go:3:5: msg` lines of a failed build (all of them, thanks to -gcflags=-e). */
export function parseCompileErrors(stderr: string): CompileError[] {
  const out: CompileError[] = [];
  const seen = new Set<string>();
  for (const l of stderr.split('\n')) {
    const m = /^(?:\.\/)?main\.go:(\d+)(?::(\d+))?: (.+)$/.exec(l.trim());
    if (!m) continue;
    const key = `${m[1]}:${m[2]}:${m[3]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ line: Number(m[1]), column: m[2] ? Number(m[2]) : 1, message: m[3] });
  }
  return out;
}

async function compileErrors(dir: string, goarch: string, fallback: string): Promise<CompileError[]> {
  const env = { ...process.env, GOFLAGS: sanitizeGoflags(process.env.GOFLAGS ?? '').kept, ...(goarch ? { GOARCH: goarch } : {}) };
  const r = await run('go', ['build', '-gcflags=-e', '-o', '/dev/null', '.'], { cwd: dir, env, timeoutMs: 30_000 });
  const errs = parseCompileErrors(r.stderr + '\n' + fallback);
  if (errs.length) return errs.slice(0, 50);
  return [{ line: 0, column: 0, message: fallback.replace(/^go: /, '') }];
}

type WorkerResult = Omit<PlaygroundResponse, 'durationMs' | 'cached'>;

export async function analyzeSnippet(dir: string, goarch: string): Promise<WorkerResult> {
  try {
    const res = await analyze({ dir, patterns: ['.'], goarch: goarch || undefined, keepAsmText: true, layouts: true });
    const { report, store } = res;
    report.dir = '.';
    // The func main the server supplied is not the snippet's: neither its code nor its summary is shown.
    const supplied = existsSync(join(dir, SUPPLIED_MAIN_FILE));
    const isSupplied = (file: string | undefined) => supplied && !!file && basename(file) === SUPPLIED_MAIN_FILE;
    if (supplied) report.functions = report.functions.filter((f) => f.function !== 'main.main');
    // Functions with sites first, then in listing order; within the output limit.
    const withSites = new Set(report.sites.map((s) => s.function));
    const fns = [...store.asm].filter((f) => !isSupplied(f.textPos?.file)).sort((a, b) => Number(withSites.has(b.name)) - Number(withSites.has(a.name)));
    const asm: AsmResponse[] = [];
    let budget = MAX_ASM_LINES;
    for (const f of fns) {
      if (budget <= 0) break;
      const a = asmResponse(f, dir, report.go.goarch, Math.min(budget, MAX_FUNCTION_LINES));
      budget -= a.lines.length;
      asm.push(a);
    }
    const explanations: Explanation[] = [];
    const lines = [...new Set(report.sites.filter((s) => s.position.file === SNIPPET_FILE).map((s) => s.position.line))];
    for (const line of lines) explanations.push(...explainAt(res, { file: SNIPPET_FILE, line }).explanations);
    const layouts = store.structs
      .filter((s) => s.declared)
      .map((s) =>
        layoutReport(
          s,
          store.sizeClasses,
          store.ptrSize,
          s.pos ? toPosition(dir, s.pos) : undefined,
          (f) => toPosition(dir, { file: f, line: 0, col: 0 }).file,
        ),
      );
    return { ok: true, goarch: report.go.goarch, report, asm, explanations, layouts, errors: [] };
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    return { ok: false, goarch, asm: [], explanations: [], layouts: [], errors: await compileErrors(dir, goarch, e.message) };
  }
}

async function main(): Promise<void> {
  installSignalHandlers();
  // The server holds the other end of stdin: end-of-file means it died (perhaps by SIGKILL, which
  // runs no handler there), and a build nobody waits for is stopped as on SIGTERM.
  process.stdin.on('end', () => process.kill(process.pid, 'SIGTERM'));
  process.stdin.on('error', () => process.kill(process.pid, 'SIGTERM'));
  process.stdin.resume();
  const [dir, goarch = ''] = process.argv.slice(2);
  try {
    const out = await analyzeSnippet(dir, goarch);
    process.stdout.write(JSON.stringify(out));
  } finally {
    process.stdin.destroy(); // else the open pipe keeps the process alive
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => {
    process.stderr.write(`${e?.stack ? e.stack : e}\n`);
    process.exitCode = 3;
  });
}
