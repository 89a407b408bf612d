// Parser for the gc compiler's assembly listing (-gcflags=-S), as the go command prints it.
// Reference: cmd/internal/obj (Prog.String / the -S printer) at go1.26. Each instruction line is
//   \t0x000e 00014 (/abs/a.go:19)\tCALL\truntime.convT64(SB)
// where the position is the *innermost* one: code inlined from box() shows box's line.
// We keep only what ifacelens needs: function symbols, calls, and references to static data that
// show how an interface value was built (stmp, staticuint64s, zerobase, zeroVal, go:itab, type:).

/** One instruction of interest in a function's listing. */
export interface AsmRef {
  /** absolute source file of the instruction's innermost position */
  file: string;
  /** 1-based */
  line: number;
  /** byte offset of the instruction in the function */
  offset: number;
  op: string;
  /** the symbol referenced, without (SB) and offsets: runtime.convT64, go:itab.*os.File,io.Writer */
  sym: string;
}

export interface AsmFunction {
  pkg: string;
  /** the linker symbol, e.g. example.com/m/p.(*T).M or example.com/m/p.G[go.shape.int] */
  name: string;
  /** size in bytes of the machine code */
  size: number;
  /** all instructions with source positions, kept only when `keepText` (for the web UI) */
  text?: string[];
  refs: AsmRef[];
}

const header = /^(\S.*?) STEXT\w* .*?\bsize=(\d+)/; // STEXT, or STEXTFIPS in FIPS packages
const instr = /^\t0x([0-9a-f]+) \d+ \((.+):(\d+)\)\t(\S+)(?:\t(.*))?$/;
const interesting = /^(runtime\.|go:itab\.|type:|.*\.\.stmp_|.*\.\.typeAssert\.|.*\.\.interfaceSwitch\.)/;

/** A data symbol of the listing (type descriptors, itabs), kept only with `keepText`. */
export interface AsmData {
  pkg: string;
  name: string;
  /** e.g. SRODATA */
  kind: string;
  size: number;
  /** the symbol's bytes as listed (relocated words are zero) */
  bytes: number[];
  /** relocations: at byte `offset`, `size` bytes refer to `sym` (+ `add`) */
  relocs: { offset: number; size: number; type: string; sym: string; add: number }[];
}

const dataHeader = /^(\S.*?) (S[A-Z]+)\b.*?\bsize=(\d+)/;
const hexLine = /^\t0x([0-9a-f]{4}) ((?:[0-9a-f]{2} )*[0-9a-f]{2})/;
const relLine = /^\trel (\d+)\+(\d+) t=(\S+) (.+?)\+(-?\d+)$/;

export class GcflagsAsmParser {
  private pkg = '';
  private fns: AsmFunction[] = [];
  private cur: AsmFunction | undefined;
  private data: AsmData[] = [];
  private curData: AsmData | undefined;

  constructor(private readonly keepText = false) {}

  line(raw: string): void {
    if (raw.startsWith('# ')) {
      this.pkg = raw.slice(2).trim();
      this.cur = undefined;
      return;
    }
    if (raw.length === 0) return;
    if (raw.charCodeAt(0) !== 9 /* tab */) {
      this.curData = undefined;
      const h = header.exec(raw);
      if (h) {
        this.cur = { pkg: this.pkg, name: h[1], size: Number(h[2]), refs: [] };
        if (this.keepText) this.cur.text = [];
        this.fns.push(this.cur);
      } else if (!raw.startsWith('\t')) {
        // data symbols (SRODATA ...) and diagnostics end the current function
        if (/ S[A-Z]+( |$)/.test(raw)) {
          this.cur = undefined;
          const d = this.keepText ? dataHeader.exec(raw) : null;
          if (d) {
            this.curData = { pkg: this.pkg, name: d[1], kind: d[2], size: Number(d[3]), bytes: [], relocs: [] };
            this.data.push(this.curData);
          }
        }
      }
      return;
    }
    if (this.curData) {
      const hx = hexLine.exec(raw);
      if (hx) {
        const at = parseInt(hx[1], 16);
        hx[2].split(' ').forEach((b, i) => { this.curData!.bytes[at + i] = parseInt(b, 16); });
        return;
      }
      const rl = relLine.exec(raw);
      if (rl) this.curData.relocs.push({ offset: Number(rl[1]), size: Number(rl[2]), type: rl[3], sym: rl[4], add: Number(rl[5]) });
      return;
    }
    if (!this.cur) return;
    const m = instr.exec(raw);
    if (!m) return;
    if (this.cur.text) this.cur.text.push(raw.slice(1));
    const args = m[5] ?? '';
    const op = m[4];
    // Calls, and address/loads of static data: the first operand is the symbol.
    const isCall = op === 'CALL' || op === 'BL' || op === 'JAL';
    const symm = /^([^\s,()]+?)(?:\+\d+)?\(SB\)/.exec(args);
    if (!symm) {
      // indirect call (an interface method or closure): keep the operand, e.g. "CX" or "(R1)"
      if (isCall) this.cur.refs.push({ file: m[2], line: Number(m[3]), offset: parseInt(m[1], 16), op, sym: args.trim() });
      return;
    }
    const sym = symm[1];
    if (isCall || interesting.test(sym)) {
      this.cur.refs.push({ file: m[2], line: Number(m[3]), offset: parseInt(m[1], 16), op, sym });
    }
  }

  result(): AsmFunction[] {
    return this.fns;
  }

  dataSymbols(): AsmData[] {
    return this.data;
  }
}

export function parseGcflagsAsm(text: string, keepText = false): AsmFunction[] {
  const p = new GcflagsAsmParser(keepText);
  for (const l of text.split('\n')) p.line(l);
  return p.result();
}
