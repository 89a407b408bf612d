// Function names as the compiler prints them in -m, -S and the runtime's symbol table.

/** Replaces every outermost `open`…`close` group of `text` with `replacement`. */
export function collapseGroups(text: string, open: string, close: string, replacement: string): string {
  let out = '';
  let depth = 0;
  for (const ch of text) {
    if (ch === open) {
      if (depth === 0) out += replacement;
      depth++;
    } else if (ch === close) {
      depth--;
    } else if (depth === 0) {
      out += ch;
    }
  }
  return out;
}

/** Replaces every bracketed type-argument list with "[...]": G[go.shape.int] → G[...]. */
export function genericShape(name: string): string {
  return collapseGroups(name, '[', ']', '[...]');
}

/**
 * The part of a symbol after its package prefix: example.com/m/p.(*T).M → (*T).M. The linker's
 * prefix is not always the import path (main.F for commands, escaped dots as in yaml%2ev3), so it
 * is found syntactically: the first dot after the last slash, before any ( or [.
 */
export function shortName(symbol: string): string {
  let bound = symbol.length;
  for (const ch of ['(', '[']) {
    const i = symbol.indexOf(ch);
    if (i >= 0 && i < bound) bound = i;
  }
  const slash = symbol.lastIndexOf('/', bound);
  const dot = symbol.indexOf('.', slash + 1);
  return dot >= 0 && dot < bound ? symbol.slice(dot + 1) : symbol;
}

const closerOf: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/**
 * Source text on one line for reports: whitespace runs (newlines and tabs of multi-line composite
 * literals) collapse to one space, and text longer than `max` characters is cut at a separator
 * and marked with … before the brackets it leaves open are closed: &T{A: a, B: b, …}.
 */
export function oneLine(text: string, max = 60): string {
  let s = stripComments(text).replace(/\s+/g, ' ').trim();
  s = s.replace(/([({[]) /g, '$1').replace(/,? ([)}\]])/g, '$1');
  const chars = [...s];
  if (chars.length <= max) return s;
  let cut = chars.slice(0, max - 1).join('');
  for (;;) {
    const open: string[] = [];
    let quote = '';
    for (const ch of cut) {
      if (quote) {
        if (ch === quote) quote = '';
        continue;
      }
      if (ch === '"' || ch === '`' || ch === "'") quote = ch;
      else if (closerOf[ch]) open.push(closerOf[ch]);
      else if (open.length && ch === open[open.length - 1]) open.pop();
    }
    const tail = (quote ? quote : '') + '…' + open.reverse().join('');
    if ([...cut].length + [...tail].length <= max || cut.length === 0) {
      // prefer to end at a separator rather than inside a name
      return cut + tail;
    }
    const sep = Math.max(cut.lastIndexOf(', '), cut.lastIndexOf(' '));
    cut = sep > 0 ? cut.slice(0, sep) : cut.slice(0, -1);
  }
}

/** Go source without its comments (string, raw string and rune literals kept intact). */
export function stripComments(src: string): string {
  let out = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += c !== '`' && src[j] === '\\' ? 2 : 1;
      out += src.slice(i, j + 1);
      i = j;
    } else if (c === '/' && src[i + 1] === '/') {
      const nl = src.indexOf('\n', i);
      i = nl < 0 ? src.length : nl - 1;
    } else if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      out += ' ';
      i = end < 0 ? src.length : end + 1;
    } else {
      out += c;
    }
  }
  return out;
}
