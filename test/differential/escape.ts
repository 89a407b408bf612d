// The judge's own reading of the compiler's `-m=2` escape explanations, from a separate build
// of the same packages (the diagnostics do not change the code). Used only to tell why a
// runtime.newobject in the binary allocates: a heap move through an interface conversion, a
// `...` argument's backing array, an argument of a dynamic call, or something else.
import { resolve } from 'node:path';

export interface Step {
  what: string;
  note: string;
  /** absolute file, line */
  file: string;
  line: number;
}

export interface Escape {
  file: string;
  line: number;
  column: number;
  /** `t`, `&T{...}`, `new(T)`, `... argument`, `func literal`, … */
  subject: string;
  /** each `flow:` of its explanation, as its `from … (note) at …` steps */
  flows: Step[][];
  /** `moved to heap: t` printed for it (a variable) rather than `… escapes to heap` */
  moved: boolean;
}

const pos = /^(.+?\.go):(\d+):(\d+): (.*)$/;

/**
 * Parses `go build -gcflags=-m=2` stderr (relative paths are relative to `cwd`). The compiler
 * sorts its diagnostics by position, so the lines of one explanation are those at its position:
 * a `from …` line at another position belongs to another explanation.
 */
export function parseEscapes(text: string, cwd: string): Escape[] {
  const out: Escape[] = [];
  const open = new Map<string, { e: Escape; flow?: Step[] }>();
  for (const l of text.split('\n')) {
    const m = pos.exec(l);
    if (!m) continue;
    const file = resolve(cwd, m[1]);
    const line = Number(m[2]);
    const column = Number(m[3]);
    const msg = m[4];
    const key = `${file}:${line}:${column}`;
    const cur = open.get(key);
    let r: RegExpExecArray | null;
    if ((r = /^(.*) escapes to heap in (.+):$/.exec(msg))) {
      const e: Escape = { file, line, column, subject: r[1], flows: [], moved: false };
      open.set(key, { e });
      out.push(e);
    } else if (/^\s+flow: /.test(msg)) {
      if (cur) cur.e.flows.push((cur.flow = []));
    } else if ((r = /^\s+from (.*) \(([^()]+)\) at (.+?\.go):(\d+):\d+$/.exec(msg))) {
      cur?.flow?.push({ what: r[1], note: r[2], file: resolve(cwd, r[3]), line: Number(r[4]) });
    } else if ((r = /^moved to heap: (.+)$/.exec(msg))) {
      const e = [...out].reverse().find((x) => x.file === file && x.line === line && x.column === column && x.subject === r![1]);
      if (e) e.moved = true;
      else out.push({ file, line, column, subject: r[1], flows: [], moved: true });
      open.delete(key);
    } else if (!/^\s/.test(msg)) {
      // another diagnostic at this position (a verdict, a parameter's leak, …) ends its explanation
      open.delete(key);
    }
  }
  return out;
}

/** Escapes by `file:line`. */
export function byLine(escapes: Escape[]): Map<string, Escape[]> {
  const m = new Map<string, Escape[]>();
  for (const e of escapes) {
    const k = `${e.file}:${e.line}`;
    let l = m.get(k);
    if (!l) m.set(k, (l = []));
    l.push(e);
  }
  return m;
}

export const throughInterface = (e: Escape) => e.flows.some((f) => f.some((s) => s.note === 'interface-converted'));

/** Steps that keep the converted value the allocation itself (`&x`, `&x.f`, `&x[i]`, `&T{...}`, `new(T)`). */
const DIRECT = new Set(['address-of', 'spill', 'dot', 'fixed-array-index-of']);

/**
 * The allocation is itself the operand of the conversion: every step of the explanation before
 * the first interface conversion only takes its address (no assignment, return, call, field of a
 * pointer, or element of a literal in between).
 */
export function directlyConverted(e: Escape): boolean {
  return directlyReaches(e, (s) => s.note === 'interface-converted');
}

/** Every step of the explanation before the first step `at` only takes the allocation's address (or slices it). */
export function directlyReaches(e: Escape, at: (s: Step) => boolean): boolean {
  for (const f of e.flows) {
    for (const s of f) {
      if (at(s)) return true;
      if (!DIRECT.has(s.note) && s.note !== 'slice') return false;
    }
  }
  return false;
}

/** The type a literal subject allocates (`&T{...}`, `new(T)`), without its package; undefined for variables and others. */
export function subjectType(subject: string): string | undefined {
  const m = /^&(.+?)\{\.\.\.\}$/.exec(subject) ?? /^new\((.+)\)$/.exec(subject);
  if (!m) return undefined;
  return m[1].replace(/\[.*\]$/, '').replace(/^.*\./, '');
}

/** Subjects whose storage is never a runtime.newobject (strings, slices made by make/append/conversions, constants). */
const NOT_NEWOBJECT = /^(string\(|\(\[\]|\[\]byte\(|\[\]rune\(|make\(|append\(|"|`|[0-9])/;
/** A method value (`x.M`, `T(v).M`): a closure object like a func literal. */
const METHOD_VALUE = /^[\w.()*[\] ]+\.\w+$/;

/**
 * The escapes at one line that can be the allocation of an object of the given type (from the
 * binary's type descriptor; unknown when the call was not passed one we could read): a closure
 * type is a func literal or method value; otherwise a literal of that type, or for arrays a
 * `...` argument or a slice literal's backing array, or a moved variable.
 */
export function candidates(here: Escape[], type: { name: string; kind: number } | undefined): Escape[] {
  const possible = here.filter((e) => !NOT_NEWOBJECT.test(e.subject));
  if (!type) return possible;
  if (/^struct \{ F uintptr\b/.test(type.name)) return possible.filter((e) => e.subject === 'func literal' || (METHOD_VALUE.test(e.subject) && !e.moved));
  const rest = possible.filter((e) => e.subject !== 'func literal' && !(METHOD_VALUE.test(e.subject) && !e.moved));
  const short = type.name.replace(/\[.*\]$/, '').replace(/^.*\./, '');
  const lit = rest.filter((e) => subjectType(e.subject) === short);
  if (lit.length) return lit;
  const ARRAY = 17;
  return rest.filter(
    (e) => e.moved || (type.kind === ARRAY && (e.subject === '... argument' || (/\{\.\.\.\}$/.test(e.subject) && !e.subject.startsWith('&')))),
  );
}
