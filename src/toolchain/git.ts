// git, only to ask which files have uncommitted changes before `ifacelens fix --apply` writes them.
import { dirname } from 'node:path';
import { run, type RunResult } from './go-command.js';

/**
 * The files among `files` (absolute) that git reports as changed and not committed (staged,
 * unstaged or untracked). Files outside a git work tree, or without git, are not in it.
 */
export async function uncommittedFiles(files: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const f of files) {
    let r: RunResult;
    try {
      r = await run('git', ['status', '--porcelain', '--', f], { cwd: dirname(f), timeoutMs: 30_000, maxStdoutBytes: 1 << 20 });
    } catch {
      return out; // no git: nothing to protect from it
    }
    if (r.exitCode === 0 && r.stdout.trim()) out.push(f);
  }
  return out;
}
