// The memory picture of one site, drawn from `explain`'s JSON (`picture`, the same model the text
// output prints): the interface value and, for conversions between interfaces, the operand on the
// left; itabs and type descriptors on the right; below, what the data words point at — the boxed
// object with its fields, padding and size-class slack, the moved variable, the ...any array's
// values, runtime.staticuint64s or runtime.zerobase — each marked with the region it lives in.
// The typed-nil variant draws the finding's picture: a set tab word beside a nil data word.
import type { Explanation, MemoryPicture, PictureBox, PictureRow, Region } from '../api.js';
import { shortFn, shortType } from '../format.js';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { HatchDefs, Strip, STRIP_HEIGHT, type StripField } from './strip.js';

const ROW = 26;
const GAP = 30;

/**
 * The diagram's geometry: two columns (values left, itabs and descriptors right) when the figure
 * has room, one column (everything stacked) in a narrow pane such as the playground's at 1000 px.
 */
function geometry(narrow: boolean) {
  const W = narrow ? 300 : 470;
  const LEFT = narrow ? { x: 8, w: W - 44 } : { x: 8, w: 212 };
  const RIGHT = narrow ? LEFT : { x: 262, w: W - 262 - 6 };
  const FULL = { x: 8, w: W - 22 };
  return {
    W,
    LEFT,
    RIGHT,
    FULL,
    narrow,
    /** lanes for the arrows that run down to the objects: between the columns, or right of the one column */
    laneX: (k: number) => LEFT.x + LEFT.w + (narrow ? 10 : 12) + (k % (narrow ? 5 : 6)) * (narrow ? 4 : 5),
    /** characters of an object's title that fit left of the lanes */
    titleChars: Math.floor((narrow ? W - 120 : LEFT.w + 4) / 6.6),
  };
}
type Geometry = ReturnType<typeof geometry>;

/** Whether the element's box is narrower than the two-column diagram needs. */
function useNarrow(ref: { current: Element | null }): boolean {
  const [narrow, setNarrow] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the observer is set up once, on the element the ref holds after the first render
  useLayoutEffect(() => {
    const el = ref.current?.parentElement;
    if (!el) return;
    const check = () => setNarrow(el.clientWidth > 0 && el.clientWidth < 400);
    check();
    const ro = new ResizeObserver(check);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return narrow;
}
const clip = (s: string, n: number) => (s.length > n ? s.slice(0, Math.max(1, n - 1)) + '…' : s);

export const regionLabel: Record<Region, string> = {
  value: 'value',
  heap: 'heap',
  stack: 'stack',
  rodata: 'read-only data',
  data: 'static data',
  bss: 'zeroed static data',
  offheap: 'runtime memory, not the GC heap',
  unknown: 'wherever it is',
};

interface Placed {
  box: PictureBox;
  x: number;
  y: number;
  w: number;
  /** height of the body (rows or strip), the title is above y */
  h: number;
  col: 'left' | 'right' | 'bottom';
}

/** Fields of a value without a struct layout: string (ptr, len), slice (ptr, len, cap), or one piece. */
function pseudoFields(type: string, size: number, ptr: number, ptrBytes: number): StripField[] {
  if (type === 'string' && size === 2 * ptr)
    return [
      { name: 'ptr', type: 'unsafe.Pointer', offset: 0, size: ptr, ptrBytes: ptr },
      { name: 'len', type: 'int', offset: ptr, size: ptr, ptrBytes: 0 },
    ];
  if (type.startsWith('[]') && size === 3 * ptr)
    return [
      { name: 'array', type: 'unsafe.Pointer', offset: 0, size: ptr, ptrBytes: ptr },
      { name: 'len', type: 'int', offset: ptr, size: ptr, ptrBytes: 0 },
      { name: 'cap', type: 'int', offset: 2 * ptr, size: ptr, ptrBytes: 0 },
    ];
  return [{ name: shortType(type), type, offset: 0, size, ptrBytes }];
}

const column = (b: PictureBox, g: Geometry): Placed['col'] =>
  b.kind === 'eface' || b.kind === 'iface' || b.kind === 'slice' || b.kind === 'array'
    ? 'left'
    : b.kind === 'itab' || b.kind === 'type'
      ? g.narrow
        ? 'left'
        : 'right'
      : 'bottom';

/** The width a strip draws for an object (its size, slack and tiny-block rest), as Strip scales it. */
function stripWidth(b: PictureBox, width: number): number {
  const o = b.object!;
  const total = Math.max(o.tiny ? 16 : 0, o.tiny ? o.size : Math.max(o.size, o.allocatedBytes || o.size), o.size, 1);
  return total * Math.min(28, width / total);
}

/** Whether an object box is drawn as a byte strip (a known, non-empty object). */
const isStrip = (b: PictureBox) => !!b.object && b.object.size > 0 && !b.dynamic;

function title(b: PictureBox): string {
  const t = b.kind === 'itab' ? b.title.replace(/^itab (go:itab\.)?/, 'itab ') : b.title.replace(/^type:/, 'type ');
  const size = b.size !== undefined && b.kind !== 'object' && b.kind !== 'type' ? ` · ${b.size} B` : '';
  return `${shortType(t)}${size}`;
}

/** The short text of a row: what it holds, or what it points at. */
function rowValue(p: MemoryPicture, r: PictureRow): string {
  if (r.to) {
    const to = p.boxes.find((b) => b.id === r.to);
    if (!to) return '→';
    if (to.kind === 'object' || to.kind === 'array') return `→ ${to.region === 'unknown' ? shortType(to.title.split(',')[0]) : regionLabel[to.region]}`;
    if (to.kind === 'symbol') return `→ ${to.title.replace(/^runtime\./, '')}${r.toOffset !== undefined ? `+${r.toOffset}` : ''}`;
    if (to.kind === 'type') return to.dynamic ? '→ dynamic type' : shortType(to.title.replace(/^type:/, ''));
    if (to.kind === 'itab') return to.dynamic ? '→ itab (dynamic)' : shortType(to.title.replace(/^itab (go:itab\.)?/, ''));
    return `→ ${shortType(to.title)}`;
  }
  if (r.value === undefined) return '';
  return r.name.startsWith('fun[') && !r.value.includes(' ') ? shortFn(r.value) : shortType(r.value.replace(/^type:/, ''));
}

function Rows({ pl, p, nilData }: { pl: Placed; p: MemoryPicture; nilData?: boolean }) {
  const { box: b, x, y, w } = pl;
  const word = b.kind === 'eface' || b.kind === 'iface' || b.kind === 'slice' || b.kind === 'array';
  return (
    <>
      {b.rows.map((r, i) => {
        const isNil = nilData && r.name === 'data' && r.value === 'nil';
        const cls = `row ${word ? 'word' : ''} ${r.name.startsWith('fun[') ? 'fun' : ''} ${isNil ? 'nil' : ''} ${r.to ? 'ptr' : ''}`;
        const offW = b.kind === 'cases' ? 0 : 36;
        const val = rowValue(p, r);
        return (
          <g class={cls} key={i} data-name={r.name} data-to={r.to}>
            <rect x={x} y={y + i * ROW} width={w} height={ROW} class="row-bg" />
            {offW > 0 && (
              <text x={x + 5} y={y + i * ROW + 17} class="off">
                {r.offset === null ? '' : `+${r.offset}`}
              </text>
            )}
            <text x={x + 5 + offW} y={y + i * ROW + 17} class="name">
              {clip(r.name, Math.floor((w - offW - 14) / 7))}
            </text>
            <text x={x + w - (r.to ? 16 : 6)} y={y + i * ROW + 17} text-anchor="end" class="val">
              {clip(val, Math.max(4, Math.floor((w - offW - 24 - r.name.length * 7) / 6.6)))}
            </text>
            <title>{[r.name, r.value, r.note].filter(Boolean).join(': ')}</title>
          </g>
        );
      })}
    </>
  );
}

const testids: Partial<Record<PictureBox['kind'], string>> = {
  itab: 'itab',
  type: 'type-descriptor',
  array: 'array',
  slice: 'slice',
  cases: 'cases',
  symbol: 'runtime-symbol',
  result: 'result',
};

export function MemoryDiagram({ ex, typedNil }: { ex: Explanation; typedNil?: boolean }) {
  const ref = useRef<SVGSVGElement>(null);
  const g = geometry(useNarrow(ref));
  const { W, LEFT, RIGHT, FULL } = g;
  const p: MemoryPicture = typedNil && ex.typedNil ? ex.typedNil.picture : ex.picture;
  const ptr = ex.value.size / 2;
  const s = ex.site;

  // place the boxes: values on the left, descriptors and itabs on the right, objects below
  const placed = new Map<string, Placed>();
  let yl = 28;
  let yr = 28;
  for (const b of p.boxes) {
    const col = column(b, g);
    if (col === 'bottom') continue;
    const h = Math.max(1, b.rows.length) * ROW;
    if (col === 'left') {
      placed.set(b.id, { box: b, x: LEFT.x, y: yl, w: LEFT.w, h, col });
      yl += h + GAP;
    } else {
      placed.set(b.id, { box: b, x: RIGHT.x, y: yr, w: RIGHT.w, h, col });
      yr += h + GAP;
    }
  }
  let y = Math.max(yl, yr) + 14;
  for (const b of p.boxes) {
    if (column(b, g) !== 'bottom') continue;
    const h = isStrip(b) ? STRIP_HEIGHT : Math.max(1, b.rows.length) * ROW;
    placed.set(b.id, { box: b, x: FULL.x, y, w: FULL.w, h, col: 'bottom' });
    y += h + GAP + (isStrip(b) ? -8 : 0);
  }
  if (p.notes.length || typedNil) y += 4;
  const notesY = y;
  const noteLines = typedNil ? [] : p.notes.flatMap((n) => wrap(n, Math.floor(W / 6)));
  const height = notesY + (typedNil ? 58 : noteLines.length * 16 + 4);

  // arrows from each pointer row to the box it points at; those to the objects below run down
  // the gap between the columns, each in its own lane, and land on the object's top edge
  const arrows: preact.JSX.Element[] = [];
  const dots: preact.JSX.Element[] = [];
  let lane = 0;
  for (const pl of placed.values()) {
    pl.box.rows.forEach((r, i) => {
      if (!r.to) return;
      const t = placed.get(r.to);
      if (!t) return;
      const sx = pl.x + pl.w - 8;
      const sy = pl.y + i * ROW + ROW / 2;
      let d: string;
      if (t.col === 'bottom') {
        const gx = g.laneX(lane++);
        const ty = t.y - 1;
        // land on the object itself when it is drawn narrower than the lane is far
        const lx = isStrip(t.box) ? Math.min(gx, t.x + stripWidth(t.box, t.w - 10) - 6) : gx;
        d =
          lx < gx
            ? `M ${sx} ${sy} L ${gx - 8} ${sy} Q ${gx} ${sy}, ${gx} ${sy + 8} L ${gx} ${ty - 22} L ${lx} ${ty}`
            : `M ${sx} ${sy} L ${gx - 8} ${sy} Q ${gx} ${sy}, ${gx} ${sy + 8} L ${gx} ${ty}`;
      } else if (t.col === 'right' && pl.col === 'left') {
        const ty = t.y + ROW / 2;
        d = `M ${sx} ${sy} C ${sx + 24} ${sy}, ${t.x - 24} ${ty}, ${t.x - 3} ${ty}`;
      } else if (t.col === pl.col && t.y > pl.y) {
        // down the same column: out to the right, into the target's title
        const ty = t.y - 14;
        const tx = t.x + t.w - 4;
        d = `M ${sx} ${sy} C ${pl.x + pl.w + 18} ${sy}, ${tx + 16} ${ty - 10}, ${tx} ${ty}`;
      } else {
        const ty = t.y + ROW / 2;
        d = `M ${sx} ${sy} C ${sx + 30} ${sy}, ${t.x + t.w + 20} ${ty}, ${t.x + t.w + 1} ${ty}`;
      }
      arrows.push(<path key={`${pl.box.id}.${i}`} d={d} class="arrow" marker-end="url(#arrow)" data-from={`${pl.box.id}.${r.name}`} data-to={r.to} />);
      dots.push(<circle key={`${pl.box.id}.${i}.dot`} cx={sx} cy={sy} r={3} class="dot" />);
    });
  }

  const root = placed.get(p.root);
  return (
    <svg
      ref={ref}
      class={`memory ${g.narrow ? 'narrow' : ''}`}
      data-testid="memory-diagram"
      data-kind={ex.value.kind}
      data-root={p.root}
      width="100%"
      style={`max-width:${W}px`}
      viewBox={`0 0 ${W} ${height}`}
      role="img"
      aria-label={`memory of ${s.position.file}:${s.position.line}`}
    >
      <HatchDefs />
      {arrows}
      {[...placed.values()].map((pl) => {
        const b = pl.box;
        const testid =
          b.id === p.root && (b.kind === 'eface' || b.kind === 'iface')
            ? 'iface-value'
            : b.id === 'operand'
              ? 'operand'
              : b.kind === 'object'
                ? 'object'
                : (testids[b.kind] ?? b.kind);
        const head = `${b.id === 'operand' ? 'operand ' : b.id === p.root && b.region === 'value' && (b.kind === 'eface' || b.kind === 'iface') && p.boxes.some((x) => x.id === 'operand') ? 'result ' : ''}${title(b)} · ${regionLabel[b.region]}`;
        if (pl.col === 'bottom' && isStrip(b)) {
          const o = b.object!;
          const fields =
            o.layout?.fields.map((f) => ({ name: f.name, type: f.type, offset: f.offset, size: f.size, ptrBytes: f.ptrBytes })) ??
            pseudoFields(o.type, o.size, ptr, o.ptrBytes);
          const cost = o.allocatedBytes ? ` → ${o.tiny ? 'tiny block share' : `${o.allocatedBytes} B allocated`}` : '';
          return (
            <g key={b.id} class={`box region-${b.region}`} data-box={b.id} data-region={b.region}>
              <text x={pl.x} y={pl.y - 8} class="box-title">
                {clip(shortType(b.title), g.titleChars)}
                <title>{`${b.title}: ${b.where}`}</title>
              </text>
              <text x={pl.x + pl.w} y={pl.y - 8} text-anchor="end" class="box-title region">
                {clip(`${regionLabel[b.region]}${cost}`, 30)}
                <title>{b.where}</title>
              </text>
              <Strip
                fields={fields}
                size={o.size}
                allocated={o.tiny ? o.size : Math.max(o.size, o.allocatedBytes || o.size)}
                width={pl.w - 10}
                x={pl.x}
                y={pl.y}
                testid={testid}
                tinyBlock={o.tiny}
              />
            </g>
          );
        }
        if (pl.col === 'bottom' && b.rows.length === 0) {
          return (
            <g key={b.id} class={`box region-${b.region}`} data-box={b.id} data-region={b.region} data-testid={testid}>
              <rect x={pl.x} y={pl.y} width={pl.w} height={ROW} class={`row-bg ${b.region === 'unknown' || b.dynamic ? 'dashed' : ''}`} />
              <text x={pl.x + 8} y={pl.y + 17} class="name">
                {clip(`${shortType(b.title)} · ${b.where}`, Math.floor(pl.w / 6.6))}
              </text>
              <title>{b.where}</title>
            </g>
          );
        }
        return (
          <g key={b.id} class={`box region-${b.region}`} data-box={b.id} data-region={b.region} data-testid={testid}>
            {pl.col === 'bottom' ? (
              <>
                <text x={pl.x} y={pl.y - 7} class="box-title">
                  {clip(title(b), g.titleChars)}
                  <title>{`${b.title}: ${b.where}`}</title>
                </text>
                <text x={pl.x + pl.w} y={pl.y - 7} text-anchor="end" class="box-title region">
                  {clip(regionLabel[b.region], 30)}
                  <title>{b.where}</title>
                </text>
              </>
            ) : (
              <text x={pl.x} y={pl.y - 7} class="box-title">
                {clip(head, Math.floor(pl.w / 6.2))}
                <title>{`${b.title}: ${b.where}`}</title>
              </text>
            )}
            {b.rows.length ? (
              <Rows pl={pl} p={p} nilData={typedNil} />
            ) : (
              <g class="row more">
                <rect x={pl.x} y={pl.y} width={pl.w} height={ROW} class="row-bg" />
                <text x={pl.x + 6} y={pl.y + 17} class="name">
                  {clip(b.dynamic ? 'known at run time' : regionLabel[b.region], Math.floor(pl.w / 7))}
                </text>
              </g>
            )}
          </g>
        );
      })}
      {dots}
      {typedNil ? (
        <g class="typed-nil-note" key="tn">
          <rect x={8} y={notesY - 14} width={W - 16} height={46} rx={4} fill="#fff4e5" stroke="#e69500" />
          <text x={18} y={notesY + 4} class="note">
            data word = nil, but the tab word is set:
          </text>
          <text x={18} y={notesY + 21} class="note strong">
            err != nil is true: return a literal nil
          </text>
        </g>
      ) : (
        noteLines.map((n, i) => (
          <text key={`n${i}`} x={8} y={notesY + i * 16 + 10} class="note dim">
            {n}
          </text>
        ))
      )}
      {!root && (
        <text x={8} y={20} class="note">
          no value
        </text>
      )}
    </svg>
  );
}

function wrap(text: string, n: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const w of text.split(' ')) {
    if (line && line.length + 1 + w.length > n) {
      out.push(line);
      line = w;
    } else {
      line = line ? `${line} ${w}` : w;
    }
  }
  if (line) out.push(line);
  return out;
}

/** One line per word of the picture's root value: what each holds. */
export function pictureCaption(ex: Explanation): string {
  const p = ex.picture;
  const root = p.boxes.find((b) => b.id === p.root);
  const words = (root?.rows ?? []).map((r) => `${r.name}: ${r.note ?? r.value ?? ''}`);
  const where = p.boxes
    .filter((b) => b.kind === 'object' || b.kind === 'array' || b.kind === 'symbol')
    .map((b) => `${shortType(b.title.split(', ')[0])}: ${b.where}`);
  return [...words, ...where].join(' · ');
}
