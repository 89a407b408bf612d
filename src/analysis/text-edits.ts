// Source edits of `ifacelens fix`, pure: the helper's rewrite records applied to a file's bytes
// (imports added once, an import dropped only when the applied rewrites remove all its uses), and
// the line changes between two texts (the hunks a diff and a SARIF fix are made of).
import type { HRewrite } from '../parse/helper-protocol.js';

interface ByteEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * The file's text with the rewrites applied (all of them edit this one file), or why they cannot
 * be applied together (edits that overlap).
 */
export function applyRewrites(source: Buffer, rewrites: Pick<HRewrite, 'edits' | 'imports'>[]): { text: string } | { conflict: string } {
  const edits: ByteEdit[] = rewrites.flatMap((r) => r.edits.map((e) => ({ start: e.start, end: e.end, text: e.new })));
  const added = new Set<string>();
  const removed = new Map<string, { uses: number; total: number; start: number; end: number }>();
  for (const r of rewrites) {
    for (const i of r.imports) {
      if (i.add) {
        if (!added.has(i.path)) edits.push({ start: i.start, end: i.end, text: i.text ?? '' });
        added.add(i.path);
      } else {
        const e = removed.get(i.path) ?? { uses: 0, total: i.total ?? 0, start: i.start, end: i.end };
        e.uses += i.uses ?? 0;
        removed.set(i.path, e);
      }
    }
  }
  for (const e of removed.values()) if (e.total > 0 && e.uses >= e.total) edits.push({ start: e.start, end: e.end, text: '' });
  // insertions before a deletion that starts where they are
  edits.sort((a, b) => a.start - b.start || (a.end - a.start === 0 ? -1 : 0) - (b.end - b.start === 0 ? -1 : 0));
  for (let i = 1; i < edits.length; i++) {
    if (edits[i].start < edits[i - 1].end) return { conflict: `edits overlap at byte ${edits[i].start}` };
  }
  let out = '';
  let at = 0;
  for (const e of edits) {
    if (e.start > source.length || e.end > source.length) return { conflict: `an edit is beyond the end of the file (byte ${e.end})` };
    out += source.subarray(at, e.start).toString('utf8') + e.text;
    at = e.end;
  }
  return { text: out + source.subarray(at).toString('utf8') };
}

/** Lines [oldStart, oldStart + oldLines.length) of the old text (1-based) become newLines, which
 *  start at newStart in the new text. */
export interface LineChange {
  oldStart: number;
  oldLines: string[];
  newStart: number;
  newLines: string[];
}

/** Above this many lines × lines between the common head and tail, the middle is one change. */
const MAX_DIFF_CELLS = 4_000_000;

/** The changed line runs from `a` to `b` (a longest common subsequence of lines). */
export function lineChanges(a: string, b: string): LineChange[] {
  const x = a.split('\n');
  const y = b.split('\n');
  let head = 0;
  while (head < x.length && head < y.length && x[head] === y[head]) head++;
  let tail = 0;
  while (tail < x.length - head && tail < y.length - head && x[x.length - 1 - tail] === y[y.length - 1 - tail]) tail++;
  const xs = x.slice(head, x.length - tail);
  const ys = y.slice(head, y.length - tail);
  if (xs.length === 0 && ys.length === 0) return [];
  if (xs.length * ys.length > MAX_DIFF_CELLS) return [{ oldStart: head + 1, oldLines: xs, newStart: head + 1, newLines: ys }];
  // lcs[i][j]: the LCS length of xs[i:] and ys[j:]
  const n = xs.length;
  const m = ys.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) lcs[i][j] = xs[i] === ys[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: LineChange[] = [];
  let cur: LineChange | undefined;
  let i = 0;
  let j = 0;
  const flush = () => {
    if (cur) out.push(cur);
    cur = undefined;
  };
  const open = () => (cur ??= { oldStart: head + i + 1, oldLines: [], newStart: head + j + 1, newLines: [] });
  while (i < n || j < m) {
    if (i < n && j < m && xs[i] === ys[j]) {
      flush();
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) {
      open().newLines.push(ys[j++]);
    } else {
      open().oldLines.push(xs[i++]);
    }
  }
  flush();
  return out;
}
