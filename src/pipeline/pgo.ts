// Which profile-guided optimisation the analysis build uses, so the report can say so. The build
// and the helper's go list get the same -pgo; this only names the profiles that applied.
import { existsSync } from 'node:fs';
import { join, resolve, isAbsolute } from 'node:path';
import { UserError } from '../toolchain/errors.js';
import type { PgoReport } from '../contract/report.js';
import { relFile } from '../facts/position.js';

/** The -pgo a GOFLAGS value sets (`-pgo=x` or `--pgo=x`, the last one wins), or undefined. */
export function goflagsPgo(goflags: string): string | undefined {
  let v: string | undefined;
  for (const f of goflags.split(/\s+/)) {
    const m = /^--?pgo=(.*)$/.exec(f);
    if (m) v = m[1];
  }
  return v;
}

/** `--pgo` as the go commands get it: auto, off, or a profile file relative to `dir` (as for
 *  `go -C dir build -pgo=file`), made absolute; refused when the file does not exist. */
export function pgoFlag(value: string | undefined, dir: string): string | undefined {
  if (value === undefined || value === 'auto' || value === 'off') return value;
  if (value === '') throw new UserError('--pgo wants a profile file, auto or off');
  const abs = isAbsolute(value) ? value : resolve(dir, value);
  if (!existsSync(abs)) throw new UserError(`--pgo: no such profile: ${abs}`);
  return abs;
}

/**
 * The profiles the build applied. `flag` is the effective -pgo: the option, else GOFLAGS's, else
 * the go command's default `auto`, which applies the `default.pgo` beside each main package of
 * the build to that package and its dependencies. `mains` are the analysed packages named main
 * (import path, directory). Undefined when no profile applied and -pgo was not set anywhere.
 */
export function pgoReport(option: string | undefined, goflags: string, dir: string, mains: { path: string; dir: string }[]): PgoReport | undefined {
  const explicit = option ?? goflagsPgo(goflags);
  const flag = explicit ?? 'auto';
  const rel = (f: string) => relFile(dir, f);
  let profiles: PgoReport['profiles'] = [];
  if (flag === 'auto') {
    profiles = mains
      .filter((m) => existsSync(join(m.dir, 'default.pgo')))
      .map((m) => ({ file: rel(join(m.dir, 'default.pgo')), main: m.path }))
      .sort((a, b) => a.file.localeCompare(b.file));
  } else if (flag !== 'off') {
    profiles = [{ file: rel(isAbsolute(flag) ? flag : resolve(dir, flag)), main: null }];
  }
  if (profiles.length === 0 && explicit === undefined) return undefined;
  return { flag: flag === 'auto' || flag === 'off' ? flag : rel(isAbsolute(flag) ? flag : resolve(dir, flag)), profiles };
}
