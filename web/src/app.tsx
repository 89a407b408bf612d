import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { api, type Meta } from './api.js';
import { useAsync } from './hooks.js';
import { href, navigate, paramsOf, setRouteGoarch, useRoute, type View } from './route.js';
import { Overview } from './views/overview.js';
import { SourceView } from './views/source.js';
import { LayoutView } from './views/layout.js';
import { ProfileView } from './views/profile.js';
import { Playground } from './views/playground.js';
import { AnalysisGate } from './views/progress.js';

export function App() {
  const meta = useAsync(() => api.meta(), []);
  const route = useRoute();
  const m = meta.data;
  // The GOARCH is the URL's (goarch=…), so that a reload or a shared link shows the same target.
  const asked = route.params.get('goarch');
  const goarch = m ? (asked && m.goarches.includes(asked) ? asked : m.goarch) : '';
  const refused = m && asked && asked !== goarch ? asked : undefined;
  if (goarch) setRouteGoarch(goarch);
  useEffect(() => {
    if (goarch && !refused && asked !== goarch) navigate(route.view, { ...paramsOf(route.params), goarch }, true);
  }, [goarch, asked, refused, route]);
  if (meta.error) return <div class="fatal">Cannot reach the ifacelens server: {meta.error.message}</div>;
  if (!m) return <div class="loading-page">Loading…</div>;
  const setGoarch = (g: string) => navigate(route.view, { ...paramsOf(route.params), goarch: g });
  // One gate for the views that show the module's analysis: it stays while they change.
  const gated = (view: ComponentChildren) => (
    <AnalysisGate meta={m} goarch={goarch} onGoarch={setGoarch}>
      {view}
    </AnalysisGate>
  );
  const v = route.view;
  return (
    <div class="app">
      <Header meta={m} view={route.view} goarch={goarch} setGoarch={setGoarch} />
      {refused && (
        <div class="notice" role="alert" data-testid="goarch-refused">
          This server does not offer GOARCH {JSON.stringify(refused)}; showing {goarch}.{' '}
          <a href={href(route.view, { ...paramsOf(route.params), goarch })}>Dismiss</a>
        </div>
      )}
      <main class={`view view-${route.view}`}>
        {(v === 'overview' || v === 'source' || v === 'layout') &&
          gated(
            v === 'overview' ? (
              <Overview key={goarch} meta={m} goarch={goarch} params={route.params} />
            ) : v === 'source' ? (
              <SourceView key={goarch} meta={m} goarch={goarch} params={route.params} />
            ) : (
              <LayoutView key={goarch} goarch={goarch} params={route.params} />
            ),
          )}
        {v === 'profile' && <ProfileView meta={m} goarch={goarch} />}
        {v === 'playground' && <Playground meta={m} goarch={goarch} setGoarch={setGoarch} />}
      </main>
    </div>
  );
}

function Header({ meta, view, goarch, setGoarch }: { meta: Meta; view: View; goarch: string; setGoarch: (g: string) => void }) {
  const tabs: [View, string][] = [
    ['overview', 'Overview'],
    ['source', 'Source'],
    ['layout', 'Layout'],
    ['profile', 'Profile'],
    ['playground', 'Playground'],
  ];
  return (
    <header class="top">
      <a class="brand" href={href('overview')}>
        ifacelens
      </a>
      <nav>
        {tabs.map(([v, label]) => (
          <a key={v} href={href(v)} class={v === view ? 'active' : ''} aria-current={v === view ? 'page' : undefined} data-testid={`nav-${v}`}>
            {label}
          </a>
        ))}
      </nav>
      <span class="spacer" />
      <span class="target" title={meta.dir}>
        <span class="patterns">{meta.patterns.join(' ')}</span> · {meta.go.version} {meta.go.goos}/
        <select
          value={goarch}
          onChange={(e) => setGoarch((e.target as HTMLSelectElement).value)}
          data-testid="goarch"
          aria-label="target GOARCH"
          title="target GOARCH: sizes, layouts and machine code are this architecture's (the playground's too)"
        >
          {meta.goarches.map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </select>
      </span>
    </header>
  );
}
