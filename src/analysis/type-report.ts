// go/types facts (the helper's TypeFacts) as the report's type shapes.
import type { TypeFacts } from '../parse/helper-protocol.js';
import type { SourceTypeReport, TargetTypeReport } from '../contract/report.js';

/** A value's type: size, alignment, pointer-shapedness and the bytes the GC scans. */
export function sourceType(t: TypeFacts | undefined): SourceTypeReport | undefined {
  if (!t) return undefined;
  return {
    type: t.type,
    size: t.size >= 0 ? t.size : null,
    align: t.size >= 0 ? t.align : null,
    pointerShaped: !!t.directIface,
    containsPointers: t.ptrBytes > 0,
    ptrBytes: t.ptrBytes,
  };
}

/** An interface type, and where its itab comes from. */
export function targetType(t: TypeFacts | undefined, itab: TargetTypeReport['itab'], itabSymbol?: string): TargetTypeReport | undefined {
  if (!t) return undefined;
  const r: TargetTypeReport = { type: t.type, empty: !!t.empty, methods: t.methods ?? 0, itab };
  if (itabSymbol) r.itabSymbol = itabSymbol;
  return r;
}
