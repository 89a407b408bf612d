// Text rendering of `ifacelens measure`: measurement beside prediction, disagreements flagged.
import pc from 'picocolors';
import type { MeasureReport } from '../pipeline/measure.js';

export function renderMeasureText(r: MeasureReport, opts: { color: boolean }): string {
  const c = pc.createColors(opts.color);
  const out: string[] = [c.bold(`ifacelens measure: ${r.go.version} ${r.go.goos}/${r.go.goarch}`)];
  if (r.functions.length) {
    out.push('');
    out.push(c.dim('  function-level: runtime.MemStats deltas per call (median of runs, [min..max]) vs. prediction'));
    out.push(c.dim(`  ${'verdict'.padEnd(9)} ${'measured allocs'.padStart(22)} ${'predicted'.padStart(9)}   ${'measured B'.padStart(22)} ${'predicted'.padStart(9)}  function`));
    for (const f of r.functions) {
      const m = f.measured;
      const verdict = f.agrees === null ? c.yellow('no claim') : f.agrees ? c.green('agrees') : c.red('DISAGREES');
      const range = (s: { median: number; min: number; max: number }) => `${fmt(s.median)} [${fmt(s.min)}..${fmt(s.max)}]`;
      out.push(`  ${verdict.padEnd(9 + (verdict.length - stripped(verdict).length))} ${range(m.allocs).padStart(22)} ${fmt(f.predicted.allocsPerCall).padStart(9)}   ${range(m.bytes).padStart(22)} ${fmt(f.predicted.bytesPerCall).padStart(9)}  ${f.function}`);
    }
    const bad = r.functions.filter((f) => f.agrees === false).length;
    out.push('');
    out.push(bad ? c.red(`${bad} of ${r.functions.length} predictions disagree with the measurement`) : c.green(`all ${r.functions.filter((f) => f.agrees).length} predictions with a per-call figure agree`));
  }
  for (const b of r.benchmarks) {
    out.push('');
    out.push(`${c.bold(b.benchmark)} ${c.dim(b.package)}  ${b.iterations} ops: -benchmem ${b.benchmem.bytesPerOp ?? '?'} B/op ${b.benchmem.allocsPerOp ?? '?'} allocs/op; exact profile ${fmt(b.profile.bytesPerOp)} B/op, of which interface sites ${fmt(b.profile.interfaceBytesPerOp)} B/op`);
    for (const s of b.sites) {
      out.push(`  ${s.position.file}:${s.position.line}:${s.position.column} ${c.cyan(s.kind)} ${s.static.runtimeCall ?? ''}: predicted ${fmt(s.predictedBytesPerExecution)} B per execution, measured ${fmt(s.measuredBytesPerOp)} B per op` +
        (s.executionsPerOp !== null ? ` = ${fmt(s.predictedBytesPerExecution)} B × ${s.executionsPerOp.toFixed(1)} executions per op` : '') + c.dim(`  in ${s.function}`));
    }
  }
  return out.join('\n') + '\n';
}

function fmt(n: number | null): string {
  if (n === null) return '?';
  return Number.isInteger(n) ? String(n) : n.toFixed(3).replace(/0+$/, '');
}

function stripped(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u001b\[[0-9;]*m/g, '');
}
