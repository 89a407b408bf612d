// A throwaway Go module in a temp dir, for tests that need one: go.mod plus the given files.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempModule(files: Record<string, string>, prefix = 'ifacelens-test-', goMod = 'module example.com/m\n\ngo 1.25\n'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(d, 'go.mod'), goMod);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(d, name, '..'), { recursive: true });
    writeFileSync(join(d, name), text);
  }
  return d;
}
