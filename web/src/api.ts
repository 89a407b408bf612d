// The page's only way to the server: the JSON API under /api/. Responses are cached per URL (the
// analysis behind them does not change while the server runs).
import type {
  AsmResponse,
  ExplainReport,
  FilesResponse,
  LayoutRunReport,
  Meta,
  PlaygroundRequest,
  PlaygroundResponse,
  ProfileReport,
  Report,
  SourceResponse,
} from '../../src/contract/index.js';

export type * from '../../src/contract/index.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function getJSON<T>(url: string, init?: RequestInit): Promise<T> {
  const r = await fetch(url, { ...init, headers: { Accept: 'application/json', ...(init?.headers ?? {}) } });
  let body: unknown;
  try {
    body = await r.json();
  } catch {
    body = { error: `${r.status} ${r.statusText}` };
  }
  if (!r.ok) throw new ApiError(r.status, (body as { error?: string }).error ?? r.statusText);
  return body as T;
}

const cache = new Map<string, Promise<unknown>>();

function cached<T>(url: string): Promise<T> {
  let p = cache.get(url);
  if (!p) {
    p = getJSON<T>(url);
    cache.set(url, p);
    p.catch(() => cache.delete(url));
  }
  return p as Promise<T>;
}

const q = (params: Record<string, string | number | undefined>) =>
  Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');

export const api = {
  meta: () => cached<Meta>('/api/meta'),
  report: (goarch: string) => cached<Report>(`/api/report?${q({ goarch })}`),
  files: (goarch: string) => cached<FilesResponse>(`/api/files?${q({ goarch })}`),
  source: (file: string) => cached<SourceResponse>(`/api/source?${q({ file })}`),
  asm: (fn: string, goarch: string) => cached<AsmResponse>(`/api/asm?${q({ function: fn, goarch })}`),
  explain: (file: string, line: number, goarch: string) => cached<ExplainReport>(`/api/explain?${q({ file, line, goarch })}`),
  layout: (goarch: string) => cached<LayoutRunReport>(`/api/layout?${q({ goarch })}`),
  profile: () => cached<ProfileReport>('/api/profile'),
  playground: (req: PlaygroundRequest, signal?: AbortSignal) =>
    getJSON<PlaygroundResponse>('/api/playground', { method: 'POST', body: JSON.stringify(req), headers: { 'Content-Type': 'application/json' }, signal }),
};
