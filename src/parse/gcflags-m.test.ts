import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseGcflagsM, type MRecord } from './gcflags-m.js';

const gcDir = resolve(__dirname, '..', '..', 'testdata', 'gc');

/** One readable line per record, for golden files. */
function dump(r: MRecord): string {
  const at = `${r.pos.file}:${r.pos.line}:${r.pos.col}`;
  switch (r.kind) {
    case 'escape': return `${at}\tescape\t${r.subject}\t${r.escapes ? 'escapes' : 'stays'}\t${r.func ?? ''}\t${r.flow.join(' | ')}`;
    case 'moved': return `${at}\tmoved\t${r.name}\t${r.func ?? ''}\t${r.flow.join(' | ')}`;
    case 'leak': return `${at}\tleak\t${r.text}`;
    case 'inline-call': return `${at}\tinline-call\t${r.callee}`;
    case 'inlinable': return `${at}\tinlinable\t${r.func}\t${r.can ? `cost=${r.cost}` : r.reason}`;
    case 'convert': return `${at}\tconvert\t${r.decision}\t${r.sym}`;
    case 'devirtualize': return `${at}\tdevirtualize\t${r.text}`;
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
    const res = parseGcflagsM([
      '# example.com/m',
      './a.go:3:9: n escapes to heap in F:',
      './a.go:3:9:   flow: {heap} ← &{storage for n}:',
      './a.go:3:9:     from n (spill) at ./a.go:3:9',
      './a.go:3:9: n escapes to heap',
      './b.go:1:1: syntax error: non-declaration statement outside function body',
    ].join('\n'));
    expect(res.records).toEqual([{ kind: 'escape', pkg: 'example.com/m', pos: { file: './a.go', line: 3, col: 9 }, subject: 'n', escapes: true, func: 'F', flow: ['flow: {heap} ← &{storage for n}:', 'from n (spill) at ./a.go:3:9'] }]);
    expect(res.errors).toEqual(['./b.go:1:1: syntax error: non-declaration statement outside function body']);
  });
});
