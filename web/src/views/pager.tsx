// Pages of a long table: the overview of a real module has hundreds of functions and sites.
import { useState } from 'preact/hooks';

export interface Page {
  page: number;
  pages: number;
  start: number;
  end: number;
  total: number;
  set: (page: number) => void;
}

/** The page shown of `total` rows, `size` a page; back to the first when `reset` changes (a new filter). */
export function usePage(total: number, size: number, reset: string): Page {
  const [state, setState] = useState({ page: 0, reset });
  const pages = Math.max(1, Math.ceil(total / size));
  const page = state.reset === reset ? Math.min(state.page, pages - 1) : 0;
  return {
    page,
    pages,
    start: page * size,
    end: Math.min(total, (page + 1) * size),
    total,
    set: (p: number) => setState({ page: Math.min(pages - 1, Math.max(0, p)), reset }),
  };
}

export function Pager({ page: p, noun, testid }: { page: Page; noun: string; testid: string }) {
  if (p.pages <= 1) return null;
  return (
    <nav class="pager" aria-label={`pages of ${noun}`} data-testid={testid}>
      <button type="button" onClick={() => p.set(0)} disabled={p.page === 0} aria-label="first page">
        «
      </button>
      <button type="button" onClick={() => p.set(p.page - 1)} disabled={p.page === 0} data-testid={`${testid}-prev`}>
        ‹ previous
      </button>
      <span class="pager-where" data-testid={`${testid}-where`}>
        {p.start + 1}–{p.end} of {p.total} {noun} · page {p.page + 1} of {p.pages}
      </span>
      <button type="button" onClick={() => p.set(p.page + 1)} disabled={p.page >= p.pages - 1} data-testid={`${testid}-next`}>
        next ›
      </button>
      <button type="button" onClick={() => p.set(p.pages - 1)} disabled={p.page >= p.pages - 1} aria-label="last page">
        »
      </button>
    </nav>
  );
}
