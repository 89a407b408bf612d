// Hash routes: #/overview?q=…, #/source?file=a.go&line=3&fn=…, #/layout, #/profile, #/playground;
// every route carries the target GOARCH (goarch=amd64), so that a link or a reload shows the same
// target's figures.
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

type Params = Record<string, string | number | undefined>;

/** The GOARCH the page shows; every href carries it unless it names its own. */
let routeGoarch = '';
export function setRouteGoarch(goarch: string): void {
  routeGoarch = goarch;
}

export function href(view: View, params: Params = {}): string {
  const all: Params = { ...params, goarch: params.goarch ?? (routeGoarch || undefined) };
  const q = Object.entries(all)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');
  return `#/${view}${q ? '?' + q : ''}`;
}

export function navigate(view: View, params: Params = {}, replace = false): void {
  const h = href(view, params);
  if (h === location.hash) return;
  if (replace) history.replaceState(null, '', h);
  else location.hash = h;
  if (replace) window.dispatchEvent(new HashChangeEvent('hashchange'));
}

/** The route's parameters as an object (to navigate to the same route with one changed). */
export const paramsOf = (p: URLSearchParams): Params => Object.fromEntries(p.entries());

export function useRoute(): Route {
  const [r, setR] = useState(parseHash());
  useEffect(() => {
    const on = () => setR(parseHash());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return r;
}
