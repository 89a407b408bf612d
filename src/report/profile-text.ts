// Text rendering of `ifacelens profile`: boxing sites ranked by measured allocation.
import pc from 'picocolors';
import type { ProfileReport } from '../contract/profile.js';
import { escapeStrings } from './terminal.js';
import { reasonText } from './reason.js';

export function renderProfileText(r: ProfileReport, opts: { color: boolean; limit: number }): string {
  r = escapeStrings(r); // untrusted names and text: no terminal control sequences
  const c = pc.createColors(opts.color);
  const p = r.profile;
  const unit = /space/.test(p.sampleIndex) ? 'B' : 'objects';
  const out: string[] = [];
  out.push(c.bold(`ifacelens profile: ${r.go.version} ${r.go.goos}/${r.go.goarch}`) + c.dim(`  ${p.source}`));
  out.push(
    `${p.sampleIndex}: ${qty(p.total, unit)} in ${count(p.samples, 'sample')}, ` +
      (p.exact ? 'exact (MemProfileRate=1)' : `estimated (sampled every ${p.period} bytes on average, scaled by runtime/pprof)`),
  );
  out.push(`interface sites: ${qty(r.interfaces.total, unit)} (${pct(r.interfaces.share)} of the profile)`);
  out.push('');
  // The ranked figure, then its companion of the same kind: objects beside bytes, bytes beside objects.
  const inuse = p.sampleIndex.startsWith('inuse');
  const bytesFirst = /space/.test(p.sampleIndex);
  const label = (bytes: boolean) => `${inuse ? 'in-use ' : ''}${bytes ? 'B' : 'objects'}`;
  out.push(c.dim(`  ${'share'.padStart(6)} ${label(bytesFirst).padStart(15)} ${label(!bytesFirst).padStart(15)}  site / function / static cost`));
  for (const s of r.sites.slice(0, opts.limit)) {
    const bytes = inuse ? s.inuseBytes : s.allocBytes;
    const objects = inuse ? s.inuseObjects : s.allocObjects;
    const [v, other] = bytesFirst ? [bytes, objects] : [objects, bytes];
    out.push(
      `  ${pct(s.share).padStart(6)} ${fmt(v ?? 0).padStart(15)} ${(other === null ? '?' : fmt(other)).padStart(15)}  ${s.position.file}:${s.position.line}:${s.position.column} ${c.dim('in')} ${s.function}${s.ambiguous ? c.yellow(' (shared with other sites on the line)') : ''}`,
    );
    const st = s.static;
    out.push(`  ${' '.repeat(38)}${c.cyan(st.kind)} ${st.runtimeCall ?? ''}: ${st.bytesPerOp ?? '?'} B per execution — ${reasonText(st, { flow: false })}`);
    if (s.note) out.push(`  ${' '.repeat(38)}${c.dim(s.note)}`);
  }
  if (r.sites.length > opts.limit) out.push(c.dim(`  ... ${r.sites.length - opts.limit} more (--limit)`));
  out.push('');
  out.push(
    c.dim(
      `not at interface sites: ${qty(r.unmatched.inPackages.total, unit)} in the analysed packages (${count(r.unmatched.inPackages.samples, 'sample')}), ${qty(r.unmatched.outside.total, unit)} elsewhere (${count(r.unmatched.outside.samples, 'sample')})`,
    ),
  );
  return out.join('\n') + '\n';
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** `1 object`, `2 objects`, `16 B` */
function qty(n: number, unit: string): string {
  return `${fmt(n)} ${n === 1 && unit === 'objects' ? 'object' : unit}`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
