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
