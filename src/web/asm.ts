// The compiler's -S text of one function, as structured rows for the assembly view. Pure.
import { relFile } from '../facts/position.js';
import { readInstruction, type AsmFunction } from '../parse/gcflags-asm.js';
import type { AsmLine, AsmResponse } from '../contract/index.js';

const instr = /^0x([0-9a-f]+) \d+ \((.+):(\d+)\)\t(\S+)(?:\t(.*))?$/;
const directives = new Set(['PCDATA', 'FUNCDATA', 'TEXT']);

export function asmLines(fn: AsmFunction, dir: string, limit = Infinity): { lines: AsmLine[]; truncated: boolean } {
  const lines: AsmLine[] = [];
  const text = fn.text ?? [];
  for (const raw of text) {
    if (lines.length >= limit) return { lines, truncated: true };
    const m = instr.exec(raw);
    if (!m) continue;
    const args = m[5] ?? '';
    const l: AsmLine = { offset: parseInt(m[1], 16), file: relFile(dir, m[2]), line: Number(m[3]), op: m[4], args };
    const ins = readInstruction(l.op, args);
    if (ins.call && ins.sym) l.call = ins.sym;
    if (directives.has(l.op)) l.directive = true;
    lines.push(l);
  }
  return { lines, truncated: false };
}

export function asmResponse(fn: AsmFunction, dir: string, goarch: string, limit?: number): AsmResponse {
  const { lines, truncated } = asmLines(fn, dir, limit);
  return { function: fn.name, package: fn.pkg, size: fn.size, goarch, lines, ...(truncated ? { truncated } : {}) };
}
