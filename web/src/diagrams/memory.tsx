// The memory picture of one site, drawn from `explain`'s JSON: the interface value's two words,
// the itab with its fun[] slots (or the type descriptor of an empty interface), and what the data
// word points to — the boxed object with its fields, padding and size-class slack. The typed-nil
// variant shows a set tab word beside a nil data word.
import type { Explanation } from '../api.js';
import { shortFn, shortType } from '../format.js';
import { HatchDefs, Strip, STRIP_HEIGHT, type StripField } from './strip.js';

const W = 470;
const ROW = 26;
const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + '…' : s);

interface Row { off: string; name: string; value: string; title?: string; cls?: string }

function Box({ x, y, w, title, rows, testid }: { x: number; y: number; w: number; title: string; rows: Row[]; testid: string }) {
  return (
    <g class="box" data-testid={testid}>
      <text x={x} y={y - 7} class="box-title">{clip(title, Math.floor(w / 6.4))}</text>
      {rows.map((r, i) => (
        <g class={`row ${r.cls ?? ''}`} key={i} data-name={r.name}>
          <rect x={x} y={y + i * ROW} width={w} height={ROW} class="row-bg" />
          <text x={x + 5} y={y + i * ROW + 17} class="off">{r.off}</text>
          <text x={x + 36} y={y + i * ROW + 17} class="name">{r.name}</text>
          <text x={x + w - 16} y={y + i * ROW + 17} text-anchor="end" class="val">{clip(r.value, Math.floor((w - 36 - r.name.length * 7 - 24) / 6.6))}</text>
          {r.title && <title>{r.title}</title>}
        </g>
      ))}
    </g>
  );
}

/** Fields of a value without a struct layout: string (ptr, len), slice (ptr, len, cap), or one piece. */
function pseudoFields(type: string, size: number, ptr: number, ptrBytes: number): StripField[] {
  if (type === 'string' && size === 2 * ptr) return [{ name: 'ptr', type: 'unsafe.Pointer', offset: 0, size: ptr, ptrBytes: ptr }, { name: 'len', type: 'int', offset: ptr, size: ptr, ptrBytes: 0 }];
  if (type.startsWith('[]') && size === 3 * ptr) return [{ name: 'array', type: 'unsafe.Pointer', offset: 0, size: ptr, ptrBytes: ptr }, { name: 'len', type: 'int', offset: ptr, size: ptr, ptrBytes: 0 }, { name: 'cap', type: 'int', offset: 2 * ptr, size: ptr, ptrBytes: 0 }];
  return [{ name: shortType(type), type, offset: 0, size, ptrBytes }];
}

export function MemoryDiagram({ ex, typedNil }: { ex: Explanation; typedNil?: boolean }) {
  const ptr = ex.value.size / 2;
  const s = ex.site;
  const left = { x: 8, y: 34, w: 212 };
  const right = { x: 268, y: 34, w: W - 268 - 4 };
  const words: Row[] = ex.value.words.map((w) => ({
    off: `+${w.offset}`,
    name: w.name,
    value: w.name === 'data' ? (typedNil ? 'nil' : dataValue(ex)) : w.symbol ? shortType(w.symbol.replace(/^(go:itab\.|type:)/, '')) : '',
    title: w.description,
    cls: `word ${w.name === 'data' && typedNil ? 'nil' : ''}`,
  }));

  let rightRows: Row[] = [];
  let rightTitle = '';
  let rightId = 'itab';
  if (ex.itab) {
    const it = ex.itab;
    rightTitle = `itab ${shortType(it.symbol.replace(/^go:itab\./, ''))} · ${it.size} B · ${it.origin === 'static' ? 'read-only data' : 'built at run time'}`;
    rightRows = [
      { off: '+0', name: 'inter', value: shortType(it.inter.replace(/^type:/, '')), title: it.inter },
      { off: `+${ptr}`, name: '_type', value: shortType(it.type.replace(/^type:/, '')), title: it.type },
      { off: `+${2 * ptr}`, name: 'hash', value: it.hash ?? '(set by getitab)' },
    ];
    if (it.fun.length) {
      for (const f of it.fun) rightRows.push({ off: `+${f.offset}`, name: `fun[${f.slot}]`, value: shortFn(f.symbol), title: f.symbol, cls: 'fun' });
    } else {
      const funStart = 2 * ptr + (ptr === 8 ? 8 : 4);
      rightRows.push({ off: `+${funStart}`, name: `fun[0..${Math.max(0, it.methods - 1)}]`, value: 'filled by getitab', cls: 'fun' });
    }
  } else if (ex.typeDescriptor) {
    const td = ex.typeDescriptor;
    rightId = 'type-descriptor';
    rightTitle = `type descriptor ${shortType(td.symbol.replace(/^type:/, ''))}`;
    rightRows = [
      { off: '+0', name: 'Size_', value: `${td.size}` },
      { off: `+${ptr}`, name: 'PtrBytes', value: `${td.ptrBytes}` },
      { off: `+${2 * ptr}`, name: 'Hash', value: td.hash },
      { off: '…', name: 'Kind, Align…', value: '', cls: 'more' },
    ];
  } else {
    const w0 = ex.value.words[0];
    rightId = 'type-descriptor';
    rightTitle = `type descriptor ${shortType((w0?.symbol ?? '').replace(/^type:/, ''))}`;
    rightRows = [{ off: '', name: 'in read-only data', value: '', cls: 'more' }];
  }
  const leftH = words.length * ROW;
  const rightH = rightRows.length * ROW;
  let y = Math.max(left.y + leftH, right.y + rightH) + 44;

  // what the data word points to
  const o = ex.object;
  const dw = s.dataWord;
  const elems: preact.JSX.Element[] = [];
  const dataRowY = left.y + ROW * 1.5;
  const dotX = left.x + left.w - 8;
  if (typedNil) {
    elems.push(
      <g class="typed-nil-note" key="tn">
        <rect x={8} y={y - 14} width={W - 16} height={46} rx={4} fill="#fff4e5" stroke="#e69500" />
        <text x={18} y={y + 4} class="note">data word = nil, but the tab word is set:</text>
        <text x={18} y={y + 21} class="note strong">err != nil is true — return a literal nil instead</text>
      </g>,
    );
    y += 50;
  } else if (o && (dw === 'heap' || dw === 'stack' || dw === 'static' || dw === 'none' || s.kind === 'heap-move' || s.kind === 'variadic-slice')) {
    const layoutFields = o.layout?.fields.map((f) => ({ name: f.name, type: f.type, offset: f.offset, size: f.size, ptrBytes: f.ptrBytes }));
    const fields = layoutFields ?? pseudoFields(o.type, o.size, ptr, s.source?.ptrBytes ?? s.object?.ptrBytes ?? 0);
    const tiny = s.allocPath === 'tiny';
    const where = o.where;
    elems.push(
      <text x={8} y={y - 8} class="box-title" key="ot">{clip(`${where.startsWith('heap') ? 'boxed object' : 'object'}: ${shortType(o.type)} · ${o.size} B${s.allocates ? ` → ${tiny ? 'tiny block share' : `${o.allocatedBytes} B allocated`}` : ''} · ${where}`, 72)}</text>,
      <Strip key="os" fields={fields} size={o.size} allocated={tiny ? o.size : Math.max(o.size, o.allocatedBytes || o.size)} width={W - 24} x={8} y={y} testid="object" tinyBlock={tiny} />,
    );
    if (dw !== 'none' || s.kind !== 'convert') {
      elems.push(<path key="oa" d={`M ${dotX} ${dataRowY} C ${dotX + 40} ${dataRowY}, ${dotX + 40} ${y - 40}, 20 ${y - 24} L 12 ${y - 2}`} class="arrow" marker-end="url(#arrow)" />);
    }
    y += STRIP_HEIGHT;
  } else if (dw === 'staticuint64s' || dw === 'zerobase' || dw === 'zeroVal' || dw === 'static') {
    const label = dw === 'staticuint64s' ? 'runtime.staticuint64s[v] · shared table of 0..255' : dw === 'static' ? 'read-only static copy' : `runtime.${dw} · shared, never freed`;
    elems.push(
      <g class="shared" key="sh">
        <rect x={8} y={y} width={W - 16} height={ROW} class="row-bg" />
        <text x={16} y={y + 17} class="name">{label}</text>
      </g>,
      <path key="sa" d={`M ${dotX} ${dataRowY} C ${dotX + 40} ${dataRowY}, ${dotX + 40} ${y - 30}, 20 ${y - 14} L 14 ${y - 1}`} class="arrow" marker-end="url(#arrow)" />,
    );
    y += ROW + 10;
  } else if (dw === 'direct') {
    elems.push(
      <g class="shared" key="dir">
        <rect x={8} y={y} width={W - 16} height={ROW} class="row-bg dashed" />
        <text x={16} y={y + 17} class="name">{clip(`the ${shortType(s.source?.type ?? 'pointer')} itself: pointer-shaped, stored in the word, no copy`, 70)}</text>
      </g>,
    );
    y += ROW + 10;
  }

  const height = y + 8;
  return (
    <svg class="memory" data-testid="memory-diagram" data-kind={ex.value.kind} width="100%" style={`max-width:${W}px`} viewBox={`0 0 ${W} ${height}`} role="img" aria-label={`memory layout of ${s.position.file}:${s.position.line}`}>
      <HatchDefs />
      <Box x={left.x} y={left.y} w={left.w} title={`interface value · ${ex.value.kind} · ${ex.value.size} B`} rows={words} testid="iface-value" />
      <Box x={right.x} y={right.y} w={right.w} title={rightTitle} rows={rightRows} testid={rightId} />
      <path d={`M ${dotX} ${left.y + ROW / 2} L ${right.x - 4} ${right.y + ROW / 2}`} class="arrow" marker-end="url(#arrow)" />
      <circle cx={dotX} cy={left.y + ROW / 2} r={3} class="dot" />
      {!typedNil && dw !== 'direct' && <circle cx={dotX} cy={dataRowY} r={3} class="dot" />}
      {elems}
    </svg>
  );
}

function dataValue(ex: Explanation): string {
  switch (ex.site.dataWord) {
    case 'heap': return '→ heap copy';
    case 'stack': return '→ stack temp';
    case 'static': return '→ static data';
    case 'staticuint64s': return '→ staticuint64s';
    case 'zerobase': return '→ zerobase';
    case 'zeroVal': return '→ zeroVal';
    case 'direct': return 'the pointer';
    default: return ex.site.kind === 'heap-move' ? '→ heap object' : '';
  }
}
