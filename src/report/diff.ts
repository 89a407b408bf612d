// A unified diff (`diff -u`, three lines of context) of one file, from its line changes.
import type { LineChange } from '../analysis/text-edits.js';

export function unifiedDiff(file: string, oldText: string, changes: LineChange[], context = 3): string {
  if (!changes.length) return '';
  const old = oldText.split('\n');
  if (oldText.endsWith('\n')) old.pop();
  const out = [`--- a/${file}`, `+++ b/${file}`];
  // changes whose context windows touch are one hunk
  const groups: LineChange[][] = [];
  for (const c of changes) {
    const last = groups[groups.length - 1];
    const prev = last?.[last.length - 1];
    if (prev && c.oldStart - (prev.oldStart + prev.oldLines.length) <= 2 * context) last.push(c);
    else groups.push([c]);
  }
  for (const g of groups) {
    const first = g[0];
    const lastC = g[g.length - 1];
    const from = Math.max(1, first.oldStart - context);
    const to = Math.min(old.length, lastC.oldStart + lastC.oldLines.length - 1 + context);
    const body: string[] = [];
    let oldCount = 0;
    let newCount = 0;
    let line = from;
    for (const c of g) {
      for (; line < c.oldStart; line++, oldCount++, newCount++) body.push(` ${old[line - 1]}`);
      for (const l of c.oldLines) body.push(`-${l}`);
      for (const l of c.newLines) body.push(`+${l}`);
      oldCount += c.oldLines.length;
      newCount += c.newLines.length;
      line = c.oldStart + c.oldLines.length;
    }
    for (; line <= to; line++, oldCount++, newCount++) body.push(` ${old[line - 1]}`);
    const newFrom = first.newStart - (first.oldStart - from);
    out.push(`@@ -${from},${oldCount} +${newFrom},${newCount} @@`, ...body);
  }
  return out.join('\n') + '\n';
}
