// Temporary directories owned by this run. Nothing is ever written into the user's tree.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killAllChildren } from './go-command.js';

const dirs = new Set<string>();
let installed = false;

/** Creates a fresh temp dir that is removed at exit, on Ctrl-C and on SIGTERM. */
export function tempDir(prefix = 'ifacelens-'): string {
  installHandlers();
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.add(d);
  return d;
}

/** Removes a temp dir now (it is also forgotten by the exit handler). */
export function removeTempDir(d: string): void {
  dirs.delete(d);
  rmSync(d, { recursive: true, force: true });
}

export function removeAllTempDirs(): void {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs.clear();
}

function installHandlers(): void {
  if (installed) return;
  installed = true;
  process.on('exit', removeAllTempDirs);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      killAllChildren();
      removeAllTempDirs();
      process.stderr.write(`\nifacelens: interrupted\n`);
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
}
