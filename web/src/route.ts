// Hash routes: #/overview, #/source?file=a.go&line=3&fn=..., #/layout, #/profile, #/playground.
import { useEffect, useState } from 'preact/hooks';

export type View = 'overview' | 'source' | 'layout' | 'profile' | 'playground';
export interface Route {
  view: View;
  params: URLSearchParams;
}

const views: View[] = ['overview', 'source', 'layout', 'profile', 'playground'];

export function parseHash(hash = location.hash): Route {
  const h = hash.replace(/^#\/?/, '');
  const i = h.indexOf('?');
  const path = i >= 0 ? h.slice(0, i) : h;
  const view = (views.includes(path as View) ? path : 'overview') as View;
  return { view, params: new URLSearchParams(i >= 0 ? h.slice(i + 1) : '') };
}

export function href(view: View, params: Record<string, string | number | undefined> = {}): string {
  const q = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');
  return `#/${view}${q ? '?' + q : ''}`;
}

export function navigate(view: View, params: Record<string, string | number | undefined> = {}, replace = false): void {
  const h = href(view, params);
  if (replace) history.replaceState(null, '', h);
  else location.hash = h;
  if (replace) window.dispatchEvent(new HashChangeEvent('hashchange'));
}

export function useRoute(): Route {
  const [r, setR] = useState(parseHash());
  useEffect(() => {
    const on = () => setR(parseHash());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return r;
}
