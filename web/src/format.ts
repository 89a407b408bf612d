import type { FunctionSummary, SiteReport } from './api.js';

export const num = (n: number) => (Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 2 }));
export const bytes = (n: number | null | undefined) => (n === null || n === undefined ? '? B' : `${num(n)} B`);
export const allocs = (n: number | null | undefined) => (n === null || n === undefined ? '? allocs' : n === 1 ? '1 alloc' : `${num(n)} allocs`);
export const pct = (x: number) => `${(x * 100).toFixed(x < 0.1 ? 1 : 0)}%`;

/** example.com/m/p.(*T).M → (*T).M; main.F → F; keeps generic shapes. */
export function shortFn(name: string): string {
  const bracket = name.indexOf('[');
  const head = bracket >= 0 ? name.slice(0, bracket) : name;
  const slash = head.lastIndexOf('/');
  const dot = head.indexOf('.', slash + 1);
  return dot >= 0 ? name.slice(dot + 1) : name;
}

/** example.com/m/p.T → p.T (types as the sites print them) */
export function shortType(t: string): string {
  return t.replace(/(?:[\w.-]+\/)+([\w-]+\.)/g, '$1');
}

const freeWhy: Record<string, string> = {
  direct: 'pointer-shaped',
  stack: 'stack copy',
  static: 'static data',
  staticuint64s: 'staticuint64s',
  zerobase: 'zerobase',
  zeroVal: 'zeroVal',
  none: 'no copy',
};

/** The text of a site's badge: bytes per execution, allocs, runtime call. */
export function badgeText(s: SiteReport): string {
  if (s.allocates === null) return 'cost unknown';
  if (!s.allocates) {
    const why = s.dataWord ? freeWhy[s.dataWord] : (s.runtimeCall ?? 'no allocation');
    return `0 B · ${why}`;
  }
  return `${bytes(s.bytesPerOp)} · ${allocs(s.allocsPerOp)} · ${s.runtimeCall ?? 'no call'}`;
}

export function severity(s: SiteReport): 'alloc' | 'free' | 'unknown' {
  return s.allocates === null ? 'unknown' : s.allocates ? 'alloc' : 'free';
}

/** What the site converts, in a few words: "Padded (24 B) → any" */
export function siteWhat(s: SiteReport): string {
  const src = s.source ?? s.object;
  const size = src?.size !== null && src?.size !== undefined ? ` (${src.size} B)` : '';
  switch (s.kind) {
    case 'heap-move':
      return `${s.allocates ? 'moved to heap' : s.allocates === false ? 'address taken, stays on the stack' : 'address taken'}: ${shortType(s.object?.type ?? '?')}${size}`;
    case 'variadic-slice':
      return `...args array ${shortType(s.object?.type ?? '?')}${size}`;
    case 'assert':
      return `assert ${shortType(s.source?.type ?? '?')} → ${shortType(s.target?.type ?? '?')}`;
    case 'type-switch':
      return `type switch on ${shortType(s.source?.type ?? '?')}`;
    default:
      return `${shortType(src?.type ?? '?')}${size} → ${shortType(s.target?.type ?? '?')}`;
  }
}

export function fnCost(f: FunctionSummary | undefined): string {
  if (!f) return '';
  return `${bytes(f.bytesPerCall)}/call · ${allocs(f.allocsPerCall)}`;
}

export const siteKey = (s: SiteReport) => `${s.position.file}:${s.position.line}:${s.position.column}@${s.function}`;

/** Keys that stay with their item when a list is filtered: `key(x)`, made unique by a count. */
export function stableKeys<T>(items: T[], key: (x: T) => string): string[] {
  const seen = new Map<string, number>();
  return items.map((x) => {
    const k = key(x);
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    return n ? `${k}#${n}` : k;
  });
}
