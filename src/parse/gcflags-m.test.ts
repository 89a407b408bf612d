import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageHeader, parseGcflagsM, type MRecord } from './gcflags-m.js';

const gcDir = resolve(__dirname, '..', '..', 'testdata', 'gc');

/** One readable line per record, for golden files. */
function dump(r: MRecord): string {
  const at = `${r.pos.file}:${r.pos.line}:${r.pos.col}`;
  switch (r.kind) {
    case 'escape':
      return `${at}\tescape\t${r.subject}\t${r.escapes ? 'escapes' : 'stays'}\t${r.func ?? ''}\t${r.flow.join(' | ')}`;
    case 'moved':
      return `${at}\tmoved\t${r.name}\t${r.func ?? ''}\t${r.flow.join(' | ')}`;
    case 'leak':
      return `${at}\tleak\t${r.text}`;
    case 'inline-call':
      return `${at}\tinline-call\t${r.callee}`;
    case 'inlinable':
      return `${at}\tinlinable\t${r.func}\t${r.can ? `cost=${r.cost}` : r.reason}`;
    case 'convert':
      return `${at}\tconvert\t${r.decision}\t${r.sym}`;
    case 'devirtualize':
      return `${at}\tdevirtualize\t${r.text}`;
    case 'capture':
      return `${at}\tcapture\t${r.func}\t${r.name}\t${r.byValue ? 'value' : 'ref'}\t${r.width}`;
  }
}

describe('parseGcflagsM', () => {
  for (const ver of readdirSync(gcDir).filter((d) => d.startsWith('go'))) {
    for (const f of readdirSync(join(gcDir, ver)).filter((f) => f.endsWith('.m2S.txt'))) {
      it(`${ver}/${f}`, async () => {
        const res = parseGcflagsM(readFileSync(join(gcDir, ver, f), 'utf8'));
        expect(res.unrecognized).toEqual([]);
        expect(res.errors).toEqual([]);
        const text = res.records.map(dump).join('\n') + '\n';
        await expect(text).toMatchFileSnapshot(join(gcDir, ver, f.replace(/\.txt$/, '.m.golden.txt')));
        // Cross-check the channels of one build: every escaping conversion has its explanation.
        const esc = res.records.filter((r) => r.kind === 'escape' && r.escapes);
        expect(esc.length).toBeGreaterThan(10);
        expect(esc.every((r) => r.kind === 'escape' && r.flow.length > 0)).toBe(true);
      });
    }
  }

  it('keeps continuation lines with their header and reads compile errors', () => {
    const res = parseGcflagsM(
      [
        '# example.com/m',
        './a.go:3:9: n escapes to heap in F:',
        './a.go:3:9:   flow: {heap} ← &{storage for n}:',
        './a.go:3:9:     from n (spill) at ./a.go:3:9',
        './a.go:3:9: n escapes to heap',
        './b.go:1:1: syntax error: non-declaration statement outside function body',
      ].join('\n'),
    );
    expect(res.records).toEqual([
      {
        kind: 'escape',
        pkg: 'example.com/m',
        pos: { file: './a.go', line: 3, col: 9 },
        subject: 'n',
        escapes: true,
        func: 'F',
        flow: ['flow: {heap} ← &{storage for n}:', 'from n (spill) at ./a.go:3:9'],
      },
    ]);
    expect(res.errors).toEqual(['./b.go:1:1: syntax error: non-declaration statement outside function body']);
  });

  it("reads PGO devirtualisation (printed on the compiler's stdout) and static devirtualisation", () => {
    const res = parseGcflagsM(
      [
        '# example.com/pgofixture/cmd/app',
        'cmd/app/main.go:26:13: PGO devirtualizing interface call s.Put to sink.(*Counter).Put',
        'cmd/app/main.go:30:5: PGO devirtualizing function call f to main.apply',
        'cmd/app/main.go:68:10: devirtualizing w.Write to *discard',
        'cmd/app/main.go:70:9: partially devirtualizing r.Read to *T',
      ].join('\n'),
    );
    expect(res.unrecognized).toEqual([]);
    expect(res.errors).toEqual([]);
    expect(res.records.map((r) => (r.kind === 'devirtualize' ? [r.pos.line, r.text, !!r.pgo] : r.kind))).toEqual([
      [26, 'PGO devirtualizing interface call s.Put to sink.(*Counter).Put', true],
      [30, 'PGO devirtualizing function call f to main.apply', true],
      [68, 'devirtualizing w.Write to *discard', false],
      [70, 'partially devirtualizing r.Read to *T', false],
    ]);
  });

  it('keeps the import path of a package variant and names the variant', () => {
    const res = parseGcflagsM(
      [
        '# example.com/m [example.com/m.test]',
        './a_test.go:3:9: n escapes to heap',
        '# example.com/m_test [example.com/m.test]',
        './b_test.go:4:9: n escapes to heap',
        '# example.com/m/sink [example.com/m/cmd/app]',
        'sink/s.go:5:9: n escapes to heap',
        '# example.com/m',
        './a.go:3:9: n escapes to heap',
      ].join('\n'),
    );
    expect(res.records.map((r) => [r.pkg, r.variant])).toEqual([
      ['example.com/m', 'example.com/m.test'],
      ['example.com/m_test', 'example.com/m.test'],
      ['example.com/m/sink', 'example.com/m/cmd/app'],
      ['example.com/m', undefined],
    ]);
    expect(packageHeader('# example.com/m.test')).toEqual({ pkg: 'example.com/m.test' });
  });
});
