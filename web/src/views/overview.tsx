// Functions and packages ranked by interface cost per call, the totals, and every site; known costs
// first (most bytes first), those not known statically after them with the reason. A filter box
// (kept in the URL) narrows all of them — a function matches by its name, its package or any of its
// sites (file, types, runtime call) — and each table says when nothing matches. Long tables are paged.
import { Fragment } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { api, type FileEntry, type FunctionSummary, type Meta, type Report, type SiteReport } from '../api.js';
import { useAsync } from '../hooks.js';
import { badgeText, bytes, num, severity, shortFn, siteKey, siteWhat, stableKeys } from '../format.js';
import { href, navigate, paramsOf } from '../route.js';
import { Findings } from './findings.js';
import { Pager, usePage } from './pager.js';

export function fileOfFunction(files: FileEntry[] | undefined): Map<string, { file: string; line: number }> {
  const m = new Map<string, { file: string; line: number }>();
  for (const f of files ?? []) for (const fn of f.functions) m.set(fn.name, { file: f.file, line: fn.start });
  return m;
}

export function Overview({ meta, goarch, params }: { meta: Meta; goarch: string; params: URLSearchParams }) {
  const report = useAsync(() => api.report(goarch), [goarch]);
  const files = useAsync(() => api.files(goarch), [goarch]);
  if (report.error) return <div class="error">{report.error.message}</div>;
  if (!report.data) return <div class="loading">Loading the {goarch} analysis…</div>;
  return <OverviewBody report={report.data} files={files.data?.files} params={params} meta={meta} />;
}

/**
 * Known figures first, in the report's order (most bytes per call first); those not known
 * statically after them (the report's order again: the page adds no ranking of its own).
 */
function rankFunctions(fns: FunctionSummary[]): FunctionSummary[] {
  return [...fns.filter((f) => f.bytesPerCall !== null), ...fns.filter((f) => f.bytesPerCall === null)];
}

type SiteShow = 'all' | 'alloc' | 'free' | 'unknown';
const siteRank = { alloc: 0, free: 1, unknown: 2 } as const;

/** Allocating sites first (most bytes first), then the free ones, then those of unknown cost. */
function rankSites(sites: SiteReport[]): SiteReport[] {
  return [...sites].sort(
    (a, b) =>
      siteRank[severity(a)] - siteRank[severity(b)] ||
      (b.bytesPerOp ?? 0) - (a.bytesPerOp ?? 0) ||
      a.position.file.localeCompare(b.position.file) ||
      a.position.line - b.position.line ||
      a.position.column - b.position.column ||
      a.function.localeCompare(b.function),
  );
}

function OverviewBody({ report, files, params, meta }: { report: Report; files?: FileEntry[]; params: URLSearchParams; meta: Meta }) {
  const fnFile = useMemo(() => fileOfFunction(files), [files]);
  const filter = params.get('q') ?? '';
  // typed text is shown at once; the URL (and so a reload or a link) follows it
  const [typed, setTyped] = useState(filter);
  const setFilter = (q: string) => {
    setTyped(q);
    navigate('overview', { ...paramsOf(params), q: q || undefined }, true);
  };
  const f = typed.trim().toLowerCase();
  const match = (...xs: (string | null | undefined)[]) => !f || xs.some((x) => x?.toLowerCase().includes(f));
  const siteMatch = (s: SiteReport) =>
    match(s.function, s.package, s.position.file, s.runtimeCall, s.source?.type, s.target?.type, s.object?.type, s.kind, s.operand);

  const sites = useMemo(() => rankSites(report.sites), [report]);
  const [show, setShow] = useState<SiteShow>('all');
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
  const fns = useMemo(() => rankFunctions(report.functions.filter((fn) => fn.sites > 0 || fn.bytesPerCall !== 0)), [report]);
  /** what a function is found by besides its name: its sites' files, types and runtime calls */
  const fnText = useMemo(() => {
    const m = new Map<string, string>();
    for (const s of report.sites) {
      const t = [s.position.file, s.runtimeCall, s.source?.type, s.target?.type, s.object?.type, s.kind, s.operand].filter(Boolean).join('\n');
      m.set(s.function, (m.get(s.function) ?? '') + '\n' + t);
    }
    return m;
  }, [report]);
  const totalBytes = report.functions.reduce((n, fn) => n + (fn.bytesPerCall ?? 0), 0);
  const unknownFns = report.functions.filter((fn) => fn.bytesPerCall === null).length;
  const allocFns = report.functions.filter((fn) => (fn.allocsPerCall ?? 1) > 0 && fn.sites > 0).length;
  const findings = report.findings ?? [];

  const shownFns = fns.filter((fn) => match(fn.function, fn.package, fnText.get(fn.function)));
  const sitePkgs = useMemo(() => {
    const m = new Map<string, SiteReport[]>();
    for (const s of report.sites) m.set(s.functionPackage, [...(m.get(s.functionPackage) ?? []), s]);
    return m;
  }, [report]);
  const shownPkgs = packages.filter((p) => match(p.pkg) || (sitePkgs.get(p.pkg) ?? []).some(siteMatch));
  const matchingSites = sites.filter(siteMatch);
  const counts = { all: matchingSites.length, alloc: 0, free: 0, unknown: 0 };
  for (const s of matchingSites) counts[severity(s)]++;
  const shownSites = show === 'all' ? matchingSites : matchingSites.filter((s) => severity(s) === show);
  const shownFindings = findings.filter((x) => match(x.message, x.function, x.position?.file, x.rule));

  const fnPage = usePage(shownFns.length, 25, typed);
  const sitePage = usePage(shownSites.length, 25, `${typed}|${show}`);
  const pkgPage = usePage(shownPkgs.length, 20, typed);
  const fnRows = shownFns.slice(fnPage.start, fnPage.end);
  const siteRows = shownSites.slice(sitePage.start, sitePage.end);
  const siteKeys = stableKeys(shownSites, (s) => `${siteKey(s)}:${s.kind}`).slice(sitePage.start, sitePage.end);
  const firstUnknown = shownFns.findIndex((fn) => fn.bytesPerCall === null);
  const q = typed.trim();
  const nothing = (what: string) => (
    <p class="no-match" role="status">
      No {what} matches “{q}”.{' '}
      <button type="button" class="link" onClick={() => setFilter('')}>
        Clear the filter
      </button>
    </p>
  );

  const siteHref = (s: SiteReport) => href('source', { file: s.position.file, line: s.position.line, col: s.position.column, fn: s.function });
  return (
    <div class="overview">
      <section class="cards" data-testid="totals">
        <Card label="interface sites" value={report.stats.sites} testid="stat-sites" />
        <Card label="allocate" value={report.stats.allocatingSites} testid="stat-allocating" hot />
        <Card label={`bytes per call, all functions${unknownFns ? ` (+ ${unknownFns} unknown)` : ''}`} value={bytes(totalBytes)} testid="stat-bytes" />
        <Card label="functions that allocate" value={allocFns} testid="stat-functions" />
        {findings.length > 0 && <Card label="findings" value={findings.length} testid="stat-findings" hot />}
        <div class="card meta-card">
          <div class="label" data-testid="report-target">
            {report.go.version} {report.go.goos}/{report.go.goarch}
          </div>
          <div class="small" title={meta.dir}>
            {report.packages.length} package{report.packages.length === 1 ? '' : 's'}: {report.packages.slice(0, 3).join(', ')}
            {report.packages.length > 3 ? ', …' : ''}
          </div>
        </div>
      </section>
      <p class="intro">
        Every place a value becomes an interface, priced from the compiler's own output: <b>B/call</b> is what one call of a function allocates on the heap
        through interface conversions, <b>B/op</b> what one execution of a site allocates. Open a function or a site to see its source with each line's cost,
        its machine code, and what the interface value looks like in memory.
      </p>
      <div class="filter-row">
        <input
          type="search"
          placeholder="Filter functions, packages, files, types, runtime calls…"
          aria-label="filter functions, packages, files, types and runtime calls"
          value={typed}
          onInput={(e) => setFilter((e.target as HTMLInputElement).value)}
          data-testid="filter"
        />
        {q && (
          <span class="dim" role="status" data-testid="filter-counts">
            {shownFns.length} function{shownFns.length === 1 ? '' : 's'}, {counts.all} site{counts.all === 1 ? '' : 's'}, {shownPkgs.length} package
            {shownPkgs.length === 1 ? '' : 's'} match
          </span>
        )}
      </div>
      {shownFindings.length > 0 && <Findings findings={shownFindings} all={findings} />}
      <div class="two-col">
        <section aria-labelledby="h-functions">
          <h2 id="h-functions">
            Functions by interface cost per call{' '}
            <span class="dim">known costs first{unknownFns ? `; ${unknownFns} not known statically after them, with why` : ''}</span>
          </h2>
          {shownFns.length === 0 ? (
            <div data-testid="functions-empty">{q ? nothing('function') : <p class="dim">No function has an interface site.</p>}</div>
          ) : (
            <>
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
                  {fnRows.map((fn, i) => {
                    const loc = fnFile.get(fn.function);
                    const unknown = fn.bytesPerCall === null;
                    return (
                      <Fragment key={fn.function}>
                        {fnPage.start + i === firstUnknown && (
                          <tr class="group-row" key="unknown-head">
                            <td colspan={5}>
                              Cost not known statically ({shownFns.length - firstUnknown} function{shownFns.length - firstUnknown === 1 ? '' : 's'}): the reason
                              is under each name
                            </td>
                          </tr>
                        )}
                        <tr data-function={fn.function} class={`${(fn.bytesPerCall ?? 1) > 0 ? 'hot' : ''} ${unknown ? 'unknown' : ''}`}>
                          <td class="num" data-testid="fn-bytes">
                            {unknown ? '?' : num(fn.bytesPerCall ?? 0)}
                          </td>
                          <td class="num" data-testid="fn-allocs">
                            {fn.allocsPerCall === null ? '?' : num(fn.allocsPerCall)}
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
                            {!unknown && fn.notes && (
                              <span class="note-icon" title={fn.notes.join('\n')} role="img" aria-label={fn.notes.join('; ')}>
                                i
                              </span>
                            )}
                            {unknown && (
                              <div class="why" data-testid="fn-why">
                                {fn.minBytesPerCall > 0 ? `at least ${num(fn.minBytesPerCall)} B; ` : ''}
                                {fn.notes?.join('; ') ?? 'not known statically'}
                              </div>
                            )}
                          </td>
                          <td class="dim">{fn.package}</td>
                        </tr>
                      </Fragment>
                    );
                  })}
                </tbody>
              </table>
              <Pager page={fnPage} noun="functions" testid="functions-pager" />
            </>
          )}
        </section>
        <section aria-labelledby="h-packages">
          <h2 id="h-packages">Packages</h2>
          {shownPkgs.length === 0 ? (
            <div data-testid="packages-empty">{nothing('package')}</div>
          ) : (
            <>
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
                  {shownPkgs.slice(pkgPage.start, pkgPage.end).map((p) => (
                    <tr key={p.pkg} data-package={p.pkg}>
                      <td class="num" title={p.unknown ? 'plus functions whose cost is not known statically' : undefined}>
                        {num(p.bytes)}
                        {p.unknown ? '+?' : ''}
                      </td>
                      <td class="num">{p.allocating}</td>
                      <td class="num">{p.sites}</td>
                      <td>{p.pkg}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Pager page={pkgPage} noun="packages" testid="packages-pager" />
            </>
          )}
        </section>
      </div>
      <section aria-labelledby="h-sites">
        <h2 id="h-sites">
          Sites <span class="dim">allocating first (most bytes first), then free, then those of unknown cost with why</span>
        </h2>
        <fieldset class="chips" aria-label="which sites">
          {(
            [
              ['all', 'all'],
              ['alloc', 'allocating'],
              ['free', 'free'],
              ['unknown', 'unknown cost'],
            ] as const
          ).map(([k, label]) => (
            <button
              type="button"
              key={k}
              class={`chip chip-${k} ${show === k ? 'on' : ''}`}
              aria-pressed={show === k}
              onClick={() => setShow(k)}
              data-testid={`sites-show-${k}`}
            >
              {label} <span class="count">{counts[k]}</span>
            </button>
          ))}
        </fieldset>
        {shownSites.length === 0 ? (
          <div data-testid="sites-empty">
            {q ? (
              nothing(show === 'all' ? 'site' : `${show === 'alloc' ? 'allocating' : show === 'free' ? 'free' : 'unknown-cost'} site`)
            ) : (
              <p class="dim">No {show === 'all' ? '' : show === 'alloc' ? 'allocating ' : show === 'free' ? 'free ' : 'unknown-cost '}sites.</p>
            )}
          </div>
        ) : (
          <>
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
                {siteRows.map((s, i) => (
                  <tr key={siteKeys[i]} class={`sev-${severity(s)}`} data-site={`${s.position.file}:${s.position.line}:${s.position.column}`}>
                    <td class="num">{s.allocates ? s.bytesPerOp : s.allocates === null ? '?' : 0}</td>
                    <td class="num">{s.allocates ? s.allocsPerOp : s.allocates === null ? '?' : 0}</td>
                    <td class="mono call">{s.runtimeCall ?? <span class="dim">{badgeText(s).replace(/^0 B · /, '')}</span>}</td>
                    <td class="mono">
                      <a href={siteHref(s)}>
                        <Breakable text={s.position.file} />:{s.position.line}:{s.position.column}
                      </a>
                    </td>
                    <td>
                      {siteWhat(s)}
                      {s.freeWhen && <span class="dim"> · free when {s.freeWhen}</span>}
                      {s.allocates === null && (
                        <div class="why" data-testid="site-why">
                          {s.reason}
                        </div>
                      )}
                    </td>
                    <td title={s.function}>
                      {shortFn(s.function)}
                      {s.inlinedAt && <span class="dim"> (inlined)</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager page={sitePage} noun="sites" testid="sites-pager" />
          </>
        )}
      </section>
    </div>
  );
}

/** A path that may wrap after its slashes (and nowhere else). */
function Breakable({ text }: { text: string }) {
  const parts = text.split('/');
  return (
    <>
      {parts.map((p, i) => (
        <Fragment key={i}>
          {p}
          {i < parts.length - 1 ? (
            <>
              /<wbr />
            </>
          ) : null}
        </Fragment>
      ))}
    </>
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
