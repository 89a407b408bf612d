// Text diagrams for `ifacelens explain`: the site's memory picture box by box — the interface
// value's words, the itab, the type descriptor, and what the data word points at, where it lives.
// The web UI draws the same picture (web/src/diagrams/memory.tsx).
import pc from 'picocolors';
import type { ExplainReport, MemoryPicture, PictureBox, PictureRow, Region } from '../contract/explain.js';
import type { SiteReport } from '../contract/report.js';

/** Where a box lives, in words. */
export const regionText: Record<Region, string> = {
  value: 'the interface value',
  heap: 'heap',
  stack: 'stack',
  rodata: 'read-only data',
  data: 'static data',
  bss: 'zeroed static data',
  offheap: 'runtime memory outside the GC heap',
  unknown: 'not fixed by this site',
};

import { renderOne } from './layout-text.js';
import { escapeStrings } from './terminal.js';
import { reasonText } from './reason.js';

type Colors = ReturnType<typeof pc.createColors>;

export function renderExplainText(r: ExplainReport, opts: { color: boolean }): string {
  r = escapeStrings(r); // untrusted names and text: no terminal control sequences
  const c = pc.createColors(opts.color);
  const out: string[] = [c.bold(`ifacelens explain: ${r.go.version} ${r.go.goos}/${r.go.goarch}`)];
  for (const e of r.explanations) {
    const s = e.site;
    out.push('');
    const what =
      s.kind === 'heap-move' || s.kind === 'variadic-slice' ? (s.object?.type ?? '') : `${s.source?.type ?? ''}${s.target ? ` → ${s.target.type}` : ''}`;
    out.push(`${c.bold(`${s.position.file}:${s.position.line}:${s.position.column}`)} ${c.cyan(s.kind)} ${what} in ${s.function}`);
    out.push(`  ${costText(s, c)}: ${reasonText(s, { flow: false })}`);
    out.push(...renderPicture(e.picture, c));
    if (e.typedNil) {
      const tn = e.typedNil;
      const root = tn.picture.boxes.find((b) => b.id === tn.picture.root);
      out.push('');
      out.push(`  ${c.yellow(tn.rule)}: ${tn.message}`);
      out.push(`  when it is nil, the interface value is:`);
      if (root) out.push(...wordTable(root, tn.picture, c, '= nil'));
      out.push(`  and so compares != nil: only an interface with both words nil is nil`);
    }
  }
  return out.join('\n') + '\n';
}

/** One execution's cost: `16 B, 1 alloc per execution`, `no allocation`, or unknown (never "no allocation"). */
function costText(s: SiteReport, c: Colors): string {
  if (s.allocates === null) return c.yellow('cost unknown');
  if (!s.allocates) return c.green('no allocation');
  const bytes = s.bytesPerOp === null ? '? B' : `${fmt(s.bytesPerOp)} B`;
  const allocs = s.allocsPerOp === null ? '? allocs' : `${s.allocsPerOp} alloc${s.allocsPerOp === 1 ? '' : 's'}`;
  return c.red(`${bytes}, ${allocs} per execution`);
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, '');
}

/** Every box of a picture, the root first: word tables for values, field lines for the rest. */
export function renderPicture(p: MemoryPicture, c: Colors): string[] {
  const out: string[] = [];
  for (const b of p.boxes) {
    out.push('');
    out.push(`  ${header(b)}`);
    switch (b.kind) {
      case 'eface':
      case 'iface':
      case 'slice':
      case 'array':
        out.push(...wordTable(b, p, c, ''));
        break;
      case 'type':
        if (b.rows.length) out[out.length - 1] += `: ${b.rows.map((r) => `${typeField[r.name] ?? r.name} ${r.value}`).join(', ')}`;
        break;
      case 'object': {
        const o = b.object;
        if (o?.allocatedBytes) out[out.length - 1] += `, ${o.allocatedBytes} B counted per execution${o.slack > 0 ? `, ${o.slack} B size-class slack` : ''}`;
        if (o?.layout)
          out.push(
            ...renderOne(o.layout, c)
              .slice(1)
              .map((l) => '  ' + l),
          );
        break;
      }
      default: {
        const w = Math.max(0, ...b.rows.map((r) => r.name.length));
        for (const r of b.rows) {
          const off = r.offset === null ? '' : `+${r.offset}`;
          // a pointer to a symbol the picture does not draw (an itab's interface type) reads as one
          const value = r.to ? `→ ${label(p, r)}` : /^(type|go:itab\.):?/.test(r.value ?? '') && b.kind === 'itab' ? `→ ${r.value}` : `= ${r.value ?? ''}`;
          out.push(`    ${off.padEnd(6)} ${r.name.padEnd(w)} ${value}${r.note && b.kind === 'cases' ? c.dim(`  (${r.note})`) : ''}`);
        }
      }
    }
  }
  for (const n of p.notes) out.push('', `  ${c.dim(n)}`);
  return out;
}

const typeField: Record<string, string> = { Size_: 'size', PtrBytes: 'pointer bytes', Hash: 'hash' };

function header(b: PictureBox): string {
  const size = b.size !== undefined && b.kind !== 'object' ? `, ${b.size} B` : '';
  const region = b.region === 'value' || b.where.startsWith(regionText[b.region]) ? '' : `${regionText[b.region]}: `;
  return `${b.title}${size} — ${region}${b.where}`;
}

/** What a row points at, in a few words. */
function label(p: MemoryPicture, r: PictureRow): string {
  const to = p.boxes.find((b) => b.id === r.to);
  if (!to) return r.to ?? '';
  const at = r.toOffset !== undefined ? `+${r.toOffset}` : '';
  if (to.symbol && to.kind !== 'object') return to.symbol + at;
  if (to.kind === 'object' || to.kind === 'array') return `${to.title.split(', ')[0]} (${to.region === 'unknown' ? 'wherever it is' : regionText[to.region]})`;
  return to.title + at;
}

/** A value's words as a table: offset, name, what it holds or points at, and why. */
function wordTable(b: PictureBox, p: MemoryPicture, c: Colors, nilText: string): string[] {
  const rows = b.rows.map((r) => [
    r.offset === null ? '' : `+${r.offset}`,
    r.name,
    r.to ? `→ ${label(p, r)}` : r.value === 'nil' && nilText ? nilText : r.value !== undefined && !r.note?.startsWith(r.value) ? `= ${r.value}` : '',
    r.note ?? '',
  ]);
  const widths = [0, 1, 2].map((k) => Math.max(...rows.map((r) => r[k].length)));
  const bar = `  +${'-'.repeat(widths[0] + 2)}+${'-'.repeat(widths[1] + 2)}+${'-'.repeat(widths[2] + 2)}+`;
  return [bar, ...rows.map((r) => `  | ${r[0].padEnd(widths[0])} | ${r[1].padEnd(widths[1])} | ${r[2].padEnd(widths[2])} | ${c.dim(r[3])}`), bar];
}
