// Text diagrams for `ifacelens explain`: the interface value's two words, the itab, the boxed object.
import pc from 'picocolors';
import type { ExplainReport, Word } from '../pipeline/explain.js';
import { renderOne } from './layout-text.js';

export function renderExplainText(r: ExplainReport, opts: { color: boolean }): string {
  const c = pc.createColors(opts.color);
  const out: string[] = [c.bold(`ifacelens explain: ${r.go.version} ${r.go.goos}/${r.go.goarch}`)];
  for (const e of r.explanations) {
    const s = e.site;
    out.push('');
    out.push(`${c.bold(`${s.position.file}:${s.position.line}:${s.position.column}`)} ${c.cyan(s.kind)} ${s.source?.type ?? s.object?.type ?? ''}${s.target ? ` → ${s.target.type}` : ''} in ${s.function}`);
    out.push(`  ${s.allocates ? c.red(`${s.bytesPerOp} B, ${s.allocsPerOp} alloc per execution`) : c.green('no allocation')}: ${s.reason.split('; escapes via ')[0]}`);
    if (s.kind === 'heap-move' || s.kind === 'variadic-slice') {
      if (e.object?.layout) out.push(...renderOne(e.object.layout, c).map((l) => '  ' + l));
      continue;
    }
    const v = e.value;
    const w = v.size / 2;
    out.push('');
    out.push(`  interface value (${v.kind === 'iface' ? 'iface: itab pointer + data pointer' : 'eface: type pointer + data pointer'}, ${v.size} B)`);
    out.push(...wordTable(v.words, '', c));
    if (e.typedNil) {
      const tn = e.typedNil;
      out.push('');
      out.push(`  ${c.yellow(tn.rule)}: ${tn.message}`);
      out.push(`  when it is nil, the interface value is:`);
      out.push(...wordTable(tn.words, '= nil', c));
      out.push(`  and so compares != nil: only an interface with both words nil is nil`);
    }
    if (e.itab) {
      const it = e.itab;
      out.push('');
      out.push(`  itab ${it.symbol} (${it.size} B, ${it.origin === 'static' ? 'built by the compiler' : 'built at run time by runtime.getitab'})`);
      out.push(`    +0${' '.repeat(4)} inter → ${it.inter}`);
      out.push(`    +${w}${' '.repeat(5 - String(w).length)} _type → ${it.type}`);
      out.push(`    +${2 * w}${' '.repeat(5 - String(2 * w).length)} hash  = ${it.hash ?? '(set when built)'}`);
      if (it.fun.length) {
        for (const f of it.fun) out.push(`    +${f.offset}${' '.repeat(5 - String(f.offset).length)} fun[${f.slot}] = ${f.symbol}`);
      } else {
        out.push(`    fun[0..${Math.max(0, it.methods - 1)}]: ${it.methods} method slot(s), filled at run time`);
      }
    }
    if (e.typeDescriptor && v.kind === 'eface') {
      out.push('');
      out.push(`  ${e.typeDescriptor.symbol}: size ${e.typeDescriptor.size}, pointer bytes ${e.typeDescriptor.ptrBytes}, hash ${e.typeDescriptor.hash}`);
    }
    if (e.object) {
      const o = e.object;
      out.push('');
      out.push(`  boxed object: ${o.type}, ${o.size} B — ${o.where}${o.allocatedBytes ? `, ${o.allocatedBytes} B counted per execution${o.slack > 0 ? `, ${o.slack} B size-class slack` : ''}` : ''}`);
      if (o.layout) out.push(...renderOne(o.layout, c).slice(1).map((l) => '  ' + l));
    }
  }
  return out.join('\n') + '\n';
}

/** The interface value's words as a table: offset, name, what it points to, description. */
function wordTable(words: Word[], noSymbol: string, c: ReturnType<typeof pc.createColors>): string[] {
  const rows = words.map((wd) => [`+${wd.offset}`, wd.name, wd.symbol ? `→ ${wd.symbol}` : noSymbol, wd.description]);
  const widths = [0, 1, 2].map((k) => Math.max(...rows.map((r) => r[k].length)));
  const bar = `  +${'-'.repeat(widths[0] + 2)}+${'-'.repeat(widths[1] + 2)}+${'-'.repeat(widths[2] + 2)}+`;
  return [bar, ...rows.map((r) => `  | ${r[0].padEnd(widths[0])} | ${r[1].padEnd(widths[1])} | ${r[2].padEnd(widths[2])} | ${c.dim(r[3])}`), bar];
}
