// Human-readable report: per package, allocating sites first and most bytes first.
import pc from 'picocolors';
import type { Report, SiteReport } from '../facts/report.js';

export interface TextOptions {
  all: boolean;
  color: boolean;
}

export function renderText(r: Report, opts: TextOptions): string {
  const c = pc.createColors(opts.color);
  const out: string[] = [];
  out.push(c.bold(`ifacelens: ${r.go.version} ${r.go.goos}/${r.go.goarch}`) + c.dim(`  ${r.patterns.join(' ')}`));
  const byPkg = new Map<string, SiteReport[]>();
  for (const s of r.sites) {
    let l = byPkg.get(s.package);
    if (!l) byPkg.set(s.package, (l = []));
    l.push(s);
  }
  const fnByName = new Map(r.functions.map((f) => [f.function, f]));
  let shown = 0;
  for (const pkg of [...byPkg.keys()].sort()) {
    const all = byPkg.get(pkg)!;
    const allocating = all.filter((s) => s.allocates !== false);
    const list = (opts.all ? all : allocating).slice().sort(
      (a, b) => Number(b.allocates === true) - Number(a.allocates === true) || (b.bytesPerOp ?? -1) - (a.bytesPerOp ?? -1) ||
        a.position.file.localeCompare(b.position.file) || a.position.line - b.position.line || a.position.column - b.position.column,
    );
    if (list.length === 0) continue;
    out.push('');
    out.push(`${c.bold(pkg)}  ${c.dim(`${allocating.length} allocating of ${all.length} sites`)}`);
    for (const s of list) {
      shown++;
      const where = `${s.position.file}:${s.position.line}:${s.position.column}`;
      const cost = s.allocates === null ? c.yellow('   ? B') : s.allocates ? c.red(`${fmtBytes(s.bytesPerOp)} B`.padStart(6)) : c.green('   0 B');
      const allocs = s.allocates ? `${s.allocsPerOp} alloc` : s.allocates === null ? '? alloc' : '0 alloc';
      const call = s.runtimeCall ?? '-';
      const types = describeTypes(s);
      out.push(`  ${where.padEnd(22)} ${cost} ${allocs.padEnd(8)} ${call.padEnd(20)} ${c.cyan(s.kind.padEnd(14))} ${types}`);
      const inl = s.inlinedAt?.length ? c.dim(` (inlined from ${s.sourceFunction ?? s.inlinedAt[s.inlinedAt.length - 1].function} at ${s.inlinedAt.map((f) => `${f.callSite.file}:${f.callSite.line}:${f.callSite.column}`).join(' ← ')})`) : '';
      out.push(`  ${' '.repeat(22)} ${c.dim('in')} ${s.function}${inl}`);
      out.push(`  ${' '.repeat(22)} ${s.reason}${s.freeWhen ? c.dim(` — free when ${s.freeWhen}`) : ''}${s.verified ? '' : c.yellow(' [not confirmed in the emitted code]')}`);
    }
    const fns = r.functions.filter((f) => f.package === pkg && f.sites > 0);
    if (fns.length) {
      out.push(c.dim('  per call:'));
      for (const f of fns) {
        const a = f.allocsPerCall === null ? '?' : String(f.allocsPerCall);
        const b = f.bytesPerCall === null ? '?' : fmtBytes(f.bytesPerCall);
        out.push(`    ${f.function}: ${a} allocs, ${b} B${f.notes?.length ? c.dim(` (${f.notes.join('; ')})`) : ''}`);
      }
    }
  }
  out.push('');
  const s = r.stats;
  out.push(c.dim(`${s.sites} sites, ${s.allocatingSites} allocate${opts.all ? '' : ` (${shown} shown; --all for every site)`}` +
    (s.unverifiedSites ? `, ${s.unverifiedSites} not confirmed in the emitted code` : '') +
    (s.unrecognizedCompilerLines ? `, ${s.unrecognizedCompilerLines} unrecognised compiler lines` : '')));
  void fnByName;
  return out.join('\n') + '\n';
}

function describeTypes(s: SiteReport): string {
  if (s.kind === 'heap-move' || s.kind === 'variadic-slice') return s.object ? `${s.object.type} (${s.object.size} B)` : '';
  const from = s.source ? `${s.source.type}${s.source.size !== null ? ` (${s.source.size} B)` : ''}` : '?';
  return s.target ? `${from} → ${s.target.type}` : from;
}

function fmtBytes(n: number | null): string {
  if (n === null) return '?';
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}
