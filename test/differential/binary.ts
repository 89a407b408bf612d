// The judge's own reading of a Go binary (deliberately independent of src/toolchain/objdump.ts):
// the text symbol table (`go tool nm`), the machine code of chosen functions (`go tool objdump`),
// and type descriptors read straight from the ELF file, so that every allocation sample can be
// mapped to the CALL instruction that made it and, where the compiler passed one, the type of the
// object allocated.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface TextSymbol {
  name: string;
  start: bigint;
  /** exclusive */
  end: bigint;
}

export interface Instruction {
  address: bigint;
  /** encoded length in bytes */
  length: number;
  /** objdump prints the innermost position's base name only */
  base: string;
  line: number;
  text: string;
}

export interface Disassembled {
  name: string;
  /** the file of the TEXT header: where the function itself is declared */
  file: string;
  instructions: Instruction[];
}

function tool(args: string[], what: string): string {
  const r = spawnSync('go', ['tool', ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`go tool ${what}: ${r.stderr || r.error}`);
  return r.stdout;
}

/** Text symbols sorted by address, from `go tool nm -size -sort address`. */
export function textSymbols(binary: string): TextSymbol[] {
  const out: TextSymbol[] = [];
  for (const l of tool(['nm', '-size', '-sort', 'address', binary], 'nm').split('\n')) {
    const m = /^\s*([0-9a-f]+)\s+(\d+)\s+([Tt])\s+(.+)$/.exec(l);
    if (!m) continue;
    const start = BigInt('0x' + m[1]);
    out.push({ name: m[4], start, end: start + BigInt(m[2]) });
  }
  return out;
}

/** Address of a data symbol (the start of the type descriptors: `type:*`). */
export function dataSymbol(binary: string, name: string): bigint | undefined {
  for (const l of tool(['nm', binary], 'nm').split('\n')) {
    const m = /^\s*([0-9a-f]+)\s+\S\s+(.+)$/.exec(l);
    if (m && m[2] === name) return BigInt('0x' + m[1]);
  }
  return undefined;
}

export function symbolAt(syms: TextSymbol[], address: bigint): TextSymbol | undefined {
  let lo = 0;
  let hi = syms.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (syms[mid].start <= address) lo = mid + 1;
    else hi = mid - 1;
  }
  const s = syms[hi];
  return s && address < s.end ? s : undefined;
}

const reQuote = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const header = /^TEXT (.+)\(SB\) (.*)$/;
const instr = /^\s+(\S+?):(\d+)\t+0x([0-9a-f]+)\t+([0-9a-f]+)\t+(.*?)\s*$/;

/** Disassembles exactly the named functions (batched `go tool objdump -s '^(a|b)$'`). */
export function disassemble(binary: string, names: string[]): Map<string, Disassembled> {
  const out = new Map<string, Disassembled>();
  const uniq = [...new Set(names)];
  for (let i = 0; i < uniq.length; i += 150) {
    const re = `^(${uniq
      .slice(i, i + 150)
      .map(reQuote)
      .join('|')})$`;
    let cur: Disassembled | undefined;
    for (const l of tool(['objdump', '-s', re, binary], 'objdump').split('\n')) {
      const h = header.exec(l);
      if (h) {
        cur = { name: h[1], file: h[2], instructions: [] };
        out.set(h[1], cur);
        continue;
      }
      const m = instr.exec(l);
      if (m && cur) {
        cur.instructions.push({ address: BigInt('0x' + m[3]), length: m[4].length / 2, base: m[1], line: Number(m[2]), text: m[5] });
      }
    }
  }
  return out;
}

/** The instruction containing `address`. */
export function instructionAt(fn: Disassembled, address: bigint): { index: number; ins: Instruction } | undefined {
  const ins = fn.instructions;
  for (let k = ins.length - 1; k >= 0; k--) {
    if (ins[k].address <= address) return address < ins[k].address + BigInt(ins[k].length) ? { index: k, ins: ins[k] } : undefined;
  }
  return undefined;
}

/** `CALL runtime.convT64(SB)` → `runtime.convT64`; an indirect call → `*reg`. */
export function callTarget(ins: Instruction): string | undefined {
  const m = /^CALL (\S+?)\(SB\)/.exec(ins.text);
  if (m) return m[1];
  const r = /^CALL (\S+)$/.exec(ins.text);
  return r ? `*${r[1]}` : undefined;
}

/**
 * The address loaded into AX (the first argument register of ABIInternal on amd64: the *_type
 * of newobject, convT and convTnoptr) by the closest `LEAQ disp(IP), AX` before instruction
 * `index`, looking back over straight-line code only.
 */
export function typeArgument(fn: Disassembled, index: number): bigint | undefined {
  for (let k = index - 1; k >= 0 && k >= index - 8; k--) {
    const t = fn.instructions[k].text;
    if (/^(CALL|JMP|RET|J[A-Z]+ )/.test(t)) return undefined;
    if (!/, AX$/.test(t)) continue;
    const m = /^LEAQ (-?)0x([0-9a-f]+)\(IP\), AX$/.exec(t);
    if (!m) return undefined;
    const next = fn.instructions[k].address + BigInt(fn.instructions[k].length);
    const disp = BigInt('0x' + m[2]);
    return m[1] ? next - disp : next + disp;
  }
  return undefined;
}

export interface TypeInfo {
  size: number;
  kind: number;
  name: string;
  /** for arrays: the element's kind */
  elemKind?: number;
}

export const KIND_ARRAY = 17;
export const KIND_INTERFACE = 20;

/** Reads runtime type descriptors (internal/abi.Type, 64-bit little-endian ELF) from the binary. */
export class TypeReader {
  private buf: Buffer;
  private sections: { addr: bigint; size: bigint; offset: number }[] = [];
  constructor(
    binary: string,
    private typesBase: bigint | undefined,
  ) {
    this.buf = readFileSync(binary);
    const b = this.buf;
    if (b.readUInt32BE(0) !== 0x7f454c46 || b[4] !== 2 || b[5] !== 1) return; // not ELF64 LE: no type facts
    const shoff = Number(b.readBigUInt64LE(0x28));
    const shentsize = b.readUInt16LE(0x3a);
    const shnum = b.readUInt16LE(0x3c);
    for (let i = 0; i < shnum; i++) {
      const o = shoff + i * shentsize;
      const type = b.readUInt32LE(o + 4);
      if (type === 8 /* SHT_NOBITS */ || type === 0) continue;
      this.sections.push({ addr: b.readBigUInt64LE(o + 0x10), offset: Number(b.readBigUInt64LE(o + 0x18)), size: b.readBigUInt64LE(o + 0x20) });
    }
  }

  private at(addr: bigint, n: number): Buffer | undefined {
    for (const s of this.sections) {
      if (s.addr !== 0n && addr >= s.addr && addr + BigInt(n) <= s.addr + s.size) {
        const off = s.offset + Number(addr - s.addr);
        return this.buf.subarray(off, off + n);
      }
    }
    return undefined;
  }

  private name(off: number): string | undefined {
    if (this.typesBase === undefined) return undefined;
    const head = this.at(this.typesBase + BigInt(off), 12);
    if (!head) return undefined;
    let len = 0;
    let shift = 0;
    let i = 1;
    for (; i < head.length; i++) {
      len |= (head[i] & 0x7f) << shift;
      shift += 7;
      if ((head[i] & 0x80) === 0) break;
    }
    const bytes = this.at(this.typesBase + BigInt(off + i + 1), len);
    return bytes?.toString('utf8');
  }

  type(addr: bigint): TypeInfo | undefined {
    const t = this.at(addr, 72);
    if (!t) return undefined;
    const size = Number(t.readBigUInt64LE(0));
    const tflag = t[20];
    const kind = t[23] & 0x1f;
    let name = this.name(t.readInt32LE(40)) ?? '?';
    if (tflag & 2 && name.startsWith('*')) name = name.slice(1); // TFlagExtraStar
    const info: TypeInfo = { size, kind, name };
    if (kind === KIND_ARRAY) {
      const elem = this.at(t.readBigUInt64LE(48), 24);
      if (elem) info.elemKind = elem[23] & 0x1f;
    }
    return info;
  }
}
