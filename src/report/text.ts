// Human-readable report: per package, allocating sites first and most bytes first.
import pc from 'picocolors';
import type { FunctionSummary, Report, SiteReport } from '../contract/report.js';
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
  // a package with findings but no sites still gets its section
  for (const pkg of [...new Set([...byPkg.keys(), ...r.findings.map((f) => f.package)])].sort()) {
    const all = byPkg.get(pkg) ?? [];
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
    out.push(
      `${c.bold(pkg)}  ${c.dim(`${allocating.length} of ${plural(all.length, 'site')} ${allocating.length === 1 ? 'allocates' : 'allocate'}${unknown.length ? `, ${unknown.length} unknown` : ''}`)}`,
    );
    const where = (s: SiteReport) => `${s.position.file}:${s.position.line}:${s.position.column}`;
    const w = Math.max(0, ...list.map((s) => where(s).length));
    const cw = Math.max(0, ...list.map((s) => (s.runtimeCall ?? '-').length));
    if (list.length) out.push(c.dim(`  ${'B/op'.padStart(7)} ${'allocs'.padStart(6)}  ${'site'.padEnd(w)}  ${'runtime call'.padEnd(cw)}  kind`));
    for (const s of list) {
      shown++;
      const bytes = s.bytesPerOp === null ? '?' : fmtBytes(s.bytesPerOp);
      const cost = s.allocates === null ? c.yellow(bytes.padStart(7)) : s.allocates ? c.red(bytes.padStart(7)) : c.green(bytes.padStart(7));
      const allocs = (s.allocsPerOp === null ? '?' : String(s.allocsPerOp)).padStart(6);
      out.push(`  ${cost} ${allocs}  ${where(s).padEnd(w)}  ${(s.runtimeCall ?? '-').padEnd(cw)}  ${c.cyan(s.kind)} ${describeTypes(s)}`);
      const indent = ' '.repeat(17);
      const fn = shortFn(s.function, pkg);
      const reason = reasonText(s, { flow: false });
      out.push(
        `${indent}${c.dim('in')} ${fn}${c.dim(originText(s, pkg))}: ${reason}${s.freeWhen ? c.dim(` — free when ${s.freeWhen}`) : ''}${s.verified ? '' : c.yellow(' [not confirmed in the emitted code]')}`,
      );
      if (s.allocates && s.escapeFlow?.length) out.push(`${indent}${c.dim('escapes: ' + flowText(s.escapeFlow))}`);
    }
    for (const f of r.findings.filter((x) => x.package === pkg)) {
      out.push(`  ${c.yellow(f.rule)} ${f.position.file}:${f.position.line}:${f.position.column} ${c.dim('in')} ${shortFn(f.function, pkg)}: ${f.message}`);
      for (const rel of f.related) out.push(`      ${c.dim(`${rel.position.file}:${rel.position.line}:${rel.position.column}: ${rel.message}`)}`);
    }
    const fns = rankFunctions(r.functions.filter((f) => f.package === pkg && f.sites > 0));
    if (fns.length) {
      out.push(c.dim('  per call:'));
      for (const f of fns) {
        // an unknown figure shows its lower bound (what every call allocates) when there is one
        const known = f.bytesPerCall !== null && f.allocsPerCall !== null;
        const a = known ? String(f.allocsPerCall) : f.minAllocsPerCall > 0 ? `≥${f.minAllocsPerCall}` : '?';
        const b = known ? fmtBytes(f.bytesPerCall!) : f.minBytesPerCall > 0 ? `≥${fmtBytes(f.minBytesPerCall)}` : '?';
        const cost = `${b.padStart(7)} ${a.padStart(6)}`;
        out.push(`  ${known ? cost : c.yellow(cost)}  ${shortFn(f.function, pkg)}${f.notes?.length ? c.dim(`  (${notesText(f.notes)})`) : ''}`);
      }
    }
  }
  out.push('');
  const s = r.stats;
  out.push(
    c.dim(
      `${plural(s.sites, 'site')}, ${s.allocatingSites} ${s.allocatingSites === 1 ? 'allocates' : 'allocate'}${s.unknownSites ? `, ${s.unknownSites} unknown` : ''}${opts.all ? '' : ` (${shown} shown; --all for every site)`}${checksText(r)}` +
        (s.unverifiedSites ? `, ${s.unverifiedSites} not confirmed in the emitted code` : '') +
        (s.unrecognizedCompilerLines ? `, ${plural(s.unrecognizedCompilerLines, 'unrecognised compiler line')}` : ''),
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

/**
 * Known per-call figures first, most bytes first (then most allocations); unknown ones after them,
 * the largest lower bound first (their notes say why the figure is unknown).
 */
function rankFunctions(fns: FunctionSummary[]): FunctionSummary[] {
  const known = (f: FunctionSummary) => f.bytesPerCall !== null && f.allocsPerCall !== null;
  return [...fns].sort(
    (a, b) =>
      Number(known(b)) - Number(known(a)) ||
      (known(a) ? (b.bytesPerCall ?? 0) - (a.bytesPerCall ?? 0) || (b.allocsPerCall ?? 0) - (a.allocsPerCall ?? 0) : 0) ||
      b.minBytesPerCall - a.minBytesPerCall ||
      b.minAllocsPerCall - a.minAllocsPerCall ||
      a.function.localeCompare(b.function),
  );
}

/**
 * A function's notes said once each: the lines that share a reason (`a.go:3: executed
 * conditionally`, …, as analysis/summary.ts writes them) become one `executed conditionally at
 * a.go:3, a.go:9`, and the assumptions about one runtime call one `assumes runtime.convT64
 * allocates; it does not when A or when B`. A note of another form is printed as it is.
 */
function notesText(notes: string[]): string {
  const groups = new Map<string, string[]>(); // a reason or a runtime call → lines or conditions
  for (const n of notes) {
    const at = /^(\S+:\d+): (.+)$/.exec(n);
    const assumes = /^assumes (\S+) allocates; it does not when (.+)$/.exec(n);
    const [key, item] = at ? [`at\0${at[2]}`, at[1]] : assumes ? [`assumes\0${assumes[1]}`, assumes[2]] : [`as is\0${n}`, ''];
    const l = groups.get(key) ?? [];
    if (!l.includes(item)) l.push(item);
    groups.set(key, l);
  }
  return [...groups]
    .map(([key, items]) => {
      const [form, what] = key.split('\0');
      if (form === 'at') return `${what} at ${items.join(', ')}`;
      if (form === 'assumes') return `assumes ${what} allocates; it does not when ${items.join(' or when ')}`;
      return what;
    })
    .join('; ');
}

/**
 * Where a site's code came from when it is not the function's own: the function it was inlined
 * from and the calls that inlined it, or the package whose code was copied into this one (a
 * generic instantiation or a closure compiled here).
 */
function originText(s: SiteReport, pkg: string): string {
  // another package's function keeps its package path in its name
  if (s.inlinedAt?.length)
    return ` (inlined from ${shortFn(s.sourceFunction ?? s.inlinedAt[s.inlinedAt.length - 1].function, pkg)} at ${s.inlinedAt.map((f) => `${f.callSite.file}:${f.callSite.line}:${f.callSite.column}`).join(' ← ')})`;
  if (s.sourceFunction && s.sourceFunction !== s.function) return ` (a copy of ${shortFn(s.sourceFunction, pkg)})`;
  return s.package !== pkg && !shortFn(s.function, pkg).startsWith(`${s.package}.`) ? ` (code of ${s.package})` : '';
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function shortFn(fn: string, pkg: string): string {
  return fn.startsWith(pkg + '.') || fn.startsWith('main.') ? shortName(fn) : fn;
}

function describeTypes(s: SiteReport): string {
  // a type and its size, when the size is known (a closure whose captures were not found has none)
  const typed = (t: { type: string; size: number | null }) => `${t.type}${t.size !== null ? ` (${t.size} B)` : ''}`;
  if (s.kind === 'reflect-interface') return `${s.operand ?? 'v'}.Interface()${s.object ? ` of ${typed(s.object)}` : ''}`;
  if (s.kind === 'dynamic-arg' && s.dynamicCall) {
    const what = s.context !== 'string-to-slice' && s.object ? typed(s.object) : (s.operand ?? '');
    return `${what} → ${s.dynamicCall.argument >= 0 ? `argument ${s.dynamicCall.argument + 1}` : 'an argument'} of ${s.dynamicCall.callee}`;
  }
  if (s.kind === 'heap-move' || s.kind === 'variadic-slice') return s.object ? typed(s.object) : '';
  const from = s.source ? typed(s.source) : '?';
  return s.target ? `${from} → ${s.target.type}` : from;
}

function fmtBytes(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}
