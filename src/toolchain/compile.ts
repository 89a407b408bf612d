// Runs the one compiler pass we cannot avoid: `go build` with the escape log (-m=2), walk's
// conversion decisions (-d=escapedebug=1) and the assembly (-S), streamed into the parsers.
import { run, type RunResult } from './go-command.js';
import { GcflagsMParser, type MParseResult } from '../parse/gcflags-m.js';
import { GcflagsAsmParser, type AsmFunction } from '../parse/gcflags-asm.js';

/** The compiler flags whose output ifacelens reads. */
export const ANALYSIS_GCFLAGS = '-m=2 -d=escapedebug=1 -S';

export function analysisGcflags(extra?: string): string {
  return extra ? `${ANALYSIS_GCFLAGS} ${extra}` : ANALYSIS_GCFLAGS;
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
}

export interface CompileOutput {
  run: RunResult;
  m: MParseResult;
  asm: AsmFunction[];
  /** go command warnings such as `matched no packages` */
  warnings: string[];
  /** the raw lines of failed builds that are not diagnostics (compile errors) */
  errorLines: string[];
}

/** Builds the packages once; nothing is written into the user's tree (-o goes to a temp dir). */
export async function compileForAnalysis(opts: CompileOptions): Promise<CompileOutput> {
  const m = new GcflagsMParser();
  const asm = new GcflagsAsmParser(opts.keepAsmText ?? false);
  const warnings: string[] = [];
  const errorLines: string[] = [];
  const gcflags = analysisGcflags(opts.extraGcflags);
  // -o /dev/null: the go command accepts it for any number of packages and writes nothing.
  const args = ['build', `-gcflags=${gcflags}`, '-o', '/dev/null'];
  if (opts.tags) args.push('-tags', opts.tags);
  args.push('--', ...opts.patterns);
  {
    const r = await run('go', args, {
      cwd: opts.dir,
      env: opts.env,
      onStderrLine: (line) => {
        if (line.startsWith('\t') || / STEXT\w* | S[A-Z]+ /.test(line)) {
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
    });
    return { run: r, m: m.result(), asm: asm.result(), warnings, errorLines };
  }
}
