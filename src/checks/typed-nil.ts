// The typed-nil check: a nil pointer (map, slice, func, chan) stored into an interface makes an
// interface that is not nil. The helper finds the flows on SSA (helper/typednil*.go); this turns
// its records into findings, with a mechanical fix where the source makes one obvious: `return x`
// of a nil-able x becomes a guarded return.
import type { Finding } from '../contract/report.js';
import { toPosition } from '../facts/position.js';
import type { Check, CheckContext } from './check.js';

export const typedNil: Check = {
  name: 'typed-nil',
  doc: 'An interface value is nil only when both words are nil. Storing a nil pointer of a concrete type sets the type word (itab), so the interface compares != nil although its data word is nil. Return or store an untyped nil instead on the paths where the value is nil.',
  docPage: 'docs/typed-nil.md',
  helper: 'typed-nil',
  level: 'warning',
  noun: ['typed-nil finding', 'typed-nil findings'],
  footer: 'always',
  rules: [
    { id: 'typed-nil-return', short: 'a nil pointer (or map, slice, func, chan) returned as an interface: callers see a non-nil interface' },
    { id: 'typed-nil-assign', short: 'a nil pointer (or map, slice, func, chan) stored into an interface-typed variable, field or element' },
    { id: 'typed-nil-argument', short: 'a nil pointer (or map, slice, func, chan) passed as an interface argument' },
    { id: 'typed-nil-compare', short: 'a comparison of an interface holding a typed nil with nil: never true' },
  ],
  run: findTypedNil,
};

/**
 * `lineOf` reads a line of the analysed packages' own files only (src/toolchain/sources.ts): a
 * finding's position may be a //line label naming any file.
 */
function findTypedNil({ store, dir, lineOf, generated }: CheckContext): Finding[] {
  const hf = generated ? store.findings : store.findings.filter((f) => !f.generated);
  return hf.map((f): Finding => {
    const out: Finding = {
      check: 'typed-nil',
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
