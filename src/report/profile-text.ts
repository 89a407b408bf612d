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
    `${p.sampleIndex}: ${fmt(p.total)} ${unit} in ${p.samples} samples, ` +
      (p.exact ? 'exact (MemProfileRate=1)' : `estimated (sampled every ${p.period} bytes on average, scaled by runtime/pprof)`),
  );
  out.push(`interface sites: ${fmt(r.interfaces.total)} ${unit} (${pct(r.interfaces.share)} of the profile)`);
  out.push('');
  out.push(c.dim(`  ${'share'.padStart(6)} ${unit.padStart(10)} ${'objects'.padStart(9)}  site / function / static cost`));
  for (const s of r.sites.slice(0, opts.limit)) {
    const v =
      p.sampleIndex === 'alloc_space'
        ? s.allocBytes
        : p.sampleIndex === 'alloc_objects'
          ? s.allocObjects
          : p.sampleIndex === 'inuse_space'
            ? s.inuseBytes
            : s.inuseObjects;
    out.push(
      `  ${pct(s.share).padStart(6)} ${fmt(v ?? 0).padStart(10)} ${fmt(s.allocObjects ?? 0).padStart(9)}  ${s.position.file}:${s.position.line}:${s.position.column} ${c.dim('in')} ${s.function}${s.ambiguous ? c.yellow(' (shared with other sites on the line)') : ''}`,
    );
    const st = s.static;
    out.push(`  ${' '.repeat(28)}${c.cyan(st.kind)} ${st.runtimeCall ?? ''}: ${st.bytesPerOp ?? '?'} B per execution — ${reasonText(st, { flow: false })}`);
    if (s.note) out.push(`  ${' '.repeat(28)}${c.dim(s.note)}`);
  }
  if (r.sites.length > opts.limit) out.push(c.dim(`  ... ${r.sites.length - opts.limit} more (--limit)`));
  out.push('');
  out.push(
    c.dim(
      `not at interface sites: ${fmt(r.unmatched.inPackages.total)} ${unit} in the analysed packages (${r.unmatched.inPackages.samples} samples), ${fmt(r.unmatched.outside.total)} ${unit} elsewhere (${r.unmatched.outside.samples} samples)`,
    ),
  );
  return out.join('\n') + '\n';
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
