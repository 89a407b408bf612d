// Type or paste Go; the analysis, assembly and memory diagrams follow within a second of a pause
// in typing (once the build cache is warm). Compile errors show inline at their line. The snippet
// is analysed as a package (a main package needs no func main), for the page's GOARCH (the header's,
// kept in the URL).
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { EditorView } from '@codemirror/view';
import { api, ApiError, type Meta, type PlaygroundResponse, type SiteReport } from '../api.js';
import { badgeText, severity, shortFn, siteKey, stableKeys } from '../format.js';
import { createEditor, gotoLine, showResult } from '../editor.js';
import { AsmView } from './asm.js';
import { Inspector } from './inspector.js';
import { Splitter, useFraction } from '../split.js';

const STORE = 'ifacelens.playground.source';
export const DEFAULT_SNIPPET = `// Type or paste Go here: the analysis follows as you type.
package main

import "fmt"

var Sink any

// Padded is 24 bytes on 64-bit targets: bool, 7 bytes of padding, int64, bool, 7 more.
type Padded struct {
	A bool
	B int64
	C bool
}

func BoxPadded(p Padded) { Sink = p }

func BoxString(s string) { Sink = s }

func Print(n int) { fmt.Println(n, "done") }

// No func main needed: a snippet is analysed as a package.
`;

export function Playground({ meta, goarch, setGoarch }: { meta: Meta; goarch: string; setGoarch: (g: string) => void }) {
  const host = useRef<HTMLDivElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [split, setSplit, splitInit] = useFraction('playground', 0.47);
  const view = useRef<EditorView | undefined>(undefined);
  const [source, setSource] = useState(() => localStorage.getItem(STORE) ?? DEFAULT_SNIPPET);
  const [result, setResult] = useState<PlaygroundResponse>();
  /** the last snippet that compiled: its results stay on screen while the text does not */
  const [good, setGood] = useState<PlaygroundResponse>();
  const [status, setStatus] = useState<{ state: 'idle' | 'busy' | 'done' | 'error'; text: string }>({ state: 'idle', text: '' });
  const [cursorLine, setCursorLine] = useState(0);
  const [selKey, setSelKey] = useState<string>();
  const [asmFn, setAsmFn] = useState<string>();
  const [showDirectives, setShowDirectives] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the editor is created once with the initial text; it owns the text afterwards
  useEffect(() => {
    if (!host.current) return;
    view.current = createEditor(host.current, source, setSource, setCursorLine);
    return () => view.current?.destroy();
  }, []);

  // Debounced analysis of the latest text; an edit cancels the request before it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the limits do not change while the page is open: the text and the GOARCH trigger an analysis
  useEffect(() => {
    localStorage.setItem(STORE, source);
    if (new TextEncoder().encode(source).length > meta.limits.sourceBytes) {
      setStatus({ state: 'error', text: `the snippet is larger than ${meta.limits.sourceBytes} bytes` });
      return;
    }
    const ac = new AbortController();
    const t = setTimeout(() => {
      setStatus({ state: 'busy', text: 'analysing…' });
      const started = performance.now();
      api.playground({ source, goarch }, ac.signal).then(
        (r) => {
          if (ac.signal.aborted) return;
          setResult(r);
          if (r.ok) setGood(r);
          const ms = Math.round(performance.now() - started);
          setStatus(
            r.ok
              ? {
                  state: 'done',
                  text: `${r.report?.stats.sites ?? 0} sites, ${r.report?.stats.allocatingSites ?? 0} allocate · ${r.goarch} · ${r.cached ? 'cached' : `built in ${(r.durationMs / 1000).toFixed(2)} s`} · ${ms} ms`,
                }
              : { state: 'error', text: `${r.errors.length} error${r.errors.length === 1 ? '' : 's'}` },
          );
        },
        (e: Error) => {
          if (ac.signal.aborted || e.name === 'AbortError') return;
          setStatus({ state: 'error', text: e instanceof ApiError ? e.message : `request failed: ${e.message}` });
        },
      );
    }, 400);
    return () => {
      clearTimeout(t);
      ac.abort();
    };
  }, [source, goarch]);

  const sites = useMemo(() => (good?.report?.sites ?? []).filter((s) => s.position.file === 'main.go'), [good]);
  const sorted = useMemo(
    () =>
      [...sites].sort((a, b) => Number(b.allocates) - Number(a.allocates) || (b.bytesPerOp ?? 0) - (a.bytesPerOp ?? 0) || a.position.line - b.position.line),
    [sites],
  );
  const otherArch = !!good && good.goarch !== goarch;
  const sortedKeys = stableKeys(sorted, (s) => `${siteKey(s)}:${s.kind}`);
  const errorKeys = stableKeys(result?.errors ?? [], (e) => `${e.line}:${e.column}:${e.message}`);
  const site = sites.find((s) => siteKey(s) === selKey) ?? sorted[0];

  useEffect(() => {
    if (!view.current || !result) return;
    const badges = result.ok ? sites.map((s) => ({ line: s.position.line, text: badgeText(s), cls: `sev-${severity(s)}` })) : [];
    showResult(view.current, badges, result.errors);
  }, [result, sites]);

  const fnNames = (good?.asm ?? []).map((a) => a.function);
  const fn = asmFn && fnNames.includes(asmFn) ? asmFn : (site?.function ?? fnNames[0]);
  const asm = good?.asm.find((a) => a.function === fn);
  const explanation = site
    ? good?.explanations.find(
        (e) => e.site.function === site.function && e.site.position.line === site.position.line && e.site.position.column === site.position.column,
      )
    : undefined;
  const selLines = new Set(cursorLine ? [cursorLine] : []);
  const selectSite = (s: SiteReport) => {
    setSelKey(siteKey(s));
    setAsmFn(s.function);
  };

  return (
    <div class="playground" ref={box} style={{ gridTemplateColumns: `minmax(0, ${split}fr) 7px minmax(0, ${1 - split}fr)` }}>
      <section class="pane editor-pane" aria-label="snippet">
        <div class="pane-head">
          <b>main.go</b>
          <label>
            GOARCH{' '}
            <select
              value={goarch}
              onChange={(e) => setGoarch((e.target as HTMLSelectElement).value)}
              data-testid="playground-goarch"
              title="the page's GOARCH (the header's): changing it here changes it there"
            >
              {meta.goarches.map((g) => (
                <option key={g} value={g}>
                  {g}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            onClick={() => {
              view.current?.dispatch({ changes: { from: 0, to: view.current.state.doc.length, insert: DEFAULT_SNIPPET } });
            }}
          >
            example
          </button>
          <span class="spacer" />
          <span class={`status ${status.state}`} data-testid="playground-status">
            {status.text}
          </span>
        </div>
        <div class="editor" ref={host} data-testid="editor" />
        {result && !result.ok && (
          <ul class="errors" data-testid="playground-errors">
            {result.errors.map((e, i) => (
              <li key={errorKeys[i]}>
                {e.line > 0 ? (
                  <button type="button" class="link mono" onClick={() => view.current && gotoLine(view.current, e.line)} title="go to the line">
                    main.go:{e.line}:{e.column}
                  </button>
                ) : (
                  <span class="dim">(no position)</span>
                )}{' '}
                {e.message}
              </li>
            ))}
          </ul>
        )}
      </section>
      <Splitter
        orientation="vertical"
        value={split}
        initial={splitInit}
        onChange={setSplit}
        container={() => box.current}
        label="width of the editor"
        min={0.25}
        max={0.75}
        testid="split-playground"
      />
      <section aria-label="analysis" class={`pane results-pane ${(result && !result.ok) || otherArch ? 'stale' : ''}`}>
        {result && !result.ok && good && <div class="stale-note">The snippet does not compile: these are the results of the last version that did.</div>}
        {otherArch && (!result || result.ok) && (
          <div class="stale-note" data-testid="playground-other-goarch">
            These are the results for {good?.goarch}; the snippet is being analysed for {goarch}.
          </div>
        )}
        <div class="pg-sites" data-testid="playground-sites">
          {good?.ok && sorted.length === 0 && <p class="dim">No interface sites in this snippet.</p>}
          {sorted.map((s, i) => (
            <button
              type="button"
              key={sortedKeys[i]}
              class={`pg-site ${s === site ? 'selected' : ''}`}
              aria-pressed={s === site}
              onClick={() => selectSite(s)}
              data-testid="playground-site"
            >
              <span class={`badge sev-${severity(s)} ${s === site ? 'selected' : ''}`} data-testid="site-badge">
                {badgeText(s)}
                {s.inlinedAt ? <span class="inl"> ↳ {shortFn(s.function)}</span> : null}
              </span>
              <span class="mono">
                main.go:{s.position.line}:{s.position.column}
              </span>{' '}
              <span class="dim">{shortFn(s.function)}</span>
            </button>
          ))}
        </div>
        <div class="pg-detail">
          <div class="pg-inspector">
            <Inspector site={site} explanation={explanation} />
          </div>
          <div class="pg-asm">
            <div class="pane-head">
              <select value={fn ?? ''} onChange={(e) => setAsmFn((e.target as HTMLSelectElement).value)} data-testid="playground-asm-function">
                {fnNames.map((n) => (
                  <option key={n} value={n}>
                    {shortFn(n)}
                  </option>
                ))}
              </select>
              <span class="spacer" />
              <label class="toggle">
                <input type="checkbox" checked={showDirectives} onChange={(e) => setShowDirectives((e.target as HTMLInputElement).checked)} /> directives
              </label>
            </div>
            <AsmView
              testid="playground-asm"
              asm={asm}
              file="main.go"
              selLines={selLines}
              site={site}
              colors={null}
              showDirectives={showDirectives}
              onRow={(l) => view.current && l.file === 'main.go' && gotoLine(view.current, l.line)}
            />
          </div>
        </div>
      </section>
    </div>
  );
}
