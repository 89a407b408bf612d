// A source file with each line's cost in the gutter, every site's badge after its line's end, each
// function's total per call above its declaration, the selected function's machine code beside it
// (linked both ways), and the inspector for the selected site. The panes are resizable; the source
// gets most of the room, wraps its long lines (a toggle), and keeps the selected line in view.
import { Fragment } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  api,
  type AsmLine,
  type Explanation,
  type FileEntry,
  type FunctionRange,
  type FunctionSummary,
  type Meta,
  type Report,
  type SiteReport,
} from '../api.js';
import { useAsync } from '../hooks.js';
import { highlightGo, type Token } from '../highlight.js';
import { fnCost, num, shortFn, siteKey } from '../format.js';
import { navigate } from '../route.js';
import { clampFraction, Splitter, useFraction, useSize } from '../split.js';
import { AsmView, centerIn } from './asm.js';
import { Inspector, SiteBadge } from './inspector.js';
import { findingBadge, type Finding } from './findings.js';
import { fileOfFunction } from './overview.js';

export function SourceView({ goarch, params }: { meta: Meta; goarch: string; params: URLSearchParams }) {
  const report = useAsync(() => api.report(goarch), [goarch]);
  const files = useAsync(() => api.files(goarch), [goarch]);
  if (report.error) return <div class="error">{report.error.message}</div>;
  if (files.error) return <div class="error">{files.error.message}</div>;
  if (!report.data || !files.data) return <div class="loading">Loading the {goarch} analysis…</div>;
  return <SourceBody report={report.data} files={files.data.files} goarch={goarch} params={params} />;
}

/** The innermost function (with machine code) whose declaration spans `line`. */
function enclosing(fns: FunctionRange[], line: number): FunctionRange | undefined {
  let best: FunctionRange | undefined;
  for (const f of fns) if (f.asm && f.start <= line && line <= f.end && (!best || f.end - f.start < best.end - best.start)) best = f;
  return best;
}

interface LineCost {
  text: string;
  sev: 'alloc' | 'free' | 'unknown';
  title: string;
}

/**
 * What one execution of a line costs: the sum over its sites, each counted once (a site inlined into
 * other functions is the same code: its own function's instance is counted, else its dearest copy).
 */
function lineCost(sites: SiteReport[]): LineCost | undefined {
  if (!sites.length) return undefined;
  const groups = new Map<string, SiteReport[]>();
  for (const s of sites) {
    const k = `${s.position.column}:${s.kind}`;
    groups.set(k, [...(groups.get(k) ?? []), s]);
  }
  let bytes = 0;
  let unknown = 0;
  let allocating = 0;
  for (const g of groups.values()) {
    const own = g.find((s) => !s.inlinedAt?.length) ?? [...g].sort((a, b) => (b.bytesPerOp ?? Infinity) - (a.bytesPerOp ?? Infinity))[0];
    if (own.allocates === null || (own.allocates && own.bytesPerOp === null)) unknown++;
    else if (own.allocates) {
      allocating++;
      bytes += own.bytesPerOp ?? 0;
    }
  }
  const n = groups.size;
  const text = unknown ? (bytes ? `${num(bytes)}+? B` : '? B') : `${num(bytes)} B`;
  const sev = allocating ? 'alloc' : unknown ? 'unknown' : 'free';
  const parts = [
    allocating ? `${allocating} allocating (${num(bytes)} B)` : '',
    unknown ? `${unknown} of unknown cost` : '',
    n - allocating - unknown ? `${n - allocating - unknown} free` : '',
  ].filter(Boolean);
  return { text, sev, title: `${n} site${n === 1 ? '' : 's'} on this line, per execution: ${parts.join(', ')}` };
}

const leadingSpace = (toks: Token[]) => /^[ \t]*/.exec(toks.map((t) => t[0]).join(''))?.[0] ?? '';

/** Scrolls `box` so that `el` is in view: centred when it was out of view, or just enough ("nearest"). */
function reveal(box: HTMLElement, el: HTMLElement, how: 'center' | 'nearest'): void {
  const b = box.getBoundingClientRect();
  const r = el.getBoundingClientRect();
  if (r.top < b.top || r.bottom > b.bottom) {
    if (how === 'center') centerIn(box, el);
    else box.scrollTop += r.top < b.top ? r.top - b.top : r.bottom - b.bottom;
  }
  // Never leave the line's code scrolled sideways out of view (long lines, wrapping off).
  const code = el.querySelector<HTMLElement>('.src');
  const gutter = el.querySelector<HTMLElement>('.gutter');
  if (code && gutter && box.scrollLeft > 0) {
    const cr = code.getBoundingClientRect();
    if (cr.left + Math.min(cr.width, 40) < gutter.getBoundingClientRect().right) box.scrollLeft = 0;
  }
}

function inView(box: HTMLElement, el: HTMLElement): boolean {
  const b = box.getBoundingClientRect();
  const r = el.getBoundingClientRect();
  return r.bottom > b.top && r.top < b.bottom;
}

function useStoredFlag(name: string, initial: boolean): [boolean, (v: boolean) => void] {
  const key = `ifacelens.source.${name}`;
  const [v, setV] = useState(() => {
    const s = localStorage.getItem(key);
    return s === null ? initial : s === '1';
  });
  return [
    v,
    (x: boolean) => {
      setV(x);
      localStorage.setItem(key, x ? '1' : '0');
    },
  ];
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
  const text = src.data?.file === file ? src.data.text : undefined;
  const [selLines, setSelLines] = useState<Set<number>>(new Set(pLine ? [pLine] : []));
  const [anchor, setAnchor] = useState(pLine);
  const [showDirectives, setShowDirectives] = useState(false);
  const [tint, setTint] = useState(true);
  const [wrap, setWrap] = useStoredFlag('wrap', true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the selection resets when the file changes, even to the same line number
  useEffect(() => {
    setSelLines(new Set(pLine ? [pLine] : []));
    setAnchor(pLine);
  }, [file, pLine]);

  const sites = useMemo(() => report.sites.filter((s) => s.position.file === file), [report, file]);
  const byLine = useMemo(() => {
    const m = new Map<number, SiteReport[]>();
    for (const s of sites) m.set(s.position.line, [...(m.get(s.position.line) ?? []), s]);
    // left to right; a site's own function before the copies inlined elsewhere
    for (const list of m.values())
      list.sort(
        (a, b) => a.position.column - b.position.column || (a.inlinedAt?.length ?? 0) - (b.inlinedAt?.length ?? 0) || a.function.localeCompare(b.function),
      );
    return m;
  }, [sites]);
  const costs = useMemo(() => new Map([...byLine].map(([n, ss]) => [n, lineCost(ss)!])), [byLine]);
  const findings = useMemo(() => (report.findings ?? []).map((f, i) => ({ f, i })).filter(({ f }) => f.position?.file === file), [report, file]);
  const summaries = useMemo(() => new Map(report.functions.map((f) => [f.function, f])), [report]);
  const site = pCol ? sites.find((s) => s.position.line === pLine && s.position.column === pCol && (!pFn || s.function === pFn)) : undefined;
  const finding = pFinding !== null ? (report.findings ?? [])[Number(pFinding)] : undefined;
  const fns = entry?.functions ?? [];
  const asmFn = site?.function ?? (pFn && (fnFile.has(pFn) || sites.some((s) => s.function === pFn)) ? pFn : undefined) ?? enclosing(fns, pLine)?.name;
  const asm = useAsync(() => (asmFn ? api.asm(asmFn, goarch) : undefined), [asmFn, goarch]);
  const asmData = asmFn && asm.data?.function === asmFn ? asm.data : undefined;
  const explainLine = site ? site.position.line : finding ? finding.position.line : 0;
  const explain = useAsync(() => (explainLine ? api.explain(file, explainLine, goarch) : undefined), [file, explainLine, goarch]);
  const pick = (list: Explanation[] | undefined, s: SiteReport | undefined) =>
    list?.find((e) => s && e.site.function === s.function && e.site.position.column === s.position.column) ??
    list?.find((e) => s && e.site.position.column === s.position.column) ??
    list?.[0];
  // only this line's pictures: the previous selection's must not show while this one loads
  const exData = explain.data?.location.file === file && explain.data.location.line === explainLine ? explain.data : undefined;
  const explanation = site ? pick(exData?.explanations, site) : undefined;
  const findingEx = finding
    ? (exData?.explanations.find((e) => e.typedNil && e.site.position.column === finding.position.column) ?? exData?.explanations.find((e) => e.typedNil))
    : undefined;

  const tokens = useMemo(() => (text !== undefined ? highlightGo(text) : []), [text]);
  const colors = useMemo(() => {
    if (!tint || !asmData) return null;
    const lines = [...new Set(asmData.lines.filter((l) => l.file === file && !l.directive).map((l) => l.line))].sort((a, b) => a - b);
    return new Map(lines.map((l, i) => [l, (i * 67) % 360]));
  }, [asmData, file, tint]);
  /** each function's total per call, shown above its first line */
  const lenses = useMemo(() => {
    const m = new Map<number, FunctionSummary[]>();
    for (const f of fns) {
      const sum = summaries.get(f.name);
      if (!sum || (sum.sites === 0 && sum.bytesPerCall === 0)) continue;
      m.set(f.start, [...(m.get(f.start) ?? []), sum]);
    }
    return m;
  }, [fns, summaries]);

  // The line that holds the keyboard focus of the code (one tab stop; arrows move it).
  const active = anchor >= 1 && anchor <= tokens.length ? anchor : (sites[0]?.position.line ?? 1);

  const codeBox = useRef<HTMLDivElement>(null);
  const lineEl = (n: number) => codeBox.current?.querySelector<HTMLElement>(`.src-line[data-line="${n}"]`) ?? undefined;
  /** the selected line was in view at the last scroll: a resize keeps it there */
  const pinned = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when the source text or the position changes; the function list is read at that moment
  useEffect(() => {
    const target = lineEl(pLine || fns.find((f) => f.name === asmFn)?.start || 0);
    if (target && codeBox.current) {
      reveal(codeBox.current, target, 'center');
      pinned.current = true;
    }
  }, [text, file, pLine]);
  const codeSize = useSize(codeBox);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the pane's size changes (a splitter, the window, wrapping)
  useEffect(() => {
    const el = lineEl(active);
    if (pinned.current && el && codeBox.current && !inView(codeBox.current, el)) reveal(codeBox.current, el, 'center');
  }, [codeSize.width, codeSize.height, wrap]);

  const go = (p: Record<string, string | number | undefined>) => navigate('source', { file, ...p }, true);
  const selectLine = (n: number, extend: boolean) => {
    if (extend && anchor) {
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
  // A click on the code text selects its line too (the gutter's button is the keyboard's way).
  const select = useRef(selectLine);
  select.current = selectLine;
  const linesBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const box = linesBox.current;
    if (!box) return;
    const onClick = (e: MouseEvent) => {
      const t = e.target as HTMLElement;
      const line = t.closest<HTMLElement>('.src-line');
      if (!line || t.closest('button, a') || !(window.getSelection()?.isCollapsed ?? true)) return;
      select.current(Number(line.dataset.line), e.shiftKey);
    };
    box.addEventListener('click', onClick);
    return () => box.removeEventListener('click', onClick);
  }, []);

  /** after a keyboard move: focus that line's button once it is the tab stop */
  const focusLine = useRef(0);
  useEffect(() => {
    if (!focusLine.current || !codeBox.current) return;
    const el = lineEl(focusLine.current);
    focusLine.current = 0;
    el?.querySelector<HTMLElement>('.gutter')?.focus({ preventScroll: true });
    if (el) reveal(codeBox.current, el, 'nearest');
  });
  const siteLines = useMemo(() => [...byLine.keys(), ...findings.map(({ f }) => f.position.line)].sort((a, b) => a - b), [byLine, findings]);
  const onLineKey = (n: number, e: KeyboardEvent) => {
    const page = Math.max(1, Math.floor((codeBox.current?.clientHeight ?? 400) / 20) - 2);
    let m: number | undefined;
    if (e.key === 'ArrowDown') m = n + 1;
    else if (e.key === 'ArrowUp') m = n - 1;
    else if (e.key === 'PageDown') m = n + page;
    else if (e.key === 'PageUp') m = n - page;
    else if (e.key === 'Home') m = 1;
    else if (e.key === 'End') m = tokens.length;
    else if (e.key === 'n' || e.key === ']') m = siteLines.find((l) => l > n);
    else if (e.key === 'p' || e.key === '[') m = [...siteLines].reverse().find((l) => l < n);
    if (m === undefined || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    m = Math.min(Math.max(1, m), tokens.length);
    // shift: the range from the anchor grows or shrinks; the focus moves either way
    selectLine(m, e.shiftKey);
    focusLine.current = m;
  };

  const clickRow = (l: AsmLine) => {
    if (l.file === file) {
      setSelLines(new Set([l.line]));
      setAnchor(l.line);
      pinned.current = true;
      requestAnimationFrame(() => {
        const el = lineEl(l.line);
        if (el && codeBox.current) reveal(codeBox.current, el, 'center');
      });
    } else if (files.some((f) => f.file === l.file)) {
      navigate('source', { file: l.file, line: l.line, fn: asmFn });
    }
  };
  const selectSite = (s: SiteReport) => go({ line: s.position.line, col: s.position.column, fn: s.function });

  const asmRange = fns.find((f) => f.name === asmFn);
  const fileAllocs = (f: FileEntry) => report.sites.filter((s) => s.position.file === f.file && s.allocates).length;

  // Panes: source | splitter | (machine code, inspector): side by side when there is room, else stacked.
  const view = useRef<HTMLDivElement>(null);
  const side = useRef<HTMLDivElement>(null);
  const viewSize = useSize(view);
  const sideSize = useSize(side);
  const [srcF, setSrcF, srcInit] = useFraction('source', 0.6);
  const [asmF, setAsmF, asmInit] = useFraction('machine-code', 0.45);
  const sideBySide = sideSize.width >= 860;
  const srcFrac = clampFraction(srcF, viewSize.width, 360, 320);
  const asmFrac = clampFraction(asmF, sideBySide ? sideSize.width : sideSize.height, sideBySide ? 280 : 120, sideBySide ? 320 : 160);
  const track = (f: number) => `minmax(0, ${f}fr) 7px minmax(0, ${1 - f}fr)`;

  return (
    <div class="source-view" ref={view} style={{ gridTemplateColumns: track(srcFrac) }}>
      <section class="pane code-pane" aria-label="source">
        <div class="pane-head">
          <select
            value={file}
            onChange={(e) => navigate('source', { file: (e.target as HTMLSelectElement).value })}
            data-testid="file-select"
            aria-label="source file"
          >
            {files.map((f) => (
              <option key={f.file} value={f.file}>
                {f.file} {fileAllocs(f) ? `· ${fileAllocs(f)} allocating` : ''}
              </option>
            ))}
          </select>
          <span class="dim pkg">{entry?.package}</span>
          <span class="spacer" />
          <label class="toggle" title="wrap long lines so that every line's code and its costs are in view">
            <input type="checkbox" checked={wrap} onChange={(e) => setWrap((e.target as HTMLInputElement).checked)} data-testid="wrap" /> wrap
          </label>
        </div>
        <div
          class={`code ${wrap ? 'wrap' : 'nowrap'}`}
          ref={codeBox}
          data-testid="source"
          data-file={file}
          onScroll={() => {
            const el = lineEl(active);
            pinned.current = !!el && !!codeBox.current && inView(codeBox.current, el);
          }}
        >
          {src.error && <div class="error">{src.error.message}</div>}
          {text === undefined && !src.error && <div class="loading">Loading {file}…</div>}
          <div class="lines" ref={linesBox}>
            {tokens.map((toks, i) => {
              const n = i + 1;
              const lens = lenses.get(n);
              const inAsm = asmRange && n >= asmRange.start && n <= asmRange.end;
              const c = colors?.get(n);
              const lineSites = byLine.get(n) ?? [];
              const cost = costs.get(n);
              const lineFindings = findings.filter(({ f }) => f.position.line === n);
              const isActive = n === active;
              return (
                <Fragment key={n}>
                  {lens && <FunctionLens line={n} sums={lens} indent={leadingSpace(toks)} current={asmFn} onPick={(f) => go({ fn: f, line: n })} />}
                  <div
                    class={`src-line ${selLines.has(n) ? 'sel' : ''} ${inAsm ? 'in-asm' : ''} ${c !== undefined ? 'tinted' : ''} ${cost ? `has-${cost.sev}` : ''}`}
                    style={c !== undefined ? `--hue:${c}` : undefined}
                    data-line={n}
                  >
                    <button
                      type="button"
                      class="gutter"
                      tabIndex={isActive ? 0 : -1}
                      aria-pressed={selLines.has(n)}
                      aria-label={`line ${n}${cost ? `: ${cost.title}` : ''}`}
                      title={cost ? cost.title : `line ${n}: select it to mark its instructions (shift: a range)`}
                      onClick={(e) => selectLine(n, (e as MouseEvent).shiftKey)}
                      onKeyDown={(e) => onLineKey(n, e as unknown as KeyboardEvent)}
                      data-testid="line-button"
                    >
                      <span class="ln">{n}</span>
                      <span class={`cost ${cost ? `sev-${cost.sev}` : ''}`} data-testid={cost ? 'line-cost' : undefined}>
                        {cost?.text}
                      </span>
                    </button>
                    <span class="src">
                      <span class="code-text">
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
                          {lineSites.map((s) => (
                            <SiteBadge key={siteKey(s) + s.kind} s={s} selected={s === site} onClick={() => selectSite(s)} tabIndex={isActive ? 0 : -1} />
                          ))}
                          {lineFindings.map(({ f, i: fi }) => (
                            <FindingBadge
                              key={`f${fi}`}
                              f={f}
                              selected={String(fi) === pFinding}
                              tabIndex={isActive ? 0 : -1}
                              onClick={() => go({ line: n, finding: fi, fn: f.function })}
                            />
                          ))}
                        </span>
                      )}
                    </span>
                  </div>
                </Fragment>
              );
            })}
          </div>
        </div>
      </section>
      <Splitter
        orientation="vertical"
        value={srcFrac}
        initial={srcInit}
        onChange={setSrcF}
        container={() => view.current}
        label="width of the source"
        min={0.25}
        max={0.8}
        testid="split-source"
      />
      <div
        class={`side ${sideBySide ? 'side-by-side' : 'stacked'}`}
        ref={side}
        style={sideBySide ? { gridTemplateColumns: track(asmFrac) } : { gridTemplateRows: track(asmFrac) }}
      >
        <section class="pane asm-pane" aria-label="machine code">
          <div class="pane-head">
            <select
              value={asmFn ?? ''}
              onChange={(e) =>
                go({ fn: (e.target as HTMLSelectElement).value, line: fns.find((f) => f.name === (e.target as HTMLSelectElement).value)?.start })
              }
              data-testid="asm-function"
              aria-label="function whose machine code is shown"
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
            {asmData && (
              <span class="dim nowrap">
                {num(asmData.size)} B of {asmData.goarch} code
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
            asm={asmData}
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
        <Splitter
          orientation={sideBySide ? 'vertical' : 'horizontal'}
          value={asmFrac}
          initial={asmInit}
          onChange={setAsmF}
          container={() => side.current}
          label={sideBySide ? 'width of the machine code' : 'height of the machine code'}
          testid="split-machine-code"
        />
        <section class="pane inspector-pane" aria-label="inspector">
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
    </div>
  );
}

/** A function's cost per call, on a row of its own above its first line. */
function FunctionLens({
  line,
  sums,
  indent,
  current,
  onPick,
}: {
  line: number;
  sums: FunctionSummary[];
  indent: string;
  current?: string;
  onPick: (fn: string) => void;
}) {
  return (
    <div class="fn-lens" data-line={line}>
      <span class="gutter-space" aria-hidden="true" />
      <span class="lens-body">
        <span class="lens-indent" aria-hidden="true">
          {indent}
        </span>
        {sums.map((sum) => {
          const unknown = sum.bytesPerCall === null;
          // why the figure is unknown comes before what it assumes
          const why = sum.notes?.find((n) => !n.startsWith('assumes')) ?? sum.notes?.[0];
          return (
            <button
              type="button"
              key={sum.function}
              tabIndex={-1}
              class={`lens ${(sum.bytesPerCall ?? 1) > 0 ? 'hot' : ''} ${sum.function === current ? 'current' : ''}`}
              data-function={sum.function}
              title={`${sum.function} per call: ${fnCost(sum)}${sum.notes ? '\n' + sum.notes.join('\n') : ''}\n(click: its machine code)`}
              onClick={() => onPick(sum.function)}
            >
              <span class="lens-name">{shortFn(sum.function)}</span>{' '}
              <span class="fn-total" data-testid="fn-total" data-function={sum.function}>
                {unknown ? '?' : num(sum.bytesPerCall ?? 0)} B/call
              </span>
              <span class="dim">
                {' '}
                · {sum.allocsPerCall === null ? '?' : num(sum.allocsPerCall)} alloc{sum.allocsPerCall === 1 ? '' : 's'}
                {unknown && sum.minBytesPerCall > 0 ? ` · at least ${num(sum.minBytesPerCall)} B` : ''}
                {unknown && why ? ` — ${why}${(sum.notes?.length ?? 0) > 1 ? ` (+${(sum.notes?.length ?? 0) - 1} more)` : ''}` : ''}
              </span>
            </button>
          );
        })}
      </span>
    </div>
  );
}

function FindingBadge({ f, selected, tabIndex, onClick }: { f: Finding; selected: boolean; tabIndex: number; onClick: () => void }) {
  return (
    <button
      type="button"
      class={`badge finding ${selected ? 'selected' : ''}`}
      data-testid="finding-badge"
      tabIndex={tabIndex}
      onClick={(e) => {
        e.stopPropagation();
        onClick();
      }}
      title={f.message}
    >
      {findingBadge(f)}
    </button>
  );
}

function pickFile(report: Report, files: FileEntry[]): string | undefined {
  const top = [...report.sites].filter((s) => s.allocates).sort((a, b) => (b.bytesPerOp ?? 0) - (a.bytesPerOp ?? 0))[0];
  return top?.position.file && files.some((f) => f.file === top.position.file) ? top.position.file : files[0]?.file;
}
