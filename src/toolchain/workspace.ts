// Temporary files and directories owned by this run, removed at exit and on Ctrl-C. Nothing is
// ever written into the user's tree.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killAllChildren } from './go-command.js';

const paths = new Set<string>();
let installed = false;

/** Creates a fresh temp dir that is removed at exit, on Ctrl-C and on SIGTERM. */
export function tempDir(prefix = 'ifacelens-'): string {
  installSignalHandlers();
  const d = mkdtempSync(join(tmpdir(), prefix));
  paths.add(d);
  return d;
}

/** Registers a file or directory to remove if the run is interrupted before it is done with it. */
export function registerTemp(path: string): void {
  installSignalHandlers();
  paths.add(path);
}

/** Removes a temp path now, and forgets it. */
export function removeTemp(path: string): void {
  paths.delete(path);
  rmSync(path, { recursive: true, force: true });
}

/** Forgets a temp path that became permanent (renamed into place). */
export function forgetTemp(path: string): void {
  paths.delete(path);
}

export function removeAllTemps(): void {
  for (const d of paths) rmSync(d, { recursive: true, force: true });
  paths.clear();
}

/** On Ctrl-C / SIGTERM / SIGHUP: kill the go processes, remove temp paths, exit 130/143. */
export function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  process.on('exit', removeAllTemps);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      killAllChildren();
      removeAllTemps();
      process.stderr.write(`\nifacelens: interrupted\n`);
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
}
