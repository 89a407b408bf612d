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
  StatusResponse,
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
/** URLs whose answer has arrived */
const settled = new Set<string>();

/**
 * One request per URL, shared. A signal aborts the request only when it is the one that started
 * it (the first asker of an analysis for another GOARCH: when it goes, the server cancels the build).
 */
function cached<T>(url: string, signal?: AbortSignal): Promise<T> {
  let p = cache.get(url);
  if (!p) {
    p = getJSON<T>(url, signal ? { signal } : undefined);
    cache.set(url, p);
    p.then(
      () => settled.add(url),
      () => {
        if (cache.get(url) === p) cache.delete(url);
      },
    );
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
  report: (goarch: string, signal?: AbortSignal) => cached<Report>(`/api/report?${q({ goarch })}`, signal),
  /** the analysis for this GOARCH has arrived (no need to show its progress) */
  reportReady: (goarch: string) => settled.has(`/api/report?${q({ goarch })}`),
  status: () => getJSON<StatusResponse>('/api/status'),
  files: (goarch: string) => cached<FilesResponse>(`/api/files?${q({ goarch })}`),
  source: (file: string) => cached<SourceResponse>(`/api/source?${q({ file })}`),
  asm: (fn: string, goarch: string) => cached<AsmResponse>(`/api/asm?${q({ function: fn, goarch })}`),
  explain: (file: string, line: number, goarch: string) => cached<ExplainReport>(`/api/explain?${q({ file, line, goarch })}`),
  layout: (goarch: string) => cached<LayoutRunReport>(`/api/layout?${q({ goarch })}`),
  profile: () => cached<ProfileReport>('/api/profile'),
  playground: (req: PlaygroundRequest, signal?: AbortSignal) =>
    getJSON<PlaygroundResponse>('/api/playground', { method: 'POST', body: JSON.stringify(req), headers: { 'Content-Type': 'application/json' }, signal }),
};
