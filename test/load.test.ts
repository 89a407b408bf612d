// Issue 9's load test: 50 concurrent playground snippets and 50 concurrent report requests (some
// for other GOARCHes, each a full build) against `ifacelens serve` on loopback. Every request is
// answered or refused with 429; the server's memory stays bounded; no temp file is left behind.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');
const bin = join(root, 'bin', 'ifacelens.js');
const seeds = join(root, 'examples', 'seeds');

function call(url: string, path: string, body?: string): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((res, rej) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path,
        method: body === undefined ? 'GET' : 'POST',
        headers: body === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) },
      },
      (r) => {
        let b = '';
        r.setEncoding('utf8')
          .on('data', (d: string) => {
            b += d;
          })
          .on('end', () => res({ status: r.statusCode ?? 0, body: b }));
      },
    );
    req.on('error', rej);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** Peak resident memory of a process, from /proc (kB → bytes). */
function peakRss(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

describe('ifacelens serve under load', () => {
  it('answers or refuses (429) 50 concurrent snippets and 50 concurrent report requests, bounded, leaving nothing', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'ifacelens-load-'));
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '-q'], {
      cwd: seeds,
      env: { ...process.env, TMPDIR: tmp },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      err += d;
    });
    const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    try {
      const url = await new Promise<string>((res, rej) => {
        let out = '';
        child.stdout!.setEncoding('utf8').on('data', (d: string) => {
          out += d;
          const m = /^(http:\S+)\n/m.exec(out);
          if (m) res(m[1]);
        });
        child.on('exit', (c) => rej(new Error(`serve exited ${c}: ${err}`)));
      });
      const t0 = Date.now();
      const snippets = Array.from({ length: 50 }, (_, i) =>
        call(url, '/api/playground', JSON.stringify({ source: `package p\n\nvar Sink any\n\nfunc Box${i}(v [${i + 1}]int64) { Sink = v }\n` })),
      );
      const goarches = ['', '', '', '', 'arm64', '386', 'arm', 'riscv64', 's390x', 'ppc64le'];
      const reports = Array.from({ length: 50 }, (_, i) => call(url, `/api/report${goarches[i % 10] ? `?goarch=${goarches[i % 10]}` : ''}`));
      const rs = await Promise.all([...snippets, ...reports]);
      const ms = Date.now() - t0;
      const count = (from: number, to: number, status: number) => rs.slice(from, to).filter((r) => r.status === status).length;
      for (const r of rs) {
        expect([200, 429], r.body.slice(0, 200)).toContain(r.status);
        expect(() => JSON.parse(r.body)).not.toThrow();
      }
      const snippetOk = count(0, 50, 200);
      const reportOk = count(50, 100, 200);
      console.log(
        `load: ${snippetOk}/50 snippets answered (${50 - snippetOk} refused with 429), ${reportOk}/50 reports answered, in ${ms} ms; peak RSS of serve ${(peakRss(child.pid!) / (1 << 20)).toFixed(0)} MiB`,
      );
      expect(snippetOk).toBeGreaterThan(0);
      // every report of the default GOARCH is answered; those for other GOARCHes queue or are refused
      expect(
        rs
          .slice(50)
          .filter((_, i) => goarches[i % 10] === '')
          .every((r) => r.status === 200),
      ).toBe(true);
      for (const [i, r] of rs.slice(0, 50).entries()) {
        if (r.status !== 200) continue;
        const site = JSON.parse(r.body).report.sites.find((s: { function: string }) => s.function === `main.Box${i}`);
        // each answer is its own snippet's: Box<i> boxes an array of i+1 int64s (rounded up to a size class)
        expect(site, `snippet ${i}`).toMatchObject({ allocates: true, runtimeCall: i === 0 ? 'runtime.convT64' : 'runtime.convTnoptr' });
        expect(site.bytesPerOp).toBeGreaterThanOrEqual(8 * (i + 1));
        expect(site.bytesPerOp).toBeLessThan(8 * (i + 1) * 1.25 + 16);
      }
      // bounded: the page's analyses and the snippets' results, not one copy per request
      expect(peakRss(child.pid!)).toBeLessThan(1536 << 20);
    } finally {
      child.kill('SIGINT');
      await exited;
    }
    expect(readdirSync(tmp)).toEqual([]);
    rmSync(tmp, { recursive: true, force: true });
  });
});
