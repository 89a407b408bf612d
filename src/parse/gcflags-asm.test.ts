import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseGcflagsAsm } from './gcflags-asm.js';

const gcDir = resolve(__dirname, '..', '..', 'testdata', 'gc');

describe('parseGcflagsAsm', () => {
  for (const ver of readdirSync(gcDir).filter((d) => d.startsWith('go'))) {
    for (const f of readdirSync(join(gcDir, ver)).filter((f) => f.endsWith('.m2S.txt'))) {
      it(`${ver}/${f}`, async () => {
        const text = readFileSync(join(gcDir, ver, f), 'utf8');
        const fns = parseGcflagsAsm(text);
        const dump = fns.map((fn) => [`${fn.name} size=${fn.size}`, ...fn.refs.map((r) => `  ${r.file.replace(/^.*\//, '')}:${r.line}\t${r.op}\t${r.sym}`)].join('\n')).join('\n') + '\n';
        await expect(dump).toMatchFileSnapshot(join(gcDir, ver, f.replace(/\.txt$/, '.asm.golden.txt')));
        // Cross-check with the raw text: every STEXT header is a function, every CALL is kept.
        expect(fns.length).toBe((text.match(/ STEXT\w* /g) ?? []).length);
        const calls = (text.match(/^\t0x[0-9a-f]+ \d+ \(.*\)\tCALL\t/gm) ?? []).length;
        expect(fns.reduce((n, fn) => n + fn.refs.filter((r) => r.op === 'CALL').length, 0)).toBe(calls);
      });
    }
  }

  it('reads one instruction line', () => {
    const fns = parseGcflagsAsm('# m\nm.F STEXT size=10 args=0x0 locals=0x0 funcid=0x0 align=0x0\n\t0x000e 00014 (/x/a.go:19)\tCALL\truntime.convT64(SB)\n');
    expect(fns).toEqual([{ pkg: 'm', name: 'm.F', size: 10, refs: [{ file: '/x/a.go', line: 19, offset: 14, op: 'CALL', call: true, sym: 'runtime.convT64' }] }]);
  });
});

describe('parseGcflagsAsm in FIPS packages', () => {
  it('reads STEXTFIPS headers', () => {
    const fns = parseGcflagsAsm('crypto/internal/fips140.CAST STEXTFIPS size=462 args=0x18 locals=0x60 funcid=0x0 align=0x0\n\t0x0160 00352 (/g/cast.go:51)\tCALL\truntime.convTstring(SB)\n');
    expect(fns.map((f) => [f.name, f.refs.length])).toEqual([['crypto/internal/fips140.CAST', 1]]);
  });
});

describe('parseGcflagsAsm with package variants', () => {
  it('keeps the import path and names the variant of test and PGO compiles', () => {
    const fns = parseGcflagsAsm([
      '# example.com/m [example.com/m.test]',
      'example.com/m.boxPair STEXT size=125 args=0x10 locals=0x28 funcid=0x0 align=0x0',
      '# example.com/m/sink [example.com/m/cmd/app]',
      'example.com/m/sink.F STEXT size=10 args=0x0 locals=0x0 funcid=0x0 align=0x0',
      '# example.com/m/sink',
      'example.com/m/sink.F STEXT size=12 args=0x0 locals=0x0 funcid=0x0 align=0x0',
    ].join('\n'));
    expect(fns.map((f) => [f.pkg, f.variant, f.name, f.size])).toEqual([
      ['example.com/m', 'example.com/m.test', 'example.com/m.boxPair', 125],
      ['example.com/m/sink', 'example.com/m/cmd/app', 'example.com/m/sink.F', 10],
      ['example.com/m/sink', undefined, 'example.com/m/sink.F', 12],
    ]);
  });
});
