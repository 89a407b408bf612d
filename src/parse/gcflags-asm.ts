// Parser for the gc compiler's assembly listing (-gcflags=-S), as the go command prints it.
// Reference: cmd/internal/obj (Prog.String / the -S printer) at go1.26. Each instruction line is
//   \t0x000e 00014 (/abs/a.go:19)\tCALL\truntime.convT64(SB)
// where the position is the *innermost* one: code inlined from box() shows box's line.
// We keep only what ifacelens needs: function symbols, calls, and references to static data that
// show how an interface value was built (stmp, staticuint64s, zerobase, zeroVal, go:itab, type:).
import { packageHeader } from './gcflags-m.js';

/** One instruction of interest in a function's listing. */
export interface AsmRef {
  /** absolute source file of the instruction's innermost position */
  file: string;
  /** 1-based */
  line: number;
  /** byte offset of the instruction in the function */
  offset: number;
  op: string;
  /** a call instruction (CALL, BL, riscv64 JAL with a link register, wasm Call) */
  call: boolean;
  /** the symbol referenced, without (SB) and offsets: runtime.convT64, go:itab.*os.File,io.Writer;
   *  for an indirect call, the runtime symbol its register was loaded with, else the operand (CX, (R1)) */
  sym: string;
}

export interface AsmFunction {
  pkg: string;
  /** the build variant of the compile (`# pkg [variant]`), as in gcflags-m's records */
  variant?: string;
  /** the linker symbol, e.g. example.com/m/p.(*T).M or example.com/m/p.G[go.shape.int] */
  name: string;
  /** size in bytes of the machine code */
  size: number;
  /** position of the TEXT directive: where the function (or func literal) is declared */
  textPos?: { file: string; line: number };
  /** all instructions with source positions, kept only when `keepText` (for the web UI) */
  text?: string[];
  refs: AsmRef[];
}

// `name STEXT size=N ...` (STEXT, or STEXTFIPS in FIPS packages). The name ends at the first
// ` STEXT\w* ` and size= is looked for after it, in two steps: as one regular expression
// (/^(\S.*?) STEXT\w* .*?\bsize=(\d+)/) a long line without size= took quadratic time, every later
// ` STEXT ` restarting the scan, though none can succeed where the first failed. Same for data.
const header = /^(\S.*?) STEXT\w* /;
const sizeField = /^.*?\bsize=(\d+)/;
const instr = /^\t0x([0-9a-f]+) \d+ \((.+):(\d+)\)\t(\S+)(?:\t(.*))?$/;
const interesting = /^(runtime\.|go:itab\.|type:|.*\.\.stmp_|.*\.\.typeAssert\.|.*\.\.interfaceSwitch\.)/;

/** A data symbol of the listing (type descriptors, itabs), kept only with `keepText`. */
export interface AsmData {
  pkg: string;
  /** the build variant of the compile, as for AsmFunction */
  variant?: string;
  name: string;
  /** e.g. SRODATA */
  kind: string;
  size: number;
  /** the symbol's bytes as listed (relocated words are zero) */
  bytes: number[];
  /** relocations: at byte `offset`, `size` bytes refer to `sym` (+ `add`) */
  relocs: { offset: number; size: number; type: string; sym: string; add: number }[];
}

const dataHeader = /^(\S.*?) (S[A-Z]+)\b/;
const hexLine = /^\t0x([0-9a-f]{4}) ((?:[0-9a-f]{2} )*[0-9a-f]{2})/;
const relLine = /^\trel (\d+)\+(\d+) t=(\S+) (.+?)\+(-?\d+)$/;

export class GcflagsAsmParser {
  private pkg = '';
  private v: { variant?: string } = {};
  private fns: AsmFunction[] = [];
  private cur: AsmFunction | undefined;
  private data: AsmData[] = [];
  private curData: AsmData | undefined;

  constructor(private readonly keepText = false) {}

  line(raw: string): void {
    if (raw.startsWith('# ')) {
      const h = packageHeader(raw);
      this.pkg = h.pkg;
      this.v = h.variant ? { variant: h.variant } : {};
      this.cur = undefined;
      this.curData = undefined;
      return;
    }
    if (raw.length === 0) return;
    if (raw.charCodeAt(0) !== 9 /* tab */) {
      this.curData = undefined;
      const h = header.exec(raw);
      const size = h && sizeField.exec(raw.slice(h[0].length));
      if (h && size) {
        this.cur = { pkg: this.pkg, ...this.v, name: h[1], size: Number(size[1]), refs: [] };
        this.regSym.clear();
        if (this.keepText) this.cur.text = [];
        this.fns.push(this.cur);
      } else if (!raw.startsWith('\t')) {
        // data symbols (SRODATA ...) and diagnostics end the current function
        if (/ S[A-Z]+( |$)/.test(raw)) {
          this.cur = undefined;
          const d = this.keepText ? dataHeader.exec(raw) : null;
          const size = d && sizeField.exec(raw.slice(d[0].length));
          if (d && size) {
            this.curData = { pkg: this.pkg, ...this.v, name: d[1], kind: d[2], size: Number(size[1]), bytes: [], relocs: [] };
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
        hx[2].split(' ').forEach((b, i) => {
          this.curData!.bytes[at + i] = parseInt(b, 16);
        });
        return;
      }
      const rl = relLine.exec(raw);
      if (rl) this.curData.relocs.push({ offset: Number(rl[1]), size: Number(rl[2]), type: rl[3], sym: rl[4], add: Number(rl[5]) });
      return;
    }
    if (!this.cur) return;
    // instr matches no line with a line terminator in it (`.` stops there), and would retry every
    // `:N)\t` of such a line to the end: quadratic time
    if (/[\r\u2028\u2029]/.test(raw)) return;
    const m = instr.exec(raw);
    if (!m) return;
    if (this.cur.text) this.cur.text.push(raw.slice(1));
    const op = m[4];
    if (op === 'TEXT' && !this.cur.textPos) this.cur.textPos = { file: m[2], line: Number(m[3]) };
    const ins = readInstruction(op, m[5] ?? '');
    const at = { file: m[2], line: Number(m[3]), offset: parseInt(m[1], 16), op: m[4], call: ins.call };
    // An indirect call through a register that was just loaded with a symbol's address calls
    // that symbol (seen with -dynlink on some targets); remember such loads until overwritten.
    if (ins.dest) this.regSym.delete(ins.dest);
    if (ins.call && !ins.sym) {
      // the target is the last operand: CALL AX, CALL (R0), JALR X1, X5, BCL $20, CR0LT, $1, LR
      const target = ins.operands[ins.operands.length - 1] ?? '';
      const via = this.regSym.get(target.replace(/^\((.*)\)$/, '$1'));
      this.cur.refs.push({ ...at, sym: via ?? target });
      return;
    }
    if (!ins.sym || op === 'FUNCDATA' || op === 'PCDATA') return;
    if (!ins.call && ins.dest && ins.immediate) this.regSym.set(ins.dest, ins.sym);
    if (ins.call || interesting.test(ins.sym)) this.cur.refs.push({ ...at, sym: ins.sym });
  }

  private regSym = new Map<string, string>();

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

/** What one instruction says, whatever the architecture's syntax. */
export interface Instruction {
  call: boolean;
  /** the static symbol operand (without $, TOC., offset and (SB)), if any */
  sym?: string;
  /** the symbol is an address taken as an immediate ($sym(SB)) */
  immediate: boolean;
  /** the register the instruction writes when its last operand is a plain register */
  dest?: string;
  operands: string[];
}

// Call mnemonics of every GOARCH the gc compiler targets (recorded in testdata/gc/go1.26/calls.*):
// CALL (x86, arm, arm64, ppc64, s390x, mips, loong64; `CALL AX`, `CALL (R0)`, `CALL R1` when
// indirect), BL (older arm/ppc64 listings), JAL/JALR with a link register (riscv64; JAL X0 and
// JALR X0 jump or return), Call and CallIndirect (wasm), BCL to LR or CTR (ppc64's indirect call,
// `MOVD R12, LR; BCL $20, CR0LT, $1, LR`).
const callOps = new Set(['CALL', 'CALLL', 'BL', 'Call', 'CallIndirect']);
const register = /^[A-Z][A-Z0-9_]*$/;

/** Splits an operand list at ", " outside brackets: symbols such as G[go.shape.struct { A int; B int }] or go:itab.*T,io.Writer contain separators. */
export function splitOperands(args: string): string[] {
  return splitTopLevel(args, ', ');
}

/** Splits `text` at `sep` outside brackets, trimmed, empty parts dropped (type lists: ','; operands: ', '). */
export function splitTopLevel(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[' || c === '{' || c === '(') depth++;
    else if (c === ']' || c === '}' || c === ')') depth--;
    else if (depth === 0 && text.startsWith(sep, i)) {
      out.push(text.slice(start, i));
      start = i + sep.length;
      i += sep.length - 1;
    }
  }
  if (start < text.length) out.push(text.slice(start));
  return out.map((o) => o.trim()).filter((o) => o.length > 0);
}

const symOperand = /^(\$)?(?:TOC\.)?(.+?)(?:[+-]\d+)?\(SB\)$/;

export function readInstruction(op: string, args: string): Instruction {
  const operands = splitOperands(args);
  let call = callOps.has(op);
  let symOps = operands;
  if (op === 'JAL' || op === 'JALR') {
    // riscv64: JAL X1, runtime.convT64(SB) and JALR X1, X5 call; JAL X0, $-16 jumps, JALR X0, X1 returns
    call = operands.length >= 2 && operands[0] !== 'X0' && operands[0] !== 'ZERO';
    symOps = operands.slice(1);
  } else if (op === 'BCL') {
    // ppc64: BCL $20, CR0LT, $1, LR branches always to LR (or CTR) and links
    const target = operands[operands.length - 1];
    call = target === 'LR' || target === 'CTR';
  }
  const ins: Instruction = { call, immediate: false, operands };
  for (const o of symOps) {
    const m = symOperand.exec(o);
    if (m) {
      ins.sym = m[2];
      ins.immediate = !!m[1];
      break;
    }
  }
  const last = operands[operands.length - 1];
  if (!call && operands.length >= 2 && last && register.test(last)) ins.dest = last;
  return ins;
}
