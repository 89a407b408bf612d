// The budget check: costs the code itself promises. `//ifacelens:noalloc` in a function's doc
// comment (no interface-related allocation in one call, inlined callees included) or at the end of
// a statement (that line's sites must not allocate); `//ifacelens:budget allocs=N bytes=N` in a doc
// comment (at most that much per call). A function whose sites are conditional or in loops is
// judged on its upper bound. A malformed directive is an error (exit 2), never ignored.
import type { Finding, SiteReport } from '../contract/report.js';
import { toPosition } from '../facts/position.js';
import { genericShape, shortName } from '../analysis/names.js';
import { CheckInputError, type Check, type CheckContext } from './check.js';

export const budget: Check = {
  name: 'budget',
  doc: 'A function or statement that promises a cost in the source (//ifacelens:noalloc, //ifacelens:budget allocs=N bytes=N) allocates more than it promises. The message names each site that allocates, with its bytes, runtime call, reason and escape flow.',
  docPage: 'docs/check.md',
  level: 'error',
  noun: ['budget violation', 'budget violations'],
  footer: 'when-found',
  rules: [
    { id: 'budget-noalloc', short: 'a function marked //ifacelens:noalloc allocates for interfaces in a call' },
    { id: 'budget-exceeded', short: 'a function allocates more per call than its //ifacelens:budget allows' },
    { id: 'budget-line-noalloc', short: 'a statement marked //ifacelens:noalloc allocates' },
  ],
  run: checkBudgets,
};

/** A promise written in the source. */
export interface Directive {
  kind: 'noalloc' | 'budget';
  /** where the directive is written */
  file: string;
  line: number;
  /** budget: per call (undefined: not limited) */
  allocs?: number;
  bytes?: number;
  /** the function's symbol (doc-comment directives) */
  function?: string;
  /** a statement directive: the line it is written on */
  statementLine?: number;
}

const DIRECTIVE = /\/\/ifacelens:(\S*)(.*)$/;

/** The directives of one file; `fnAt` names the function declared at a line (its `func` line). */
export function parseDirectives(file: string, lines: string[], fnAt: (line: number) => string | undefined, shown = file): Directive[] {
  const out: Directive[] = [];
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i];
    const m = DIRECTIVE.exec(text);
    if (!m) continue;
    const where = `${shown}:${i + 1}`;
    const before = text.slice(0, m.index);
    const commentOnly = before.trim() === '';
    // a directive must be its own comment: `//ifacelens:x`, not text inside another comment
    if (!commentOnly && before.includes('//')) continue;
    const [name, args] = [m[1], m[2].trim()];
    if (name !== 'noalloc' && name !== 'budget') {
      throw new CheckInputError(`${where}: unknown directive //ifacelens:${name} (known: //ifacelens:noalloc, //ifacelens:budget allocs=N bytes=N)`);
    }
    const d: Directive = { kind: name, file, line: i + 1 };
    if (name === 'noalloc') {
      if (args) throw new CheckInputError(`${where}: //ifacelens:noalloc takes no arguments, not "${args}"`);
    } else {
      if (!args) throw new CheckInputError(`${where}: //ifacelens:budget wants allocs=N and/or bytes=N`);
      for (const tok of args.split(/\s+/)) {
        const kv = /^(allocs|bytes)=(\d+)$/.exec(tok);
        if (!kv) throw new CheckInputError(`${where}: //ifacelens:budget: "${tok}" is not allocs=N or bytes=N (N a whole number)`);
        const n = Number(kv[2]);
        if (kv[1] === 'allocs') {
          if (d.allocs !== undefined) throw new CheckInputError(`${where}: //ifacelens:budget gives allocs twice`);
          d.allocs = n;
        } else {
          if (d.bytes !== undefined) throw new CheckInputError(`${where}: //ifacelens:budget gives bytes twice`);
          d.bytes = n;
        }
      }
    }
    if (!commentOnly) {
      if (name === 'budget') throw new CheckInputError(`${where}: //ifacelens:budget belongs in a function's doc comment, not after a statement`);
      d.statementLine = i + 1;
      out.push(d);
      continue;
    }
    // a doc comment: comment lines down to the func line
    let k = i + 1;
    while (k < lines.length && /^\s*\/\//.test(lines[k])) k++;
    const fn = k < lines.length && /^func\b/.test(lines[k]) ? fnAt(k + 1) : undefined;
    if (!fn)
      throw new CheckInputError(
        `${where}: //ifacelens:${name} must be in a function's doc comment${name === 'noalloc' ? ' or at the end of a statement' : ''}`,
      );
    d.function = fn;
    out.push(d);
  }
  return out;
}

/** The upper bound of one call's interface allocations, and why it is only a bound. */
interface Bound {
  allocs: number;
  bytes: number;
  /** a site in a loop with no constant trip count, or of unknown cost: no finite bound */
  unbounded: boolean;
  notes: string[];
}

function upperBound(sites: SiteReport[]): Bound {
  const b: Bound = { allocs: 0, bytes: 0, unbounded: false, notes: [] };
  for (const s of sites) {
    if (s.allocates === false) continue;
    if (s.allocates === null || s.allocsPerOp === null || s.bytesPerOp === null) {
      b.unbounded = true;
      b.notes.push(`${s.position.file}:${s.position.line}: cost unknown`);
      continue;
    }
    if (s.executionsPerCall === null) {
      b.unbounded = true;
      b.notes.push(`${s.position.file}:${s.position.line}: in a loop without a constant trip count`);
      continue;
    }
    if (s.conditional) b.notes.push(`${s.position.file}:${s.position.line}: counted as if its branch runs`);
    b.allocs += s.allocsPerOp * s.executionsPerCall;
    b.bytes += s.bytesPerOp * s.executionsPerCall;
  }
  b.bytes = Math.round(b.bytes * 1000) / 1000;
  return b;
}

/** One line per allocating site: where, bytes, runtime call, the reason and the escape flow. */
function siteLine(s: SiteReport): { position: SiteReport['position']; message: string } {
  const n = s.executionsPerCall === null ? ' × a loop' : s.executionsPerCall !== 1 ? ` ×${s.executionsPerCall}` : '';
  const cost = s.allocates === null ? 'cost unknown' : `${s.bytesPerOp} B, ${s.allocsPerOp} alloc${n}${s.conditional ? ' (conditional)' : ''}`;
  const via = s.inlinedAt?.length ? ` (inlined from ${shortName(s.sourceFunction ?? s.inlinedAt[s.inlinedAt.length - 1].function)})` : '';
  return {
    position: s.position,
    // the reason says why, and its escape flow (the pipeline rendered it before the checks ran)
    message: `${s.kind} ${s.runtimeCall ?? ''}${via}: ${cost}: ${s.reason}`.replace(/ {2,}/g, ' '),
  };
}

function checkBudgets(ctx: CheckContext): Finding[] {
  const { store, sites, dir } = ctx;
  const directives: Directive[] = [];
  const byFile = new Map<string, typeof store.functions>();
  for (const f of store.functions) {
    let l = byFile.get(f.file);
    if (!l) byFile.set(f.file, (l = []));
    l.push(f);
  }
  const pkgOf = new Map<string, string>();
  for (const p of store.packages) {
    for (const file of p.files) {
      pkgOf.set(file, p.path);
      if (!ctx.fileIncludes(file, '//ifacelens:')) continue;
      const lines = ctx.linesOf(file);
      if (!lines) continue;
      const fns = byFile.get(file) ?? [];
      directives.push(...parseDirectives(file, lines, (line) => fns.find((f) => f.start.line === line)?.name, toPosition(dir, { file, line: 0, col: 0 }).file));
    }
  }
  const out: Finding[] = [];
  const pos = (d: Directive) => toPosition(dir, { file: d.file, line: d.line, col: 1 });
  const promise = (d: Directive) =>
    d.kind === 'noalloc'
      ? '//ifacelens:noalloc'
      : `//ifacelens:budget${d.allocs !== undefined ? ` allocs=${d.allocs}` : ''}${d.bytes !== undefined ? ` bytes=${d.bytes}` : ''}`;
  for (const d of directives) {
    if (d.statementLine !== undefined) {
      const here = sites.filter((s) => s.allocates !== false && !s.test && sameFile(dir, s.position.file, d.file) && s.position.line === d.statementLine);
      if (here.length === 0) continue;
      const p = pos(d);
      out.push({
        check: 'budget',
        rule: 'budget-line-noalloc',
        position: { ...p, column: here[0].position.column },
        package: pkgOf.get(d.file) ?? here[0].package,
        function: here[0].function,
        message: `${p.file}:${p.line} is marked //ifacelens:noalloc but ${here.length === 1 ? 'its site allocates' : `${here.length} of its sites allocate`}`,
        related: here.map(siteLine),
        generated: false,
      });
      continue;
    }
    const fn = d.function!;
    // the function's own code and what was inlined into it; a generic function's every shape
    const mine = sites.filter((s) => s.function === fn || genericShape(s.function) === genericShape(fn));
    const b = upperBound(mine);
    const limitAllocs = d.kind === 'noalloc' ? 0 : d.allocs;
    const limitBytes = d.kind === 'noalloc' ? 0 : d.bytes;
    const over = b.unbounded
      ? (limitAllocs !== undefined || limitBytes !== undefined) && mine.some((s) => s.allocates !== false)
      : (limitAllocs !== undefined && b.allocs > limitAllocs) || (limitBytes !== undefined && b.bytes > limitBytes);
    if (!over) continue;
    const p = pos(d);
    const bound = b.unbounded ? 'no finite bound' : `${b.notes.length ? 'up to ' : ''}${b.allocs} alloc${b.allocs === 1 ? '' : 's'}, ${b.bytes} B per call`;
    const why = b.notes.length ? ` (upper bound: ${b.notes.join('; ')})` : '';
    out.push({
      check: 'budget',
      rule: d.kind === 'noalloc' ? 'budget-noalloc' : 'budget-exceeded',
      position: p,
      package: pkgOf.get(d.file) ?? '',
      function: fn,
      message: `breaks ${promise(d)} (${p.file}:${p.line}): ${bound}${why}`,
      related: mine.filter((s) => s.allocates !== false).map(siteLine),
      generated: false,
    });
  }
  return out;
}

function sameFile(dir: string, reportFile: string, abs: string): boolean {
  return toPosition(dir, { file: abs, line: 0, col: 0 }).file === reportFile;
}
