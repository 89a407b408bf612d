// `ifacelens serve` end to end, in a real headless Chromium (Debian's, driven by playwright-core):
// the overview's numbers are analyze's JSON, a site's badge, highlighted assembly and memory
// diagram, the playground, and path traversal refused. Screenshots go to test-results/web/.
// Then without a browser: bad input on the command line, the API's limits and refusals,
// concurrent snippets, and a playground whose worker hangs, crashes or floods its output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const root = resolve(__dirname, '..');
const bin = join(root, 'bin', 'ifacelens.js');
const seeds = join(root, 'examples', 'seeds');
const shots = join(root, 'test-results', 'web');
const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);

interface Served {
  child: ChildProcess;
  url: string;
  /** the server's private TMPDIR: empty again once it has stopped */
  tmp: string;
  stderr: () => string;
  stop: () => Promise<number | null>;
}

/** Starts `ifacelens serve --port 0` in `dir`; resolves with the URL it prints. */
function serveOn(dir: string, extra: string[] = []): Promise<Served> {
  const tmp = mkdtempSync(join(tmpdir(), 'ifacelens-webtest-'));
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '-q', ...extra], {
    cwd: dir,
    env: { ...process.env, TMPDIR: tmp },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    err += d;
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return new Promise((resolveServed, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not print a URL in 120 s: ${err}`)), 120_000);
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /^(http:\/\/\S+)\n/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveServed({
          child,
          url: m[1],
          tmp,
          stderr: () => err,
          stop: async () => {
            if (child.exitCode === null) child.kill('SIGINT');
            return exited;
          },
        });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before listening: ${err}`));
    });
  });
}

/** A raw HTTP request (the path is sent exactly as given, unlike fetch). */
function raw(
  url: string,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((res, rej) => {
    const req = request({ host: u.hostname, port: u.port, path, method: opts.method ?? 'GET', headers: opts.headers }, (r) => {
      let body = '';
      r.setEncoding('utf8')
        .on('data', (d: string) => {
          body += d;
        })
        .on('end', () => res({ status: r.statusCode ?? 0, body }));
    });
    req.on('error', rej);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

const norm = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

interface Fn {
  function: string;
  bytesPerCall: number | null;
  allocsPerCall: number | null;
  sites: number;
}
interface Site {
  position: { file: string; line: number; column: number };
  function: string;
  allocates: boolean | null;
  bytesPerOp: number | null;
  allocsPerOp: number | null;
  runtimeCall: string | null;
}

describe.skipIf(!haveChromium && !process.env.CI)('ifacelens serve (web UI in headless Chromium)', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  let json: {
    stats: { sites: number; allocatingSites: number };
    functions: Fn[];
    sites: Site[];
    findings: { rule: string; position: { file: string; line: number }; message: string }[];
  };
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    const a = spawnSync(process.execPath, [bin, 'analyze', '--format', 'json'], { cwd: seeds, encoding: 'utf8' });
    expect(a.status, a.stderr).toBe(0);
    json = JSON.parse(a.stdout);
    served = await serveOn(seeds);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // CSP violations and other script errors (the refused requests of the traversal test aside)
    page.on('console', (m) => {
      if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) pageErrors.push(m.text());
    });
    // Nothing but the server itself: the page loads nothing from the network.
    page.on('request', (r) => {
      if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(r.url()) && !r.url().startsWith('data:')) pageErrors.push(`request outside the server: ${r.url()}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    const code = await served?.stop();
    // Ctrl-C: the server stops and leaves no temporary directory behind.
    expect(code === 130 || code === null).toBe(true);
    expect(readdirSync(served.tmp)).toEqual([]);
    rmSync(served.tmp, { recursive: true, force: true });
    expect(pageErrors).toEqual([]);
  });

  it('overview: the totals and the ranking are analyze --format json', async () => {
    await page.goto(served.url);
    await page.waitForSelector('[data-testid=functions] tbody tr');
    expect(await page.textContent('[data-testid=stat-sites]')).toBe(String(json.stats.sites));
    expect(await page.textContent('[data-testid=stat-allocating]')).toBe(String(json.stats.allocatingSites));
    const total = json.functions.reduce((n, f) => n + (f.bytesPerCall ?? 0), 0);
    expect(await page.textContent('[data-testid=stat-bytes]')).toBe(`${total} B`);
    const rows = await page.$$eval('[data-testid=functions] tbody tr', (trs) =>
      trs.map((tr) => ({
        function: tr.getAttribute('data-function'),
        bytes: tr.querySelector('[data-testid=fn-bytes]')!.textContent,
        allocs: tr.querySelector('[data-testid=fn-allocs]')!.textContent,
      })),
    );
    const want = json.functions.filter((f) => f.sites > 0 || f.bytesPerCall !== 0);
    expect(rows.map((r) => r.function)).toEqual(want.map((f) => f.function)); // same order: most bytes per call first
    for (const f of want) {
      const r = rows.find((x) => x.function === f.function)!;
      expect(r.bytes).toBe(f.bytesPerCall === null ? '?' : String(f.bytesPerCall));
      expect(r.allocs).toBe(f.allocsPerCall === null ? '?' : String(f.allocsPerCall));
    }
    // allocating sites first
    const siteRows = await page.$$eval('[data-testid=sites] tbody tr', (trs) => trs.map((tr) => tr.className));
    expect(siteRows.length).toBe(json.sites.length);
    const firstFree = siteRows.findIndex((c) => !c.includes('sev-alloc'));
    expect(siteRows.slice(firstFree).some((c) => c.includes('sev-alloc'))).toBe(false);
    expect(firstFree).toBe(json.stats.allocatingSites);
    await page.screenshot({ path: join(shots, 'overview.png') });

    await page.fill('[data-testid=filter]', 'Padded');
    const filtered = await page.$$eval('[data-testid=functions] tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-function')));
    expect(filtered).toEqual(['example.com/seeds.BoxPadded']);
    await page.fill('[data-testid=filter]', '');
  });

  it("source view: BoxPadded's badge, its assembly and its memory diagram", async () => {
    await page.click('[data-function="example.com/seeds.BoxPadded"] [data-testid=fn-link]');
    await page.waitForSelector('[data-testid=source][data-file="padding.go"] .src-line[data-line="20"]');
    const badge = page.locator('.src-line[data-line="20"] [data-testid=site-badge]');
    const site = json.sites.find((s) => s.position.file === 'padding.go' && s.position.line === 20)!;
    expect(site).toMatchObject({ bytesPerOp: 24, allocsPerOp: 1, runtimeCall: 'runtime.convTnoptr' });
    expect(norm(await badge.textContent())).toBe('24 B · 1 alloc · runtime.convTnoptr');
    // the function's total per call in the margin
    expect(norm(await page.textContent('.src-line[data-line="20"] [data-testid=fn-total]'))).toBe('24 B/call');

    await badge.click();
    const hit = page.locator('[data-testid=asm] .asm-row.hit');
    await hit.waitFor();
    expect(await hit.count()).toBe(1);
    expect(norm(await hit.locator('.a-ins').textContent())).toContain('CALL runtime.convTnoptr');
    expect(await hit.getAttribute('data-line')).toBe('20');
    expect(await page.getAttribute('[data-testid=asm]', 'data-function')).toBe('example.com/seeds.BoxPadded');
    expect(norm(await page.textContent('[data-testid=reason]'))).toContain('runtime.convTnoptr, 24 B → 24-byte size class 3');
    expect(await page.locator('[data-testid=escape-flow] li').count()).toBeGreaterThan(0);

    const svg = page.locator('[data-testid=memory-diagram]');
    await svg.waitFor();
    expect(await svg.getAttribute('data-kind')).toBe('eface');
    expect(await svg.locator('[data-testid=iface-value] .word').count()).toBe(2);
    expect(await svg.locator('[data-testid=iface-value] .word').evaluateAll((ws) => ws.map((w) => w.getAttribute('data-name')))).toEqual(['type', 'data']);
    expect(await svg.locator('[data-testid=type-descriptor]').count()).toBe(1);
    const obj = svg.locator('[data-testid=object]');
    expect(await obj.getAttribute('data-size')).toBe('24');
    expect(await obj.locator('.field').evaluateAll((fs) => fs.map((f) => f.getAttribute('data-name')))).toEqual(['A', 'B', 'C']);
    expect(await obj.locator('.padding').evaluateAll((ps) => ps.map((p) => [p.getAttribute('data-offset'), p.getAttribute('data-size')]))).toEqual([
      ['1', '7'],
      ['17', '7'],
    ]);
    await page.screenshot({ path: join(shots, 'source.png') });

    // Linked the other way: a click on BoxPacked's line shows its code with that line's rows marked.
    await page.click('.src-line[data-line="25"] .ln');
    await page.waitForSelector('[data-testid=asm][data-function="example.com/seeds.BoxPacked"]');
    const linked = await page.$$eval('[data-testid=asm] .asm-row.linked', (rs) => rs.map((r) => r.getAttribute('data-line')));
    expect(linked.length).toBeGreaterThan(0);
    expect(new Set(linked)).toEqual(new Set(['25']));

    // In a function of several lines: a line's rows, a range's rows, and from a row back to its line.
    await page.goto(`${served.url}#/source?file=boxing.go&line=14&fn=example.com/seeds.BoxInts`);
    await page.waitForSelector('[data-testid=asm][data-function="example.com/seeds.BoxInts"] .asm-row.linked');
    const lines = () => page.$$eval('[data-testid=asm] .asm-row.linked', (rs) => [...new Set(rs.map((r) => r.getAttribute('data-line')))]);
    expect(await lines()).toEqual(['14']);
    await page.click('.src-line[data-line="13"] .ln');
    await page.click('.src-line[data-line="15"] .ln', { modifiers: ['Shift'] });
    expect((await lines()).sort()).toEqual(['13', '14', '15']);
    await page.click('[data-testid=asm] .asm-row.rt-iface[data-line="15"]');
    expect(await page.locator('.src-line.sel').evaluateAll((ls) => ls.map((l) => l.getAttribute('data-line')))).toEqual(['15']);
    expect(await lines()).toEqual(['15']);
    await page.screenshot({ path: join(shots, 'source-linked.png') });
  });

  it('layout view: the padded struct and its better order', async () => {
    await page.click('[data-testid=nav-layout]');
    const padded = page.locator('[data-testid=struct][data-name="example.com/seeds.Padded"]');
    await padded.waitFor();
    expect(await padded.locator('[data-testid=layout-current] .padding').count()).toBe(2);
    expect(await padded.locator('[data-testid=layout-optimal]').getAttribute('data-size')).toBe('16');
    await page.screenshot({ path: join(shots, 'layout.png') });
  });

  it('GOARCH: the header re-analyses for another architecture (386: Padded is 16 bytes)', async () => {
    await page.goto(`${served.url}#/source?file=padding.go&line=20&col=35&fn=example.com/seeds.BoxPadded`);
    await page.locator('[data-testid=object][data-size="24"]').waitFor();
    await page.selectOption('[data-testid=goarch]', '386');
    const badge = page.locator('.src-line[data-line="20"] [data-testid=site-badge]');
    await expect.poll(async () => norm(await badge.textContent()), { timeout: 60_000 }).toBe('16 B · 1 alloc · runtime.convTnoptr');
    const obj = page.locator('[data-testid=memory-diagram] [data-testid=object][data-size="16"]');
    await obj.waitFor({ timeout: 60_000 });
    expect(await obj.locator('.field').evaluateAll((fs) => fs.map((f) => f.getAttribute('data-name')))).toEqual(['A', 'B', 'C']);
    expect(await page.locator('[data-testid=memory-diagram]').getAttribute('data-kind')).toBe('eface');
    expect(norm(await page.locator('[data-testid=asm] .asm-row.hit .a-ins').textContent())).toContain('CALL runtime.convTnoptr');
    await page.screenshot({ path: join(shots, 'source-386.png') });
    await page.selectOption('[data-testid=goarch]', 'amd64');
    await expect.poll(async () => norm(await badge.textContent()), { timeout: 60_000 }).toBe('24 B · 1 alloc · runtime.convTnoptr');
  });

  it('typed nil: the finding, its badge and its picture (tab set, data nil)', async () => {
    const f = json.findings.find((x) => x.rule === 'typed-nil-return')!;
    expect(f).toBeDefined();
    await page.click('[data-testid=nav-overview]');
    await page.click(`[data-testid=findings] a[href*="line=${f.position.line}"]`);
    const badge = page.locator(`.src-line[data-line="${f.position.line}"] [data-testid=finding-badge]`);
    await badge.waitFor();
    expect(norm(await badge.textContent())).toBe('typed nil');
    await badge.click();
    await page.locator('[data-testid=inspector]', { hasText: f.message }).waitFor();
    const svg = page.locator('[data-testid=inspector] [data-testid=memory-diagram]');
    await svg.waitFor();
    expect(await svg.locator('.word').evaluateAll((ws) => ws.map((w) => [w.getAttribute('data-name'), w.classList.contains('nil')]))).toEqual([
      ['tab', false],
      ['data', true],
    ]);
    expect(await svg.locator('[data-testid=itab]').count()).toBe(1);
    await page.screenshot({ path: join(shots, 'typed-nil.png') });
  });

  /**
   * The diagram of a site is `explain`'s picture: one box per picture box, in the picture's
   * region, and one arrow per word that points at a box. Screenshots at 1000 and 1400 px.
   */
  async function checkDiagram(
    scope: string,
    want: { picture: { root: string; boxes: { id: string; region: string; rows: { name: string; to?: string }[] }[] } },
    shot: string,
  ) {
    const svg = page.locator(`${scope} [data-testid=memory-diagram]`);
    await svg.waitFor();
    const p = want.picture;
    // (the previous site's diagram may still be showing while this one loads)
    const boxes = () => svg.locator('[data-box]').evaluateAll((bs) => bs.map((b) => `${b.getAttribute('data-box')}: ${b.getAttribute('data-region')}`));
    await expect.poll(async () => (await boxes()).sort(), { timeout: 30_000 }).toEqual(p.boxes.map((b) => `${b.id}: ${b.region}`).sort());
    expect(await svg.getAttribute('data-root')).toBe(p.root);
    const arrows = await svg.locator('path.arrow').evaluateAll((as) => as.map((a) => `${a.getAttribute('data-from')} → ${a.getAttribute('data-to')}`));
    expect(arrows.sort()).toEqual(p.boxes.flatMap((b) => b.rows.filter((r) => r.to).map((r) => `${b.id}.${r.name} → ${r.to}`)).sort());
    for (const width of [1000, 1400]) {
      await page.setViewportSize({ width, height: 1000 });
      await page.locator(scope).screenshot({ path: join(shots, `${shot}-${width}.png`) });
    }
    await page.setViewportSize({ width: 1600, height: 1000 });
    return svg;
  }

  it('memory pictures: &buf moved to the heap or kept on the stack, the ...any array on the stack', async () => {
    const explainJSON = (loc: string, fn: string) => {
      const r = cli(['explain', '--format', 'json', loc]);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout).explanations.find((e: { site: { function: string; kind: string } }) => e.site.function === fn && e.site.kind !== 'convert');
    };
    // var w io.Writer = &buf, w outlives the call: an iface with the compiler's itab; buf on the heap
    const moved = explainJSON('writer.go:11', 'example.com/seeds.BufferEscapes');
    await page.goto(`${served.url}#/source?file=writer.go&line=11&col=6&fn=example.com/seeds.BufferEscapes`);
    let svg = await checkDiagram('[data-testid=inspector]', moved, 'memory-heap-move');
    expect(await svg.getAttribute('data-kind')).toBe('iface');
    expect(
      await svg.locator('[data-testid=iface-value] .word').evaluateAll((ws) => ws.map((w) => [w.getAttribute('data-name'), w.getAttribute('data-to')])),
    ).toEqual([
      ['tab', 'go:itab.*bytes.Buffer,io.Writer'],
      ['data', 'moved'],
    ]);
    expect(await svg.locator('[data-testid=itab] .row').count()).toBe(4); // inter, _type, hash, fun[0]
    expect(await svg.locator('[data-box=moved]').getAttribute('data-region')).toBe('heap');
    expect(await svg.locator('[data-box=moved] [data-testid=object]').getAttribute('data-allocated')).toBe('48');
    // w stays in the frame: buf stays on the stack
    const stays = explainJSON('writer.go:18', 'example.com/seeds.BufferStays');
    await page.goto(`${served.url}#/source?file=writer.go&line=18&col=6&fn=example.com/seeds.BufferStays`);
    svg = await checkDiagram('[data-testid=inspector]', stays, 'memory-heap-move-stays');
    expect(await svg.locator('[data-box=moved]').getAttribute('data-region')).toBe('stack');
    // fmt.Fprintln(io.Discard, n, s, 3.5): the slice header, the [3]any in PrintArgs's frame, three values
    const va = explainJSON('println.go:14', 'example.com/seeds.PrintArgs');
    await page.goto(`${served.url}#/source?file=println.go&line=14&col=14&fn=example.com/seeds.PrintArgs`);
    svg = await checkDiagram('[data-testid=inspector]', va, 'memory-variadic');
    expect(await svg.getAttribute('data-root')).toBe('slice');
    const array = svg.locator('[data-testid=array]');
    expect(await array.getAttribute('data-region')).toBe('stack');
    expect(await array.locator('.word').evaluateAll((ws) => ws.map((w) => w.getAttribute('data-name')))).toEqual([
      '[0].type',
      '[0].data',
      '[1].type',
      '[1].data',
      '[2].type',
      '[2].data',
    ]);
    expect(await svg.locator('[data-box^="e"][data-box$=".object"]').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-region')))).toEqual([
      'heap',
      'heap',
      'rodata',
    ]);
  });

  it('playground: a snippet boxing an int64 shows runtime.convT64 and 8 B; errors show at their line', async () => {
    await page.click('[data-testid=nav-playground]');
    await page.waitForSelector('[data-testid=editor] .cm-content');
    // the example snippet is analysed first
    await page.waitForSelector('[data-testid=playground-site]', { timeout: 60_000 });
    await page.click('[data-testid=editor] .cm-content');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type('package main\n\nvar Sink any\n\nfunc BoxIt(n int64) { Sink = n }\n\nfunc main() {}\n');
    const site = page.locator('[data-testid=playground-site]', { hasText: 'BoxIt' });
    await site.waitFor({ timeout: 60_000 });
    expect(norm(await site.locator('[data-testid=site-badge]').textContent())).toBe('8 B · 1 alloc · runtime.convT64');
    expect(norm(await page.textContent('[data-testid=editor] [data-testid=editor-badge]'))).toBe('8 B · 1 alloc · runtime.convT64');
    const hit = page.locator('[data-testid=playground-asm] .asm-row.hit');
    await hit.waitFor();
    expect(norm(await hit.locator('.a-ins').textContent())).toContain('CALL runtime.convT64');
    await page.locator('.pg-inspector [data-testid=memory-diagram]').waitFor();
    await page.screenshot({ path: join(shots, 'playground.png') });

    // Once warm, an edit is analysed within about a second of the pause in typing.
    await page.keyboard.type('\nfunc BoxTwo(n int32) { Sink = n }\n');
    const t0 = Date.now();
    await page.locator('[data-testid=playground-site]', { hasText: 'BoxTwo' }).waitFor({ timeout: 60_000 });
    const ms = Date.now() - t0;
    console.log(`playground: edit to result in ${ms} ms (400 ms of it the typing pause)`);
    expect(ms).toBeLessThan(5000);

    // A compile error shows inline at its line, and the next good snippet works again.
    await page.keyboard.type('func Broken() { return 1 }\n');
    const errs = page.locator('[data-testid=playground-errors] li');
    await errs.first().waitFor({ timeout: 60_000 });
    expect(norm(await errs.first().textContent())).toMatch(/^main\.go:10:\d+ .*too many return values/);
    await page.locator('[data-testid=editor] .cm-lintRange-error').first().waitFor();
    await page.screenshot({ path: join(shots, 'playground-error.png') });
    await page.keyboard.press('Shift+ArrowUp');
    await page.keyboard.press('Delete');
    await page.locator('[data-testid=playground-status].done').waitFor({ timeout: 60_000 });
  });

  it("playground: WriteSyncer → io.Writer is an iface whose itab is found at run time, sharing the operand's data word", async () => {
    await page.goto(`${served.url}#/playground`);
    await page.waitForSelector('[data-testid=editor] .cm-content');
    await page.click('[data-testid=editor] .cm-content');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type(
      'package main\n\nimport (\n"io"\n"os"\n)\n\ntype WriteSyncer interface {\nio.Writer\nSync() error\n}\n\nvar W io.Writer\n\nfunc Widen(ws WriteSyncer) { W = ws }\n\nfunc main() { Widen(os.Stdout) }\n',
    );
    const row = page.locator('[data-testid=playground-site]', { hasText: 'Widen' }).first();
    await row.waitFor({ timeout: 60_000 });
    await row.click();
    const svg = page.locator('.pg-inspector [data-testid=memory-diagram]');
    await svg.waitFor();
    expect(await svg.getAttribute('data-kind')).toBe('iface');
    const words = await svg
      .locator('[data-testid=iface-value] .word')
      .evaluateAll((ws) => ws.map((w) => [w.getAttribute('data-name'), w.getAttribute('data-to')]));
    expect(words).toEqual([
      ['tab', 'itab:result'],
      ['data', 'dynamic-object'],
    ]);
    expect(
      await svg.locator('[data-testid=operand] .word').evaluateAll((ws) => ws.map((w) => [w.getAttribute('data-name'), w.getAttribute('data-to')])),
    ).toEqual([
      ['tab', 'itab:operand'],
      ['data', 'dynamic-object'],
    ]);
    expect(await svg.locator('[data-testid=itab]').count()).toBe(2);
    for (const width of [1000, 1400]) {
      await page.setViewportSize({ width, height: 1000 });
      await page.locator('.pg-inspector').screenshot({ path: join(shots, `memory-iface-to-iface-${width}.png`) });
    }
    await page.setViewportSize({ width: 1600, height: 1000 });
  });

  it('a traversal attempt is refused, in the page and at the API', async () => {
    await page.goto(`${served.url}#/source?file=${encodeURIComponent('../../../../etc/passwd')}`);
    await page.getByText('outside the module').waitFor();
    await page.screenshot({ path: join(shots, 'traversal.png') });
    for (const [path, status] of [
      ['/api/source?file=../../etc/passwd', 403],
      ['/api/source?file=%2e%2e%2f%2e%2e%2fetc%2fpasswd', 403],
      ['/api/source?file=..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd', 403],
      ['/api/source?file=/etc/passwd', 403],
      ['/api/source?file=..%252f..%252fetc%252fpasswd', 404],
      ['/api/source?file=go.mod', 404],
      ['/api/source?file=padding.go%00.txt', 400],
      ['/api/explain?file=../../etc/passwd&line=1', 403],
      ['/../../../etc/passwd', 404],
      ['/%2e%2e/%2e%2e/%2e%2e/etc/passwd', 404],
      ['/assets/..%2f..%2f..%2fpackage.json', 404],
    ] as const) {
      const r = await raw(served.url, path);
      expect(`${path} ${r.status}`).toBe(`${path} ${status}`);
      expect(r.body).not.toMatch(/root:/);
    }
    expect((await raw(served.url, '/api/source?file=padding.go')).status).toBe(200);
  });
  it('profile view (--profile): sites ranked by measured bytes, with their share', async () => {
    const boxerDir = join(root, 'testdata', 'profiles', 'boxer');
    const tmp = mkdtempSync(join(tmpdir(), 'ifacelens-webprof-'));
    try {
      const b = spawnSync('go', ['build', '-o', join(tmp, 'boxer'), '.'], { cwd: boxerDir, encoding: 'utf8' });
      expect(b.status, b.stderr).toBe(0);
      const prof = join(tmp, 'exact.pb.gz');
      expect(spawnSync(join(tmp, 'boxer'), ['-o', prof]).status).toBe(0);
      const want = JSON.parse(cli(['profile', '--format', 'json', '--profile', prof], boxerDir).stdout);
      const s = await serveOn(boxerDir, ['--profile', prof]);
      try {
        await page.goto(`${s.url}#/profile`);
        await page.waitForSelector('[data-testid=profile-sites] tbody tr');
        const rows = await page.$$eval('[data-testid=profile-sites] tbody tr', (trs) =>
          trs.map((tr) => [
            tr.getAttribute('data-site'),
            tr.querySelector('[data-testid=profile-bytes]')!.textContent!.replace(/,/g, ''),
            tr.querySelector('[data-testid=profile-share]')!.textContent!.trim(),
          ]),
        );
        expect(rows.map((r) => [r[0], r[1]])).toEqual(
          want.sites.map((x: { position: { file: string; line: number }; allocBytes: number }) => [
            `${x.position.file}:${x.position.line}`,
            String(x.allocBytes),
          ]),
        );
        expect(rows[0][2]).toBe(`${Math.round(want.sites[0].share * 100)}%`);
        await page.screenshot({ path: join(shots, 'profile.png') });
      } finally {
        await s.stop();
        rmSync(s.tmp, { recursive: true, force: true });
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!haveChromium && !process.env.CI)('ifacelens serve: files outside the module through symlinks', () => {
  it('refuses a symlinked source file and a symlinked directory that point outside', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'ifacelens-webcopy-'));
    const outside = mkdtempSync(join(tmpdir(), 'ifacelens-outside-'));
    try {
      cpSync(seeds, copy, { recursive: true });
      // a Go file outside the module, linked in: the go command compiles it, the server must not show it
      writeFileSync(join(outside, 'leak.go'), 'package seeds\n\n// secret outside the module\nfunc Leak() {}\n');
      symlinkSync(join(outside, 'leak.go'), join(copy, 'leak.go'));
      symlinkSync('/etc', join(copy, 'etc'));
      const s = await serveOn(copy);
      try {
        for (const [path, status] of [
          ['/api/source?file=leak.go', 403],
          ['/api/source?file=etc/passwd', 403],
          ['/api/source?file=etc%2Fhostname', 403],
          ['/api/source?file=padding.go', 200],
        ] as const) {
          const r = await raw(s.url, path);
          expect(`${path} ${r.status}`).toBe(`${path} ${status}`);
          expect(r.body).not.toMatch(/secret outside|root:/);
        }
      } finally {
        await s.stop();
        rmSync(s.tmp, { recursive: true, force: true });
      }
    } finally {
      rmSync(copy, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

function cli(args: string[], cwd = seeds) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
  return lines[0];
}

describe('ifacelens serve: bad input', () => {
  it('a port in use: one line, exit 2', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const r = cli(['serve', '--port', String(port)]);
      expect(r.code).toBe(2);
      expect(oneLine(r.stderr)).toMatch(new RegExp(`^ifacelens: cannot listen on 127\\.0\\.0\\.1:${port}: the port is in use`));
      expect(r.stdout).toBe('');
    } finally {
      blocker.close();
    }
  });

  it('unknown flags, bad ports and bad patterns: one line, exit 2', () => {
    for (const [args, msg] of [
      [['serve', '--frobnicate'], /unknown option '--frobnicate'/],
      [['serve', '--port', '99999'], /--port wants a port number/],
      [['serve', '--port', 'http'], /--port wants a port number/],
      [['serve', '--port', '0', './nope/...'], /nope/],
      [['serve', '--port', '0', '--goarch', 'vax'], /unknown GOARCH "vax"/],
    ] as const) {
      const r = cli([...args]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(oneLine(r.stderr)).toMatch(msg);
    }
  });
});

describe('ifacelens serve: the API', () => {
  let s: Served;
  beforeAll(async () => {
    s = await serveOn(seeds);
  });
  afterAll(async () => {
    expect(await s.stop()).toBe(130);
    expect(readdirSync(s.tmp)).toEqual([]); // every snippet's temporary module is gone
    rmSync(s.tmp, { recursive: true, force: true });
  });

  const post = (body: string, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
    raw(s.url, '/api/playground', { method: 'POST', body, headers: { 'Content-Length': String(Buffer.byteLength(body)), ...headers } });

  it("listens on loopback only and serves the CLI's JSON", async () => {
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const rep = JSON.parse((await raw(s.url, '/api/report')).body);
    const cliRep = JSON.parse(cli(['analyze', '--format', 'json']).stdout);
    expect(rep).toEqual(cliRep);
    const page = await raw(s.url, '/');
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/<div id="app">/);
    expect(page.body).not.toMatch(/https?:\/\//); // nothing from the network
  });

  it('refuses other Host headers (DNS rebinding), cross-origin posts, wrong methods and bodies', async () => {
    expect((await raw(s.url, '/api/report', { headers: { Host: 'evil.example:80' } })).status).toBe(421);
    expect((await post('{"source":"package p"}', { 'Content-Type': 'application/json', Origin: 'http://evil.example' })).status).toBe(403);
    expect((await post('{"source":"package p"}', { 'Content-Type': 'text/plain' })).status).toBe(415);
    // issue 9: opaque origins, cross-site fetch metadata (an <img> on another site), deep JSON
    expect((await post('{"source":"package p"}', { 'Content-Type': 'application/json', Origin: 'null' })).status).toBe(403);
    expect((await raw(s.url, '/api/report?goarch=386', { headers: { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Dest': 'image' } })).status).toBe(403);
    expect((await raw(s.url, '/api/report', { headers: { 'Sec-Fetch-Site': 'same-site' } })).status).toBe(403);
    expect((await raw(s.url, '/api/report', { headers: { 'Sec-Fetch-Site': 'same-origin' } })).status).toBe(200);
    // a compile error names the file, never the server's temp directory
    const broken = await post(JSON.stringify({ source: 'package p\n\nfunc F() { undefinedThing() }\n' }));
    expect(broken.status).toBe(200);
    expect(broken.body).toMatch(/undefined/);
    expect(broken.body).not.toMatch(/ifacelens-play-|\/tmp\//);
    const deep = await post('['.repeat(100_000) + ']'.repeat(100_000));
    expect(deep.status).toBe(400);
    expect(deep.body).toMatch(/nested too deeply/);
    expect((await post('not json')).status).toBe(400);
    expect((await post('{"source": 42}')).status).toBe(400);
    expect((await post('{"source":"package p","goarch":"vax"}')).status).toBe(400);
    expect((await post(JSON.stringify({ source: 'package p\n//' + 'x'.repeat(70 * 1024) }))).status).toBe(413);
    expect((await post('x'.repeat(300 * 1024))).status).toBe(413);
    expect((await raw(s.url, '/api/playground')).status).toBe(405);
    expect((await raw(s.url, '/api/report', { method: 'DELETE' })).status).toBe(405);
    expect((await raw(s.url, '/api/nothing')).status).toBe(404);
    expect((await raw(s.url, '/api/explain?file=padding.go&line=abc')).status).toBe(400);
    expect((await raw(s.url, '/api/asm?function=nope')).status).toBe(404);
    expect((await raw(s.url, '/api/report?goarch=vax')).status).toBe(400);
    expect((await raw(s.url, '/api/profile')).status).toBe(404);
    expect((await raw(s.url, '/api/meta')).status).toBe(200);
  });

  it('analyses concurrent snippets, each with its own result; a bad one breaks nothing', async () => {
    const snippets: [string, string, number][] = [
      ['int64', 'runtime.convT64', 8],
      ['string', 'runtime.convTstring', 16],
      ['[]byte', 'runtime.convTslice', 24],
      ['[3]int64', 'runtime.convTnoptr', 24],
      ['struct{ a, b int64 }', 'runtime.convTnoptr', 16],
    ];
    const bodies = snippets.map(([t]) => JSON.stringify({ source: `package p\n\nvar Sink any\n\nfunc Box(v ${t}) { Sink = v }\n` }));
    bodies.push(JSON.stringify({ source: 'package p\n\nfunc Bad() { undefined() }\n' }));
    const rs = await Promise.all([...bodies.map((b) => post(b)), raw(s.url, '/api/report'), raw(s.url, '/api/source?file=boxing.go')]);
    for (const [i, [t, call, bytes]] of snippets.entries()) {
      expect(rs[i].status).toBe(200);
      const r = JSON.parse(rs[i].body);
      expect(r.ok, t).toBe(true);
      const site = r.report.sites.find((x: { function: string }) => x.function === 'main.Box');
      expect([t, site.runtimeCall, site.bytesPerOp]).toEqual([t, call, bytes]);
      expect(r.asm.find((a: { function: string }) => a.function === 'main.Box').lines.some((l: { call?: string }) => l.call === call)).toBe(true);
      expect(r.explanations.length).toBeGreaterThan(0);
    }
    const bad = JSON.parse(rs[snippets.length].body);
    expect(bad.ok).toBe(false);
    expect(bad.errors[0]).toMatchObject({ line: 3 });
    expect(bad.errors[0].message).toMatch(/undefined: undefined/);
    expect(rs[snippets.length + 1].status).toBe(200);
    expect(rs[snippets.length + 2].status).toBe(200);
    // the same snippet again comes from the cache
    const again = JSON.parse((await post(bodies[0])).body);
    expect(again.cached).toBe(true);
    expect(again.report.sites[0].runtimeCall).toBe('runtime.convT64');
    // a snippet's own struct: its type descriptor and layout are drawn, main package or not
    for (const pkg of ['main', 'p']) {
      const own = JSON.parse(
        (
          await post(
            JSON.stringify({
              source: `package ${pkg}\n\nvar Sink any\n\ntype P struct {\n\tA bool\n\tB int64\n}\n\nfunc Box(v P) { Sink = v }\n${pkg === 'main' ? '\nfunc main() {}\n' : ''}`,
            }),
          )
        ).body,
      );
      const ex = own.explanations.find((e: { site: { function: string } }) => e.site.function === 'main.Box');
      expect(ex.typeDescriptor, pkg).toMatchObject({ size: 16, ptrBytes: 0 });
      expect(ex.object.layout.fields.map((f: { name: string; offset: number }) => [f.name, f.offset])).toEqual([
        ['A', 0],
        ['B', 8],
      ]);
      expect(own.layouts.map((l: { name: string }) => l.name)).toEqual(['main.P']);
    }
    // another GOARCH: sizes and code of that target
    const arm = JSON.parse((await post(JSON.stringify({ source: 'package p\n\nvar Sink any\n\nfunc Box(v string) { Sink = v }\n', goarch: '386' }))).body);
    expect(arm.goarch).toBe('386');
    expect(arm.report.sites[0]).toMatchObject({ runtimeCall: 'runtime.convTstring', bytesPerOp: 8 });
  });
});

describe('playground worker limits', () => {
  let dir: string;
  let log: string;
  let Playground: new (o: Record<string, unknown>) => { analyze(b: unknown): Promise<{ ok: boolean; errors: { message: string }[] }>; live: Set<string> };
  beforeAll(async () => {
    ({ Playground } = (await import('../dist/web/playground.js')) as unknown as { Playground: typeof Playground });
    dir = mkdtempSync(join(tmpdir(), 'ifacelens-fakeworkers-'));
    log = join(dir, 'dirs.log');
    process.env.IFACELENS_FAKE_LOG = log;
    const rec = `require('node:fs').appendFileSync(process.env.IFACELENS_FAKE_LOG, process.argv[2] + '\\n');`;
    writeFileSync(join(dir, 'hang.cjs'), `${rec}\nprocess.on('SIGTERM', () => {});\nsetInterval(() => {}, 1000);\n`);
    writeFileSync(join(dir, 'crash.cjs'), `${rec}\nprocess.stderr.write('boom\\n');\nprocess.exit(3);\n`);
    writeFileSync(
      join(dir, 'flood.cjs'),
      `${rec}\nconst b = Buffer.alloc(1 << 20, 120);\n(function w() { while (process.stdout.write(b)); process.stdout.once('drain', w); })();\n`,
    );
    writeFileSync(join(dir, 'oom.cjs'), `${rec}\nconst a = []; for (;;) a.push(new Array(1e6).fill(1));\n`);
  });
  afterAll(() => {
    delete process.env.IFACELENS_FAKE_LOG;
    rmSync(dir, { recursive: true, force: true });
  });

  const make = (worker: string, extra: Record<string, unknown> = {}) =>
    new Playground({ goVersion: 'go1.26.0', defaultGoarch: 'amd64', goarches: ['amd64'], workerPath: join(dir, worker), ...extra });

  it('stops a worker that runs too long (even one that ignores SIGTERM) and removes its temp dir', async () => {
    const pg = make('hang.cjs', { timeoutMs: 500 });
    const t0 = Date.now();
    const r = await pg.analyze({ source: 'package p\n' });
    expect(r.ok).toBe(false);
    expect(r.errors[0].message).toMatch(/took longer than 1 s and was stopped/);
    expect(Date.now() - t0).toBeLessThan(5000);
    const dirs = readFileSync(log, 'utf8').trim().split('\n');
    expect(existsSync(dirs[dirs.length - 1])).toBe(false);
    expect(pg.live.size).toBe(0);
  });

  it('reports a crashing worker, a flood of output and running out of memory, and goes on', async () => {
    const crash = await make('crash.cjs').analyze({ source: 'package p\n' });
    expect(crash.errors[0].message).toMatch(/the analysis failed \(exit 3\): boom/);
    const flood = await make('flood.cjs', { maxOutputBytes: 1 << 20 }).analyze({ source: 'package p\n' });
    expect(flood.errors[0].message).toMatch(/wrote more than 1 MiB and was stopped/);
    const oom = await make('oom.cjs', { memoryMiB: 2048 }).analyze({ source: 'package p\n' });
    expect(oom.ok).toBe(false);
    expect(oom.errors[0].message).toMatch(/out of memory|failed/);
    for (const d of readFileSync(log, 'utf8').trim().split('\n')) expect(existsSync(d)).toBe(false);
  });

  it('refuses more waiting snippets than it queues', async () => {
    const pg = make('hang.cjs', { timeoutMs: 300, maxPending: 2 });
    const runs = [0, 1, 2, 3].map((i) =>
      pg.analyze({ source: `package p // ${i}\n` }).then(
        () => 'ran',
        (e: Error & { status?: number }) => e.status,
      ),
    );
    expect(await Promise.all(runs)).toContain(429);
  });
});
