import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseGcflagsAsm, readInstruction } from './gcflags-asm.js';

const gcDir = resolve(__dirname, '..', '..', 'testdata', 'gc');

describe('parseGcflagsAsm', () => {
  for (const ver of readdirSync(gcDir).filter((d) => d.startsWith('go'))) {
    for (const f of readdirSync(join(gcDir, ver)).filter((f) => f.endsWith('.m2S.txt'))) {
      it(`${ver}/${f}`, async () => {
        const text = readFileSync(join(gcDir, ver, f), 'utf8');
        const fns = parseGcflagsAsm(text);
        const dump =
          fns
            .map((fn) => [`${fn.name} size=${fn.size}`, ...fn.refs.map((r) => `  ${r.file.replace(/^.*\//, '')}:${r.line}\t${r.op}\t${r.sym}`)].join('\n'))
            .join('\n') + '\n';
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
    expect(fns).toEqual([
      { pkg: 'm', name: 'm.F', size: 10, refs: [{ file: '/x/a.go', line: 19, offset: 14, op: 'CALL', call: true, sym: 'runtime.convT64' }] },
    ]);
  });
});

// The call forms of each architecture, read offline from recorded listings of testdata/gc/calls
// (scripts/capture.sh): a call the parser misses would make an allocation look free on that target.
describe('parseGcflagsAsm on each architecture', () => {
  // Independent of readInstruction: every spelling of a call in the recorded listings.
  const callLine = /^\t0x[0-9a-f]+ \d+ \(.*\)\t(?:(?:CALL|Call|CallIndirect)(?:\t.*)?|JALR?\tX(?!0,)\d+, .*|BCL\t.*, (?:LR|CTR))$/;
  for (const ver of readdirSync(gcDir).filter((d) => d.startsWith('go'))) {
    for (const f of readdirSync(join(gcDir, ver)).filter((f) => /^calls\.[a-z0-9]+-[a-z0-9]+\.S\.txt$/.test(f))) {
      const [goos, goarch] = f.split('.')[1].split('-');
      it(`${ver} ${goos}/${goarch}: ${f}`, async () => {
        const text = readFileSync(join(gcDir, ver, f), 'utf8');
        const fns = parseGcflagsAsm(text);
        const dump =
          fns
            .map((fn) =>
              [
                `${fn.name} size=${fn.size}`,
                ...fn.refs.map((r) => `  ${r.file.replace(/^.*\//, '')}:${r.line}\t${r.op}\t${r.call ? 'call ' : ''}${r.sym}`),
              ].join('\n'),
            )
            .join('\n') + '\n';
        await expect(dump).toMatchFileSnapshot(join(gcDir, ver, f.replace(/\.txt$/, '.asm.golden.txt')));
        expect(fns.length).toBe((text.match(/ STEXT\w* /g) ?? []).length);
        // every call instruction, direct or indirect, whatever its spelling, is read as a call
        const calls = text.split('\n').filter((l) => callLine.test(l)).length;
        expect(calls).toBeGreaterThan(20);
        expect(fns.reduce((n, fn) => n + fn.refs.filter((r) => r.call).length, 0)).toBe(calls);
        const called = (name: string) =>
          fns
            .find((fn) => fn.name === `example.com/calls.${name}`)!
            .refs.filter((r) => r.call)
            .map((r) => r.sym);
        const ptr = ['386', 'arm', 'mips', 'mipsle'].includes(goarch) ? 4 : 8;
        expect(called('Int')).toContain(ptr === 4 ? 'runtime.convT32' : 'runtime.convT64');
        expect(called('String')).toContain('runtime.convTstring');
        expect(called('Move')).toContain('runtime.newobject');
        expect(called('Assert')).toContain('runtime.typeAssert');
        expect(fns.find((fn) => fn.name === 'example.com/calls.Itab')!.refs.map((r) => r.sym)).toContain(
          'go:itab.example.com/calls.T,example.com/calls.Runner',
        );
        // an interface method call and a closure call: one indirect call each
        for (const fn of ['Dynamic', 'Closure'])
          expect(
            called(fn).filter((s) => !s.startsWith('runtime.')),
            fn,
          ).toHaveLength(1);
        // symbols with spaces, "; " and ", " inside brackets
        expect(called('Shapes')).toEqual(
          expect.arrayContaining([
            'example.com/calls.Box[go.shape.struct { A int; B int },go.shape.string]',
            'example.com/calls.Box[go.shape.int,go.shape.func(int, string)]',
          ]),
        );
      });
    }
  }

  it('reads each call spelling', () => {
    const read = (op: string, args: string) => {
      const i = readInstruction(op, args);
      return [i.call, i.sym ?? null];
    };
    expect(read('CALL', 'runtime.convT64(SB)')).toEqual([true, 'runtime.convT64']);
    expect(read('JAL', 'X1, runtime.convT64(SB)')).toEqual([true, 'runtime.convT64']);
    expect(read('JAL', 'X0, $-16')).toEqual([false, null]);
    expect(read('JALR', 'X1, X5')).toEqual([true, null]);
    expect(read('JALR', 'X0, X1')).toEqual([false, null]);
    expect(read('Call', 'runtime.convT64(SB)')).toEqual([true, 'runtime.convT64']);
    expect(read('CallIndirect', '')).toEqual([true, null]);
    expect(read('BCL', '$20, CR0LT, $1, LR')).toEqual([true, null]);
    expect(read('MOVD', 'TOC.example.com/m.Sink(SB), R3')).toEqual([false, 'example.com/m.Sink']);
  });
});

describe('parseGcflagsAsm in FIPS packages', () => {
  it('reads STEXTFIPS headers', () => {
    const fns = parseGcflagsAsm(
      'crypto/internal/fips140.CAST STEXTFIPS size=462 args=0x18 locals=0x60 funcid=0x0 align=0x0\n\t0x0160 00352 (/g/cast.go:51)\tCALL\truntime.convTstring(SB)\n',
    );
    expect(fns.map((f) => [f.name, f.refs.length])).toEqual([['crypto/internal/fips140.CAST', 1]]);
  });
});

describe('parseGcflagsAsm with package variants', () => {
  it('keeps the import path and names the variant of test and PGO compiles', () => {
    const fns = parseGcflagsAsm(
      [
        '# example.com/m [example.com/m.test]',
        'example.com/m.boxPair STEXT size=125 args=0x10 locals=0x28 funcid=0x0 align=0x0',
        '# example.com/m/sink [example.com/m/cmd/app]',
        'example.com/m/sink.F STEXT size=10 args=0x0 locals=0x0 funcid=0x0 align=0x0',
        '# example.com/m/sink',
        'example.com/m/sink.F STEXT size=12 args=0x0 locals=0x0 funcid=0x0 align=0x0',
      ].join('\n'),
    );
    expect(fns.map((f) => [f.pkg, f.variant, f.name, f.size])).toEqual([
      ['example.com/m', 'example.com/m.test', 'example.com/m.boxPair', 125],
      ['example.com/m/sink', 'example.com/m/cmd/app', 'example.com/m/sink.F', 10],
      ['example.com/m/sink', undefined, 'example.com/m/sink.F', 12],
    ]);
  });
});
