// `ifacelens layout`: struct layouts of the packages, from the helper's go/types gc sizes.
import { resolve } from 'node:path';
import { cgoOnlyError, goEnv } from '../toolchain/go-env.js';
import { ensureHelper, runHelper } from '../toolchain/helper.js';
import { UserError } from '../toolchain/errors.js';
import { loadSizeClasses, requireModule } from './analyze.js';
import { ptrSizeOf } from '../facts/store.js';
import { toPosition } from '../facts/position.js';
import { layoutReport } from '../analysis/layout.js';
import type { LayoutRunReport } from '../contract/layout.js';
import { SCHEMA_VERSION } from '../contract/report.js';
import type { HStruct, OrderUseWhy } from '../parse/helper-protocol.js';
import type { Position } from '../contract/report.js';

export interface LayoutOptions {
  dir: string;
  patterns: string[];
  goarch?: string;
  goos?: string;
  tags?: string;
  /** only types whose name (qualified or not) equals this */
  type?: string;
  /** with the packages' _test.go files and external test packages (their uses of the structs) */
  tests?: boolean;
  /** a `go build -overlay` file: the editor's unsaved buffers */
  overlay?: string;
  signal?: AbortSignal;
  progress?: (msg: string) => void;
}

export async function layoutRun(opts: LayoutOptions): Promise<LayoutRunReport> {
  return (await layoutWithOrderUses(opts)).report;
}

/**
 * The layouts, and the uses of each declared struct that depend on its field order (unkeyed
 * literals, unsafe, encoding/binary, sync/atomic, cgo; helper/layout_order.go) at report
 * positions: what the language server's reorder action refuses on. `goroot` is the toolchain's.
 */
export async function layoutWithOrderUses(opts: LayoutOptions): Promise<{
  report: LayoutRunReport;
  orderUses: Map<string, { why: OrderUseWhy; position: Position }[]>;
  /** the packages' load, syntax and type errors: where code did not type-check, a use may be missing */
  loadErrors: number;
  goroot: string;
}> {
  const dir = resolve(opts.dir);
  const env = await goEnv({ dir, goarch: opts.goarch, goos: opts.goos });
  requireModule(env, dir, opts.patterns);
  const bin = await ensureHelper(env.version);
  opts.progress?.(`loading types of ${opts.patterns.join(' ')}`);
  const records = await runHelper(bin, {
    dir,
    env: env.env,
    tags: opts.tags,
    layouts: true,
    tests: opts.tests,
    overlay: opts.overlay,
    signal: opts.signal,
    patterns: opts.patterns,
  });
  const errors = records.filter((r) => r.kind === 'loadError');
  // with -tests a package is loaded plainly and as its test variant: one record of each struct
  const seen = new Set<string>();
  const structs = records.filter((r): r is HStruct => r.kind === 'struct' && !seen.has(r.name) && !!seen.add(r.name));
  const orderUses = new Map<string, { why: OrderUseWhy; position: Position }[]>();
  for (const r of records) {
    if (r.kind !== 'orderUse') continue;
    const list = orderUses.get(r.type) ?? [];
    const position = toPosition(dir, r.pos);
    if (!list.some((u) => u.why === r.why && u.position.file === position.file && u.position.line === position.line && u.position.column === position.column))
      list.push({ why: r.why, position });
    orderUses.set(r.type, list);
  }
  const noPackages = !records.some((r) => r.kind === 'package');
  if ((errors.length && structs.length === 0) || noPackages) {
    const cgo = await cgoOnlyError(env, dir, opts.patterns, opts.tags);
    if (cgo) throw new UserError(cgo);
  }
  if (errors.length && structs.length === 0) {
    const e = errors[0] as { pos: string; msg: string };
    throw new UserError(e.pos ? `${e.pos}: ${e.msg}` : e.msg);
  }
  if (noPackages) throw new UserError(`no Go packages match ${opts.patterns.join(' ')}`);
  const sc = loadSizeClasses(env.goroot);
  const ptr = ptrSizeOf(env.goarch);
  let chosen = structs;
  if (opts.type) {
    const t = opts.type;
    chosen = structs.filter((s) => s.name === t || s.name.endsWith('.' + t) || s.name.endsWith('/' + t));
    if (chosen.length === 0) throw new UserError(`no struct type named ${t} in ${opts.patterns.join(' ')}`);
  }
  const report: LayoutRunReport = {
    schemaVersion: SCHEMA_VERSION,
    go: { version: env.version, goos: env.goos, goarch: env.goarch },
    types: chosen.map((s) => layoutReport(s, sc, ptr, s.pos ? toPosition(dir, s.pos) : undefined, (f) => toPosition(dir, { file: f, line: 0, col: 0 }).file)),
  };
  return { report, orderUses, loadErrors: errors.length, goroot: env.goroot };
}
