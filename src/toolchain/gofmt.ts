// gofmt of the user's toolchain (GOROOT/bin/gofmt), on a temporary copy of the text: formats
// source the language server generates (a reordered struct) as the user's own tools would.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './go-command.js';
import { ToolchainError } from './errors.js';
import { removeTemp, tempDir } from './workspace.js';

/** The text formatted by gofmt; throws ToolchainError with gofmt's first line when it cannot be. */
export async function gofmt(goroot: string, source: string, signal?: AbortSignal): Promise<string> {
  const dir = tempDir('ifacelens-gofmt-');
  try {
    const file = join(dir, 'source.go');
    writeFileSync(file, source);
    const r = await run(join(goroot, 'bin', 'gofmt'), [file], { timeoutMs: 30_000, maxStdoutBytes: 16 << 20, maxStderrBytes: 4096, signal });
    if (r.exitCode !== 0 || r.outputCapped) throw new ToolchainError(`gofmt: ${r.stderr.split('\n')[0] || `exit status ${r.exitCode}`}`);
    return r.stdout;
  } finally {
    removeTemp(dir);
  }
}
