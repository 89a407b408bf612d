// Packages and functions ranked by interface cost per call, the totals, and every site with the
// allocating ones first; a filter box narrows all three.
import { useMemo, useState } from 'preact/hooks';
import { api, type FileEntry, type Meta, type Report, type SiteReport } from '../api.js';
import { useAsync } from '../hooks.js';
import { badgeText, bytes, severity, shortFn, siteWhat } from '../format.js';
import { href } from '../route.js';
import { Findings } from './findings.js';

export function fileOfFunction(files: FileEntry[] | undefined): Map<string, { file: string; line: number }> {
  const m = new Map<string, { file: string; line: number }>();
  for (const f of files ?? []) for (const fn of f.functions) m.set(fn.name, { file: f.file, line: fn.start });
  return m;
}

export function Overview({ meta, goarch }: { meta: Meta; goarch: string }) {
  const report = useAsync(() => api.report(goarch), [goarch]);
  const files = useAsync(() => api.files(goarch), [goarch]);
  const [filter, setFilter] = useState('');
  if (report.error) return <div class="error">{report.error.message}</div>;
  if (!report.data) return <div class="loading">Analysing for {goarch}…</div>;
  return <OverviewBody report={report.data} files={files.data?.files} filter={filter} setFilter={setFilter} meta={meta} loading={report.loading} />;
}

function OverviewBody({
  report,
  files,
  filter,
  setFilter,
  meta,
  loading,
}: {
  report: Report;
  files?: FileEntry[];
  filter: string;
  setFilter: (s: string) => void;
  meta: Meta;
  loading: boolean;
}) {
  const fnFile = useMemo(() => fileOfFunction(files), [files]);
  const f = filter.trim().toLowerCase();
  const match = (...xs: (string | null | undefined)[]) => !f || xs.some((x) => x?.toLowerCase().includes(f));

  const sites = useMemo(() => {
    const rank = (s: SiteReport) => (s.allocates ? 0 : s.allocates === null ? 1 : 2);
    return [...report.sites].sort(
      (a, b) =>
        rank(a) - rank(b) || (b.bytesPerOp ?? 0) - (a.bytesPerOp ?? 0) || a.position.file.localeCompare(b.position.file) || a.position.line - b.position.line,
    );
  }, [report]);
  const packages = useMemo(() => {
    const m = new Map<string, { pkg: string; sites: number; allocating: number; bytes: number; unknown: boolean }>();
    for (const p of report.packages) m.set(p, { pkg: p, sites: 0, allocating: 0, bytes: 0, unknown: false });
    for (const s of report.sites) {
      const e = m.get(s.functionPackage) ?? { pkg: s.functionPackage, sites: 0, allocating: 0, bytes: 0, unknown: false };
      e.sites++;
      if (s.allocates) e.allocating++;
      m.set(s.functionPackage, e);
    }
    for (const fn of report.functions) {
      const e = m.get(fn.package);
      if (!e) continue;
      if (fn.bytesPerCall === null) e.unknown = true;
      else e.bytes += fn.bytesPerCall;
    }
    return [...m.values()].sort((a, b) => b.bytes - a.bytes || b.allocating - a.allocating || a.pkg.localeCompare(b.pkg));
  }, [report]);
  const fns = report.functions.filter((fn) => fn.sites > 0 || fn.bytesPerCall !== 0);
  const totalBytes = report.functions.reduce((n, fn) => n + (fn.bytesPerCall ?? 0), 0);
  const allocFns = report.functions.filter((fn) => (fn.allocsPerCall ?? 1) > 0 && fn.sites > 0).length;
  const findings = report.findings ?? [];

  const siteHref = (s: SiteReport) => href('source', { file: s.position.file, line: s.position.line, col: s.position.column, fn: s.function });
  return (
    <div class="overview">
      <section class="cards" data-testid="totals">
        <Card label="interface sites" value={report.stats.sites} testid="stat-sites" />
        <Card label="allocate" value={report.stats.allocatingSites} testid="stat-allocating" hot />
        <Card label="bytes per call, all functions" value={bytes(totalBytes)} testid="stat-bytes" />
        <Card label="functions that allocate" value={allocFns} testid="stat-functions" />
        {findings.length > 0 && <Card label="findings" value={findings.length} testid="stat-findings" hot />}
        <div class="card meta-card">
          <div class="label">
            {report.go.version} {report.go.goos}/{report.go.goarch}
            {loading ? ' · updating…' : ''}
          </div>
          <div class="small" title={meta.dir}>
            {report.packages.length} package{report.packages.length === 1 ? '' : 's'}: {report.packages.slice(0, 3).join(', ')}
            {report.packages.length > 3 ? ', …' : ''}
          </div>
        </div>
      </section>
      <p class="intro">
        Every place a value becomes an interface, priced from the compiler's own output: <b>B/call</b> is what one call of a function allocates on the heap
        through interface conversions, <b>B/op</b> what one execution of a site allocates. Open a function or a site to see its source with a badge on each
        site, its machine code, and what the interface value looks like in memory.
      </p>
      <div class="filter-row">
        <input
          type="search"
          placeholder="Filter functions, packages, files, types, runtime calls…"
          value={filter}
          onInput={(e) => setFilter((e.target as HTMLInputElement).value)}
          data-testid="filter"
        />
      </div>
      {findings.length > 0 && <Findings findings={findings.filter((x) => match(x.message, x.function, x.position?.file, x.rule))} />}
      <div class="two-col">
        <section>
          <h2>Functions by interface cost per call</h2>
          <table class="grid" data-testid="functions">
            <thead>
              <tr>
                <th class="num">B/call</th>
                <th class="num">allocs</th>
                <th class="num">sites</th>
                <th>function</th>
                <th>package</th>
              </tr>
            </thead>
            <tbody>
              {fns
                .filter((fn) => match(fn.function, fn.package))
                .map((fn) => {
                  const loc = fnFile.get(fn.function);
                  return (
                    <tr key={fn.function} data-function={fn.function} class={(fn.bytesPerCall ?? 1) > 0 ? 'hot' : ''}>
                      <td class="num" data-testid="fn-bytes">
                        {fn.bytesPerCall === null ? '?' : fn.bytesPerCall}
                      </td>
                      <td class="num" data-testid="fn-allocs">
                        {fn.allocsPerCall === null ? '?' : fn.allocsPerCall}
                      </td>
                      <td class="num">{fn.sites}</td>
                      <td>
                        <a
                          href={loc ? href('source', { file: loc.file, line: loc.line, fn: fn.function }) : href('source', { fn: fn.function })}
                          title={fn.function}
                          data-testid="fn-link"
                        >
                          {shortFn(fn.function)}
                        </a>
                        {fn.notes && (
                          <span class="note-icon" title={fn.notes.join('\n')}>
                            i
                          </span>
                        )}
                      </td>
                      <td class="dim">{fn.package}</td>
                    </tr>
                  );
                })}
            </tbody>
          </table>
        </section>
        <section>
          <h2>Packages</h2>
          <table class="grid" data-testid="packages">
            <thead>
              <tr>
                <th class="num">B/call Σ</th>
                <th class="num">allocating</th>
                <th class="num">sites</th>
                <th>package</th>
              </tr>
            </thead>
            <tbody>
              {packages
                .filter((p) => match(p.pkg))
                .map((p) => (
                  <tr key={p.pkg} data-package={p.pkg}>
                    <td class="num">
                      {p.bytes}
                      {p.unknown ? '+' : ''}
                    </td>
                    <td class="num">{p.allocating}</td>
                    <td class="num">{p.sites}</td>
                    <td>{p.pkg}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </section>
      </div>
      <section>
        <h2>
          Sites <span class="dim">allocating first</span>
        </h2>
        <table class="grid sites" data-testid="sites">
          <thead>
            <tr>
              <th class="num">B/op</th>
              <th class="num">allocs</th>
              <th>runtime call</th>
              <th>where</th>
              <th>what</th>
              <th>function</th>
            </tr>
          </thead>
          <tbody>
            {sites
              .filter((s) => match(s.function, s.package, s.position.file, s.runtimeCall, s.source?.type, s.target?.type, s.object?.type, s.kind, s.operand))
              .map((s, i) => (
                <tr key={i} class={`sev-${severity(s)}`} data-site={`${s.position.file}:${s.position.line}:${s.position.column}`}>
                  <td class="num">{s.allocates ? s.bytesPerOp : s.allocates === null ? '?' : 0}</td>
                  <td class="num">{s.allocates ? s.allocsPerOp : s.allocates === null ? '?' : 0}</td>
                  <td class="mono">{s.runtimeCall ?? <span class="dim">{badgeText(s).replace(/^0 B · /, '')}</span>}</td>
                  <td class="mono">
                    <a href={siteHref(s)}>
                      {s.position.file}:{s.position.line}:{s.position.column}
                    </a>
                  </td>
                  <td>
                    {siteWhat(s)}
                    {s.freeWhen && <span class="dim"> · free when {s.freeWhen}</span>}
                  </td>
                  <td title={s.function}>
                    {shortFn(s.function)}
                    {s.inlinedAt && <span class="dim"> (inlined)</span>}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

function Card({ label, value, testid, hot }: { label: string; value: string | number; testid: string; hot?: boolean }) {
  return (
    <div class={`card ${hot ? 'hot' : ''}`}>
      <div class="value" data-testid={testid}>
        {value}
      </div>
      <div class="label">{label}</div>
    </div>
  );
}
