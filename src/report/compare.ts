// The renderers of `ifacelens compare`: text, JSON and Markdown (a pull-request comment for an
// upgrade). Each changed site shows both sides' cost per execution and verdict.
import type { CompareCost, CompareReport, CompareSide, CompareSite } from '../contract/compare.js';
import type { Position } from '../contract/report.js';
import { shortName } from '../analysis/names.js';
import { fnCost } from './check.js';
import { escapeStrings } from './terminal.js';
import pc from 'picocolors';

const where = (p: Position) => `${p.file}:${p.line}:${p.column}`;
const sideName = (s: CompareSide) => `${s.go.version} ${s.go.goos}/${s.go.goarch}`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Bytes and allocations per execution on one side, or why there is no figure. */
function costText(c: CompareCost | null): string {
  if (!c) return 'not in this build';
  if (c.allocates === false) return '0 B, 0 allocs';
  const bytes = c.allocates === null || c.bytesPerOp === null ? '? B' : `${c.bytesPerOp} B`;
  const allocs = c.allocsPerOp === null ? '? allocs' : plural(c.allocsPerOp, 'alloc');
  const n = c.executionsPerCall === null ? ' × a loop' : c.executionsPerCall !== 1 ? ` ×${c.executionsPerCall}` : '';
  return `${bytes}, ${allocs}${n}${c.conditional ? ' (conditional)' : ''}`;
}

/** The headline: how many sites cost more and how many less. */
function compareSummary(r: CompareReport): string {
  const n = (k: CompareSite['change']) => r.sites.filter((s) => s.change === k).length;
  const more = n('grew') + n('new');
  const less = n('shrank') + n('removed');
  if (more + less === 0) return `no interface cost differs (${plural(r.stats.unchanged, 'allocating site')} the same on both)`;
  return `${plural(more + less, 'site')} ${more + less === 1 ? 'differs' : 'differ'}: ${more} cost more, ${less} cost less after (${r.stats.before.allocatingSites} → ${r.stats.after.allocatingSites} allocating sites)`;
}

const label = (s: CompareSite) =>
  s.presence === 'after-only'
    ? 'after only'
    : s.presence === 'before-only'
      ? 'before only'
      : s.change === 'new'
        ? 'allocates now'
        : s.change === 'removed'
          ? 'free now'
          : s.change;

export function renderCompareText(raw: CompareReport, opts: { color: boolean }): string {
  // names, operands and reasons come from code someone else wrote: escaped before any colour
  const r = escapeStrings(raw);
  const c = pc.createColors(opts.color);
  const out: string[] = [];
  out.push(c.bold(`ifacelens compare: ${sideName(r.before)} → ${sideName(r.after)}  ${r.patterns.join(' ')}`));
  out.push(compareSummary(r));
  for (const s of r.sites) {
    const worse = s.change === 'grew' || s.change === 'new';
    const pos = (s.after ?? s.before)!.position;
    out.push('', `${(worse ? c.red : c.green)(label(s).padEnd(13))} ${where(pos)}  ${shortName(s.function)}  ${s.kind}${s.operand ? ` ${s.operand}` : ''}`);
    for (const [name, side, cost] of [
      ['before', r.before, s.before],
      ['after', r.after, s.after],
    ] as const) {
      out.push(`    ${name.padEnd(6)} ${costText(cost).padEnd(18)} ${cost?.runtimeCall ?? ''}`.trimEnd());
      if (cost) out.push(`           ${c.dim(`${side.go.version}: ${cost.reason}`)}`);
    }
  }
  if (r.functions.length) {
    out.push('', c.bold('per call, before → after:'));
    for (const f of r.functions) out.push(`  ${shortName(f.function)}: ${fnCost(f.before)} → ${fnCost(f.after)}`);
  }
  return `${out.join('\n')}\n`;
}

export function renderCompareJson(r: CompareReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

export function renderCompareMarkdown(r: CompareReport): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/`/g, 'ˋ').replace(/</g, '&lt;');
  const out: string[] = [`### ifacelens compare: ${esc(sideName(r.before))} → ${esc(sideName(r.after))}`, '', esc(compareSummary(r)), ''];
  if (r.sites.length) {
    out.push(`| change | site | function | ${esc(sideName(r.before))} | ${esc(sideName(r.after))} |`, '|---|---|---|---|---|');
    const cell = (x: CompareCost | null) =>
      x ? `${esc(costText(x))}${x.runtimeCall ? ` \`${esc(x.runtimeCall)}\`` : ''}<br>${esc(x.reason)}` : 'not in this build';
    for (const s of r.sites) {
      const pos = (s.after ?? s.before)!.position;
      out.push(
        `| ${label(s)} | ${esc(where(pos))} ${esc(s.kind)}${s.operand ? ` \`${esc(s.operand)}\`` : ''} | \`${esc(shortName(s.function))}\` | ${cell(s.before)} | ${cell(s.after)} |`,
      );
    }
    out.push('');
  }
  if (r.functions.length) {
    out.push('| function | per call before | per call after |', '|---|---|---|');
    for (const f of r.functions) out.push(`| \`${esc(shortName(f.function))}\` | ${fnCost(f.before)} | ${fnCost(f.after)} |`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
