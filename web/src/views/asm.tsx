// The machine code of one function as the compiler printed it (-S), linked with the source:
// rows of the selected source lines are highlighted, a click on a row selects its source line,
// runtime calls stand out and the call of the selected site is marked.
import { useEffect, useRef } from 'preact/hooks';
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
  const selKey =
    [...p.selLines].join(',') + '|' + (p.site ? `${p.site.position.line}:${p.site.position.column}:${p.site.function}` : '') + '|' + p.asm?.function;
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when the selection (its key) changes; the rows are read from the DOM
  useEffect(() => {
    const el = box.current?.querySelector<HTMLElement>('.asm-row.hit') ?? box.current?.querySelector<HTMLElement>('.asm-row.linked');
    if (el && box.current) centerIn(box.current, el);
  }, [selKey]);
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
            // biome-ignore lint/a11y/useKeyWithClickEvents lint/a11y/noStaticElementInteractions: a pointer shortcut, as in an editor's gutter; the same selection is made from the source view
            <div
              key={i}
              class={`asm-row ${rowClass(l)} ${linked ? 'linked' : ''} ${hit ? 'hit' : ''} ${l.directive ? 'directive' : ''} ${c !== undefined ? 'tinted' : ''}`}
              style={c !== undefined ? `--hue:${c}` : undefined}
              data-line={l.line}
              data-file={l.file}
              onClick={() => p.onRow(l)}
              title={`${l.file}:${l.line}`}
            >
              <span class="a-off">{l.offset.toString(16).padStart(4, '0')}</span>
              <span class={`a-src ${l.file === p.file ? '' : 'other'}`}>{l.file === p.file ? l.line : `${l.file.replace(/^.*\//, '')}:${l.line}`}</span>
              <span class="a-ins">
                <b class="a-op">{l.op}</b> <span class="a-args">{l.args.replace(/\t/g, ' ')}</span>
              </span>
            </div>
          );
        })}
      </div>
      {p.asm.truncated && <div class="dim">… truncated</div>}
    </div>
  );
}
