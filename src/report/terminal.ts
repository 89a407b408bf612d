// Text for a terminal from untrusted strings: file names, operands, a profile's sample-type names
// and function names come from code and files someone else wrote. Control characters (ESC, CR,
// BEL, the C1 range) would let them move the cursor, rewrite lines or retitle the terminal, so the
// text renderers print them escaped, as Go's %q would.

// eslint-disable-next-line no-control-regex
const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function escapeControls(s: string): string {
  return s.replace(controls, (c) => {
    const n = c.charCodeAt(0);
    return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
  });
}

/** A copy of `v` with every string escaped (reports are plain data: objects, arrays, strings, numbers). */
export function escapeStrings<T>(v: T): T {
  if (typeof v === 'string') return escapeControls(v) as T;
  if (Array.isArray(v)) return v.map((x) => escapeStrings(x)) as T;
  if (v && typeof v === 'object' && !(v instanceof Uint8Array) && typeof (v as { toJSON?: unknown }).toJSON !== 'function') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = escapeStrings(x);
    return out as T;
  }
  return v;
}
