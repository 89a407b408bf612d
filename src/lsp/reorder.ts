// The code action "reorder the fields" of a struct declaration, offered only where the order of
// `ifacelens layout` drops the struct into a smaller size class, and refused where the order is
// observable: uses that depend on it (the helper's orderUse records: unkeyed literals, unsafe,
// encoding/binary and asn1, sync/atomic, cgo, structs.HostLayout), blank fields (explicit
// padding), and comments the rewritten declaration would not keep.
import type { LayoutReport } from '../contract/layout.js';
import type { Position } from '../contract/report.js';
import type { OrderUseWhy } from '../parse/helper-protocol.js';

/** A 0-based LSP range. */
interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** The `//` and `/* *\/` comments of Go text (strings, raw strings and runes skipped: a tag's backquotes hold no comment). */
export function goComments(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      const j = text.indexOf('\n', i);
      const e = j < 0 ? text.length : j;
      out.push(text.slice(i, e).trim());
      i = e;
    } else if (c === '/' && text[i + 1] === '*') {
      const j = text.indexOf('*/', i + 2);
      const e = j < 0 ? text.length : j + 2;
      out.push(text.slice(i, e));
      i = e;
    } else if (c === '`') {
      const j = text.indexOf('`', i + 1);
      i = j < 0 ? text.length : j + 1;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      i = j + 1;
    } else i++;
  }
  return out;
}

/** What a refused reorder says (tests, logs): the first use that depends on the order. */
export type Refusal = { refused: string };
export type Reorder = { title: string; range: Range; newText: string };

/** The struct's declaration lines, 1-based: its name's line to its closing brace's. */
export function declLines(t: LayoutReport): { first: number; last: number } | undefined {
  if (!t.typeRange) return undefined;
  return { first: Math.min(t.position?.line ?? t.typeRange.start.line, t.typeRange.start.line), last: t.typeRange.end.line };
}

/**
 * The edit that reorders `t`'s fields in the document (`line(n)`: its 0-based line n; `utf16`:
 * a byte column as an LSP character), formatted by `format` (gofmt of a small file), or why not.
 */
export async function reorderEdit(
  t: LayoutReport,
  uses: { why: OrderUseWhy; position: Position }[],
  goarch: string,
  line: (n: number) => string,
  utf16: (text: string, byteCol: number) => number,
  format: (source: string) => Promise<string>,
): Promise<Reorder | Refusal | undefined> {
  const o = t.optimal;
  if (!t.declared || !t.typeRange || !o.declaration || !(o.allocatedBytes < t.allocatedBytes)) return undefined;
  const short = t.name.replace(/^.*\./, '');
  if (uses.length) {
    const u = uses[0];
    return { refused: `${short}: ${u.why} at ${u.position.file}:${u.position.line}` };
  }
  if (t.fields.some((f) => f.name === '_')) return { refused: `${short}: blank fields (explicit padding)` };
  const { start, end } = t.typeRange;
  const first = line(start.line - 1);
  const range: Range = {
    start: { line: start.line - 1, character: utf16(first, start.column) },
    end: { line: end.line - 1, character: utf16(line(end.line - 1), end.column) },
  };
  const lines: string[] = [];
  for (let n = start.line - 1; n <= end.line - 1; n++) lines.push(line(n));
  lines[lines.length - 1] = lines[lines.length - 1].slice(0, range.end.character);
  lines[0] = lines[0].slice(range.start.character);
  const old = lines.join('\n');
  if (!/^struct\s*\{/.test(old) || !old.endsWith('}')) return { refused: `${short}: the declaration is not where the analysis saw it` };
  const body = o.declaration.slice(o.declaration.indexOf('struct'));
  const before = new Set(goComments(old));
  const after = new Set(goComments(body));
  if ([...before].some((c) => !after.has(c)) || [...after].some((c) => !before.has(c))) {
    return { refused: `${short}: comments that are not a field's own would be lost` };
  }
  const formatted = await format(`package p\n\ntype ${short} ${body}\n`);
  const head = `type ${short} `;
  const at = formatted.indexOf(head);
  if (at < 0) return { refused: `${short}: gofmt changed the declaration` };
  const indent = /^\s*/.exec(first)![0];
  const newText = formatted
    .slice(at + head.length)
    .trimEnd()
    .split('\n')
    .map((l, i) => (i === 0 || l === '' ? l : indent + l))
    .join('\n');
  const title = `ifacelens: reorder ${short}'s fields: ${t.size} → ${o.size} B on ${goarch}, a smaller size class (${t.allocatedBytes} → ${o.allocatedBytes} B per boxed or new'ed ${short})`;
  return { title, range, newText };
}
