// Function names as the compiler prints them in -m, -S and the runtime's symbol table.

/** Replaces every bracketed type-argument list with "[...]": G[go.shape.int] → G[...]. */
export function genericShape(name: string): string {
  let out = '';
  let depth = 0;
  for (const ch of name) {
    if (ch === '[') {
      if (depth === 0) out += '[...]';
      depth++;
    } else if (ch === ']') {
      depth--;
    } else if (depth === 0) {
      out += ch;
    }
  }
  return out;
}

/** The part of a symbol after its package path: example.com/m/p.(*T).M → (*T).M */
export function shortName(symbol: string, pkgPath: string): string {
  return symbol.startsWith(pkgPath + '.') ? symbol.slice(pkgPath.length + 1) : symbol;
}
