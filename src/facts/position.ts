// The one converter between the positions the tools print (absolute files, 1-based line and
// byte column) and the report's (files relative to the analysed directory when inside it). Every
// layer converts through here, as gopls does through its one protocol mapper.
import { isAbsolute, relative, sep } from 'node:path';
import type { Position } from '../contract/report.js';

/** A file inside `dir` as the report names it (relative, slash-separated); any other stays as it is. */
export function relFile(dir: string, file: string): string {
  if (!isAbsolute(file)) return file;
  const r = relative(dir, file);
  return r && !r.startsWith('..') && !isAbsolute(r) ? r.split(sep).join('/') : file;
}

/** A tool's position ({file, line, col}, file absolute) as the report's Position. */
export function toPosition(dir: string, p: { file: string; line: number; col: number }): Position {
  return { file: relFile(dir, p.file), line: p.line, column: p.col };
}
