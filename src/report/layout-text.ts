// Text pictures of struct layouts: a byte ruler, each field's bytes, holes and trailing padding.
// Types are ranked by what a reorder saves the user: bytes per boxed or new'ed object first (a
// smaller size class), then pointer bytes the GC scans; the rest keep their order.
import pc from 'picocolors';
import type { LayoutReport, LayoutRunReport } from '../contract/layout.js';
import { escapeStrings } from './terminal.js';

type Colors = ReturnType<typeof pc.createColors>;

export function renderLayoutText(r: LayoutRunReport, opts: { color: boolean; all: boolean }): string {
  r = escapeStrings(r); // untrusted names and text: no terminal control sequences
  const c = pc.createColors(opts.color);
  const out: string[] = [c.bold(`ifacelens layout: ${r.go.version} ${r.go.goos}/${r.go.goarch}`)];
  const list = rankLayouts(opts.all ? r.types : r.types.filter((t) => t.declared));
  for (const t of list) {
    out.push('');
    out.push(...renderOne(t, c));
  }
  const byGain = { class: 0, pointers: 0, none: 0 };
  for (const t of list) byGain[reorderGain(t)]++;
  out.push('');
  const gains = [
    byGain.class ? `${byGain.class} would take a smaller size class when boxed or new'ed` : '',
    byGain.pointers ? `${byGain.pointers} would only have fewer pointer bytes for the GC to scan` : '',
  ].filter(Boolean);
  out.push(
    c.dim(
      `${plural(list.length, 'struct type')}${opts.all ? '' : ' declared in the packages (--all adds the boxed types of other packages)'}; ` +
        (gains.length ? gains.join(', ') : 'no reorder would take a smaller size class or fewer pointer bytes'),
    ),
  );
  return out.join('\n') + '\n';
}

/** What a reorder of this type saves: a size class (bytes per object), only pointer bytes, or nothing. */
export function reorderGain(t: LayoutReport): 'class' | 'pointers' | 'none' {
  if (!t.optimal.worthIt) return 'none';
  return t.optimal.savesBytes > 0 ? 'class' : 'pointers';
}

/** Most bytes per boxed or new'ed object saved first, then most pointer bytes; otherwise as given. */
export function rankLayouts(types: LayoutReport[]): LayoutReport[] {
  const saved = (t: LayoutReport) => (t.optimal.worthIt ? Math.max(0, t.optimal.savesBytes) : 0);
  const ptrSaved = (t: LayoutReport) => (t.optimal.worthIt ? Math.max(0, t.ptrBytes - t.optimal.ptrBytes) : 0);
  return types
    .map((t, i) => ({ t, i }))
    .sort((a, b) => saved(b.t) - saved(a.t) || ptrSaved(b.t) - ptrSaved(a.t) || a.i - b.i)
    .map((x) => x.t);
}

/** What one object of the type costs when boxed or new'ed: `24-byte size class 3`, … */
function classText(bytes: number, sizeClass: number, path: LayoutReport['allocPath']): string {
  if (path === 'tiny') return `tiny, ${fmt(bytes)} B of shared 16-byte blocks`;
  if (path === 'large') return `large, ${fmt(bytes)} B of pages`;
  if (path === 'none') return 'zero-size';
  return `${fmt(bytes)}-byte size class ${sizeClass}`;
}

/**
 * The verdict on a better order, in words, from the figures (the JSON's `optimal.verdict` keeps
 * its own wording): what the user pays per boxed or new'ed object first, then the pointer bytes.
 */
export function verdictText(t: LayoutReport): string {
  const o = t.optimal;
  const gc = o.ptrBytes !== t.ptrBytes ? `GC scans ${t.ptrBytes} → ${o.ptrBytes} B` : '';
  if (o.size === t.size && o.ptrBytes === t.ptrBytes) return 'already optimal: no order is smaller or scans fewer pointer bytes';
  const perObject = "per boxed or new'ed object";
  const gain = reorderGain(t);
  if (gain === 'class') {
    // the struct's own size only when it is not the object's (size-class rounding, tiny blocks)
    const struct = t.size !== t.allocatedBytes || o.size !== o.allocatedBytes ? ` (the struct ${t.size} → ${o.size} B)` : '';
    return `reorder: ${fmt(t.allocatedBytes)} → ${fmt(o.allocatedBytes)} B ${perObject}${struct}${gc ? `, ${gc}` : ''}`;
  }
  const stays = `${fmt(t.allocatedBytes)} B ${perObject} either way`;
  if (gain === 'pointers') {
    const shrinks = o.size < t.size ? `; the struct shrinks ${t.size} → ${o.size} B but its size class does not (${stays})` : ` (${stays})`;
    return `reorder for the GC only: it scans ${t.ptrBytes} → ${o.ptrBytes} B of each object${shrinks}`;
  }
  return (
    `reordering shrinks the struct ${t.size} → ${o.size} B but not its size class (${stays})` +
    (gc ? `, and the GC would scan ${t.ptrBytes} → ${o.ptrBytes} B` : '') +
    ': it pays only in arrays, slices and structs that hold it'
  );
}

/** Labels every 8 cells of a ruler `cells` wide; the last label is never cut (it may run past). */
export function rulerText(cells: number, unit: number): string {
  let ruler = '';
  for (let k = 0; k < cells; k += 8) ruler = ruler.padEnd(k) + String(k * unit);
  return ruler;
}

/** Bytes per ruler cell: one byte for small structs, a word (8 B) up to 512 B, a multiple of 8 beyond. */
export function rulerUnit(size: number): number {
  return size <= 64 ? 1 : size <= 512 ? 8 : Math.ceil(size / 512) * 8;
}

/** One type: header, ruler, fields, verdict, and the better declaration when it pays. */
export function renderOne(t: LayoutReport, c: Colors): string[] {
  const out: string[] = [];
  const where = t.position ? c.dim(`  ${t.position.file}:${t.position.line}`) : '';
  const cls = classText(t.allocatedBytes, t.sizeClass, t.allocPath);
  out.push(`${c.bold(t.name)}: ${t.size} B, align ${t.align}, ${t.padding} B padding, GC scans ${t.ptrBytes} B, boxed or new'ed: ${cls}${where}`);
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const unit = rulerUnit(t.size);
  const cells = Math.ceil(t.size / unit);
  if (t.size > 0 && cells <= 96) {
    const row: string[] = new Array(cells).fill(c.red('.'));
    t.fields.forEach((f, i) => {
      for (let b = f.offset; b < f.offset + f.size; b += unit)
        row[Math.floor(b / unit)] = (f.ptrBytes > 0 && b < f.offset + f.ptrBytes ? c.cyan : c.green)(letters[i % letters.length]);
    });
    out.push(`  ${c.dim(rulerText(cells, unit))}`);
    out.push(`  ${row.join('')}${unit > 1 ? c.dim(`  (1 cell = ${unit} B)`) : ''}`);
  }
  t.fields.forEach((f, i) => {
    out.push(
      `  ${letters[i % letters.length]} ${String(f.offset).padStart(5)} +${String(f.size).padEnd(5)} ${f.embedded ? '(embedded) ' : ''}${f.name} ${c.dim(f.type)}${f.ptrBytes ? c.cyan(` [${f.ptrBytes} B scanned]`) : ''}`,
    );
  });
  for (const h of t.holes)
    out.push(c.red(`  . ${String(h.offset).padStart(5)} +${String(h.size).padEnd(5)} ${h.before ? `padding before ${h.before}` : 'trailing padding'}`));
  const o = t.optimal;
  const gain = reorderGain(t);
  const verdict = verdictText(t);
  // what the user pays decides the weight: a smaller size class stands out, fewer pointer bytes less
  out.push(`  ${gain === 'class' ? c.bold(c.yellow(verdict)) : gain === 'pointers' ? c.cyan(verdict) : c.dim(verdict)}`);
  if (o.declaration) {
    out.push(c.dim(`  better order (${o.size} B, GC scans ${o.ptrBytes} B, ${o.exact ? 'exhaustive search' : 'heuristic'}):`));
    for (const l of o.declaration.split('\n')) out.push(`    ${l}`);
  }
  return out;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, '');
}
