// Findings of the helper's checks (typed nil), in report form, with a mechanical fix where the
// source makes one obvious: `return x` of a nil-able x becomes a guarded return.
import type { HFinding } from '../parse/helper-protocol.js';
import type { Finding } from '../facts/report.js';
import { toPosition } from '../facts/position.js';

/**
 * `lineOf` reads a line of the analysed packages' own files only (src/toolchain/sources.ts): a
 * finding's position may be a //line label naming any file.
 */
export function findingsOf(hf: HFinding[], dir: string, lineOf: (file: string, line: number) => string | undefined): Finding[] {
  return hf.map((f): Finding => {
    const out: Finding = {
      rule: f.rule,
      position: toPosition(dir, f.pos),
      package: f.package,
      function: f.function,
      operand: f.operand,
      concrete: f.concrete,
      iface: f.iface,
      nilKind: f.nilKind,
      message: f.message,
      related: (f.related ?? []).map((r) => ({ position: toPosition(dir, r.pos), message: r.message })),
      generated: f.generated,
    };
    const text = lineOf(f.pos.file, f.pos.line);
    const m = text !== undefined ? /^(\s*)return (\w+)\s*(\/\/.*)?$/.exec(text) : null;
    if (f.rule === 'typed-nil-return' && m && m[2] === f.operand) {
      const ind = m[1];
      out.fix = {
        description: `return an untyped nil when ${f.operand} is nil`,
        region: { startLine: f.pos.line, startColumn: 1, endLine: f.pos.line, endColumn: text!.length + 1 },
        text: `${ind}if ${f.operand} == nil {\n${ind}\treturn nil\n${ind}}\n${ind}return ${f.operand}${m[3] ? ' ' + m[3] : ''}`,
      };
    }
    return out;
  });
}
