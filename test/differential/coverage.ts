// Which source positions a run executed, from a `-test.coverprofile` of a separately built
// `go test -c -cover` binary (same benchmarks, same -test.benchtime=Nx). A coverage block is a
// straight-line run of statements: when its count is > 0 every statement in it ran (unless one
// panicked), so a position inside it ran, up to the short-circuit operators && and || that
// coverage does not split.

export interface Block {
  startLine: number;
  startCol: number;
  endLine: number;
  endCol: number;
  count: number;
}

/** file (absolute) → blocks; `dirOf` maps an import path to its directory. */
export function parseCoverProfile(text: string, dirOf: (importPath: string) => string | undefined): Map<string, Block[]> {
  const out = new Map<string, Block[]>();
  for (const l of text.split('\n')) {
    const m = /^(.+)\/([^/]+\.go):(\d+)\.(\d+),(\d+)\.(\d+) \d+ (\d+)$/.exec(l);
    if (!m) continue;
    const dir = dirOf(m[1]);
    if (!dir) continue;
    const file = `${dir}/${m[2]}`;
    let bs = out.get(file);
    if (!bs) out.set(file, (bs = []));
    bs.push({ startLine: Number(m[3]), startCol: Number(m[4]), endLine: Number(m[5]), endCol: Number(m[6]), count: Number(m[7]) });
  }
  return out;
}

const before = (l1: number, c1: number, l2: number, c2: number) => l1 < l2 || (l1 === l2 && c1 <= c2);

/**
 * Whether the innermost coverage block containing the position ran: true or false; undefined
 * when no block contains it. (A statement's block spans any func literal in it, whose body has
 * blocks of its own: the innermost block is the one that says whether the position ran.)
 */
export function executed(cov: Map<string, Block[]>, file: string, line: number, column: number): boolean | undefined {
  let best: Block | undefined;
  for (const b of cov.get(file) ?? []) {
    if (!(before(b.startLine, b.startCol, line, column) && before(line, column, b.endLine, b.endCol))) continue;
    if (!best || (before(best.startLine, best.startCol, b.startLine, b.startCol) && before(b.endLine, b.endCol, best.endLine, best.endCol))) best = b;
  }
  return best ? best.count > 0 : undefined;
}
