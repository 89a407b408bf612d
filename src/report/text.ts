// Human-readable report: per package, allocating sites first and most bytes first.
import pc from 'picocolors';
import type { Report, SiteReport } from '../contract/report.js';
import { flowText, reasonText } from './reason.js';
import { checkNamed } from '../checks/index.js';
import { shortName } from '../analysis/names.js';
import { escapeStrings } from './terminal.js';

export interface TextOptions {
  all: boolean;
  color: boolean;
}

/** The header's PGO note: `pgo: cmd/app/default.pgo (example.com/m/cmd/app and its dependencies)`. */
export function pgoText(p: NonNullable<Report['pgo']>): string {
  if (p.profiles.length === 0) return `pgo: ${p.flag === 'auto' ? 'none (no default.pgo beside a main package)' : p.flag}`;
  return `pgo: ${p.profiles.map((f) => (f.main ? `${f.file} (${f.main} and its dependencies)` : `${f.file} (every package)`)).join(', ')}`;
}

export function renderText(r: Report, opts: TextOptions): string {
  r = escapeStrings(r); // untrusted names and text: no terminal control sequences
  const c = pc.createColors(opts.color);
  const out: string[] = [];
  out.push(
    c.bold(`ifacelens: ${r.go.version} ${r.go.goos}/${r.go.goarch}`) +
      c.dim(`  ${r.patterns.join(' ')}${r.tests ? '  with tests' : ''}${r.pgo ? `  ${pgoText(r.pgo)}` : ''}`),
  );
  if (r.ignoredGoflags?.length)
    out.push(c.yellow(`GOFLAGS ignored: ${r.ignoredGoflags.join(' ')} (they would write into the module or change the compiler output ifacelens reads)`));
  const byPkg = new Map<string, SiteReport[]>();
  for (const s of r.sites) {
    // grouped by the package whose code runs the site: lib code inlined into app counts in app
    let l = byPkg.get(s.functionPackage);
    if (!l) byPkg.set(s.functionPackage, (l = []));
    l.push(s);
  }
  let shown = 0;
  for (const pkg of [...byPkg.keys()].sort()) {
    const all = byPkg.get(pkg)!;
    const allocating = all.filter((s) => s.allocates === true);
    const unknown = all.filter((s) => s.allocates === null);
    const list = (opts.all ? all : [...allocating, ...unknown])
      .slice()
      .sort(
        (a, b) =>
          Number(b.allocates === true) - Number(a.allocates === true) ||
          (b.bytesPerOp ?? -1) - (a.bytesPerOp ?? -1) ||
          a.position.file.localeCompare(b.position.file) ||
          a.position.line - b.position.line ||
          a.position.column - b.position.column,
      );
    if (list.length === 0 && !r.findings.some((f) => f.package === pkg)) continue;
    out.push('');
    out.push(`${c.bold(pkg)}  ${c.dim(`${allocating.length} of ${all.length} sites allocate${unknown.length ? `, ${unknown.length} unknown` : ''}`)}`);
    const where = (s: SiteReport) => `${s.position.file}:${s.position.line}:${s.position.column}`;
    const w = Math.max(...list.map((s) => where(s).length));
    const cw = Math.max(...list.map((s) => (s.runtimeCall ?? '-').length));
    out.push(c.dim(`  ${'B/op'.padStart(7)} ${'allocs'.padStart(6)}  ${'site'.padEnd(w)}  ${'runtime call'.padEnd(cw)}  kind`));
    for (const s of list) {
      shown++;
      const bytes = s.bytesPerOp === null ? '?' : fmtBytes(s.bytesPerOp);
      const cost = s.allocates === null ? c.yellow(bytes.padStart(7)) : s.allocates ? c.red(bytes.padStart(7)) : c.green(bytes.padStart(7));
      const allocs = (s.allocsPerOp === null ? '?' : String(s.allocsPerOp)).padStart(6);
      out.push(`  ${cost} ${allocs}  ${where(s).padEnd(w)}  ${(s.runtimeCall ?? '-').padEnd(cw)}  ${c.cyan(s.kind)} ${describeTypes(s)}`);
      const indent = ' '.repeat(17);
      const fn = shortFn(s.function, pkg);
      const inl = s.inlinedAt?.length
        ? ` (inlined from ${shortFn(s.sourceFunction ?? s.inlinedAt[s.inlinedAt.length - 1].function, pkg)} at ${s.inlinedAt.map((f) => `${f.callSite.file}:${f.callSite.line}:${f.callSite.column}`).join(' ← ')})`
        : '';
      const reason = reasonText(s, { flow: false });
      out.push(
        `${indent}${c.dim('in')} ${fn}${c.dim(inl)}: ${reason}${s.freeWhen ? c.dim(` — free when ${s.freeWhen}`) : ''}${s.verified ? '' : c.yellow(' [not confirmed in the emitted code]')}`,
      );
      if (s.allocates && s.escapeFlow?.length) out.push(`${indent}${c.dim('escapes: ' + flowText(s.escapeFlow))}`);
    }
    for (const f of r.findings.filter((x) => x.package === pkg)) {
      out.push(`  ${c.yellow(f.rule)} ${f.position.file}:${f.position.line}:${f.position.column} ${c.dim('in')} ${shortFn(f.function, pkg)}: ${f.message}`);
      for (const rel of f.related) out.push(`      ${c.dim(`${rel.position.file}:${rel.position.line}:${rel.position.column}: ${rel.message}`)}`);
    }
    const fns = r.functions.filter((f) => f.package === pkg && f.sites > 0);
    if (fns.length) {
      out.push(c.dim('  per call:'));
      for (const f of fns) {
        const a = f.allocsPerCall === null ? '?' : String(f.allocsPerCall);
        const b = f.bytesPerCall === null ? '?' : fmtBytes(f.bytesPerCall);
        out.push(`  ${b.padStart(7)} ${a.padStart(6)}  ${shortFn(f.function, pkg)}${f.notes?.length ? c.dim(`  (${f.notes.join('; ')})`) : ''}`);
      }
    }
  }
  out.push('');
  const s = r.stats;
  out.push(
    c.dim(
      `${s.sites} sites, ${s.allocatingSites} allocate${s.unknownSites ? `, ${s.unknownSites} unknown` : ''}${opts.all ? '' : ` (${shown} shown; --all for every site)`}${checksText(r)}` +
        (s.unverifiedSites ? `, ${s.unverifiedSites} not confirmed in the emitted code` : '') +
        (s.unrecognizedCompilerLines ? `, ${s.unrecognizedCompilerLines} unrecognised compiler lines` : ''),
    ),
  );
  return out.join('\n') + '\n';
}

/** ", 2 typed-nil findings": one count per check that ran. */
function checksText(r: Report): string {
  return (r.checks ?? [])
    .map((name) => {
      const n = r.findings.filter((f) => f.check === name).length;
      const check = checkNamed(name);
      if (n === 0 && check?.footer === 'when-found') return '';
      const noun = check?.noun ?? [`${name} finding`, `${name} findings`];
      return `, ${n} ${noun[n === 1 ? 0 : 1]}`;
    })
    .join('');
}

function shortFn(fn: string, pkg: string): string {
  return fn.startsWith(pkg + '.') || fn.startsWith('main.') ? shortName(fn) : fn;
}

function describeTypes(s: SiteReport): string {
  if (s.kind === 'reflect-interface')
    return `${s.operand ?? 'v'}.Interface()${s.object ? ` of ${s.object.type}${s.object.size !== null ? ` (${s.object.size} B)` : ''}` : ''}`;
  if (s.kind === 'dynamic-arg' && s.dynamicCall) {
    const what = s.context !== 'string-to-slice' && s.object ? `${s.object.type}${s.object.size !== null ? ` (${s.object.size} B)` : ''}` : (s.operand ?? '');
    return `${what} → ${s.dynamicCall.argument >= 0 ? `argument ${s.dynamicCall.argument + 1}` : 'an argument'} of ${s.dynamicCall.callee}`;
  }
  if (s.kind === 'heap-move' || s.kind === 'variadic-slice') return s.object ? `${s.object.type} (${s.object.size} B)` : '';
  const from = s.source ? `${s.source.type}${s.source.size !== null ? ` (${s.source.size} B)` : ''}` : '?';
  return s.target ? `${from} → ${s.target.type}` : from;
}

function fmtBytes(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}
