// `ifacelens explain`: golden text per Go version, and the memory pictures it draws (text and web
// share them) checked against the running program: unsafe reads of the real interface values that
// examples/seeds, testdata/fixtures and testdata/explain/probe build, where each word points — a
// type descriptor, an itab symbol, the heap, the stack, read-only data, runtime.staticuint64s.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { analyze, type AnalyzeResult } from '../src/pipeline/analyze.js';
import { explainAt } from '../src/pipeline/explain.js';
import type { Explanation, MemoryPicture, PictureBox } from '../src/contract/index.js';
import type { SiteKind } from '../src/contract/report.js';
import { goldenText } from './golden.js';

const bin = resolve(__dirname, '..', 'bin', 'ifacelens.js');
const mod = resolve(__dirname, '..', 'examples', 'seeds');
const goVersion = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' })
  .stdout.trim()
  .replace(/^(go\d+\.\d+).*/, '$1');

function explain(loc: string, format = 'text', cwd = mod, goarch?: string) {
  const r = spawnSync(process.execPath, [bin, 'explain', '--no-color', '--format', format, ...(goarch ? ['--goarch', goarch] : []), loc], {
    cwd,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

/** The goldens are amd64's on any host, and the same for every patch release of a Go version. */
const golden = (loc: string, cwd = mod) => goldenText(explain(loc, 'text', cwd, 'amd64'));

describe('ifacelens explain', () => {
  for (const [name, loc] of [
    ['padded', 'padding.go:20'],
    ['writer', 'writer.go:12'],
    ['boxint', 'boxing.go:6'],
    ['heap-move', 'writer.go:11'],
    ['heap-move-stays', 'writer.go:18'],
    ['variadic', 'println.go:14'],
    ['small', 'boxing.go:23'],
    ['typed-nil', 'typednil.go:19'],
  ]) {
    it(`golden: ${loc}`, async () => {
      await expect(golden(loc)).toMatchFileSnapshot(join(__dirname, '..', 'testdata', 'explain', goVersion, `${name}.txt`));
    });
  }

  // between interfaces, an assertion, a type switch: testdata/explain/probe, whose words the
  // test below reads
  for (const [name, loc] of [
    ['widen', 'probe.go:152'],
    ['assert-concrete', 'probe.go:170'],
    ['type-switch', 'probe.go:179'],
  ]) {
    it(`golden: probe ${loc}`, async () => {
      await expect(golden(loc, resolve(__dirname, '..', 'testdata', 'explain', 'probe'))).toMatchFileSnapshot(
        join(__dirname, '..', 'testdata', 'explain', goVersion, `${name}.txt`),
      );
    });
  }

  it('shows the words, itab and type descriptor the running program has', () => {
    const padded = JSON.parse(explain('padding.go:20', 'json')).explanations[0];
    const writer = JSON.parse(explain('writer.go:12', 'json')).explanations[0];
    // A test in the example package reads real interface values through unsafe.
    const dir = mkdtempSync(join(tmpdir(), 'ifacelens-explain-'));
    const file = join(dir, 'probe_test.go');
    writeFileSync(
      file,
      `package seeds

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"testing"
	"unsafe"
)

type eface struct {
	typ  *struct{ size, ptrBytes uintptr; hash uint32 }
	data unsafe.Pointer
}

type iface struct {
	tab *struct {
		inter, typ uintptr
		hash       uint32
		_          [4]byte
		fun        [1]uintptr
	}
	data unsafe.Pointer
}

func TestIfacelensProbe(t *testing.T) {
	var e any = Padded{A: true}
	ef := (*eface)(unsafe.Pointer(&e))
	fmt.Printf("PROBE padded size=%d ptrBytes=%d hash=0x%08x\\n", ef.typ.size, ef.typ.ptrBytes, ef.typ.hash)
	var buf bytes.Buffer
	var w io.Writer = &buf
	it := (*iface)(unsafe.Pointer(&w))
	fmt.Printf("PROBE itab hash=0x%08x fun0=%s data=%v\\n", it.tab.hash, runtime.FuncForPC(it.tab.fun[0]).Name(), it.data == unsafe.Pointer(&buf))
	fmt.Printf("PROBE sizes eface=%d iface=%d\\n", unsafe.Sizeof(e), unsafe.Sizeof(w))
}
`,
    );
    writeFileSync(join(dir, 'overlay.json'), JSON.stringify({ Replace: { [join(mod, 'zz_probe_test.go')]: file } }));
    const r = spawnSync('go', ['test', '-count=1', `-overlay=${join(dir, 'overlay.json')}`, '-run', 'TestIfacelensProbe', '-v', '.'], {
      cwd: mod,
      encoding: 'utf8',
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const probe = Object.fromEntries(
      r.stdout
        .split('\n')
        .filter((l) => l.startsWith('PROBE '))
        .map((l) => [
          l.split(' ')[1],
          Object.fromEntries(
            l
              .split(' ')
              .slice(2)
              .map((kv) => kv.split('=')),
          ),
        ]),
    );
    expect(padded.typeDescriptor).toMatchObject({ size: Number(probe.padded.size), ptrBytes: Number(probe.padded.ptrBytes), hash: probe.padded.hash });
    expect(writer.itab).toMatchObject({ origin: 'static', hash: probe.itab.hash, fun: [{ slot: 0, symbol: probe.itab.fun0 }] });
    expect(writer.site.dataWord).toBe('direct');
    expect(probe.itab.data).toBe('true'); // the data word is the pointer itself
    expect(padded.value.size).toBe(Number(probe.sizes.eface));
    expect(writer.value.size).toBe(Number(probe.sizes.iface));
  });

  it('says when there is no site at the location', () => {
    const r = spawnSync(process.execPath, [bin, 'explain', 'doc.go:1'], { cwd: mod, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('ifacelens: doc.go:1: no interface site in this file (ifacelens analyze --all lists every site)');
  });
});

// ---- memory pictures against the running program ----

const root = resolve(__dirname, '..');
const fixtures = join(root, 'testdata', 'fixtures');
const probeMod = join(root, 'testdata', 'explain', 'probe');
/** the probe's reading of words (ELF symbols, sections, stack bounds), reused in other packages */
const probeLib = readFileSync(join(probeMod, 'words_test.go'), 'utf8');

interface Where {
  region: string;
  symbol?: string;
  offset: number;
  nil?: boolean;
  addr: string;
}
interface PValue {
  kind: 'eface' | 'iface';
  type?: string;
  typeWord?: Where;
  tab?: Where;
  inter?: string;
  tabType?: string;
  data: Where;
}
interface Probe {
  word?: PValue;
  array?: Where;
  elems?: PValue[];
  len?: number;
  cap?: number;
  want?: number;
}

/**
 * Runs TestIfacelensProbe (or the probe module's own test) with the probe library added to each
 * package by -overlay, and returns what it printed, by name.
 */
function runProbe(dir: string, pkgs: { dir: string; pkg: string; cases?: string }[], run = 'TestIfacelensProbe'): Map<string, Probe> {
  const tmp = mkdtempSync(join(tmpdir(), 'ifacelens-probe-'));
  try {
    const replace: Record<string, string> = {};
    for (const p of pkgs) {
      if (p.pkg === 'probe') continue; // the probe module has the library and its test
      const lib = join(tmp, `${p.pkg}_words_test.go`);
      writeFileSync(lib, probeLib.replace(/^package probe$/m, `package ${p.pkg}`));
      replace[join(dir, p.dir, 'zz_ifacelens_words_test.go')] = lib;
      const cases = join(tmp, `${p.pkg}_cases_test.go`);
      writeFileSync(
        cases,
        `package ${p.pkg}\n\nimport (\n\t"testing"\n\t"unsafe"\n)\n\nvar _ = unsafe.Pointer(nil)\n\nfunc TestIfacelensProbe(t *testing.T) {\n\tprobeLoad(t)\n${p.cases}\n}\n`,
      );
      replace[join(dir, p.dir, 'zz_ifacelens_cases_test.go')] = cases;
    }
    writeFileSync(join(tmp, 'overlay.json'), JSON.stringify({ Replace: replace }));
    // -s=false: go test strips the symbol table the probe reads by default
    const r = spawnSync(
      'go',
      ['test', '-count=1', '-ldflags=-s=false', `-overlay=${join(tmp, 'overlay.json')}`, '-run', `^${run}$`, '-v', ...pkgs.map((p) => `./${p.dir}`)],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const out = new Map<string, Probe>();
    for (const l of r.stdout.split('\n')) {
      if (!l.startsWith('PROBE ')) continue;
      const { name, value } = JSON.parse(l.slice(6));
      out.set(name, value);
    }
    return out;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The explanation of the kind-th site of `fn` (the last one with nth -1). */
function picture(res: AnalyzeResult, fn: string, kind: SiteKind, nth = 0): Explanation {
  const sites = res.report.sites.filter((s) => s.function === fn && s.kind === kind);
  const s = sites.at(nth);
  expect(s, `${kind} site in ${fn}`).toBeDefined();
  const r = explainAt(res, { file: s!.position.file, line: s!.position.line, column: s!.position.column });
  const e = r.explanations.find((x) => x.site.kind === kind && x.site.function === fn);
  expect(e, `explanation of ${fn} ${kind}`).toBeDefined();
  return e!;
}

/** go/types and the compiler spell these types differently from reflect. */
const norm = (t: string | undefined) =>
  (t ?? '')
    .replace(/(?<![\w./])byte(?![\w.])/g, 'uint8')
    .replace(/(?<![\w./])rune(?![\w.])/g, 'int32')
    .replace(/^interface \{\}$/, 'any');

const boxOf = (p: MemoryPicture, id: string | undefined): PictureBox => {
  const b = p.boxes.find((x) => x.id === id);
  expect(b, `box ${id}`).toBeDefined();
  return b!;
};

/**
 * Checks the words of one interface value of the picture (a box, or the i-th element of an
 * array) against the probe: the kind; the type word's type, or the itab's symbol, interface and
 * type; where the data word points (region, runtime symbol, offset). Returns the data row's target.
 */
function checkValue(
  what: string,
  p: MemoryPicture,
  boxId: string,
  v: PValue | undefined,
  opts: { elem?: number; dynamicType?: string; concrete?: string } = {},
): PictureBox | undefined {
  expect(v, `${what}: probe`).toBeDefined();
  const box = boxOf(p, boxId);
  const prefix = opts.elem === undefined ? '' : `[${opts.elem}].`;
  const row = (name: string) => box.rows.find((r) => r.name === prefix + name);
  const tabRow = row('tab');
  const kind = opts.elem === undefined ? box.kind : tabRow ? 'iface' : 'eface';
  expect(`${what}: ${v!.kind}`).toBe(`${what}: ${kind}`);
  if (v!.kind === 'eface') {
    const t = boxOf(p, row('type')!.to);
    expect(`${what}: type word in ${v!.typeWord!.region}`).toBe(`${what}: type word in ${t.region}`);
    const want = t.dynamic ? opts.dynamicType : t.type;
    if (want !== undefined) expect(`${what}: type ${norm(v!.type)}`).toBe(`${what}: type ${norm(want)}`);
  } else {
    const it = boxOf(p, tabRow!.to);
    const inter = String(it.rows.find((r) => r.name === 'inter')!.value).replace(/^type:/, '');
    expect(`${what}: itab for ${norm(v!.inter)}`).toBe(`${what}: itab for ${norm(inter)}`);
    if (it.dynamic) {
      // found at run time: the compiler's itab when the binary has one, else getitab's
      expect(['rodata', 'offheap'], `${what}: itab region`).toContain(v!.tab!.region);
      if (v!.tab!.region === 'rodata') expect(v!.tab!.symbol).toBe(`go:itab.${v!.tabType},${v!.inter}`);
      if (opts.dynamicType) expect(norm(v!.tabType)).toBe(norm(opts.dynamicType));
    } else {
      expect(`${what}: itab ${v!.tab!.region} ${v!.tab!.symbol ?? ''}`).toBe(`${what}: itab ${it.region} ${it.symbol ?? ''}`);
      const concrete = boxOf(p, it.rows.find((r) => r.name === '_type')!.to);
      expect(`${what}: itab of ${norm(v!.tabType)}`).toBe(`${what}: itab of ${norm(concrete.dynamic ? opts.dynamicType : concrete.type)}`);
    }
  }
  const data = row('data')!;
  if (!data.to) {
    if (data.value === 'nil') expect(v!.data.nil, `${what}: nil data word`).toBe(true);
    return undefined;
  }
  const t = boxOf(p, data.to);
  if (t.region !== 'unknown') expect(`${what}: data in ${v!.data.region}`).toBe(`${what}: data in ${t.region}`);
  if (t.kind === 'symbol') expect(`${what}: data in ${v!.data.symbol}`).toBe(`${what}: data in ${t.symbol}`);
  if (data.toOffset !== undefined) expect(`${what}: data at +${v!.data.offset}`).toBe(`${what}: data at +${data.toOffset}`);
  return t;
}

/** A picture without names: box kinds and regions, and what each row points at. */
function shape(p: MemoryPicture): string[] {
  const byId = new Map(p.boxes.map((b) => [b.id, b]));
  return p.boxes.map(
    (b) =>
      `${b.kind}/${b.region}${b.dynamic ? '/dynamic' : ''}: ${b.rows
        .filter((r) => r.to || b.kind !== 'itab')
        .map((r) => `${r.name}${r.to ? `→${byId.get(r.to)?.kind}/${byId.get(r.to)?.region}` : ''}`)
        .join(' ')}`,
  );
}

// The probe reads the test binary's ELF symbol table: Linux only.
describe.skipIf(process.platform !== 'linux')('memory pictures: what the running program holds', () => {
  let seeds: AnalyzeResult;
  let fx: AnalyzeResult;
  let probe: AnalyzeResult;
  beforeAll(async () => {
    const opts = { patterns: ['./...'], keepAsmText: true, layouts: true };
    seeds = await analyze({ dir: mod, ...opts });
    fx = await analyze({ dir: fixtures, ...opts });
    probe = await analyze({ dir: probeMod, ...opts });
  });

  it('examples/seeds: boxed values, small values, constants, the moved buffer and the typed nil', () => {
    const got = runProbe(mod, [
      {
        dir: '.',
        pkg: 'seeds',
        cases: `
	probeNoInline(BoxInt)(1000)
	probeIface(t, "BoxInt", unsafe.Pointer(&Sink), true, nil)
	probeNoInline(BoxInts)(1001, 1002, 1003)
	probeIface(t, "BoxInts", unsafe.Pointer(&Sink), true, nil)
	probeNoInline(BoxSmall)(true, 200)
	probeIface(t, "BoxSmall", unsafe.Pointer(&Sink), true, nil)
	probeNoInline(BoxConst)()
	probeIface(t, "BoxConst", unsafe.Pointer(&Sink), true, nil)
	probeNoInline(BoxString)("hello")
	probeIface(t, "BoxString", unsafe.Pointer(&Sink), true, nil)
	probeNoInline(BoxSlice)([]byte("x"))
	probeIface(t, "BoxSlice", unsafe.Pointer(&Sink), true, nil)
	probeNoInline(BoxFloat)(1.5)
	probeIface(t, "BoxFloat", unsafe.Pointer(&Sink), true, nil)
	probeNoInline(BoxPadded)(Padded{A: true})
	probeIface(t, "BoxPadded", unsafe.Pointer(&Sink), true, nil)
	probeNoInline(BoxPacked)(Packed{A: true})
	probeIface(t, "BoxPacked", unsafe.Pointer(&Sink), true, nil)
	probeNoInline(BufferEscapes)()
	probeIface(t, "BufferEscapes", unsafe.Pointer(&Writer), false, nil)
	err := probeNoInline(TypedNil)(false)
	probeIface(t, "TypedNil", unsafe.Pointer(&err), false, nil)`,
      },
    ]);
    const S = 'example.com/seeds.';
    for (const [fn, nth] of [
      ['BoxInt', 0],
      ['BoxInts', -1],
      ['BoxSmall', -1],
      ['BoxConst', -1],
      ['BoxString', 0],
      ['BoxSlice', 0],
      ['BoxFloat', 0],
      ['BoxPadded', 0],
      ['BoxPacked', 0],
    ] as const) {
      const e = picture(seeds, S + fn, 'convert', nth);
      const to = checkValue(fn, e.picture, e.picture.root, got.get(fn)!.word);
      if (fn === 'BoxSmall') {
        // c is 200: &staticuint64s[200], at byte 1600 (little-endian)
        expect(to?.symbol).toBe('runtime.staticuint64s');
        expect(got.get(fn)!.word!.data.offset).toBe(200 * 8);
      }
    }
    // the interface holding &buf: the compiler's itab, and buf itself, moved to the heap
    for (const kind of ['heap-move', 'convert'] as const) {
      const e = picture(seeds, S + 'BufferEscapes', kind);
      const moved = checkValue(`BufferEscapes ${kind}`, e.picture, e.picture.root, got.get('BufferEscapes')!.word);
      expect(moved).toMatchObject({ id: 'moved', region: 'heap', type: 'bytes.Buffer' });
      expect(e.value.kind).toBe('iface');
    }
    const tn = picture(seeds, S + 'TypedNil', 'convert');
    checkValue('TypedNil', tn.typedNil!.picture, tn.typedNil!.picture.root, got.get('TypedNil')!.word);
    expect(got.get('TypedNil')!.word!.tab!.symbol).toBe('go:itab.*example.com/seeds.MyError,error');
  });

  it('testdata/fixtures: every data word kind, interface-to-interface, ...any arrays that escape, heap-moves', () => {
    const sinks = (fns: string[], extra: (fn: string) => string = () => 'nil') =>
      fns.map((f) => `\tprobeNoInline(${f})()\n\tprobeIface(t, "${f}", unsafe.Pointer(&Sink), true, ${extra(f)})`).join('\n');
    const ptrVar: Record<string, string> = {
      Pointer: 'p',
      Map: 'm',
      Chan: 'ch',
      Func: 'fn',
      UnsafePointer: 'up',
      OnePtrStruct: 'op',
      OnePtrArray: 'ap',
      NestedOnePtr: 'nested',
    };
    const constants = ['ConstInt', 'ConstFloat', 'ConstStruct', 'ZeroStruct', 'ConstArray', 'LiteralLocal'];
    const zerosize = ['Empty', 'ZeroArray', 'EndsInZeroSize'];
    const scalars = [
      'Int64',
      'Negative',
      'Int',
      'Int32',
      'Uint16',
      'Int16Neg',
      'Bool',
      'Int8Neg',
      'Uint8',
      'Float64',
      'Float32',
      'Complex64',
      'Complex128',
      'Rune',
      'Uintptr',
      'Uint16At256',
      'SmallValue',
      'Float64Zero',
      'Uint32At255',
    ];
    const strs = ['String', 'NamedString', 'ConstString', 'Slice', 'StringSlice', 'EmptyNonNilSlice', 'EmptyString', 'NilSlice'];
    const generics = ['GenericInt', 'GenericString'];
    const got = runProbe(fixtures, [
      { dir: 'constants', pkg: 'constants', cases: sinks(constants) },
      { dir: 'zerosize', pkg: 'zerosize', cases: sinks(zerosize) },
      {
        dir: 'pointershaped',
        pkg: 'pointershaped',
        cases: sinks(Object.keys(ptrVar), (f) => `map[string]any{"want": *(*uintptr)(unsafe.Pointer(&${ptrVar[f]}))}`),
      },
      { dir: 'scalars', pkg: 'scalars', cases: sinks(scalars) },
      { dir: 'strings', pkg: 'strings', cases: sinks(strs) },
      { dir: 'generics', pkg: 'generics', cases: sinks(generics) },
      {
        dir: 'containers',
        pkg: 'containers',
        cases: `
	probeNoInline(MapValue)()
	mv := anyMap["k"]
	probeIface(t, "MapValue", unsafe.Pointer(&mv), true, nil)
	probeNoInline(SliceElement)()
	probeIface(t, "SliceElement", unsafe.Pointer(&anySlice[0]), true, nil)`,
      },
      {
        dir: 'heapmove',
        pkg: 'heapmove',
        cases: ['AddrEscapes', 'LiteralEscapes', 'NewEscapes']
          .map((f) => `\tprobeNoInline(${f})()\n\tprobeIface(t, "${f}", unsafe.Pointer(&W), false, nil)`)
          .join('\n'),
      },
      {
        dir: 'variadic',
        pkg: 'variadic',
        cases: `
	probeNoInline(Escapes)()
	probeSlice(t, "Escapes", unsafe.Pointer(unsafe.SliceData(Saved)), len(Saved), true, 0, 0)`,
      },
      {
        dir: 'ifaces',
        pkg: 'ifaces',
        cases: `
	probeIface(t, "named", unsafe.Pointer(&named), false, nil)
	probeIface(t, "anyv", unsafe.Pointer(&anyv), true, nil)
	probeIface(t, "both", unsafe.Pointer(&both), false, nil)
	probeNoInline(IfaceToAny)()
	probeIface(t, "IfaceToAny", unsafe.Pointer(&Sink), true, nil)
	probeNoInline(Widen)()
	probeIface(t, "Widen", unsafe.Pointer(&Only), false, nil)
	probeNoInline(AssertIface)()
	probeIface(t, "AssertIface", unsafe.Pointer(&Out), false, nil)
	probeNoInline(IfaceToIface)()
	probeIface(t, "IfaceToIface", unsafe.Pointer(&Str), false, nil)
	probeNoInline(ValueAsError)()
	probeIface(t, "ValueAsError", unsafe.Pointer(&Err), false, nil)`,
      },
    ]);
    const F = 'example.com/fixtures/';
    for (const fn of constants) checkValue(fn, picture(fx, `${F}constants.${fn}`, 'convert').picture, 'value', got.get(fn)!.word);
    for (const fn of zerosize) checkValue(fn, picture(fx, `${F}zerosize.${fn}`, 'convert').picture, 'value', got.get(fn)!.word);
    for (const fn of strs) {
      const e = picture(fx, `${F}strings.${fn}`, 'convert');
      if (fn === 'EmptyString' || fn === 'NilSlice') {
        // the helper's free path, which the picture's note names: runtime.zeroVal, no allocation
        expect(e.picture.notes.join(' ')).toMatch(/points at runtime\.zeroVal instead/);
        expect(got.get(fn)!.word!.data.symbol).toBe('runtime.zeroVal');
        continue;
      }
      checkValue(fn, e.picture, 'value', got.get(fn)!.word);
    }
    for (const fn of scalars) {
      const e = picture(fx, `${F}scalars.${fn}`, 'convert');
      const v = got.get(fn)!.word!;
      if (e.site.freeWhen && ['SmallValue', 'Float64Zero', 'Uint32At255'].includes(fn)) {
        expect(e.picture.notes.join(' ')).toMatch(/points at runtime\.staticuint64s instead/);
        expect(v.data.symbol).toBe('runtime.staticuint64s');
        continue;
      }
      checkValue(fn, e.picture, 'value', v);
    }
    // small values point into staticuint64s at 8·v (b = true, u8 = 200, i8 = -3 as uint8 253)
    expect([got.get('Bool')!.word!.data.offset, got.get('Uint8')!.word!.data.offset, got.get('Int8Neg')!.word!.data.offset]).toEqual([8, 1600, 253 * 8]);
    // pointer-shaped values are their own data word
    for (const fn of Object.keys(ptrVar)) {
      const e = picture(fx, `${F}pointershaped.${fn}`, 'convert');
      checkValue(fn, e.picture, 'value', got.get(fn)!.word);
      const data = e.picture.boxes[0].rows.find((r) => r.name === 'data')!;
      expect(e.site.dataWord).toBe('direct');
      expect(`${fn}: ${got.get(fn)!.word!.data.addr}`).toBe(`${fn}: 0x${Number(got.get(fn)!.want).toString(16)}`);
      expect(data.note).toMatch(/itself/);
    }
    for (const fn of generics) {
      const e = picture(fx, `${F}generics.${fn}`, 'convert');
      checkValue(fn, e.picture, 'value', got.get(fn)!.word, { dynamicType: fn === 'GenericInt' ? 'int' : 'string' });
    }
    for (const fn of ['MapValue', 'SliceElement']) checkValue(fn, picture(fx, `${F}containers.${fn}`, 'convert').picture, 'value', got.get(fn)!.word);
    // &b, &buffer{}, new(buffer) in an io.Writer that escapes: the compiler's itab, the buffer on the heap
    for (const fn of ['AddrEscapes', 'LiteralEscapes', 'NewEscapes']) {
      for (const kind of ['heap-move', 'convert'] as const) {
        const e = picture(fx, `${F}heapmove.${fn}`, kind);
        const moved = checkValue(`${fn} ${kind}`, e.picture, e.picture.root, got.get(fn)!.word);
        expect(moved).toMatchObject({ region: 'heap', type: 'example.com/fixtures/heapmove.buffer', object: { size: 72, allocatedBytes: 80 } });
      }
    }
    // keepAll(n, n): the [2]any array on the heap, two ints boxed by convT64
    const esc = picture(fx, `${F}variadic.Escapes`, 'variadic-slice').picture;
    const arr = boxOf(esc, boxOf(esc, esc.root).rows.find((r) => r.name === 'array')!.to);
    expect(`array in ${got.get('Escapes')!.array!.region}`).toBe(`array in ${arr.region}`);
    expect(arr.region).toBe('heap');
    got.get('Escapes')!.elems!.forEach((v, i) => {
      checkValue(`Escapes [${i}]`, esc, 'array', v, { elem: i });
    });
    // package-level initialisers: static data, with the compiler's itab
    checkValue('named', picture(fx, `${F}ifaces.init`, 'convert', 0).picture, 'value', got.get('named')!.word);
    checkValue('anyv', picture(fx, `${F}ifaces.init`, 'convert', 1).picture, 'value', got.get('anyv')!.word);
    checkValue('both', picture(fx, `${F}ifaces.init`, 'convert', 2).picture, 'value', got.get('both')!.word);
    // between interfaces: the type word from the operand's itab, the itab of the dynamic type,
    // and the very data word of the operand
    const thing = `${F}ifaces.thing`;
    for (const [fn, kind, operand] of [
      ['IfaceToAny', 'iface-to-iface', 'named'],
      ['Widen', 'iface-to-iface', 'both'],
      ['AssertIface', 'assert', 'anyv'],
      ['IfaceToIface', 'assert', 'named'],
    ] as const) {
      const e = picture(fx, `${F}ifaces.${fn}`, kind);
      checkValue(fn, e.picture, e.picture.root, got.get(fn)!.word, { dynamicType: thing });
      checkValue(`${fn} operand`, e.picture, 'operand', got.get(operand)!.word, { dynamicType: thing });
      const rootData = boxOf(e.picture, e.picture.root).rows.find((r) => r.name === 'data')!.to;
      expect(rootData).toBe(boxOf(e.picture, 'operand').rows.find((r) => r.name === 'data')!.to);
      expect(`${fn}: ${got.get(fn)!.word!.data.addr}`).toBe(`${fn}: ${got.get(operand)!.word!.data.addr}`);
    }
    // the value type returned as error: the compiler's itab, 500 boxed on the heap
    checkValue('ValueAsError', picture(fx, `${F}ifaces.ValueAsError`, 'convert').picture, 'value', got.get('ValueAsError')!.word);
  });

  it('testdata/explain/probe: objects and ...any arrays on the stack, interface-to-interface, assertions, type switches (read in place)', () => {
    const got = runProbe(probeMod, [{ dir: '.', pkg: 'probe' }], 'TestProbe');
    const P = 'example.com/probe.';
    const thing = `${P}thing`;
    // &buf in an interface that stays in the frame: buf on the stack; one that escapes: on the heap
    for (const [fn, name, region] of [
      ['HeapMoveStays', 'heap-move-stays', 'stack'],
      ['HeapMoveEscapes', 'heap-move-escapes', 'heap'],
    ] as const) {
      for (const kind of ['heap-move', 'convert'] as const) {
        const e = picture(probe, P + fn, kind);
        expect(checkValue(`${fn} ${kind}`, e.picture, e.picture.root, got.get(name)!.word)).toMatchObject({ id: 'moved', region });
      }
    }
    // ...any: the slice header, the array (stack or heap), each element's words
    for (const [fn, name, region, data] of [
      ['VariadicStays', 'variadic-stays', 'stack', ['stack', 'stack']],
      ['VariadicStaysLeaking', 'variadic-stays-leaking', 'stack', ['heap', 'heap', 'rodata']],
      ['VariadicEscapes', 'variadic-escapes', 'heap', ['heap', 'heap']],
    ] as const) {
      const e = picture(probe, P + fn, 'variadic-slice');
      const p = e.picture;
      const slice = boxOf(p, p.root);
      expect(slice.kind).toBe('slice');
      const arr = boxOf(p, slice.rows.find((r) => r.name === 'array')!.to);
      const hdr = got.get(`${name} slice`)!;
      expect(`${fn}: array in ${hdr.array!.region}`).toBe(`${fn}: array in ${arr.region}`);
      expect(arr.region).toBe(region);
      expect([hdr.len, hdr.cap]).toEqual([data.length, data.length]);
      expect(slice.rows.filter((r) => r.name !== 'array').map((r) => Number(r.value))).toEqual([data.length, data.length]);
      const elems = got.get(name)!.elems!;
      expect(elems.map((v) => v.data.region)).toEqual(data);
      elems.forEach((v, i) => {
        checkValue(`${fn} [${i}]`, p, 'array', v, { elem: i });
      });
    }
    checkValue('StackTemp', picture(probe, P + 'StackTemp', 'convert').picture, 'value', got.get('stack-temp')!.word);
    expect(got.get('stack-temp')!.word!.data.region).toBe('stack');
    // between interfaces: the data word is the operand's, the type word or itab the dynamic type's
    for (const [fn, kind, name] of [
      ['ToAny', 'iface-to-iface', 'to-any'],
      ['Widen', 'iface-to-iface', 'widen'],
      ['AssertIface', 'assert', 'assert-iface'],
    ] as const) {
      const e = picture(probe, P + fn, kind);
      checkValue(fn, e.picture, e.picture.root, got.get(name)!.word, { dynamicType: thing });
      checkValue(`${fn} operand`, e.picture, 'operand', got.get(`${name} source`)!.word, { dynamicType: thing });
      expect(got.get(name)!.word!.data.addr).toBe(got.get(`${name} source`)!.word!.data.addr);
    }
    // n.(thing) compares the operand's itab with the compiler's go:itab.thing,Named
    const ac = picture(probe, P + 'AssertConcrete', 'assert');
    checkValue('AssertConcrete', ac.picture, 'operand', got.get('assert-concrete source')!.word);
    expect(boxOf(ac.picture, boxOf(ac.picture, 'operand').rows[0].to).symbol).toBe(`go:itab.${thing},${P}Named`);
    // the type switch's fmt.Stringer case: an itab getitab builds (no static one in the binary)
    const sw = picture(probe, P + 'Switch', 'type-switch');
    checkValue('Switch operand', sw.picture, 'operand', got.get('type-switch source')!.word, { dynamicType: thing });
    const caseRow = boxOf(sw.picture, 'cases').rows.find((r) => r.name === 'case fmt.Stringer')!;
    expect(caseRow.value).toMatch(/interfaceSwitch: the itab of the dynamic type for fmt\.Stringer/);
    const sv = got.get('type-switch stringer')!.word!;
    expect([sv.inter, sv.tabType, sv.tab!.region, sv.data.addr]).toEqual(['fmt.Stringer', thing, 'offheap', got.get('type-switch source')!.word!.data.addr]);
    // a nil *MyError as error: the itab set, the data word nil
    const tn = picture(probe, P + 'TypedNil', 'convert');
    checkValue('TypedNil', tn.typedNil?.picture ?? tn.picture, tn.picture.root, got.get('typed-nil')!.word);
    expect(got.get('typed-nil')!.word!.data.nil).toBe(true);
  });

  it('the probe functions draw like the seeds and fixtures sites they stand for', () => {
    const pairs: [AnalyzeResult, string, SiteKind, string][] = [
      [seeds, 'example.com/seeds.BufferStays', 'heap-move', 'HeapMoveStays'],
      [seeds, 'example.com/seeds.BufferEscapes', 'heap-move', 'HeapMoveEscapes'],
      [seeds, 'example.com/seeds.PrintArgs', 'variadic-slice', 'VariadicStaysLeaking'],
      [fx, 'example.com/fixtures/variadic.Stays', 'variadic-slice', 'VariadicStays'],
      [fx, 'example.com/fixtures/variadic.Escapes', 'variadic-slice', 'VariadicEscapes'],
      [fx, 'example.com/fixtures/escapes.NonEscapingSmall', 'convert', 'StackTemp'],
      [fx, 'example.com/fixtures/ifaces.IfaceToAny', 'iface-to-iface', 'ToAny'],
      [fx, 'example.com/fixtures/ifaces.Widen', 'iface-to-iface', 'Widen'],
      [fx, 'example.com/fixtures/ifaces.AssertIface', 'assert', 'AssertIface'],
      [fx, 'example.com/fixtures/ifaces.TypeSwitch', 'type-switch', 'Switch'],
    ];
    for (const [res, fn, kind, probeFn] of pairs) {
      expect(shape(picture(probe, `example.com/probe.${probeFn}`, kind).picture), `${probeFn} vs ${fn}`).toEqual(shape(picture(res, fn, kind).picture));
    }
  });
});
