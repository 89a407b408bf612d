// Disassembles functions of a binary with `go tool objdump`, so profile sample addresses can be
// mapped to the instruction (and the runtime call) they came from.
import { run } from './go-command.js';
import { UserError } from './errors.js';
import { firstLine } from './go-env.js';

export interface Instruction {
  address: bigint;
  file: string;
  line: number;
  text: string;
}

export interface Disassembly {
  /** function symbol → instructions sorted by address */
  functions: Map<string, Instruction[]>;
}

const header = /^TEXT (.+)\(SB\) (.*)$/;
const instr = /^\s+(\S+?):(\d+)\t+0x([0-9a-f]+)\t+\S+\t+(.*?)\s*$/;

export function parseObjdump(text: string): Disassembly {
  const functions = new Map<string, Instruction[]>();
  let cur: Instruction[] | undefined;
  for (const l of text.split('\n')) {
    const h = header.exec(l);
    if (h) {
      cur = [];
      functions.set(h[1], cur);
      continue;
    }
    const m = instr.exec(l);
    if (m && cur) cur.push({ address: BigInt('0x' + m[3]), file: m[1], line: Number(m[2]), text: m[4] });
  }
  return { functions };
}

/** Disassembles the functions whose names match `symbols` (exact names). */
export async function disassemble(binary: string, symbols: string[]): Promise<Disassembly> {
  if (symbols.length === 0) return { functions: new Map() };
  const re = `^(${symbols.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`;
  const r = await run('go', ['tool', 'objdump', '-s', re, binary]);
  if (r.exitCode !== 0) throw new UserError(`go tool objdump ${binary}: ${firstLine(r.stderr)}`);
  return parseObjdump(r.stdout);
}

/**
 * The call instruction a profile location's address falls in (pprof addresses point into the
 * call, one byte before the return address), and its ordinal among calls of the same target on
 * the same source line of the function.
 */
export function callAt(d: Disassembly, fn: string, address: bigint): { callee: string; ordinal: number } | undefined {
  const ins = d.functions.get(fn);
  if (!ins || ins.length === 0) return undefined;
  let lo = 0;
  let hi = ins.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ins[mid].address <= address) {
      at = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  if (at < 0) return undefined;
  const m = /^CALL (\S+?)\(SB\)/.exec(ins[at].text);
  if (!m) return undefined;
  const callee = m[1];
  let ordinal = 0;
  for (let k = 0; k < at; k++) {
    if (ins[k].line === ins[at].line && ins[k].file === ins[at].file && ins[k].text.startsWith(`CALL ${callee}(SB)`)) ordinal++;
  }
  return { callee, ordinal };
}
