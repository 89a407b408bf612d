// A source file with a badge on every site line, per-function totals in the margin, the selected
// function's machine code beside it (linked both ways), and the inspector for the selected site.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, type AsmLine, type Explanation, type FileEntry, type FunctionRange, type Meta, type Report, type SiteReport } from '../api.js';
import { useAsync } from '../hooks.js';
import { highlightGo } from '../highlight.js';
import { fnCost, shortFn } from '../format.js';
import { navigate } from '../route.js';
import { AsmView, centerIn } from './asm.js';
import { Inspector, SiteBadge } from './inspector.js';
import { findingBadge } from './findings.js';
import { fileOfFunction } from './overview.js';

export function SourceView({ goarch, params }: { meta: Meta; goarch: string; params: URLSearchParams }) {
  const report = useAsync(() => api.report(goarch), [goarch]);
  const files = useAsync(() => api.files(goarch), [goarch]);
  if (report.error) return <div class="error">{report.error.message}</div>;
  if (files.error) return <div class="error">{files.error.message}</div>;
  if (!report.data || !files.data) return <div class="loading">Analysing for {goarch}…</div>;
  return <SourceBody report={report.data} files={files.data.files} goarch={goarch} params={params} />;
}

/** The innermost function (with machine code) whose declaration spans `line`. */
function enclosing(fns: FunctionRange[], line: number): FunctionRange | undefined {
  let best: FunctionRange | undefined;
  for (const f of fns) if (f.asm && f.start <= line && line <= f.end && (!best || f.end - f.start < best.end - best.start)) best = f;
  return best;
}

function SourceBody({ report, files, goarch, params }: { report: Report; files: FileEntry[]; goarch: string; params: URLSearchParams }) {
  const fnFile = useMemo(() => fileOfFunction(files), [files]);
  const pFn = params.get('fn') ?? '';
  const fileParam = params.get('file') || fnFile.get(pFn)?.file || pickFile(report, files);
  const file = fileParam ?? '';
  const entry = files.find((f) => f.file === file);
  const pLine = Number(params.get('line')) || 0;
  const pCol = Number(params.get('col')) || 0;
  const pFinding = params.get('finding');
  const src = useAsync(() => (file ? api.source(file) : undefined), [file]);
  const [selLines, setSelLines] = useState<Set<number>>(new Set(pLine ? [pLine] : []));
  const [anchor, setAnchor] = useState(pLine);
  const [showDirectives, setShowDirectives] = useState(false);
  const [tint, setTint] = useState(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the selection resets when the file changes, even to the same line number
  useEffect(() => {
    setSelLines(new Set(pLine ? [pLine] : []));
    setAnchor(pLine);
  }, [file, pLine]);

  const sites = useMemo(() => report.sites.filter((s) => s.position.file === file), [report, file]);
  const byLine = useMemo(() => {
    const m = new Map<number, SiteReport[]>();
    for (const s of sites) m.set(s.position.line, [...(m.get(s.position.line) ?? []), s]);
    return m;
  }, [sites]);
  const findings = useMemo(() => (report.findings ?? []).map((f, i) => ({ f, i })).filter(({ f }) => f.position?.file === file), [report, file]);
  const summaries = useMemo(() => new Map(report.functions.map((f) => [f.function, f])), [report]);
  const site = pCol ? sites.find((s) => s.position.line === pLine && s.position.column === pCol && (!pFn || s.function === pFn)) : undefined;
  const finding = pFinding !== null ? (report.findings ?? [])[Number(pFinding)] : undefined;
  const fns = entry?.functions ?? [];
  const asmFn = site?.function ?? (pFn && (fnFile.has(pFn) || sites.some((s) => s.function === pFn)) ? pFn : undefined) ?? enclosing(fns, pLine)?.name;
  const asm = useAsync(() => (asmFn ? api.asm(asmFn, goarch) : undefined), [asmFn, goarch]);
  const explainLine = site ? site.position.line : finding ? finding.position.line : 0;
  const explain = useAsync(() => (explainLine ? api.explain(file, explainLine, goarch) : undefined), [file, explainLine, goarch]);
  const pick = (list: Explanation[] | undefined, s: SiteReport | undefined) =>
    list?.find((e) => s && e.site.function === s.function && e.site.position.column === s.position.column) ??
    list?.find((e) => s && e.site.position.column === s.position.column) ??
    list?.[0];
  const explanation = site ? pick(explain.data?.explanations, site) : undefined;
  const findingEx = finding
    ? (explain.data?.explanations.find((e) => e.typedNil && e.site.position.column === finding.position.column) ??
      explain.data?.explanations.find((e) => e.typedNil))
    : undefined;

  const tokens = useMemo(() => (src.data ? highlightGo(src.data.text) : []), [src.data]);
  const colors = useMemo(() => {
    if (!tint || !asm.data) return null;
    const lines = [...new Set(asm.data.lines.filter((l) => l.file === file && !l.directive).map((l) => l.line))].sort((a, b) => a - b);
    return new Map(lines.map((l, i) => [l, (i * 67) % 360]));
  }, [asm.data, file, tint]);

  const codeBox = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when the source text or the position changes; the function list is read at that moment
  useEffect(() => {
    const target = codeBox.current?.querySelector<HTMLElement>(`.src-line[data-line="${pLine || fns.find((f) => f.name === asmFn)?.start || 0}"]`);
    if (target && codeBox.current) centerIn(codeBox.current, target);
  }, [src.data, file, pLine]);

  const go = (p: Record<string, string | number | undefined>) => navigate('source', { file, ...p }, true);
  const clickLine = (n: number, e: MouseEvent) => {
    if (e.shiftKey && anchor) {
      const [a, b] = anchor < n ? [anchor, n] : [n, anchor];
      setSelLines(new Set(Array.from({ length: b - a + 1 }, (_, i) => a + i)));
      return;
    }
    const f = enclosing(fns, n);
    setAnchor(n);
    setSelLines(new Set([n]));
    if (f && f.name !== asmFn) go({ line: n, fn: f.name });
    else if (pCol || pFinding !== null) go({ line: n, fn: asmFn });
  };
  const clickRow = (l: AsmLine) => {
    if (l.file === file) {
      setSelLines(new Set([l.line]));
      setAnchor(l.line);
      const el = codeBox.current?.querySelector<HTMLElement>(`.src-line[data-line="${l.line}"]`);
      if (el && codeBox.current) centerIn(codeBox.current, el);
    } else if (files.some((f) => f.file === l.file)) {
      navigate('source', { file: l.file, line: l.line, fn: asmFn });
    }
  };
  const selectSite = (s: SiteReport) => go({ line: s.position.line, col: s.position.column, fn: s.function });

  const fnStarts = new Map(fns.map((f) => [f.start, f]));
  const asmRange = fns.find((f) => f.name === asmFn);
  const fileAllocs = (f: FileEntry) => report.sites.filter((s) => s.position.file === f.file && s.allocates).length;

  return (
    <div class="source-view">
      <section class="pane code-pane">
        <div class="pane-head">
          <select value={file} onChange={(e) => navigate('source', { file: (e.target as HTMLSelectElement).value })} data-testid="file-select">
            {files.map((f) => (
              <option key={f.file} value={f.file}>
                {f.file} {fileAllocs(f) ? `· ${fileAllocs(f)} allocating` : ''}
              </option>
            ))}
          </select>
          <span class="dim">{entry?.package}</span>
        </div>
        <div class="code" ref={codeBox} data-testid="source" data-file={file}>
          {src.error && <div class="error">{src.error.message}</div>}
          <div class="lines">
            {tokens.map((toks, i) => {
              const n = i + 1;
              const fnHere = fnStarts.get(n);
              const sum = fnHere ? summaries.get(fnHere.name) : undefined;
              const inAsm = asmRange && n >= asmRange.start && n <= asmRange.end;
              const c = colors?.get(n);
              const lineSites = byLine.get(n) ?? [];
              const lineFindings = findings.filter(({ f }) => f.position.line === n);
              return (
                // biome-ignore lint/a11y/useKeyWithClickEvents lint/a11y/noStaticElementInteractions: a pointer shortcut, as in an editor's gutter; each site is also a focusable badge button
                <div
                  key={n}
                  class={`src-line ${selLines.has(n) ? 'sel' : ''} ${inAsm ? 'in-asm' : ''} ${c !== undefined ? 'tinted' : ''} ${lineSites.some((s) => s.allocates) ? 'has-alloc' : ''}`}
                  style={c !== undefined ? `--hue:${c}` : undefined}
                  data-line={n}
                  onClick={(e) => clickLine(n, e as unknown as MouseEvent)}
                >
                  <span class="ln">{n}</span>
                  <span class="margin">
                    {sum && (sum.sites > 0 || (sum.bytesPerCall ?? 1) > 0) ? (
                      <span
                        class={`fn-total ${(sum.bytesPerCall ?? 1) > 0 ? 'hot' : ''}`}
                        data-testid="fn-total"
                        data-function={sum.function}
                        title={`${shortFn(sum.function)} per call: ${fnCost(sum)}${sum.notes ? '\n' + sum.notes.join('\n') : ''}`}
                      >
                        {sum.bytesPerCall === null ? '?' : sum.bytesPerCall} B/call
                      </span>
                    ) : null}
                  </span>
                  <span class="src">
                    {toks.length
                      ? toks.map(([t, cls], k) => (
                          <span key={k} class={cls}>
                            {t}
                          </span>
                        ))
                      : ' '}
                  </span>
                  {(lineSites.length > 0 || lineFindings.length > 0) && (
                    <span class="badges">
                      {lineSites.map((s, k) => (
                        <SiteBadge key={k} s={s} selected={s === site} onClick={() => selectSite(s)} />
                      ))}
                      {lineFindings.map(({ f, i: fi }) => (
                        <button
                          type="button"
                          key={`f${fi}`}
                          class={`badge finding ${String(fi) === pFinding ? 'selected' : ''}`}
                          data-testid="finding-badge"
                          onClick={(e) => {
                            e.stopPropagation();
                            go({ line: n, finding: fi, fn: f.function });
                          }}
                          title={f.message}
                        >
                          {findingBadge(f)}
                        </button>
                      ))}
                    </span>
                  )}
                </div>
              );
            })}
          </div>
        </div>
      </section>
      <section class="pane asm-pane">
        <div class="pane-head">
          <select
            value={asmFn ?? ''}
            onChange={(e) => go({ fn: (e.target as HTMLSelectElement).value, line: fns.find((f) => f.name === (e.target as HTMLSelectElement).value)?.start })}
            data-testid="asm-function"
          >
            {!asmFn && <option value="">— function —</option>}
            {asmFn && !fns.some((f) => f.name === asmFn) && <option value={asmFn}>{shortFn(asmFn)}</option>}
            {fns
              .filter((f) => f.asm)
              .map((f) => (
                <option key={f.name} value={f.name}>
                  {shortFn(f.name)}
                </option>
              ))}
          </select>
          {asm.data && (
            <span class="dim">
              {asm.data.size} B of {asm.data.goarch} code
            </span>
          )}
          <span class="spacer" />
          <label class="toggle">
            <input type="checkbox" checked={tint} onChange={(e) => setTint((e.target as HTMLInputElement).checked)} /> colours
          </label>
          <label class="toggle">
            <input type="checkbox" checked={showDirectives} onChange={(e) => setShowDirectives((e.target as HTMLInputElement).checked)} /> directives
          </label>
        </div>
        <AsmView
          asm={asmFn ? asm.data : undefined}
          loading={asm.loading}
          error={asm.error?.message}
          file={file}
          selLines={selLines}
          site={site}
          colors={colors}
          showDirectives={showDirectives}
          onRow={clickRow}
        />
      </section>
      <section class="pane inspector-pane">
        <Inspector
          site={site}
          explanation={explanation}
          explainError={explain.error?.message}
          finding={finding}
          findingExplanation={findingEx}
          fn={asmFn ? summaries.get(asmFn) : undefined}
          loading={explain.loading}
        />
      </section>
    </div>
  );
}

function pickFile(report: Report, files: FileEntry[]): string | undefined {
  const top = [...report.sites].filter((s) => s.allocates).sort((a, b) => (b.bytesPerOp ?? 0) - (a.bytesPerOp ?? 0))[0];
  return top?.position.file && files.some((f) => f.file === top.position.file) ? top.position.file : files[0]?.file;
}
