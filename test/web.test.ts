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
import { tempModule } from './module.js';

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

/** Every row of a paged overview table (`testid`), page by page from the first, as `read` maps them in the browser. */
async function allRows<T>(page: Page, testid: string, read: (trs: Element[]) => T[]): Promise<T[]> {
  const first = page.locator(`[data-testid=${testid}-pager] button[aria-label="first page"]`);
  if ((await first.count()) && (await first.isEnabled())) await first.click();
  const out: T[] = [];
  for (;;) {
    out.push(...(await page.$$eval(`[data-testid=${testid}] tbody tr:not(.group-row)`, read)));
    const next = page.locator(`[data-testid=${testid}-pager-next]`);
    if (!(await next.count()) || !(await next.isEnabled())) return out;
    await next.click();
  }
}

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
    await page.waitForSelector('[data-testid=functions] tbody tr[data-function]');
    expect(await page.textContent('[data-testid=stat-sites]')).toBe(String(json.stats.sites));
    expect(await page.textContent('[data-testid=stat-allocating]')).toBe(String(json.stats.allocatingSites));
    const total = json.functions.reduce((n, f) => n + (f.bytesPerCall ?? 0), 0);
    expect(await page.textContent('[data-testid=stat-bytes]')).toBe(`${total} B`);
    const rows = await page.$$eval('[data-testid=functions] tbody tr[data-function]', (trs) =>
      trs.map((tr) => ({
        function: tr.getAttribute('data-function'),
        bytes: tr.querySelector('[data-testid=fn-bytes]')!.textContent,
        allocs: tr.querySelector('[data-testid=fn-allocs]')!.textContent,
      })),
    );
    const shown = json.functions.filter((f) => f.sites > 0 || f.bytesPerCall !== 0);
    // analyze's order (most bytes per call first), the costs not known statically after the known ones
    const want = [...shown.filter((f) => f.bytesPerCall !== null), ...shown.filter((f) => f.bytesPerCall === null)];
    expect(want.some((f) => f.bytesPerCall === null)).toBe(true); // TypedNil: allocates on one path only
    expect(rows.map((r) => r.function)).toEqual(want.map((f) => f.function));
    for (const f of want) {
      const r = rows.find((x) => x.function === f.function)!;
      expect(r.bytes).toBe(f.bytesPerCall === null ? '?' : String(f.bytesPerCall));
      expect(r.allocs).toBe(f.allocsPerCall === null ? '?' : String(f.allocsPerCall));
    }
    // and says why it is not known
    expect(norm(await page.textContent('[data-function="example.com/seeds.TypedNil"] [data-testid=fn-why]'))).toMatch(/executed conditionally/);
    // allocating sites first, over pages of 25
    const siteRows = await allRows(page, 'sites', (trs) => trs.map((tr) => tr.className));
    expect(siteRows.length).toBe(json.sites.length);
    const firstFree = siteRows.findIndex((c) => !c.includes('sev-alloc'));
    expect(siteRows.slice(firstFree).some((c) => c.includes('sev-alloc'))).toBe(false);
    expect(firstFree).toBe(json.stats.allocatingSites);
    await page.screenshot({ path: join(shots, 'overview.png') });

    await page.fill('[data-testid=filter]', 'Padded');
    const filtered = await page.$$eval('[data-testid=functions] tbody tr[data-function]', (trs) => trs.map((tr) => tr.getAttribute('data-function')));
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
    expect(norm(await page.textContent('.fn-lens[data-line="20"] [data-testid=fn-total]'))).toBe('24 B/call');
    // and the line's own cost in the gutter
    expect(norm(await page.textContent('.src-line[data-line="20"] [data-testid=line-cost]'))).toBe('24 B');

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
    await page.fill('.layout-view input[type=search]', 'NoSuchField');
    expect(norm(await page.textContent('[data-testid=layout-empty]'))).toBe('No struct type or field matches “NoSuchField”.');
    await page.fill('.layout-view input[type=search]', '');
  });

  it('GOARCH: the header re-analyses for another architecture (386: Padded is 16 bytes)', async () => {
    await page.goto(`${served.url}#/source?file=padding.go&line=20&col=35&fn=example.com/seeds.BoxPadded`);
    await page.locator('[data-testid=object][data-size="24"]').waitFor();
    await page.selectOption('[data-testid=goarch]', '386');
    // the GOARCH is in the URL, with the rest of the route
    expect(page.url()).toMatch(/#\/source\?.*file=padding\.go.*goarch=386/);
    const badge = page.locator('.src-line[data-line="20"] [data-testid=site-badge]');
    await expect.poll(async () => norm(await badge.textContent()), { timeout: 60_000 }).toBe('16 B · 1 alloc · runtime.convTnoptr');
    // and survives a reload
    await page.reload();
    await expect.poll(async () => norm(await badge.textContent()), { timeout: 60_000 }).toBe('16 B · 1 alloc · runtime.convTnoptr');
    expect(await page.inputValue('[data-testid=goarch]')).toBe('386');
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
    // The natural first snippet: a main package without func main is analysed as a package.
    await page.click('[data-testid=editor] .cm-content');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type('package main\n\nvar Sink any\n\nfunc F(n int) { Sink = n }\n');
    const f = page.locator('[data-testid=playground-site]', { hasText: 'main.go:5:' });
    await f.waitFor({ timeout: 60_000 });
    expect(norm(await f.locator('[data-testid=site-badge]').textContent())).toBe('8 B · 1 alloc · runtime.convT64');
    await page.locator('[data-testid=playground-status].done').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-testid=playground-errors]').count()).toBe(0);
    // only the snippet's own code: no func main shown
    expect(await page.$$eval('[data-testid=playground-asm-function] option', (os) => os.map((o) => o.textContent))).toEqual(['F']);
    await page.locator('[data-testid=playground-asm] .asm-row.hit').waitFor();
    for (const width of [1000, 1400]) {
      await page.setViewportSize({ width, height: 1000 });
      await page.screenshot({ path: join(shots, `playground-first-snippet-${width}.png`) });
    }
    await page.setViewportSize({ width: 1600, height: 1000 });

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

  /**
   * Issue 11, on a module shaped like a real one: long lines with several sites each, a site
   * inlined into another function, 43 functions (pages), 5 whose cost is not known statically.
   */
  describe('a wider module: the source view keeps the code readable, the overview pages and says why', () => {
    let wide: Served;
    let dir: string;
    let wjson: { functions: Fn[]; sites: Site[] };

    beforeAll(async () => {
      dir = tempModule({ 'wide.go': wideSource() }, 'ifacelens-wide-', 'module example.com/wide\n\ngo 1.25\n');
      const a = spawnSync(process.execPath, [bin, 'analyze', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
      expect(a.status, a.stderr).toBe(0);
      wjson = JSON.parse(a.stdout);
      wide = await serveOn(dir);
    });
    afterAll(async () => {
      await page.setViewportSize({ width: 1600, height: 1000 });
      await wide?.stop();
      expect(readdirSync(wide.tmp)).toEqual([]);
      rmSync(wide.tmp, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    });

    /** In the browser: badges that overlap their line's code text or its gutter, and code outside the pane. */
    const layoutProblems = () =>
      page.evaluate(() => {
        const box = document.querySelector<HTMLElement>('[data-testid=source]')!;
        const pane = box.getBoundingClientRect();
        const wrapping = box.classList.contains('wrap');
        const hit = (a: DOMRect, b: DOMRect) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
        const problems: string[] = [];
        let badges = 0;
        for (const line of box.querySelectorAll<HTMLElement>('.src-line')) {
          const n = line.dataset.line;
          // the boxes of the code's characters (runs of non-blanks: blanks at a wrap hang past the edge, unseen)
          const text: DOMRect[] = [];
          const walk = document.createTreeWalker(line.querySelector('.code-text')!, NodeFilter.SHOW_TEXT);
          for (let t = walk.nextNode(); t; t = walk.nextNode()) {
            for (const m of (t.textContent ?? '').matchAll(/\S+/g)) {
              const range = document.createRange();
              range.setStart(t, m.index);
              range.setEnd(t, m.index + m[0].length);
              text.push(...[...range.getClientRects()].filter((r) => r.width > 0));
            }
          }
          const gutter = line.querySelector('.gutter')!.getBoundingClientRect();
          for (const b of line.querySelectorAll('.badge')) {
            badges++;
            const r = b.getBoundingClientRect();
            if (text.some((t) => hit(r, t))) problems.push(`line ${n}: a badge covers the code`);
            if (hit(r, gutter)) problems.push(`line ${n}: a badge covers the line number`);
          }
          if (wrapping && text.some((t) => t.right > pane.right + 0.5 || t.left < gutter.right - 0.5)) problems.push(`line ${n}: code outside the pane`);
        }
        return { problems, badges };
      });

    /** In the browser: the selected line, whether it is in the pane's view and its code's start is visible. */
    const selectedInView = () =>
      page.evaluate(() => {
        const box = document.querySelector<HTMLElement>('[data-testid=source]')!;
        const sel = box.querySelector<HTMLElement>('.src-line.sel');
        if (!sel) return { line: null, inView: false, startVisible: false };
        const b = box.getBoundingClientRect();
        const r = sel.getBoundingClientRect();
        const gutter = sel.querySelector('.gutter')!.getBoundingClientRect();
        const range = document.createRange();
        range.selectNodeContents(sel.querySelector('.code-text')!);
        const first = [...range.getClientRects()].find((x) => x.width > 0);
        return {
          line: sel.dataset.line ?? null,
          inView: r.top >= b.top - 0.5 && r.bottom <= b.bottom + 0.5,
          startVisible: !!first && first.left >= gutter.right - 1 && first.left < b.right,
        };
      });

    it('source view at 1000 and 1400 px: each line has its cost in the gutter and its badges after its code, never over it', async () => {
      for (const width of [1000, 1400]) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${wide.url}#/source?file=wide.go&line=17&fn=example.com/wide.Log`);
        await page.waitForSelector('[data-testid=source] .src-line[data-line="17"] [data-testid=site-badge]');
        await page.locator('[data-testid=asm] .asm-row').first().waitFor();
        const { problems, badges } = await layoutProblems();
        expect(badges).toBe(wjson.sites.length);
        expect(problems).toEqual([]);
        // the source gets the room: most of the width
        const w = await page.locator('.code-pane').evaluate((e) => e.getBoundingClientRect().width);
        expect(w / width).toBeGreaterThan(0.5);
        // the long lines' costs: 3 sites on line 15, the Println's on 17 (each site once, however many copies)
        expect(norm(await page.textContent('.src-line[data-line="15"] [data-testid=line-cost]'))).toBe('48 B');
        expect(norm(await page.textContent('.src-line[data-line="21"] [data-testid=line-cost]'))).toBe('8 B');
        expect(await page.locator('.src-line[data-line="21"] [data-testid=site-badge]').count()).toBe(3); // helper's own, inlined twice into Twice
        expect(norm(await page.textContent('.fn-lens[data-line="14"]'))).toMatch(/Log \? B\/call · \? allocs — wide\.go:17: executed conditionally/);
        await page.screenshot({ path: join(shots, `source-wide-${width}.png`) });
        // without wrapping, the line scrolls sideways and the badges still follow the code
        await page.uncheck('[data-testid=wrap]');
        expect((await layoutProblems()).problems).toEqual([]);
        await page.screenshot({ path: join(shots, `source-wide-nowrap-${width}.png`) });
        await page.check('[data-testid=wrap]');
      }
    });

    it('keeps the selected line in view: from the machine code, scrolled sideways, after a resize of the panes', async () => {
      await page.setViewportSize({ width: 1000, height: 800 });
      await page.goto(`${wide.url}#/source?file=wide.go&line=341&fn=example.com/wide.Maybe3`);
      await page.waitForSelector('[data-testid=asm][data-function="example.com/wide.Maybe3"] .asm-row');
      expect(await selectedInView()).toEqual({ line: '341', inView: true, startVisible: true });
      await page.uncheck('[data-testid=wrap]');
      for (const line of ['342', '344', '345']) {
        // the source scrolled away, up and sideways
        await page.$eval('[data-testid=source]', (b) => {
          b.scrollTop = 0;
          b.scrollLeft = 10_000;
        });
        await page.locator(`[data-testid=asm] .asm-row[data-line="${line}"]`).first().click();
        await expect.poll(selectedInView).toEqual({ line, inView: true, startVisible: true });
      }
      await page.check('[data-testid=wrap]');
      // the panes resize (drag, keys); the selected line stays in view and the size is kept
      const split = page.locator('[data-testid=split-source]');
      const before = Number(await split.getAttribute('aria-valuenow'));
      const box = (await split.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + 200);
      await page.mouse.down();
      await page.mouse.move(box.x - 250, box.y + 200, { steps: 5 });
      await page.mouse.up();
      const dragged = Number(await split.getAttribute('aria-valuenow'));
      expect(dragged).toBeLessThan(before - 15);
      await expect.poll(selectedInView).toEqual({ line: '345', inView: true, startVisible: true });
      await split.focus();
      await page.keyboard.press('ArrowRight');
      expect(Number(await split.getAttribute('aria-valuenow'))).toBe(dragged + 2);
      await page.reload();
      await page.waitForSelector('[data-testid=source] .src-line');
      expect(Number(await page.getAttribute('[data-testid=split-source]', 'aria-valuenow'))).toBe(dragged + 2);
      await page.screenshot({ path: join(shots, 'source-resized-1000.png') });
      await page.locator('[data-testid=split-source]').dblclick(); // back to the default
    });

    it('keyboard: lines, site badges and machine-code rows are buttons; arrows move, Enter selects', async () => {
      await page.setViewportSize({ width: 1400, height: 900 });
      await page.goto(`${wide.url}#/source?file=wide.go&line=24&fn=example.com/wide.Twice`);
      await page.waitForSelector('[data-testid=asm][data-function="example.com/wide.Twice"] .asm-row');
      // one tab stop in the code: the selected line's button
      expect(
        await page.$$eval('.src-line .gutter[tabindex="0"]', (bs) => bs.map((b) => [b.tagName, b.closest('.src-line')!.getAttribute('data-line')])),
      ).toEqual([['BUTTON', '24']]);
      await page.focus('.src-line[data-line="24"] .gutter');
      await page.keyboard.press('ArrowUp');
      const focused = () =>
        page.evaluate(() => [document.activeElement?.closest('.src-line')?.getAttribute('data-line'), document.activeElement?.getAttribute('data-testid')]);
      expect(await focused()).toEqual(['23', 'line-button']);
      expect(await page.$$eval('.src-line.sel', (ls) => ls.map((l) => l.getAttribute('data-line')))).toEqual(['23']);
      // n: the next line with sites; Tab: its badges; Enter: that site in the inspector
      const next = String(Math.min(...wjson.sites.map((x) => x.position.line).filter((l) => l > 23)));
      await page.keyboard.press('n');
      expect(await focused()).toEqual([next, 'line-button']);
      await page.keyboard.press('Tab');
      expect(await focused()).toEqual([next, 'site-badge']);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.url()).toMatch(new RegExp(`line=${next}&col=\\d+`));
      await page.locator('[data-testid=inspector] [data-testid=reason]').waitFor();
      // the machine code: rows are buttons, one tab stop; arrows move, Enter selects the row's line
      expect(await page.$$eval('[data-testid=asm] .asm-row', (rs) => new Set(rs.map((r) => r.tagName)).size === 1 && rs[0].tagName)).toBe('BUTTON');
      await page.focus('[data-testid=asm] .asm-row[tabindex="0"]');
      let row = await page.evaluate(() => document.activeElement!.getAttribute('data-line'));
      for (let i = 0; i < 40 && row === next; i++) {
        await page.keyboard.press('ArrowDown');
        row = await page.evaluate(() => document.activeElement!.getAttribute('data-line'));
      }
      expect(row).not.toBe(next);
      await page.keyboard.press('Enter');
      expect(await page.$$eval('.src-line.sel', (ls) => ls.map((l) => l.getAttribute('data-line')))).toEqual([row]);
      expect(await selectedInView()).toMatchObject({ line: row, inView: true });
    });

    it('overview: known costs first, unknown after with why, in pages; a runtime call filters functions; no match says so', async () => {
      await page.setViewportSize({ width: 1400, height: 900 });
      await page.goto(`${wide.url}#/overview`);
      await page.waitForSelector('[data-testid=functions] tbody tr[data-function]');
      const shown = wjson.functions.filter((f) => f.sites > 0 || f.bytesPerCall !== 0);
      const want = [...shown.filter((f) => f.bytesPerCall !== null), ...shown.filter((f) => f.bytesPerCall === null)];
      expect(want.filter((f) => f.bytesPerCall === null).length).toBe(5);
      expect(norm(await page.textContent('[data-testid=functions-pager-where]'))).toBe(`1–25 of ${want.length} functions · page 1 of 2`);
      // the page is short: one page of functions, one of sites
      const height = await page.$eval('main', (m) => m.scrollHeight);
      console.log(`overview of ${want.length} functions and ${wjson.sites.length} sites: ${height} px high`);
      expect(height).toBeLessThan(2600);
      for (const width of [1000, 1400]) {
        await page.setViewportSize({ width, height: 900 });
        await page.screenshot({ path: join(shots, `overview-wide-${width}.png`) });
      }
      const rows = await allRows(page, 'functions', (trs) =>
        trs.map((tr) => [
          tr.getAttribute('data-function'),
          tr.querySelector('[data-testid=fn-bytes]')!.textContent,
          tr.querySelector('[data-testid=fn-why]')?.textContent ?? '',
        ]),
      );
      expect(rows.map((r) => r[0])).toEqual(want.map((f) => f.function));
      for (const [fn, bytesText, why] of rows) {
        const f = want.find((x) => x.function === fn)!;
        expect(bytesText).toBe(f.bytesPerCall === null ? '?' : String(f.bytesPerCall));
        if (f.bytesPerCall === null) expect(why).toMatch(/executed conditionally/);
      }
      const sites = await allRows(page, 'sites', (trs) => trs.map((tr) => tr.className));
      expect(sites.length).toBe(wjson.sites.length);
      const rank = (c: string) => (c.includes('sev-alloc') ? 0 : c.includes('sev-free') ? 1 : 2);
      expect(sites.map(rank)).toEqual([...sites.map(rank)].sort());

      // a runtime call finds the functions whose sites make it
      await page.fill('[data-testid=filter]', 'runtime.convTslice');
      const byCall = await page.$$eval('[data-testid=functions] tbody tr[data-function]', (trs) => trs.map((tr) => tr.getAttribute('data-function')));
      const withCall = new Set(wjson.sites.filter((x) => x.runtimeCall === 'runtime.convTslice').map((x) => x.function));
      expect(new Set(byCall)).toEqual(new Set([...withCall].filter((fn) => shown.some((f) => f.function === fn))));
      expect(byCall.length).toBeGreaterThan(0);
      // nothing matches: each table says so; the filter is in the URL and survives a reload
      await page.fill('[data-testid=filter]', 'nothing-is-called-this');
      for (const t of ['functions', 'packages', 'sites']) {
        expect(norm(await page.textContent(`[data-testid=${t}-empty]`))).toMatch(/^No \w+ matches “nothing-is-called-this”\. Clear the filter$/);
      }
      expect(page.url()).toMatch(/[?&]q=nothing-is-called-this/);
      await page.reload();
      await page.waitForSelector('[data-testid=functions-empty]');
      expect(await page.inputValue('[data-testid=filter]')).toBe('nothing-is-called-this');
      await page.screenshot({ path: join(shots, 'overview-no-match.png') });
      await page.click('[data-testid=functions-empty] button');
      await page.waitForSelector('[data-testid=functions] tbody tr[data-function]');
    });

    it('GOARCH: the analysis in progress instead of the old figures; in the URL; one GOARCH for the playground; 429 said', async () => {
      await page.setViewportSize({ width: 1000, height: 800 });
      await page.goto(`${wide.url}#/overview`);
      await page.waitForSelector('[data-testid=stat-sites]');
      await expect.poll(() => page.url()).toMatch(/goarch=amd64/);
      // hold 386's answer back for a moment, as a real module's build takes seconds
      const slow = /\/api\/report\?goarch=386$/;
      await page.route(slow, async (r) => {
        await new Promise((res) => setTimeout(res, 1500));
        await r.continue();
      });
      await page.selectOption('[data-testid=goarch]', '386');
      await page.waitForSelector('[data-testid=analysis-progress][data-goarch="386"]');
      expect(await page.locator('[data-testid=stat-sites]').count()).toBe(0); // not amd64's figures meanwhile
      expect(page.url()).toMatch(/goarch=386/);
      await page.screenshot({ path: join(shots, 'goarch-progress-1000.png') });
      await page.waitForSelector('[data-testid=stat-sites]', { timeout: 60_000 });
      expect(norm(await page.textContent('[data-testid=report-target]'))).toMatch(/linux\/386$/);
      await page.unroute(slow);
      await page.reload();
      await page.waitForSelector('[data-testid=stat-sites]', { timeout: 60_000 });
      expect(norm(await page.textContent('[data-testid=report-target]'))).toMatch(/linux\/386$/);
      // the playground's GOARCH is the page's
      await page.click('[data-testid=nav-playground]');
      await page.waitForSelector('[data-testid=playground-goarch]');
      expect(await page.inputValue('[data-testid=playground-goarch]')).toBe('386');
      await page.selectOption('[data-testid=playground-goarch]', 'amd64');
      expect(await page.inputValue('[data-testid=goarch]')).toBe('amd64');
      expect(page.url()).toMatch(/#\/playground\?goarch=amd64/);
      // a refusal (the server's 429 when too many analyses wait) is said, with a way on
      const refused = /\/api\/report\?goarch=arm64$/;
      await page.route(refused, (r) =>
        r.fulfill({
          status: 429,
          contentType: 'application/json',
          body: JSON.stringify({ error: 'the server is busy: 2 analyses for other GOARCHes are already waiting behind the one running' }),
        }),
      );
      await page.goto(`${wide.url}#/overview?goarch=arm64`);
      const busy = page.locator('[data-testid=analysis-busy]');
      await busy.waitFor();
      expect(norm(await busy.textContent())).toMatch(/The server is busy: arm64 was not started.*2 analyses for other GOARCHes are already waiting/);
      await page.screenshot({ path: join(shots, 'goarch-busy-1000.png') });
      await page.unroute(refused);
      await page.click('[data-testid=analysis-retry]');
      await page.waitForSelector('[data-testid=stat-sites]', { timeout: 120_000 });
      expect(norm(await page.textContent('[data-testid=report-target]'))).toMatch(/linux\/arm64$/);
      // a GOARCH the server does not offer is said, and the default shown
      await page.goto(`${wide.url}#/overview?goarch=vax`);
      await page.waitForSelector('[data-testid=goarch-refused]');
      expect(await page.inputValue('[data-testid=goarch]')).toBe('amd64');
    });
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
    // what each GOARCH's analysis is doing (the page's progress display)
    const status = JSON.parse((await raw(s.url, '/api/status')).body);
    expect(status).toMatchObject({ defaultGoarch: 'amd64', maxWaiting: 2 });
    expect(status.analyses.find((a: { goarch: string }) => a.goarch === 'amd64')).toMatchObject({ state: 'done' });
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
    // a main package without func main (the natural first snippet) is analysed as a package: the func
    // main supplied for it is not shown, and main.go's positions are the snippet's
    const first = JSON.parse((await post(JSON.stringify({ source: 'package main\n\nvar Sink any\n\nfunc F(n int) { Sink = n }\n' }))).body);
    expect(first.ok, JSON.stringify(first.errors)).toBe(true);
    expect(first.report.sites.map((x: Site) => [x.function, x.position.line, x.position.column, x.runtimeCall])).toEqual([
      ['main.F', 5, 24, 'runtime.convT64'],
    ]);
    expect(first.asm.map((a: { function: string }) => a.function)).toEqual(['main.F']);
    expect(first.report.functions.map((x: Fn) => x.function)).toEqual(['main.F']);
    expect(JSON.stringify(first)).not.toMatch(/zz_ifacelens_main/);
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

/**
 * A module shaped like a real one for the source view and the overview: a line boxing three values,
 * a long line of fmt.Println arguments, a site inlined twice, 36 functions with one site each, and
 * 4 (with Log, 5) whose cost per call is not known statically (they box on one path only).
 */
function wideSource(): string {
  const lines = [
    'package wide',
    '',
    'import "fmt"',
    '',
    'var Sink, Sink2, Sink3 any',
    '',
    'type Event struct {',
    '\tName    string',
    '\tLevel   int64',
    '\tPayload []byte',
    '}',
    '',
    '// Log boxes three values on one long line, and prints on another: the badges follow the code.',
    'func Log(e Event, verbose bool) {',
    '\tSink, Sink2, Sink3 = e.Name, e.Level, e.Payload',
    '\tif verbose {',
    '\t\tfmt.Println("event", e.Name, "at level", e.Level, "with a payload of", len(e.Payload), "bytes, on a line longer than any pane is wide")',
    '\t}',
    '}',
    '',
    'func helper(n int64) { Sink = n }',
    '',
    '// Twice inlines helper twice: the same site runs in two functions.',
    'func Twice(a, b int64) { helper(a); helper(b) }',
    '',
  ];
  const types = ['int64', 'string', '[3]int64', 'Event', 'float64', '[]byte'];
  for (let i = 0; i < 36; i++) {
    const t = types[i % types.length];
    const n = String(i).padStart(2, '0');
    lines.push(`// F${n} boxes a ${t}.`, `func F${n}(v ${t}, n int) {`, '\tfor i := 0; i < n; i++ {', '\t\t_ = i', '\t}', '\tSink = v', '}', '');
  }
  for (let i = 0; i < 4; i++) {
    lines.push(
      `// Maybe${i} boxes on one path only: its cost per call is not known statically.`,
      `func Maybe${i}(p *Event, ok bool) any {`,
      '\tif ok {',
      '\t\tq := &Event{Name: "x"}',
      '\t\treturn q',
      '\t}',
      '\treturn nil',
      '}',
      '',
    );
  }
  return lines.join('\n');
}
