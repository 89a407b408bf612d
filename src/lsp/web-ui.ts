// "Open in the web UI": one `ifacelens serve` per package, started on first use on loopback and a
// free port, reused after, and stopped with the language server. The page's URL selects a file
// and line (`#/source?file=…&line=…`, web/src/route.ts).
import { run } from '../toolchain/go-command.js';

/** How to run ifacelens itself: the node binary and the CLI script (or one executable). */
export type SelfCommand = string[];

interface Running {
  /** the page's base URL once serve listens (it has analysed the package) */
  url: Promise<string>;
  abort: AbortController;
}

/** The serve processes of one language server, by module and package. */
export class WebUIs {
  private running = new Map<string, Running>();
  private stopped = false;

  constructor(private readonly self: SelfCommand) {}

  /**
   * The URL of the page at `file` (relative to the module) and `line` (1-based), starting serve for
   * the package when none runs: `ifacelens serve -C moduleDir --port 0 pkgDir`. serve prints its
   * URL once its first analysis is done; a serve that exits first is an error with its first line.
   */
  async urlFor(o: { moduleDir: string; pkgDir: string; file: string; line: number; goarch?: string; goos?: string; tags?: string }): Promise<string> {
    if (this.stopped) throw new Error('the language server is shutting down');
    const key = `${o.moduleDir}\0${o.pkgDir}`;
    let r = this.running.get(key);
    if (!r) {
      const abort = new AbortController();
      const args = [...this.self.slice(1), 'serve', '-C', o.moduleDir, '--port', '0', '--host', '127.0.0.1', '--quiet'];
      if (o.goarch) args.push('--goarch', o.goarch);
      if (o.goos) args.push('--goos', o.goos);
      if (o.tags) args.push('--tags', o.tags);
      args.push('--', o.pkgDir);
      const url = new Promise<string>((resolve, reject) => {
        run(this.self[0], args, {
          cwd: o.moduleDir,
          signal: abort.signal,
          // serve stops its own go processes and playground workers on SIGTERM
          graceMs: 3000,
          holdStdin: true,
          maxStderrBytes: 64 << 10,
          onStdoutLine: (l) => {
            if (/^http:\/\/\S+$/.test(l.trim())) resolve(l.trim());
          },
        }).then(
          (res) => {
            if (this.running.get(key) === r) this.running.delete(key);
            const why = res.stderr.trim().split('\n').filter(Boolean).pop();
            reject(new Error(`ifacelens serve exited (status ${res.exitCode})${why ? `: ${why.replace(/^ifacelens: /, '')}` : ''}`));
          },
          (e: unknown) => {
            if (this.running.get(key) === r) this.running.delete(key);
            reject(e instanceof Error ? e : new Error(String(e)));
          },
        );
      });
      url.catch(() => {}); // awaited below; a later failure is seen by the next request
      r = { url, abort };
      this.running.set(key, r);
    }
    const base = await r.url;
    const q = [`file=${encodeURIComponent(o.file)}`, `line=${o.line}`];
    if (o.goarch) q.push(`goarch=${encodeURIComponent(o.goarch)}`);
    return `${base.replace(/\/?$/, '/')}#/source?${q.join('&')}`;
  }

  /** Stops every serve (SIGTERM, then SIGKILL after 3 s). */
  stopAll(): void {
    this.stopped = true;
    for (const r of this.running.values()) r.abort.abort();
    this.running.clear();
  }
}
