// Issue 9, what the server keeps and how long it works for nobody: the playground compiles into a
// build cache of its own, trimmed to a size (it used to fill the user's GOCACHE: 535 MiB after
// about 60 snippets); its result cache is bounded in bytes; a worker dies with its server even when
// the server is SIGKILLed; analyses for other GOARCHes are queued (429 beyond) and cancelled when
// every request waiting for them has gone (an aborted request used to keep building).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');
const seeds = join(root, 'examples', 'seeds');

/** Bytes of the regular files under a directory. */
function duBytes(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) n += duBytes(p);
    else if (e.isFile()) n += statSync(p).size;
  }
  return n;
}

/** Pids of processes whose environment has NAME=value (our descendants, however deep). */
function processesWithEnv(name: string, value: string): number[] {
  const want = `${name}=${value}`;
  const out: number[] = [];
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p) || Number(p) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${p}/environ`, 'latin1').split('\0').includes(want)) out.push(Number(p));
    } catch {
      /* gone, or not ours */
    }
  }
  return out;
}

async function until(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return cond();
}

describe("the playground's own build cache", () => {
  it('trimGoCache removes the least recently used entries down to the limit, and nothing else', async () => {
    const { trimGoCache } = (await import('../dist/toolchain/go-cache.js')) as unknown as typeof import('../src/toolchain/go-cache.js');
    const d = mkdtempSync(join(tmpdir(), 'ifacelens-gocache-'));
    try {
      const now = Date.now() / 1000;
      for (const [i, sub] of ['0a', '1b', 'ff'].entries()) {
        mkdirSync(join(d, sub));
        for (const kind of ['a', 'd']) {
          const f = join(d, sub, `${String(i).repeat(64)}-${kind}`);
          writeFileSync(f, Buffer.alloc(1000));
          utimesSync(f, now - 3600 * (3 - i), now - 3600 * (3 - i)); // 0a oldest, ff newest
        }
      }
      writeFileSync(join(d, 'README'), 'x'.repeat(5000)); // not an entry
      mkdirSync(join(d, 'zz'));
      writeFileSync(join(d, 'zz', 'keep'), 'x'.repeat(5000));
      const r = trimGoCache(d, 2500);
      expect(r).toEqual({ before: 6000, after: 2000, removed: 4 });
      expect(readdirSync(join(d, '0a'))).toEqual([]);
      expect(readdirSync(join(d, '1b'))).toEqual([]);
      expect(readdirSync(join(d, 'ff'))).toHaveLength(2);
      expect(readdirSync(join(d, 'zz'))).toEqual(['keep']);
      expect(trimGoCache(d, 2500).removed).toBe(0);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it("snippets compile into it, not into the user's GOCACHE, and it is trimmed after each build", async () => {
    const { Playground } = (await import('../dist/web/playground.js')) as unknown as typeof import('../src/web/playground.js');
    const d = mkdtempSync(join(tmpdir(), 'ifacelens-pgcache-'));
    const userCache = join(d, 'user-gocache');
    const pgCache = join(d, 'playground-gocache');
    mkdirSync(userCache);
    mkdirSync(pgCache);
    const saved = process.env.GOCACHE;
    process.env.GOCACHE = userCache;
    try {
      const limit = 20 << 20;
      const pg = new Playground({
        goVersion: 'go1.26.0',
        defaultGoarch: 'amd64',
        goarches: ['amd64'],
        goCacheDir: pgCache,
        goCacheBytes: limit,
        timeoutMs: 180_000,
      });
      // a cold cache: fmt and the runtime compile into it (about 35 MB here) before it is trimmed
      const r = await pg.analyze({
        source: 'package main\n\nimport "fmt"\n\nvar Sink any\n\nfunc Box(n int64) { Sink = n }\n\nfunc main() { fmt.Println(Sink) }\n',
      });
      expect(r.errors).toEqual([]);
      expect(r.report!.sites.find((s: { function: string }) => s.function === 'main.Box')).toMatchObject({ runtimeCall: 'runtime.convT64', bytesPerOp: 8 });
      expect(readdirSync(userCache)).toEqual([]);
      const size = duBytes(pgCache);
      expect(size).toBeGreaterThan(0);
      expect(size).toBeLessThanOrEqual(limit + 64 * 1024); // + README, trim.txt, the marker
      expect(pg.cacheUsage().entries).toBe(1);
    } finally {
      if (saved === undefined) delete process.env.GOCACHE;
      else process.env.GOCACHE = saved;
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('keeps results within a byte budget (not only a count of entries)', async () => {
    const { Playground } = (await import('../dist/web/playground.js')) as unknown as typeof import('../src/web/playground.js');
    const d = mkdtempSync(join(tmpdir(), 'ifacelens-pgbytes-'));
    // a worker answering a large result for every snippet (500 KB of assembly lines)
    const worker = join(d, 'big.cjs');
    writeFileSync(
      worker,
      `process.stdout.write(JSON.stringify({ ok: true, goarch: 'amd64', asm: [{ lines: 'x'.repeat(500000) }], explanations: [], layouts: [], errors: [] }));\n`,
    );
    try {
      const pg = new Playground({
        goVersion: 'go1.26.0',
        defaultGoarch: 'amd64',
        goarches: ['amd64'],
        workerPath: worker,
        cacheBytes: 2 << 20,
        cacheEntries: 64,
      });
      for (let i = 0; i < 10; i++) await pg.analyze({ source: `package p // ${i}\n` });
      const u = pg.cacheUsage();
      expect(u.bytes).toBeLessThanOrEqual(2 << 20);
      expect(u.entries).toBe(4); // 4 × ~500 KB fit in 2 MiB
      // the newest are kept
      expect((await pg.analyze({ source: 'package p // 9\n' })).cached).toBe(true);
      expect((await pg.analyze({ source: 'package p // 0\n' })).cached).toBe(false);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it("stops a snippet's build when its last requester goes (a newer snippet, a closed tab)", async () => {
    const { Playground } = (await import('../dist/web/playground.js')) as unknown as typeof import('../src/web/playground.js');
    const d = mkdtempSync(join(tmpdir(), 'ifacelens-pgabort-'));
    const worker = join(d, 'slow.cjs');
    writeFileSync(worker, `require('node:fs').writeFileSync(${JSON.stringify(join(d, 'pid'))}, String(process.pid)); setInterval(() => {}, 1000);\n`);
    try {
      const pg = new Playground({ goVersion: 'go1.26.0', defaultGoarch: 'amd64', goarches: ['amd64'], workerPath: worker, timeoutMs: 60_000 });
      const ac = new AbortController();
      const done = pg.analyze({ source: 'package p\n' }, ac.signal);
      expect(
        await until(() => {
          try {
            return readFileSync(join(d, 'pid'), 'utf8') !== '';
          } catch {
            return false;
          }
        }, 10_000),
      ).toBe(true);
      const pid = Number(readFileSync(join(d, 'pid'), 'utf8'));
      const t0 = Date.now();
      ac.abort();
      const r = await done;
      expect(r.ok).toBe(false);
      expect(
        await until(() => {
          try {
            process.kill(pid, 0);
            return false;
          } catch {
            return true;
          }
        }, 3_000),
      ).toBe(true);
      expect(Date.now() - t0).toBeLessThan(3_000);
      expect(pg.live.size).toBe(0);
      expect(pg.cacheUsage().entries).toBe(0); // an aborted build is not an answer to keep
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('a worker stops its build when its server dies, even by SIGKILL', async () => {
    const d = mkdtempSync(join(tmpdir(), 'ifacelens-orphan-'));
    const tmp = join(d, 'tmp');
    mkdirSync(tmp);
    const script = join(d, 'server.mjs');
    // a "server" whose one snippet compiles into a cold build cache (many seconds of work)
    writeFileSync(
      script,
      `
      import { Playground } from ${JSON.stringify(join(root, 'dist', 'web', 'playground.js'))};
      const pg = new Playground({ goVersion: 'go1.26.0', defaultGoarch: 'amd64', goarches: ['amd64'], goCacheDir: ${JSON.stringify(join(d, 'cache'))}, timeoutMs: 300000 });
      pg.analyze({ source: 'package main\\n\\nimport "net/http"\\n\\nvar S any = http.DefaultClient\\n\\nfunc main() {}\\n' });
      setInterval(() => { if (pg.live.size) process.stdout.write('building\\n'); }, 200);
    `,
    );
    mkdirSync(join(d, 'cache'));
    const child = spawn(process.execPath, [script], { env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((r) => child.stdout!.once('data', () => r()));
      // the worker and its go processes are running
      expect(await until(() => processesWithEnv('TMPDIR', tmp).length > 2, 20_000)).toBe(true);
      await new Promise((r) => setTimeout(r, 1500));
      child.kill('SIGKILL');
      // without the server, the worker reads end-of-file on stdin and stops its build (which would
      // have gone on compiling net/http for many seconds)
      const t0 = Date.now();
      expect(await until(() => processesWithEnv('TMPDIR', tmp).length === 0, 8_000), `left: ${processesWithEnv('TMPDIR', tmp)}`).toBe(true);
      console.log(`orphaned worker and its go processes gone ${Date.now() - t0} ms after the server's SIGKILL`);
    } finally {
      child.kill('SIGKILL');
      for (const p of processesWithEnv('TMPDIR', tmp))
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          /* gone */
        }
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('analyses for other GOARCHes: queued, and cancelled when nobody waits', () => {
  let state: {
    start(g?: string): Promise<{ goarch: string }>;
    get(g: string, s?: AbortSignal): Promise<unknown>;
    pending(): number;
    goarches: string[];
  };
  let ModuleBusy: new (m: string) => Error;
  let cold: string;
  const saved = process.env.GOCACHE;
  beforeAll(async () => {
    const m = (await import('../dist/web/module.js')) as unknown as typeof import('../src/web/module.js');
    ModuleBusy = m.ModuleBusy;
    state = new m.ModuleState({ dir: seeds, root: seeds, patterns: ['./...'] });
    await state.start();
    state.goarches = ['amd64', 'arm64', '386', 'riscv64', 's390x'];
    // builds for the other GOARCHes compile the runtime into an empty cache: long enough to cancel
    cold = mkdtempSync(join(tmpdir(), 'ifacelens-coldcache-'));
    process.env.GOCACHE = cold;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.GOCACHE;
    else process.env.GOCACHE = saved;
    rmSync(cold, { recursive: true, force: true });
  });

  it('refuses a third waiting GOARCH with 429, and stops the builds of requests that went away', async () => {
    const acs = [new AbortController(), new AbortController(), new AbortController()];
    // (requests arrive on separate turns of the event loop, as HTTP requests do)
    const settled: Promise<string>[] = [];
    for (const [i, g] of ['arm64', '386', 'riscv64'].entries()) {
      settled.push(
        state.get(g, acs[i].signal).then(
          () => 'done',
          (e: Error) => e.name,
        ),
      );
      await new Promise((r) => setTimeout(r, 20));
    }
    let busy: unknown;
    try {
      await state.get('s390x', new AbortController().signal);
    } catch (e) {
      busy = e;
    }
    expect(busy).toBeInstanceOf(ModuleBusy);
    expect((busy as { status: number }).status).toBe(429);
    // the arm64 build is running (its go processes have the cold GOCACHE)
    expect(await until(() => processesWithEnv('GOCACHE', cold).length > 0, 20_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 1000));
    const t0 = Date.now();
    for (const ac of acs) ac.abort();
    expect(await Promise.all(settled)).toEqual(['AbortedError', 'AbortedError', 'AbortedError']);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(await until(() => processesWithEnv('GOCACHE', cold).length === 0, 5_000)).toBe(true);
    expect(state.pending()).toBe(0);
    // the default GOARCH is still served at once
    await expect(state.get('amd64', new AbortController().signal)).resolves.toMatchObject({ goarch: 'amd64' });
  });

  it('a request that stays keeps the build going when another request for it leaves', async () => {
    process.env.GOCACHE = saved ?? '';
    if (!process.env.GOCACHE) delete process.env.GOCACHE;
    const leaving = new AbortController();
    const staying = new AbortController();
    const a = state.get('386', leaving.signal);
    const b = state.get('386', staying.signal);
    leaving.abort();
    // one request still waits: the build is not cancelled, and both promises get the analysis
    await expect(b).resolves.toMatchObject({ goarch: '386' });
    await expect(a).resolves.toMatchObject({ goarch: '386' });
    expect(state.pending()).toBe(0);
  });
});
