// The machine code of one function as the compiler printed it (-S), linked with the source:
// rows of the selected source lines are highlighted, a click on a row (or Enter on it: the rows are
// one tab stop, moved through with the arrow keys) selects its source line, runtime calls stand out
// and the call of the selected site is marked.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AsmLine, AsmResponse, SiteReport } from '../api.js';

const ifaceCall =
  /^runtime\.(convT\w*|newobject|mallocgc\w*|typeAssert|assertE2I2?|getitab|interfaceSwitch|panicdottype\w*|efaceeq|ifaceeq|makeslice\w*|growslice|convI2I)$/;

/** Scrolls `box` vertically so that `el` is in its middle (never sideways, never the page). */
export function centerIn(box: HTMLElement, el: HTMLElement): void {
  const top = el.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
  box.scrollTop = Math.max(0, top - box.clientHeight / 2 + el.offsetHeight / 2);
}

export function rowClass(l: AsmLine): string {
  if (!l.call) return '';
  if (ifaceCall.test(l.call)) return 'rt rt-iface';
  return /^runtime\./.test(l.call) ? 'rt' : 'call';
}

export function isHit(l: AsmLine, site: SiteReport | undefined): boolean {
  return !!site && !!site.runtimeCall && l.call === site.runtimeCall && l.line === site.position.line && l.file === site.position.file;
}

export interface AsmViewProps {
  asm?: AsmResponse;
  loading?: boolean;
  error?: string;
  file: string;
  selLines: Set<number>;
  site?: SiteReport;
  colors: Map<number, number> | null;
  showDirectives: boolean;
  onRow: (l: AsmLine) => void;
  testid?: string;
}

export function AsmView(p: AsmViewProps) {
  const box = useRef<HTMLDivElement>(null);
  const rows = (p.asm?.lines ?? []).filter((l) => p.showDirectives || !l.directive);
  /** the row the keyboard is on (-1: the marked one) */
  const [focusRow, setFocusRow] = useState(-1);
  const selKey =
    [...p.selLines].join(',') + '|' + (p.site ? `${p.site.position.line}:${p.site.position.column}:${p.site.function}` : '') + '|' + p.asm?.function;
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when the selection (its key) changes; the rows are read from the DOM
  useEffect(() => {
    setFocusRow(-1);
    const el = box.current?.querySelector<HTMLElement>('.asm-row.hit') ?? box.current?.querySelector<HTMLElement>('.asm-row.linked');
    if (!el || !box.current) return;
    // a row clicked here is in view already: the pane does not jump
    const b = box.current.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    if (el.classList.contains('hit') || r.top < b.top || r.bottom > b.bottom) centerIn(box.current, el);
  }, [selKey]);
  const marked = rows.findIndex((l) => isHit(l, p.site));
  const linkedRow = rows.findIndex((l) => l.file === p.file && p.selLines.has(l.line));
  const tabRow = focusRow >= 0 && focusRow < rows.length ? focusRow : marked >= 0 ? marked : Math.max(0, linkedRow);
  const onKey = (i: number, e: KeyboardEvent) => {
    const page = Math.max(1, Math.floor((box.current?.clientHeight ?? 400) / 19) - 2);
    const to =
      e.key === 'ArrowDown'
        ? i + 1
        : e.key === 'ArrowUp'
          ? i - 1
          : e.key === 'PageDown'
            ? i + page
            : e.key === 'PageUp'
              ? i - page
              : e.key === 'Home'
                ? 0
                : e.key === 'End'
                  ? rows.length - 1
                  : undefined;
    if (to === undefined) return;
    e.preventDefault();
    const j = Math.min(rows.length - 1, Math.max(0, to));
    setFocusRow(j);
    const el = box.current?.querySelectorAll<HTMLElement>('.asm-row')[j];
    el?.focus({ preventScroll: true });
    if (el && box.current) {
      const b = box.current.getBoundingClientRect();
      const r = el.getBoundingClientRect();
      if (r.top < b.top || r.bottom > b.bottom) box.current.scrollTop += r.top < b.top ? r.top - b.top : r.bottom - b.bottom;
    }
  };
  if (p.error) return <div class="error">{p.error}</div>;
  if (!p.asm)
    return <div class="empty">{p.loading ? 'Loading machine code…' : 'Select a function (click a line or a site badge) to see its machine code.'}</div>;
  return (
    <div class="asm" ref={box} data-testid={p.testid ?? 'asm'} data-function={p.asm.function}>
      <div class="asm-rows">
        {rows.map((l, i) => {
          const linked = l.file === p.file && p.selLines.has(l.line);
          const hit = isHit(l, p.site);
          const c = l.file === p.file ? p.colors?.get(l.line) : undefined;
          return (
            <button
              type="button"
              key={`${l.offset}:${l.op}:${i}`}
              tabIndex={i === tabRow ? 0 : -1}
              class={`asm-row ${rowClass(l)} ${linked ? 'linked' : ''} ${hit ? 'hit' : ''} ${l.directive ? 'directive' : ''} ${c !== undefined ? 'tinted' : ''}`}
              style={c !== undefined ? `--hue:${c}` : undefined}
              data-line={l.line}
              data-file={l.file}
              aria-pressed={linked}
              onClick={() => {
                setFocusRow(i);
                p.onRow(l);
              }}
              onKeyDown={(e) => onKey(i, e as unknown as KeyboardEvent)}
              title={`${l.file}:${l.line}`}
            >
              <span class="a-off">{l.offset.toString(16).padStart(4, '0')}</span>
              <span class={`a-src ${l.file === p.file ? '' : 'other'}`}>{l.file === p.file ? l.line : `${l.file.replace(/^.*\//, '')}:${l.line}`}</span>
              <span class="a-ins">
                <b class="a-op">{l.op}</b> <span class="a-args">{l.args.replace(/\t/g, ' ')}</span>
              </span>
            </button>
          );
        })}
      </div>
      {p.asm.truncated && <div class="dim">… truncated</div>}
    </div>
  );
}
