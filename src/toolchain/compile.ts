// Runs the one compiler pass we cannot avoid: `go build` with the escape log (-m=2), walk's
// conversion decisions (-d=escapedebug=1) and the assembly (-S), streamed into the parsers.
import { run, type RunResult } from './go-command.js';
import { GcflagsMParser, type MParseResult } from '../parse/gcflags-m.js';
import { GcflagsAsmParser, type AsmData, type AsmFunction } from '../parse/gcflags-asm.js';

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
  /** data symbols (type descriptors, itabs), only with keepAsmText */
  data: AsmData[];
  /** go command warnings such as `matched no packages` */
  warnings: string[];
  /** the raw lines of failed builds that are not diagnostics (compile errors) */
  errorLines: string[];
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

  push(chunk: Buffer): void {
    const buf = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    const next = this.markers.map((m) => buf.indexOf(m));
    let pos = 0;
    for (;;) {
      const nl = buf.indexOf(10, pos);
      if (nl < 0) break;
      if (buf[pos] === 9) {
        let hit = this.all;
        for (let k = 0; k < next.length && !hit; k++) {
          if (next[k] !== -1 && next[k] < pos) next[k] = buf.indexOf(this.markers[k], pos);
          if (next[k] !== -1 && next[k] < nl) hit = true;
        }
        if (hit) this.onInstruction(buf.toString('utf8', pos, nl));
      } else if (nl > pos) {
        this.onOther(buf.toString('utf8', pos, nl));
      }
      pos = nl + 1;
    }
    this.rest = pos < buf.length ? Buffer.from(buf.subarray(pos)) : null;
  }

  end(): void {
    if (this.rest && this.rest.length) {
      const line = this.rest.toString('utf8');
      if (this.rest[0] === 9) this.onInstruction(line);
      else this.onOther(line);
    }
    this.rest = null;
  }
}

/** Instruction lines worth decoding: calls (CALL on most targets, JAL on riscv64, Call on wasm,
 *  BL in older listings), itabs, and TEXT (where a function's code comes from: closures copied by
 *  inlining are new symbols declared at the original func literal); `readInstruction` decides. */
export const ASM_MARKERS = ['\tTEXT\t', '\tCALL\t', '\tCALLL\t', '\tBL\t', '\tJAL\t', '\tCall\t', 'go:itab.'];

/** Builds the packages once; nothing is written into the user's tree (-o /dev/null). */
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
  const scanner = new StderrScanner(
    (line) => asm.line(line),
    (line) => {
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
    opts.keepAsmText ? null : ASM_MARKERS,
  );
  const r = await run('go', args, { cwd: opts.dir, env: opts.env, onStderrData: (c) => scanner.push(c) });
  scanner.end();
  return { run: r, m: m.result(), asm: asm.result(), data: asm.dataSymbols(), warnings, errorLines };
}
