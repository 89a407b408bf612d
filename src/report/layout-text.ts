// Text pictures of struct layouts: a byte ruler, each field's bytes, holes and trailing padding.
import pc from 'picocolors';
import type { LayoutReport, LayoutRunReport } from '../contract/layout.js';
import { escapeStrings } from './terminal.js';

export function renderLayoutText(r: LayoutRunReport, opts: { color: boolean; all: boolean }): string {
  r = escapeStrings(r); // untrusted names and text: no terminal control sequences
  const c = pc.createColors(opts.color);
  const out: string[] = [c.bold(`ifacelens layout: ${r.go.version} ${r.go.goos}/${r.go.goarch}`)];
  const list = opts.all ? r.types : r.types.filter((t) => t.declared);
  for (const t of list) {
    out.push('');
    out.push(...renderOne(t, c));
  }
  const worth = r.types.filter((t) => t.optimal.worthIt).length;
  out.push('');
  out.push(
    c.dim(
      `${list.length} struct types${opts.all ? '' : ' declared in the packages (--all adds the boxed types of other packages)'}; ${worth} would gain from a reorder`,
    ),
  );
  return out.join('\n') + '\n';
}

/** One type: header, ruler, fields, verdict, and the better declaration when it pays. */
export function renderOne(t: LayoutReport, c: ReturnType<typeof pc.createColors>): string[] {
  const out: string[] = [];
  const where = t.position ? c.dim(`  ${t.position.file}:${t.position.line}`) : '';
  const cls =
    t.allocPath === 'tiny'
      ? `tiny, ${t.allocatedBytes} B of shared 16-byte blocks`
      : t.allocPath === 'large'
        ? `large, ${t.allocatedBytes} B of pages`
        : t.allocPath === 'none'
          ? 'zero-size'
          : `${t.allocatedBytes}-byte size class ${t.sizeClass}`;
  out.push(`${c.bold(t.name)}: ${t.size} B, align ${t.align}, ${t.padding} B padding, GC scans ${t.ptrBytes} B, boxed or new'ed: ${cls}${where}`);
  // ruler: one character per byte for small structs, per word otherwise
  const unit = t.size <= 64 ? 1 : t.size <= 512 ? 8 : Math.ceil(t.size / 64);
  const cells = Math.ceil(t.size / unit);
  if (t.size > 0 && cells <= 96) {
    const row: string[] = new Array(cells).fill(c.red('.'));
    const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
    t.fields.forEach((f, i) => {
      for (let b = f.offset; b < f.offset + f.size; b += unit)
        row[Math.floor(b / unit)] = (f.ptrBytes > 0 && b < f.offset + f.ptrBytes ? c.cyan : c.green)(letters[i % letters.length]);
    });
    let ruler = '';
    for (let k = 0; k < cells; k += 8) ruler += String(k * unit).padEnd(8);
    out.push(`  ${c.dim(ruler.slice(0, cells))}`);
    out.push(`  ${row.join('')}${unit > 1 ? c.dim(`  (1 cell = ${unit} B)`) : ''}`);
  }
  t.fields.forEach((f, i) => {
    const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
    out.push(
      `  ${letters[i % letters.length]} ${String(f.offset).padStart(5)} +${String(f.size).padEnd(5)} ${f.embedded ? '(embedded) ' : ''}${f.name} ${c.dim(f.type)}${f.ptrBytes ? c.cyan(` [${f.ptrBytes} B scanned]`) : ''}`,
    );
  });
  for (const h of t.holes)
    out.push(c.red(`  . ${String(h.offset).padStart(5)} +${String(h.size).padEnd(5)} ${h.before ? `padding before ${h.before}` : 'trailing padding'}`));
  const o = t.optimal;
  out.push(`  ${o.worthIt ? c.yellow(o.verdict) : c.dim(o.verdict)}`);
  if (o.declaration) {
    out.push(c.dim(`  better order (${o.size} B, GC scans ${o.ptrBytes} B, ${o.exact ? 'exhaustive search' : 'heuristic'}):`));
    for (const l of o.declaration.split('\n')) out.push(`    ${l}`);
  }
  return out;
}
