// Reads `// want` expectations and `// measure: skip` markers from fixture Go files.
// Syntax: docs in testdata/fixtures/README.md.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface Want {
  kind: string;
  /** regexp on the runtime call */
  call?: RegExp;
  allocs?: number;
  bytes?: number;
  freeAtRuntime: boolean;
  /** `in=REGEXP`: only the instances in functions matching it (e.g. an inlined copy in init) */
  fn?: RegExp;
  text: string;
}

export interface WantLine {
  /** slash-separated, relative to the fixture module */
  file: string;
  line: number;
  wants: Want[];
}

export interface FixtureFunc {
  /** import path of the package */
  pkg: string;
  pkgDir: string;
  name: string;
  file: string;
  line: number;
  skip?: string;
  /** Go expressions to call it with (`// measure: args 1000, "s"`), for functions with parameters */
  args?: string[];
  /** functions it calls without inlining whose per-call cost adds to its own (`// measure: callee g[go.shape.int]`) */
  callees?: string[];
}

export function goFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...goFiles(p));
    else if (e.endsWith('.go') && !e.endsWith('_test.go')) out.push(p);
  }
  return out.sort();
}

export function parseWant(text: string): Want[] {
  return text
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const m = /^([a-z-]+)(?::"([^"]*)")?(.*)$/.exec(part);
      if (!m) throw new Error(`bad want: ${part}`);
      const rest = m[3];
      const num = (k: string) => {
        const x = new RegExp(`\\b${k}=([0-9.]+)`).exec(rest);
        return x ? Number(x[1]) : undefined;
      };
      return {
        kind: m[1],
        call: m[2] !== undefined ? new RegExp(m[2]) : undefined,
        allocs: num('allocs'),
        bytes: num('bytes'),
        freeAtRuntime: /\bfreeAtRuntime\b/.test(rest),
        fn: /\bin=(\S+)/.test(rest) ? new RegExp(/\bin=(\S+)/.exec(rest)![1]) : undefined,
        text: part,
      };
    });
}

/** Reads the fixture module: want lines, and every exported `func F()` with its skip marker. */
export function readFixture(moduleDir: string): { wants: WantLine[]; funcs: FixtureFunc[] } {
  const modulePath = /^module\s+(\S+)/m.exec(readFileSync(join(moduleDir, 'go.mod'), 'utf8'))![1];
  const wants: WantLine[] = [];
  const funcs: FixtureFunc[] = [];
  for (const f of goFiles(moduleDir)) {
    const rel = relative(moduleDir, f).split('\\').join('/');
    const pkgRel = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
    const pkg = pkgRel ? `${modulePath}/${pkgRel}` : modulePath;
    const lines = readFileSync(f, 'utf8').split('\n');
    lines.forEach((l, idx) => {
      const w = /\/\/ want (.*)$/.exec(l);
      if (w) wants.push({ file: rel, line: idx + 1, wants: parseWant(w[1].replace(/\(.*?\)\s*$/, '')) });
      const fn = /^func ([A-Z]\w*)\((.*?)\)\s*\{/.exec(l);
      if (fn) {
        let skip: string | undefined;
        let args: string[] | undefined;
        let callees: string[] | undefined;
        for (let k = idx - 1; k >= 0 && lines[k].startsWith('//'); k--) {
          const s = /^\/\/ measure: skip(?: \((.*)\))?/.exec(lines[k]);
          if (s) skip = s[1] ?? 'skip';
          const a = /^\/\/ measure: args (.*)$/.exec(lines[k]);
          if (a) args = splitArgs(a[1]);
          const c = /^\/\/ measure: callee (.*)$/.exec(lines[k]);
          if (c) (callees ??= []).push(c[1].trim());
        }
        if (fn[2].trim() !== '' && !args) return; // parameters but no arguments given: not measured
        funcs.push({ pkg, pkgDir: join(moduleDir, pkgRel), name: fn[1], file: rel, line: idx + 1, skip, args, callees });
      }
    });
  }
  return { wants, funcs };
}

/** Splits a Go argument list at top-level commas. */
export function splitArgs(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let cur = '';
  for (const ch of text) {
    if (quote) {
      cur += ch;
      if (ch === quote) quote = '';
      continue;
    }
    if (ch === '"' || ch === '`' || ch === "'") quote = ch;
    if ('([{'.includes(ch)) depth++;
    if (')]}'.includes(ch)) depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}
