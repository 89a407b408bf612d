// `ifacelens explain`: golden text per Go version, and the words, itab and type descriptor it
// shows checked against the running program (unsafe reads of real interface values).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const bin = resolve(__dirname, '..', 'bin', 'ifacelens.js');
const mod = resolve(__dirname, '..', 'examples', 'seeds');
const goVersion = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).stdout.trim().replace(/^(go\d+\.\d+).*/, '$1');

function explain(loc: string, format = 'text') {
  const r = spawnSync(process.execPath, [bin, 'explain', '--no-color', '--format', format, loc], { cwd: mod, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

describe('ifacelens explain', () => {
  for (const [name, loc] of [['padded', 'padding.go:20'], ['writer', 'writer.go:12'], ['boxint', 'boxing.go:6'], ['heap-move', 'writer.go:11']]) {
    it(`golden: ${loc}`, async () => {
      await expect(explain(loc)).toMatchFileSnapshot(join(__dirname, '..', 'testdata', 'explain', goVersion, `${name}.txt`));
    });
  }

  it('shows the words, itab and type descriptor the running program has', () => {
    const padded = JSON.parse(explain('padding.go:20', 'json')).explanations[0];
    const writer = JSON.parse(explain('writer.go:12', 'json')).explanations[0];
    // A test in the example package reads real interface values through unsafe.
    const dir = mkdtempSync(join(tmpdir(), 'ifacelens-explain-'));
    const file = join(dir, 'probe_test.go');
    writeFileSync(file, `package seeds

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
`);
    writeFileSync(join(dir, 'overlay.json'), JSON.stringify({ Replace: { [join(mod, 'zz_probe_test.go')]: file } }));
    const r = spawnSync('go', ['test', '-count=1', `-overlay=${join(dir, 'overlay.json')}`, '-run', 'TestIfacelensProbe', '-v', '.'], { cwd: mod, encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const probe = Object.fromEntries(r.stdout.split('\n').filter((l) => l.startsWith('PROBE ')).map((l) => [l.split(' ')[1], Object.fromEntries(l.split(' ').slice(2).map((kv) => kv.split('=')))]));
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
    expect(r.stderr.trim()).toBe('ifacelens: doc.go:1: no interface site here (ifacelens analyze --all lists them)');
  });
});
