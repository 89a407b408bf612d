// Each struct's bytes: fields, holes, pointer bytes, what a boxed object costs, and the better
// field order when it pays.
import { useState } from 'preact/hooks';
import { api, type LayoutReport } from '../api.js';
import { useAsync } from '../hooks.js';
import { bytes, shortType } from '../format.js';
import { href } from '../route.js';
import { HatchDefs, placeInOrder, Strip, STRIP_HEIGHT } from '../diagrams/strip.js';
import { Pager, usePage } from './pager.js';

export function LayoutView({ goarch }: { goarch: string; params: URLSearchParams }) {
  const r = useAsync(() => api.layout(goarch), [goarch]);
  const [filter, setFilter] = useState('');
  const [all, setAll] = useState(false);
  const f = filter.trim().toLowerCase();
  const types = (r.data?.types ?? [])
    .filter((t) => all || t.declared)
    .filter((t) => !f || t.name.toLowerCase().includes(f) || t.fields.some((x) => x.name.toLowerCase().includes(f)))
    .sort((a, b) => Number(b.optimal.worthIt) - Number(a.optimal.worthIt) || b.padding - a.padding || a.name.localeCompare(b.name));
  const page = usePage(types.length, 15, `${f}|${all}`);
  if (r.error) return <div class="error">{r.error.message}</div>;
  if (!r.data) return <div class="loading">Laying out structs for {goarch}…</div>;
  return (
    <div class="layout-view">
      <div class="filter-row">
        <input type="search" placeholder="Filter types or fields…" value={filter} onInput={(e) => setFilter((e.target as HTMLInputElement).value)} />
        <label class="toggle">
          <input type="checkbox" checked={all} onChange={(e) => setAll((e.target as HTMLInputElement).checked)} /> also boxed types of other packages
        </label>
        <span class="dim">{r.data.go.goarch}: sizes and offsets as the compiler lays them out</span>
      </div>
      {types.length === 0 && (
        <p class={f ? 'no-match' : 'dim'} role="status" data-testid="layout-empty">
          {f ? `No struct type or field matches “${filter.trim()}”.` : 'No struct types.'}
        </p>
      )}
      {types.slice(page.start, page.end).map((t) => (
        <StructCard key={t.name} t={t} />
      ))}
      <Pager page={page} noun="struct types" testid="layout-pager" />
    </div>
  );
}

function StructCard({ t }: { t: LayoutReport }) {
  const W = 640;
  const fields = t.fields.map((f) => ({ ...f }));
  const better = t.optimal.worthIt ? placeInOrder(t.fields, t.optimal.order, t.align) : undefined;
  const rows = better ? 2 : 1;
  const h = rows * (STRIP_HEIGHT + 22) + 4;
  return (
    <article class={`struct ${t.optimal.worthIt ? 'worth' : ''}`} data-testid="struct" data-name={t.name}>
      <h3>
        <span class="mono">{shortType(t.name)}</span>{' '}
        {t.position && (
          <a class="dim mono" href={href('source', { file: t.position.file, line: t.position.line })}>
            {t.position.file}:{t.position.line}
          </a>
        )}
      </h3>
      <p>
        <b>{t.size} B</b>, align {t.align}, {t.ptrBytes} pointer bytes, <span class={t.padding ? 'warn' : ''}>{t.padding} B padding</span>
        {' · '}boxed or new'ed:{' '}
        {t.allocPath === 'none'
          ? 'no allocation (zero size)'
          : `${bytes(t.allocatedBytes)} (${t.allocPath}${t.sizeClass ? `, size class ${t.sizeClass}` : ''})`}
      </p>
      <svg width={W} height={h} viewBox={`0 0 ${W} ${h}`} class="layout-svg">
        <title>{`${t.name}: declared order and better order`}</title>
        <HatchDefs />
        <text x={0} y={12} class="box-title">
          declared order
        </text>
        <Strip
          fields={fields}
          size={t.size}
          allocated={t.allocPath === 'small' ? t.allocatedBytes : t.size}
          width={W - 20}
          x={2}
          y={18}
          testid="layout-current"
        />
        {better && (
          <>
            <text x={0} y={STRIP_HEIGHT + 34} class="box-title">
              better order: {t.optimal.order.join(', ')}
            </text>
            <Strip
              fields={better.fields}
              size={better.size}
              allocated={Math.max(t.optimal.allocatedBytes, better.size)}
              width={W - 20}
              x={2}
              y={STRIP_HEIGHT + 40}
              testid="layout-optimal"
            />
          </>
        )}
      </svg>
      {t.holes.length > 0 && (
        <p class="dim">holes: {t.holes.map((h) => `${h.size} B at ${h.offset}${h.before ? ` before ${h.before}` : ' (trailing)'}`).join(', ')}</p>
      )}
      <p class={t.optimal.worthIt ? 'verdict worth' : 'verdict'}>{t.optimal.verdict}</p>
      {better && t.optimal.declaration && <pre class="decl">{t.optimal.declaration}</pre>}
    </article>
  );
}
