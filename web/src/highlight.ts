// Go syntax highlighting for read-only source (the same Lezer grammar the playground editor uses).
import { goLanguage } from '@codemirror/lang-go';
import { classHighlighter, highlightCode } from '@lezer/highlight';

export type Token = [text: string, cls: string];

/** Per line (0-based), the text pieces with their highlight classes. */
export function highlightGo(text: string): Token[][] {
  const lines: Token[][] = [[]];
  try {
    const tree = goLanguage.parser.parse(text);
    highlightCode(
      text,
      tree,
      classHighlighter,
      (t, cls) => lines[lines.length - 1].push([t, cls]),
      () => lines.push([]),
    );
  } catch {
    return text.split('\n').map((l) => [[l, '']]);
  }
  return lines;
}
