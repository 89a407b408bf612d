// The per-package result cache (src/toolchain/result-cache.ts, src/pipeline/cached-inputs.ts): a
// cached run's report must be byte for byte the report of an uncached run of the same code, and a
// package must be analysed afresh exactly when something its compile reads has changed: its own
// files, a dependency (whose inlined body the compile copies), the flags or the target.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { analyze, type AnalyzeOptions } from '../src/pipeline/analyze.js';
import { renderJson } from '../src/report/json.js';
import { ensureHelper } from '../src/toolchain/helper.js';
import { goEnv } from '../src/toolchain/go-env.js';
import { readResult, trimResults, writeResult } from '../src/toolchain/result-cache.js';
import { type Hint, initialize, open, startServer, stopServer, wholeFile } from './lsp-client.js';

const LIB = `package lib

var Sink any

// Box is inlined into its callers: its conversion is compiled into the importing package.
func Box(n int) { Sink = n }
`;
const APP = `package app

import "example.com/rc/lib"

func Use(n int) { lib.Box(n) }

func Own(s string) { lib.Sink = s }
`;

let mod: string;
let cache: string;
const savedCache = process.env.IFACELENS_CACHE;

beforeAll(async () => {
  // The helper binary is copied into the test's own cache directory rather than built again.
  const env = await goEnv({ dir: process.cwd() });
  const helper = await ensureHelper(env.version);
  const root = mkdtempSync(join(tmpdir(), 'ifacelens-rc-test-'));
  mod = join(root, 'mod');
  cache = join(root, 'cache');
  mkdirSync(join(mod, 'lib'), { recursive: true });
  mkdirSync(join(mod, 'app'), { recursive: true });
  mkdirSync(cache);
  copyFileSync(helper, join(cache, basename(helper)));
  process.env.IFACELENS_CACHE = cache;
  writeFileSync(join(mod, 'go.mod'), 'module example.com/rc\n\ngo 1.22\n');
  writeFileSync(join(mod, 'lib', 'lib.go'), LIB);
  writeFileSync(join(mod, 'app', 'app.go'), APP);
});

afterAll(() => {
  if (savedCache === undefined) delete process.env.IFACELENS_CACHE;
  else process.env.IFACELENS_CACHE = savedCache;
  if (mod) rmSync(join(mod, '..'), { recursive: true, force: true });
});

/** A run with the cache, and an uncached run of the same code: their JSON, and the cache's counts. */
async function both(opts: Partial<AnalyzeOptions> = {}) {
  const o = { dir: mod, patterns: ['./...'], ...opts };
  const cached = await analyze(o);
  const uncached = await analyze({ ...o, resultCache: false });
  return { json: renderJson(cached.report), want: renderJson(uncached.report), cache: cached.resultCache, report: cached.report };
}

const entries = () => readdirSync(join(cache, 'results')).flatMap((d) => readdirSync(join(cache, 'results', d)).map((f) => join(cache, 'results', d, f)));

describe('per-package result cache', () => {
  it('a second run answers every package from the cache, with the uncached report byte for byte', async () => {
    const cold = await both();
    expect(cold.cache).toEqual({ hits: 0, misses: 2 });
    expect(cold.json).toBe(cold.want);
    const warm = await both();
    expect(warm.cache).toEqual({ hits: 2, misses: 0 });
    expect(warm.json).toBe(cold.want);
    // the inlined conversion is reported in the importing package's function
    expect(warm.report.sites.some((s) => s.function === 'example.com/rc/app.Use' && s.allocates === true && s.runtimeCall === 'runtime.convT64')).toBe(true);
  });

  it('an edited file re-analyses its package; an edited dependency its importers too', async () => {
    writeFileSync(join(mod, 'app', 'app.go'), `${APP}\nfunc More(f float64) { lib.Sink = f }\n`);
    const app = await both();
    expect(app.cache).toEqual({ hits: 1, misses: 1 });
    expect(app.json).toBe(app.want);
    writeFileSync(join(mod, 'lib', 'lib.go'), `${LIB}\nfunc Other() {}\n`);
    const lib = await both();
    expect(lib.cache).toEqual({ hits: 0, misses: 2 });
    expect(lib.json).toBe(lib.want);
  });

  it('a dependency edit that changes an inlined body changes the importer, also when the dependency is not analysed', async () => {
    writeFileSync(join(mod, 'lib', 'lib.go'), LIB);
    writeFileSync(join(mod, 'app', 'app.go'), APP);
    const before = await both({ patterns: ['./app'] });
    expect(before.json).toBe(before.want);
    expect((await both({ patterns: ['./app'] })).cache).toEqual({ hits: 1, misses: 0 });
    // a single byte is boxed from runtime.staticuint64s: the inlined copy in app.Use no longer allocates
    writeFileSync(join(mod, 'lib', 'lib.go'), LIB.replace('Sink = n }', 'Sink = uint8(n) }'));
    const after = await both({ patterns: ['./app'] });
    expect(after.cache).toEqual({ hits: 0, misses: 1 });
    expect(after.json).toBe(after.want);
    const all = await both();
    expect(all.json).toBe(all.want);
    const use = all.report.sites.find((s) => s.function === 'example.com/rc/app.Use');
    expect(use?.allocates).toBe(false);
  });

  it('another target, tags or compiler flags are other entries', async () => {
    writeFileSync(join(mod, 'lib', 'lib.go'), LIB);
    await both();
    const x386 = await both({ goarch: '386' });
    expect(x386.cache).toEqual({ hits: 0, misses: 2 });
    expect(x386.json).toBe(x386.want);
    expect((await both({ tags: 'sometag' })).cache).toEqual({ hits: 0, misses: 2 });
    const l = await both({ extraGcflags: '-l' });
    expect(l.cache).toEqual({ hits: 0, misses: 2 });
    expect(l.json).toBe(l.want);
    expect((await both()).cache).toEqual({ hits: 2, misses: 0 });
    expect((await both({ goarch: '386' })).cache).toEqual({ hits: 2, misses: 0 });
  });

  it('a truncated or corrupted entry is a miss, and is written again', async () => {
    const { want } = await both();
    const files = entries();
    const ours = files.filter((f) => statSync(f).mtimeMs >= Date.now() - 60_000);
    expect(ours.length).toBeGreaterThanOrEqual(2);
    for (const f of files) {
      const b = readFileSync(f);
      if (f === files[0]) writeFileSync(f, b.subarray(0, b.length >> 1));
      else {
        b[b.length - 10] ^= 1; // one bit in the payload: the checksum no longer matches
        writeFileSync(f, b);
      }
    }
    const r = await both();
    expect(r.cache).toEqual({ hits: 0, misses: 2 });
    expect(r.json).toBe(want);
    expect((await both()).cache).toEqual({ hits: 2, misses: 0 });
  });

  it('a cache that cannot be written costs speed, not the analysis', async () => {
    rmSync(join(cache, 'results'), { recursive: true, force: true });
    writeFileSync(join(cache, 'results'), 'not a directory');
    const r = await both();
    expect(r.cache).toEqual({ hits: 0, misses: 2 });
    expect(r.json).toBe(r.want);
    rmSync(join(cache, 'results'), { force: true });
  });

  it('concurrent runs on an empty cache agree and leave whole entries only', async () => {
    rmSync(join(cache, 'results'), { recursive: true, force: true });
    const o = { dir: mod, patterns: ['./...'] };
    const want = renderJson((await analyze({ ...o, resultCache: false })).report);
    const runs = await Promise.all([analyze(o), analyze(o), analyze(o)]);
    for (const r of runs) expect(renderJson(r.report)).toBe(want);
    expect(entries().filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const warm = await analyze(o);
    expect(warm.resultCache).toEqual({ hits: 2, misses: 0 });
    expect(renderJson(warm.report)).toBe(want);
  });

  it("an editor's unsaved buffer (go build -overlay) is keyed by its text, not the overlay file's name", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ifacelens-rc-overlay-'));
    const overlay = (name: string, text: string) => {
      writeFileSync(join(dir, `${name}.go`), text);
      writeFileSync(join(dir, `${name}.json`), JSON.stringify({ Replace: { [join(mod, 'app', 'app.go')]: join(dir, `${name}.go`) } }));
      return join(dir, `${name}.json`);
    };
    const edited = `${APP}\nfunc Typed(b bool) { lib.Sink = b }\n`;
    const first = await both({ overlay: overlay('a', edited) });
    expect(first.cache).toEqual({ hits: 1, misses: 1 });
    expect(first.json).toBe(first.want);
    expect(first.report.sites.some((s) => s.function === 'example.com/rc/app.Typed')).toBe(true);
    const again = await both({ overlay: overlay('b', edited) });
    expect(again.cache).toEqual({ hits: 2, misses: 0 });
    expect(again.json).toBe(first.want);
    rmSync(dir, { recursive: true, force: true });
  });

  it('the language server analyses an edited buffer afresh, and the edit undone from the cache', async () => {
    rmSync(join(cache, 'results'), { recursive: true, force: true });
    const server = startServer(mod); // inherits IFACELENS_CACHE: this test's cache
    try {
      await initialize(server.conn, mod);
      void server.conn.sendNotification('initialized', {});
      const file = join(mod, 'app', 'app.go');
      const uri = open(server.conn, file, APP);
      const hints = async (text: string) =>
        ((await server.conn.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: wholeFile(text) })) as Hint[]).map(
          (h) => `${h.position.line}: ${h.label}`,
        );
      const before = await hints(APP);
      // (lib is not analysed here: its body inlined into Use is not app's code)
      expect(before).toEqual([`${APP.split('\n').findIndex((l) => l.startsWith('func Own'))}: 16 B · convTstring`]);
      expect(entries()).toHaveLength(1); // app; lib is a dependency, not analysed
      const edited = `${APP}\nfunc Extra(x float64) { lib.Sink = x }\n`;
      const change = (version: number, text: string) =>
        server.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
      await change(2, edited);
      expect(await hints(edited)).toContain(`${edited.split('\n').findIndex((l) => l.startsWith('func Extra'))}: 8 B · convT64`);
      expect(entries()).toHaveLength(2);
      await change(3, APP);
      expect(await hints(APP)).toEqual(before);
      expect(entries()).toHaveLength(2); // the undone edit's text was a hit: nothing new written
    } finally {
      await stopServer(server);
    }
  });

  it('is trimmed to its size by least recent use', () => {
    rmSync(join(cache, 'results'), { recursive: true, force: true });
    const entry = (n: number) => ({
      pkg: `p${n}`,
      m: [],
      unrecognized: [],
      asm: [],
      helper: [{ kind: 'package' as const, path: `p${n}`, name: 'p', dir: '/', files: [] }],
    });
    const keys = [1, 2, 3].map((n) => `${n}`.repeat(64));
    for (const [i, k] of keys.entries()) writeResult(k, entry(i));
    // written an hour, two and three hours ago; then the oldest is read: a use
    keys.forEach((k, i) => {
      const f = join(cache, 'results', k.slice(0, 2), k);
      const t = new Date(Date.now() - (i + 1) * 3600_000);
      utimesSync(f, t, t);
    });
    expect(readResult(keys[2])?.pkg).toBe('p2');
    const size = statSync(join(cache, 'results', keys[0].slice(0, 2), keys[0])).size;
    const r = trimResults(2 * size);
    expect(r.removed).toBe(1);
    expect(readResult(keys[1])).toBeUndefined(); // the least recently used
    expect(readResult(keys[0])?.pkg).toBe('p0');
    expect(readResult(keys[2])?.pkg).toBe('p2');
  });
});
