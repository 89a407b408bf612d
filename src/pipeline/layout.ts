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
import type { HStruct } from '../parse/helper-protocol.js';

export interface LayoutOptions {
  dir: string;
  patterns: string[];
  goarch?: string;
  goos?: string;
  tags?: string;
  /** only types whose name (qualified or not) equals this */
  type?: string;
  progress?: (msg: string) => void;
}

export async function layoutRun(opts: LayoutOptions): Promise<LayoutRunReport> {
  const dir = resolve(opts.dir);
  const env = await goEnv({ dir, goarch: opts.goarch, goos: opts.goos });
  requireModule(env, dir, opts.patterns);
  const bin = await ensureHelper(env.version);
  opts.progress?.(`loading types of ${opts.patterns.join(' ')}`);
  const records = await runHelper(bin, { dir, env: env.env, tags: opts.tags, layouts: true, patterns: opts.patterns });
  const errors = records.filter((r) => r.kind === 'loadError');
  const structs = records.filter((r): r is HStruct => r.kind === 'struct');
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
  return {
    schemaVersion: SCHEMA_VERSION,
    go: { version: env.version, goos: env.goos, goarch: env.goarch },
    types: chosen.map((s) => layoutReport(s, sc, ptr, s.pos ? toPosition(dir, s.pos) : undefined, (f) => toPosition(dir, { file: f, line: 0, col: 0 }).file)),
  };
}
