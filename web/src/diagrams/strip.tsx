// A struct (or any object) laid out byte by byte: fields, padding holes, and the size-class slack
// the allocator adds after it. Drawn from the layout data the server computed for the GOARCH.
import { shortType } from '../format.js';

export interface StripField {
  name: string;
  type: string;
  offset: number;
  size: number;
  ptrBytes: number;
  /** colour index (a field keeps its colour when reordered) */
  ci?: number;
}

export interface StripProps {
  fields: StripField[];
  /** the object's size */
  size: number;
  /** bytes the allocator hands out for it (size class); slack = allocated - size */
  allocated?: number;
  /** pixel width available */
  width: number;
  x?: number;
  y?: number;
  /** extra attributes for tests */
  testid?: string;
  /** a 16-byte tiny block the object shares */
  tinyBlock?: boolean;
}

const palette = ['#4e79a7', '#59a14f', '#e15759', '#b07aa1', '#f28e2b', '#76b7b2', '#9c755f', '#edc948'];

export const STRIP_HEIGHT = 58;

/** Gaps between fields, and after the last one (trailing padding). */
export function holesOf(fields: StripField[], size: number): { offset: number; size: number }[] {
  const out: { offset: number; size: number }[] = [];
  let at = 0;
  for (const f of [...fields].sort((a, b) => a.offset - b.offset)) {
    if (f.offset > at) out.push({ offset: at, size: f.offset - at });
    at = Math.max(at, f.offset + f.size);
  }
  if (size > at) out.push({ offset: at, size: size - at });
  return out;
}

export function Strip(p: StripProps) {
  const x0 = p.x ?? 0;
  const y0 = p.y ?? 0;
  const total = Math.max(p.tinyBlock ? 16 : 0, p.allocated ?? p.size, p.size, 1);
  const scale = Math.min(28, p.width / total);
  const X = (b: number) => x0 + b * scale;
  const h = 30;
  const holes = holesOf(p.fields, p.size);
  const slack = Math.max(0, (p.allocated ?? p.size) - p.size);
  const ticks = new Set<number>([0, p.size]);
  for (const f of p.fields) ticks.add(f.offset);
  if (slack) ticks.add(p.size + slack);
  if (p.tinyBlock) ticks.add(16);
  const tickList = [...ticks].sort((a, b) => a - b);
  return (
    <g class="strip" data-testid={p.testid} data-size={p.size} data-allocated={p.allocated ?? p.size}>
      {p.fields.map((f, i) => {
        const w = Math.max(1, f.size * scale);
        const label = f.name;
        const fits = w >= label.length * 6.6 + 6;
        return (
          <g class="field" data-name={f.name} key={`f${i}`}>
            <rect x={X(f.offset)} y={y0} width={w} height={h} fill={palette[(f.ci ?? i) % palette.length]} fill-opacity={0.85} stroke="#fff" stroke-width={1} />
            {f.ptrBytes > 0 && (
              <rect x={X(f.offset)} y={y0 + h - 4} width={Math.max(1, Math.min(f.ptrBytes, f.size) * scale)} height={4} fill="#222" fill-opacity={0.55} />
            )}
            {fits && (
              <text x={X(f.offset) + w / 2} y={y0 + 13} text-anchor="middle" class="field-name">
                {label}
              </text>
            )}
            {fits && w >= 40 && <text x={X(f.offset) + w / 2} y={y0 + 25} text-anchor="middle" class="field-type">{`${f.size} B`}</text>}
            <title>{`${f.name} ${shortType(f.type)}: offset ${f.offset}, ${f.size} B${f.ptrBytes ? `, ${f.ptrBytes} pointer bytes` : ''}`}</title>
          </g>
        );
      })}
      {holes.map((hl, i) => (
        <g class="padding" data-offset={hl.offset} data-size={hl.size} key={`h${i}`}>
          <rect x={X(hl.offset)} y={y0} width={hl.size * scale} height={h} fill="url(#hatch)" stroke="#c33" stroke-width={1} stroke-dasharray="3 2" />
          {hl.size * scale >= 34 && <text x={X(hl.offset) + (hl.size * scale) / 2} y={y0 + 19} text-anchor="middle" class="pad-label">{`pad ${hl.size}`}</text>}
          <title>{`padding: ${hl.size} B at offset ${hl.offset}`}</title>
        </g>
      ))}
      {slack > 0 && (
        <g class="slack" data-size={slack}>
          <rect x={X(p.size)} y={y0} width={slack * scale} height={h} fill="#eee" stroke="#999" stroke-dasharray="2 2" />
          {slack * scale >= 40 && <text x={X(p.size) + (slack * scale) / 2} y={y0 + 19} text-anchor="middle" class="pad-label">{`slack ${slack}`}</text>}
          <title>{`size-class slack: ${slack} B the allocator rounds up to`}</title>
        </g>
      )}
      {p.tinyBlock && p.size < 16 && (
        <g class="tiny-rest">
          <rect x={X(p.size)} y={y0} width={(16 - p.size) * scale} height={h} fill="#f4f4f4" stroke="#aaa" stroke-dasharray="2 3" />
          {(16 - p.size) * scale >= 60 && (
            <text x={X(p.size) + ((16 - p.size) * scale) / 2} y={y0 + 19} text-anchor="middle" class="pad-label">
              other tiny objects
            </text>
          )}
          <title>the rest of the 16-byte tiny block, shared with other small pointer-free objects</title>
        </g>
      )}
      <rect x={x0} y={y0} width={p.size * scale} height={h} fill="none" stroke="#333" stroke-width={1.2} />
      {tickList.map((t) => (
        <g key={`t${t}`}>
          <line x1={X(t)} x2={X(t)} y1={y0 + h} y2={y0 + h + 5} stroke="#666" />
          <text x={X(t)} y={y0 + h + 16} text-anchor="middle" class="tick">
            {t}
          </text>
        </g>
      ))}
    </g>
  );
}

/** Offsets of fields laid out in `order` with gc rules (for a suggested reorder). */
export function placeInOrder(fields: (StripField & { align: number })[], order: string[], align: number): { fields: StripField[]; size: number } {
  const by = new Map(fields.map((f, i) => [f.name, { ...f, ci: i }]));
  let off = 0;
  const out: StripField[] = [];
  for (const n of order) {
    const f = by.get(n);
    if (!f) continue;
    off = Math.ceil(off / f.align) * f.align;
    out.push({ ...f, offset: off });
    off += f.size;
  }
  if (out.length && off > 0 && out[out.length - 1].size === 0) off++;
  return { fields: out, size: Math.ceil(off / Math.max(1, align)) * Math.max(1, align) };
}

export function HatchDefs() {
  return (
    <defs>
      <pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="6" height="6" fill="#fdecea" />
        <line x1="0" y1="0" x2="0" y2="6" stroke="#e57373" stroke-width="2" />
      </pattern>
      <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
        <path d="M 0 0 L 10 5 L 0 10 z" fill="#444" />
      </marker>
    </defs>
  );
}
