// The playground's CodeMirror 6 editor: Go highlighting, compile errors as inline diagnostics,
// and each site's badge at the end of its line.
import { EditorState, StateEffect, StateField, type Extension } from '@codemirror/state';
import {
  Decoration,
  type DecorationSet,
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
  WidgetType,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { go } from '@codemirror/lang-go';

export interface LineBadge {
  line: number;
  text: string;
  cls: string;
}
export interface EditorError {
  line: number;
  column: number;
  message: string;
}

class BadgeWidget extends WidgetType {
  constructor(readonly badges: LineBadge[]) {
    super();
  }
  eq(o: BadgeWidget) {
    return JSON.stringify(o.badges) === JSON.stringify(this.badges);
  }
  toDOM() {
    const wrap = document.createElement('span');
    wrap.className = 'cm-site-badges';
    for (const b of this.badges) {
      const s = document.createElement('span');
      s.className = `badge ${b.cls}`;
      s.textContent = b.text;
      s.dataset.testid = 'editor-badge';
      wrap.appendChild(s);
    }
    return wrap;
  }
  ignoreEvent() {
    return true;
  }
}

const setBadges = StateEffect.define<LineBadge[]>();

const badgeField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    deco = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(setBadges)) continue;
      const byLine = new Map<number, LineBadge[]>();
      for (const b of e.value) if (b.line >= 1 && b.line <= tr.state.doc.lines) byLine.set(b.line, [...(byLine.get(b.line) ?? []), b]);
      const ranges = [...byLine.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([line, bs]) => Decoration.widget({ widget: new BadgeWidget(bs), side: 1 }).range(tr.state.doc.line(line).to));
      deco = Decoration.set(ranges);
    }
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

export function createEditor(parent: HTMLElement, doc: string, onChange: (text: string) => void, onCursorLine: (line: number) => void): EditorView {
  const extensions: Extension[] = [
    lineNumbers(),
    highlightActiveLineGutter(),
    history(),
    drawSelection(),
    indentOnInput(),
    bracketMatching(),
    highlightActiveLine(),
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    go(),
    lintGutter(),
    badgeField,
    keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
    EditorState.tabSize.of(4),
    // long lines wrap: a line's code and its badges stay in view in a narrow pane
    EditorView.lineWrapping,
    EditorView.updateListener.of((u) => {
      if (u.docChanged) onChange(u.state.doc.toString());
      if (u.selectionSet || u.docChanged) onCursorLine(u.state.doc.lineAt(u.state.selection.main.head).number);
    }),
    EditorView.theme({ '&': { height: '100%' }, '.cm-scroller': { fontFamily: 'var(--mono)', fontSize: '13px' } }),
  ];
  return new EditorView({ state: EditorState.create({ doc, extensions }), parent });
}

export function showResult(view: EditorView, badges: LineBadge[], errors: EditorError[]): void {
  const doc = view.state.doc;
  const diagnostics: Diagnostic[] = errors.map((e) => {
    const line = doc.line(Math.min(Math.max(1, e.line || 1), doc.lines));
    const from = Math.min(line.from + Math.max(0, (e.column || 1) - 1), line.to);
    return { from, to: Math.max(from, Math.min(line.to, from + 1)), severity: 'error', message: e.message };
  });
  view.dispatch(setDiagnostics(view.state, diagnostics));
  view.dispatch({ effects: setBadges.of(badges) });
}

export function gotoLine(view: EditorView, line: number): void {
  const l = view.state.doc.line(Math.min(Math.max(1, line), view.state.doc.lines));
  view.dispatch({ selection: { anchor: l.from }, scrollIntoView: true });
  view.focus();
}
