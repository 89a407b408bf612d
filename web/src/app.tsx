import { useEffect, useState } from 'preact/hooks';
import { api, type Meta } from './api.js';
import { useAsync } from './hooks.js';
import { href, useRoute, type View } from './route.js';
import { Overview } from './views/overview.js';
import { SourceView } from './views/source.js';
import { LayoutView } from './views/layout.js';
import { ProfileView } from './views/profile.js';
import { Playground } from './views/playground.js';

export function App() {
  const meta = useAsync(() => api.meta(), []);
  const route = useRoute();
  const [goarch, setGoarch] = useState<string>('');
  // biome-ignore lint/correctness/useExhaustiveDependencies: the default GOARCH is taken once, when the meta data arrives; a later choice must not be overwritten
  useEffect(() => {
    if (meta.data && !goarch) setGoarch(meta.data.goarch);
  }, [meta.data]);
  if (meta.error) return <div class="fatal">Cannot reach the ifacelens server: {meta.error.message}</div>;
  if (!meta.data || !goarch) return <div class="loading-page">Loading…</div>;
  const m = meta.data;
  return (
    <div class="app">
      <Header meta={m} view={route.view} goarch={goarch} setGoarch={setGoarch} />
      <main class={`view view-${route.view}`}>
        {route.view === 'overview' && <Overview meta={m} goarch={goarch} />}
        {route.view === 'source' && <SourceView meta={m} goarch={goarch} params={route.params} />}
        {route.view === 'layout' && <LayoutView goarch={goarch} params={route.params} />}
        {route.view === 'profile' && <ProfileView meta={m} />}
        {route.view === 'playground' && <Playground meta={m} goarch={goarch} />}
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
          <a key={v} href={href(v)} class={v === view ? 'active' : ''} data-testid={`nav-${v}`}>
            {label}
          </a>
        ))}
      </nav>
      <span class="spacer" />
      <span class="target" title={meta.dir}>
        {meta.patterns.join(' ')} · {meta.go.version} {meta.go.goos}/
        <select
          value={goarch}
          onChange={(e) => setGoarch((e.target as HTMLSelectElement).value)}
          data-testid="goarch"
          title="target GOARCH: sizes, layouts and machine code are this architecture's"
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
