// Struct layouts: holes, trailing padding, the pointer prefix the GC scans, the malloc size class
// the object lands in when boxed or new'ed, and the best field order (smallest size, then fewest
// pointer bytes). Pure: works on the helper's layout records (go/types gc sizes for the target).
import type { HField, HStruct } from '../parse/helper-protocol.js';
import type { SizeClasses } from '../parse/sizeclasses-go.js';
import { objectCost } from './conversion-cost.js';
import type { Hole, LayoutReport, ObjectClass } from '../contract/layout.js';

/** Lays out fields in the given order with gc rules: align each, round the size, trailing zero-size byte. */
export function place(fields: HField[], structAlign: number): { size: number; ptrBytes: number; offsets: number[] } {
  let off = 0;
  let ptr = 0;
  const offsets: number[] = [];
  for (const f of fields) {
    off = Math.ceil(off / f.align) * f.align;
    offsets.push(off);
    if (f.ptrBytes > 0) ptr = off + f.ptrBytes;
    off += f.size;
  }
  // cmd/compile CalcStructSize / go/types gcSizes: a trailing zero-size field gets a byte.
  if (fields.length > 0 && off > 0 && fields[fields.length - 1].size === 0) off++;
  const size = Math.ceil(off / structAlign) * structAlign;
  return { size, ptrBytes: ptr, offsets };
}

/** What one object of this size costs when boxed or new'ed, in TotalAlloc bytes per object
 * (tiny objects: their share of 16-byte blocks when allocated repeatedly). */
export function objectClass(sc: SizeClasses, ptrSize: number, size: number, ptrBytes: number): ObjectClass {
  const c = objectCost(sc, ptrSize, size, ptrBytes > 0);
  if (!c) return { allocatedBytes: 0, sizeClass: 0, path: 'none' };
  return { allocatedBytes: Math.round(c.bytesPerOp * 1000) / 1000, sizeClass: c.malloc.sizeClass, path: c.malloc.path };
}

function better(a: { size: number; ptrBytes: number }, b: { size: number; ptrBytes: number }): boolean {
  return a.size < b.size || (a.size === b.size && a.ptrBytes < b.ptrBytes);
}

/** The best order: exhaustive for up to 8 fields, else candidates from sorting. */
export function optimalOrder(fields: HField[], structAlign: number): { order: HField[]; size: number; ptrBytes: number; exact: boolean } {
  const start = place(fields, structAlign);
  let best = { order: fields, size: start.size, ptrBytes: start.ptrBytes };
  const consider = (order: HField[]) => {
    const p = place(order, structAlign);
    if (better(p, best)) best = { order, size: p.size, ptrBytes: p.ptrBytes };
  };
  if (fields.length <= 7) {
    const perm = (rest: HField[], acc: HField[]) => {
      if (rest.length === 0) {
        consider(acc);
        return;
      }
      for (let i = 0; i < rest.length; i++) perm([...rest.slice(0, i), ...rest.slice(i + 1)], [...acc, rest[i]]);
    };
    perm(fields, []);
    return { ...best, exact: true };
  }
  const zero = fields.filter((f) => f.size === 0);
  const rest = fields.filter((f) => f.size > 0);
  const byAlign = (a: HField, b: HField) => b.align - a.align;
  const ptrFirst = [
    ...rest.filter((f) => f.ptrBytes > 0).sort((a, b) => byAlign(a, b) || a.size - a.ptrBytes - (b.size - b.ptrBytes)),
    ...rest.filter((f) => f.ptrBytes === 0).sort(byAlign),
  ];
  consider([...zero, ...ptrFirst]);
  consider([...zero, ...[...rest].sort((a, b) => byAlign(a, b) || Number(b.ptrBytes > 0) - Number(a.ptrBytes > 0))]);
  return { ...best, exact: false };
}

function fieldLine(f: HField): string[] {
  const lines = (f.doc ?? []).map((d) => `\t${d}`);
  const type = f.typeText ?? f.type;
  const head = f.embedded ? type : `${f.name} ${type}`;
  lines.push(`\t${head}${f.tag ? ` \`${f.tag}\`` : ''}${f.comment ? ` ${f.comment}` : ''}`);
  return lines;
}

export function layoutReport(
  s: HStruct,
  sc: SizeClasses,
  ptrSize: number,
  position?: LayoutReport['position'],
  rel: (file: string) => string = (f) => f,
): LayoutReport {
  const holes: Hole[] = [];
  let end = 0;
  for (const f of s.fields) {
    if (f.offset > end) holes.push({ offset: end, size: f.offset - end, before: f.name });
    end = Math.max(end, f.offset + f.size);
  }
  const trailing = s.size - end;
  if (trailing > 0) holes.push({ offset: end, size: trailing, before: null });
  const cls = objectClass(sc, ptrSize, s.size, s.ptrBytes);
  const opt = optimalOrder(s.fields, s.align);
  const optCls = objectClass(sc, ptrSize, opt.size, opt.ptrBytes);
  const classChanges = optCls.allocatedBytes !== cls.allocatedBytes || optCls.path !== cls.path;
  const ptrChanges = opt.ptrBytes !== s.ptrBytes;
  const worthIt = (classChanges && optCls.allocatedBytes < cls.allocatedBytes) || (opt.size <= s.size && ptrChanges && opt.ptrBytes < s.ptrBytes);
  const sameOrder = opt.order.every((f, i) => f === s.fields[i]);
  let verdict: string;
  if (sameOrder || (opt.size === s.size && opt.ptrBytes === s.ptrBytes)) {
    verdict = 'already optimal: no order is smaller or scans fewer pointer bytes';
  } else if (!worthIt) {
    verdict = `reordering saves ${s.size - opt.size} B of the struct but not a size class (${cls.allocatedBytes} B either way) and not pointer bytes: not worth it`;
  } else {
    const parts: string[] = [];
    if (classChanges) parts.push(`${cls.allocatedBytes} → ${optCls.allocatedBytes} B per boxed or new'ed object`);
    if (ptrChanges) parts.push(`GC scans ${s.ptrBytes} → ${opt.ptrBytes} B`);
    verdict = `reorder: ${s.size} → ${opt.size} B, ${parts.join(', ')}`;
  }
  const declaration =
    s.declared && !sameOrder && worthIt ? [`type ${s.name.replace(/^.*\./, '')} struct {`, ...opt.order.flatMap(fieldLine), '}'].join('\n') : undefined;
  return {
    name: s.name,
    package: s.package,
    declared: s.declared,
    ...(position ? { position } : {}),
    ...(s.typeStart && s.typeEnd
      ? {
          typeRange: {
            file: rel(s.typeStart.file),
            start: { line: s.typeStart.line, column: s.typeStart.col },
            end: { line: s.typeEnd.line, column: s.typeEnd.col },
          },
        }
      : {}),
    size: s.size,
    align: s.align,
    ptrBytes: s.ptrBytes,
    sizeClass: cls.sizeClass,
    allocatedBytes: cls.allocatedBytes,
    allocPath: cls.path,
    fields: s.fields.map((f) => ({
      name: f.name,
      type: f.type,
      offset: f.offset,
      size: f.size,
      align: f.align,
      ptrBytes: f.ptrBytes,
      ...(f.embedded ? { embedded: true } : {}),
    })),
    holes,
    padding: holes.reduce((n, h) => n + h.size, 0),
    trailingPadding: trailing,
    optimal: {
      size: opt.size,
      ptrBytes: opt.ptrBytes,
      sizeClass: optCls.sizeClass,
      allocatedBytes: optCls.allocatedBytes,
      order: opt.order.map((f) => f.name),
      ...(declaration ? { declaration } : {}),
      savesBytes: cls.allocatedBytes - optCls.allocatedBytes,
      worthIt,
      exact: opt.exact,
      verdict,
    },
  };
}
