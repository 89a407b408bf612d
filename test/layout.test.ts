// `ifacelens layout` against the compiler: every offset, size and alignment it prints, and the
// size and pointer bytes of every order it suggests, are checked by compiling assertions with
// unsafe.Offsetof/Sizeof/Alignof for each GOARCH (a wrong number fails the build). Runs with the
// machine's Go for amd64, 386, arm64 and arm.
import { sarifErrors } from './sarif-schema.js';
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const bin = resolve(__dirname, '..', 'bin', 'ifacelens.js');
const mod = resolve(__dirname, '..', 'testdata', 'layout');

interface Field {
  name: string;
  type: string;
  offset: number;
  size: number;
  align: number;
}
interface TypeReport {
  name: string;
  declared: boolean;
  size: number;
  align: number;
  ptrBytes: number;
  fields: Field[];
  padding: number;
  optimal: { size: number; ptrBytes: number; order: string[]; declaration?: string; worthIt: boolean };
}

function layout(goarch: string): { go: { goarch: string }; types: TypeReport[] } {
  const r = spawnSync(process.execPath, [bin, 'layout', '--format', 'json', '--goarch', goarch, './...'], { cwd: mod, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

/** Compile-time equalities: `[a-b]byte` and `[b-a]byte` both compile only when a == b. */
function assertions(types: TypeReport[], tamper = false): string {
  // the suggested declarations use the fixture's imports
  const out = ['package shapes', '', 'import (', '\t"sync"', '\t"sync/atomic"', '\t"unsafe"', ')', '', 'var _ sync.Mutex', 'var _ atomic.Int64', ''];
  let k = 0;
  const eq = (expr: string, n: number) => {
    out.push(`var _ [${expr} - ${n}]byte`, `var _ [${n} - ${expr}]byte`);
  };
  for (const t of types.filter((t) => t.declared)) {
    const short = t.name.replace(/^.*\./, '');
    const v = `ifacelensV${k++}`;
    out.push(`var ${v} ${short}`);
    eq(`unsafe.Sizeof(${v})`, t.size);
    eq(`unsafe.Alignof(${v})`, t.align);
    for (const [i, f] of t.fields.entries()) {
      if (f.name === '_') continue;
      eq(`unsafe.Offsetof(${v}.${f.name})`, tamper && k === 1 && i === t.fields.length - 1 ? f.offset + 1 : f.offset);
    }
    // The suggested order, declared for real: its size is what ifacelens promised.
    if (t.optimal.declaration) {
      const decl = t.optimal.declaration.replace(/^type (\w+) struct/, `type $1IfacelensOpt struct`);
      out.push(decl);
      eq(`unsafe.Sizeof(${short}IfacelensOpt{})`, t.optimal.size);
    }
  }
  return out.join('\n') + '\n';
}

function build(goarch: string, text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'ifacelens-layout-'));
  const file = join(dir, 'assert.go');
  writeFileSync(file, text);
  const overlay = join(dir, 'overlay.json');
  writeFileSync(overlay, JSON.stringify({ Replace: { [join(mod, 'shapes', 'zz_ifacelens_layout_assert.go')]: file } }));
  return spawnSync('go', ['build', `-overlay=${overlay}`, '-o', '/dev/null', './shapes'], {
    cwd: mod,
    encoding: 'utf8',
    env: { ...process.env, GOARCH: goarch, CGO_ENABLED: '0' },
  });
}

describe("ifacelens layout: offsets, sizes and alignments equal the compiler's", () => {
  for (const goarch of ['amd64', '386', 'arm64', 'arm']) {
    it(goarch, () => {
      const rep = layout(goarch);
      expect(rep.go.goarch).toBe(goarch);
      expect(rep.types.filter((t) => t.declared).length).toBe(8);
      const b = build(goarch, assertions(rep.types));
      expect(b.stderr).toBe('');
      expect(b.status).toBe(0);
    });
  }

  it('the compiled check fails on a wrong offset', () => {
    const b = build('amd64', assertions(layout('amd64').types, true));
    expect(b.status).not.toBe(0);
    expect(b.stderr).toMatch(/invalid array length|overflows|negative/);
  });

  it('32-bit targets: int64 aligned to 4, atomic.Int64 to 8', () => {
    const t386 = layout('386').types;
    const padded = t386.find((t) => t.name.endsWith('.Padded'))!;
    expect(padded.fields.map((f) => f.offset)).toEqual([0, 4, 12]);
    expect(padded.size).toBe(16);
    const counter = t386.find((t) => t.name.endsWith('.Counter'))!;
    expect(counter.fields.map((f) => [f.name, f.offset])).toEqual([
      ['Ready', 0],
      ['N', 8],
      ['Hits', 16],
    ]);
    expect(counter.align).toBe(8);
  });

  it('suggests a reorder only where it pays, and says so otherwise', () => {
    const t = Object.fromEntries(layout('amd64').types.map((x) => [x.name.replace(/^.*\./, ''), x]));
    expect(t.Padded.optimal).toMatchObject({ size: 16, worthIt: true, order: ['A', 'C', 'B'] });
    expect(t.Pointers.optimal).toMatchObject({ size: 32, ptrBytes: 8, worthIt: true });
    expect(t.Tight.optimal.worthIt).toBe(false);
    expect(t.Counter.optimal.worthIt).toBe(false);
    expect(t.Padded.optimal.declaration).toContain('B int64 // the count');
    expect(t.Mixed.optimal.declaration).toContain('// Doc for A.');
  });
});

describe('ifacelens layout: text and bad input', () => {
  it('draws a byte ruler with holes', () => {
    const r = spawnSync(process.execPath, [bin, 'layout', '--no-color', '--type', 'Padded', './...'], { cwd: mod, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('  a.......bbbbbbbbc.......');
    expect(r.stdout).toMatch(/padding before B/);
    expect(r.stdout).toMatch(/trailing padding/);
  });

  it('reports an unknown type in one line', () => {
    const r = spawnSync(process.execPath, [bin, 'layout', '--type', 'Nope', './...'], { cwd: mod, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('ifacelens: no struct type named Nope in ./...');
  });
});

describe('ifacelens layout --format sarif', () => {
  it('is valid SARIF whose fixes, applied, give the promised layouts', () => {
    const r = spawnSync(process.execPath, [bin, 'layout', '--format', 'sarif', './...'], { cwd: mod, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const log = JSON.parse(r.stdout);
    expect(sarifErrors(log)).toBe('');
    const before = Object.fromEntries(
      layout('amd64')
        .types.filter((t) => t.optimal.worthIt)
        .map((t) => [t.name, t.optimal]),
    );
    // Apply every fix to a copy of the module, bottom-up so earlier regions keep their positions.
    const copy = mkdtempSync(join(tmpdir(), 'ifacelens-layoutfix-'));
    cpSync(mod, copy, { recursive: true });
    const reps = log.runs[0].results.flatMap(
      (res: {
        fixes?: {
          artifactChanges: {
            artifactLocation: { uri: string };
            replacements: {
              deletedRegion: { startLine: number; startColumn: number; endLine: number; endColumn: number };
              insertedContent: { text: string };
            }[];
          }[];
        }[];
      }) => (res.fixes ?? []).flatMap((f) => f.artifactChanges.flatMap((a) => a.replacements.map((rp) => ({ file: a.artifactLocation.uri, ...rp })))),
    );
    expect(reps.length).toBe(Object.keys(before).length);
    reps.sort(
      (a: { deletedRegion: { startLine: number } }, b: { deletedRegion: { startLine: number } }) => b.deletedRegion.startLine - a.deletedRegion.startLine,
    );
    for (const rp of reps) {
      const f = join(copy, rp.file);
      const lines = readFileSync(f, 'utf8').split('\n');
      const d = rp.deletedRegion;
      const head = lines[d.startLine - 1].slice(0, d.startColumn - 1);
      const tail = lines[d.endLine - 1].slice(d.endColumn - 1);
      lines.splice(d.startLine - 1, d.endLine - d.startLine + 1, ...(head + rp.insertedContent.text + tail).split('\n'));
      writeFileSync(f, lines.join('\n'));
    }
    const after = spawnSync(process.execPath, [bin, 'layout', '--format', 'json', './...'], { cwd: copy, encoding: 'utf8' });
    expect(after.stderr).toBe('');
    const types = JSON.parse(after.stdout).types as TypeReport[];
    for (const [name, opt] of Object.entries(before)) {
      const t = types.find((x) => x.name === name)!;
      expect(t.optimal.worthIt).toBe(false);
      // Nested holds a Padded, which its own fix shrank too: at most what was promised.
      const holdsFixed = t.fields.some((f) => Object.keys(before).includes(f.type) && f.type !== name);
      if (holdsFixed) expect(t.size).toBeLessThanOrEqual(opt.size);
      else expect([t.size, t.ptrBytes]).toEqual([opt.size, opt.ptrBytes]);
    }
  });
});
