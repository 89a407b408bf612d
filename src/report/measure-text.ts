// Text rendering of `ifacelens measure`: measurement beside prediction, disagreements flagged.
import pc from 'picocolors';
import type { MeasureReport, MeasuredBenchmark, MeasuredSite } from '../contract/measure.js';
import { escapeStrings } from './terminal.js';

export function renderMeasureText(r: MeasureReport, opts: { color: boolean }): string {
  r = escapeStrings(r); // untrusted names and text: no terminal control sequences
  const c = pc.createColors(opts.color);
  const out: string[] = [c.bold(`ifacelens measure: ${r.go.version} ${r.go.goos}/${r.go.goarch}`)];
  if (r.functions.length) {
    out.push('');
    out.push(c.dim("  per call: the function's total (runtime.MemStats deltas, median of runs [min..max]), and the part at its"));
    out.push(c.dim('  interface sites (the total less what the exact memory profile puts elsewhere) against the prediction'));
    out.push(
      c.dim(
        `  ${'verdict'.padEnd(9)} ${'total allocs'.padStart(18)} ${'total B'.padStart(20)}   ${'iface allocs'.padStart(12)} ${'predicted'.padStart(9)} ${'iface B'.padStart(9)} ${'predicted'.padStart(9)}  function`,
      ),
    );
    // disagreements first, then agreements; functions without a static figure to compare after them
    const rank = (f: MeasureReport['functions'][number]) => (f.agrees === false ? 0 : f.agrees ? 1 : 2);
    for (const { f } of r.functions.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)) {
      const m = f.measured;
      const verdict = f.agrees === null ? c.yellow('no claim') : f.agrees ? c.green('agrees') : c.red('DISAGREES');
      const range = (s: { median: number; min: number; max: number }) => `${fmt(s.median)} [${fmt(s.min)}..${fmt(s.max)}]`;
      out.push(
        `  ${verdict.padEnd(9 + (verdict.length - stripped(verdict).length))} ${range(m.allocs).padStart(18)} ${range(m.bytes).padStart(20)}   ${fmt(m.interface.allocsPerOp).padStart(12)} ${fmt(f.predicted.allocsPerCall).padStart(9)} ${fmt(m.interface.bytesPerOp).padStart(9)} ${fmt(f.predicted.bytesPerCall).padStart(9)}  ${f.function}${f.args ? `(${f.args.join(', ')})` : ''}`,
      );
      if (m.rest.explanation) out.push(c.dim(`  ${''.padEnd(9)} rest: ${m.rest.explanation}`));
    }
    const bad = r.functions.filter((f) => f.agrees === false).length;
    const good = r.functions.filter((f) => f.agrees).length;
    const none = r.functions.length - bad - good;
    const without = none ? c.dim(`; ${none} ${none === 1 ? 'function has' : 'functions have'} no static per-call figure to compare`) : '';
    out.push('');
    out.push(
      (bad
        ? c.red(
            `${bad} of ${r.functions.length} ${r.functions.length === 1 ? 'prediction' : 'predictions'} ${bad === 1 ? 'disagrees' : 'disagree'} with the measured interface part`,
          )
        : good === 0
          ? c.yellow('no prediction with a per-call figure to compare')
          : c.green(
              good === 1
                ? 'the 1 prediction with a per-call figure agrees with the measured interface part'
                : `all ${good} predictions with a per-call figure agree with the measured interface part`,
            )) + without,
    );
  }
  if (r.skipped?.length) {
    out.push('');
    const byReason = new Map<string, string[]>();
    for (const f of r.skipped) byReason.set(f.reason, [...(byReason.get(f.reason) ?? []), f.function]);
    for (const [reason, fns] of byReason) out.push(c.dim(`not measured: ${fns.join(', ')}: ${reason}`));
  }
  for (const b of r.benchmarks) {
    out.push('');
    out.push(
      `${c.bold(b.benchmark)} ${c.dim(b.package)}  ${b.iterations} ops: -benchmem ${b.benchmem.bytesPerOp ?? '?'} B/op ${b.benchmem.allocsPerOp ?? '?'} allocs/op; exact profile ${fmt(b.profile.bytesPerOp)} B/op, of which interface sites ${fmt(b.profile.interfaceBytesPerOp)} B/op`,
    );
    const shared = new Set(b.tinyGroups.filter((g) => g.sites.length > 1).map((g) => g.function));
    for (const s of b.sites) out.push(siteLine(s, shared.has(s.tiny?.group ?? ''), c));
    for (const g of b.tinyGroups.filter((g) => shared.has(g.function))) out.push(groupLine(g, c));
  }
  return out.join('\n') + '\n';
}

function siteLine(s: MeasuredSite, sharedTiny: boolean, c: ReturnType<typeof pc.createColors>): string {
  const head = `  ${s.position.file}:${s.position.line}:${s.position.column} ${c.cyan(s.kind)} ${s.static.runtimeCall ?? ''}: predicted ${fmt(s.predictedBytesPerExecution)} B per execution`;
  const where = c.dim(`  in ${s.function}`);
  if (sharedTiny) {
    // its bytes are the blocks it opened; its executions come from the group line
    const opened =
      s.measuredObjectsPerOp > 0
        ? `tiny: opened ${fmt(s.measuredObjectsPerOp)} 16-byte block${s.measuredObjectsPerOp === 1 ? '' : 's'} per op (${fmt(s.measuredBytesPerOp)} B), shared with the other tiny sites of its function`
        : 'tiny: opened no block (its objects went into blocks the other tiny sites of its function opened)';
    const execs = s.executionsPerOp !== null ? `; ${s.executionsPerOp.toFixed(1)} executions per op` : '';
    return `${head}, ${opened}${execs}${where}`;
  }
  return (
    `${head}, measured ${fmt(s.measuredBytesPerOp)} B per op` +
    (s.executionsPerOp !== null ? ` = ${fmt(s.predictedBytesPerExecution)} B × ${s.executionsPerOp.toFixed(1)} executions per op` : '') +
    where
  );
}

function groupLine(g: MeasuredBenchmark['tinyGroups'][number], c: ReturnType<typeof pc.createColors>): string {
  const figure =
    g.predictedBytesPerCall !== null && g.callsPerOp !== null
      ? `predicted ${fmt(g.predictedBytesPerCall)} B per call, measured ${fmt(g.measuredBytesPerOp)} B per op = ${fmt(g.predictedBytesPerCall)} B × ${g.callsPerOp.toFixed(1)} calls per op`
      : `measured ${fmt(g.measuredBytesPerOp)} B per op; no static per-call figure to divide by`;
  return `  ${c.cyan('tiny blocks')} of ${g.function}, shared by its ${g.sites.length} tiny sites: ${figure}`;
}

function fmt(n: number | null): string {
  if (n === null) return '?';
  return Number.isInteger(n) ? String(n) : n.toFixed(3).replace(/0+$/, '');
}

function stripped(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u001b\[[0-9;]*m/g, '');
}
