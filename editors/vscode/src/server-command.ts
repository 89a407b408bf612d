// Which process the extension starts as the language server: pure logic (no `vscode` import) so
// that it is unit-tested without a VS Code binary (test/vscode-extension.test.ts).
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/** How to start `ifacelens lsp`: a command and its arguments. */
export interface ServerCommand {
  command: string;
  args: string[];
}

/** What finding the binary needs from the environment (the real one in the extension, fakes in tests). */
export interface Environment {
  /** the PATH variable */
  path: string | undefined;
  /** Windows' PATHEXT (only read on win32) */
  pathext?: string | undefined;
  platform: NodeJS.Platform;
  home: string | undefined;
  /** the first workspace folder, against which a relative `ifacelens.path` is resolved */
  workspaceFolder?: string;
  /** whether `file` is a file that can be run (default: a regular file, executable on POSIX) */
  isExecutable?: (file: string) => boolean;
}

function defaultIsExecutable(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    if (platform !== 'win32') accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The error a user sees when there is no ifacelens to start. */
export class ServerNotFound extends Error {}

/**
 * The command that starts `ifacelens lsp`: the `ifacelens.path` setting when given (a `.js` file,
 * such as a checkout's `bin/ifacelens.js`, is run by `node`; `~` and paths relative to the
 * workspace folder are resolved), else the first `ifacelens` on PATH.
 */
export function findServer(configured: string | undefined, env: Environment): ServerCommand {
  const isExec = env.isExecutable ?? ((f: string) => defaultIsExecutable(f, env.platform));
  const setting = configured?.trim();
  if (setting) {
    let file = setting;
    if (file === '~' || file.startsWith('~/')) {
      if (!env.home) throw new ServerNotFound(`ifacelens.path is ${setting}, but there is no home directory to expand ~ to`);
      file = join(env.home, file.slice(1));
    }
    if (!isAbsolute(file)) {
      // a bare name (`ifacelens-dev`) is looked up on PATH; a relative path is the workspace's
      if (!/[\\/]/.test(file)) {
        const found = onPath(file, env, isExec);
        if (found) return { command: found, args: ['lsp'] };
        throw new ServerNotFound(`ifacelens.path is ${setting}, which is not on PATH`);
      }
      if (!env.workspaceFolder) throw new ServerNotFound(`ifacelens.path is the relative path ${setting}, but no folder is open to resolve it against`);
      file = resolve(env.workspaceFolder, file);
    }
    if (/\.[cm]?js$/.test(file)) {
      if (!isFile(file)) throw new ServerNotFound(`ifacelens.path is ${setting}: no such file`);
      const node = onPath('node', env, isExec);
      if (!node) throw new ServerNotFound(`ifacelens.path is the script ${setting}, but node is not on PATH to run it`);
      return { command: node, args: [file, 'lsp'] };
    }
    if (!isExec(file)) throw new ServerNotFound(`ifacelens.path is ${setting}, which is not an executable file`);
    return { command: file, args: ['lsp'] };
  }
  const found = onPath('ifacelens', env, isExec);
  if (!found) {
    throw new ServerNotFound(
      'ifacelens is not on PATH: install it (npm install -g ifacelens) or set ifacelens.path to its executable or to bin/ifacelens.js of a checkout',
    );
  }
  return { command: found, args: ['lsp'] };
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The first `name` in PATH's directories (with PATHEXT's extensions on Windows). */
export function onPath(name: string, env: Environment, isExec: (file: string) => boolean): string | undefined {
  const exts = env.platform === 'win32' ? ['', ...(env.pathext ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)] : [''];
  const sep = env.platform === 'win32' ? ';' : env.platform === process.platform ? delimiter : ':';
  for (const dir of (env.path ?? '').split(sep)) {
    if (!dir) continue;
    for (const ext of exts) {
      const f = join(dir, name + ext);
      if (isExec(f)) return f;
    }
  }
  return undefined;
}

/** The settings section the server reads through workspace/configuration (docs/lsp.md's table). */
export const SETTINGS_SECTION = 'ifacelens';

/** The server's command that opens the web UI at a file and line (`workspace/executeCommand`). */
export const OPEN_WEB_UI_COMMAND = 'ifacelens.openInWebUI';

/** The language client's server options: the same process for run and debug, talking over stdio. */
export function serverOptions(cmd: ServerCommand): { run: ServerCommand; debug: ServerCommand } {
  return { run: { command: cmd.command, args: cmd.args }, debug: { command: cmd.command, args: cmd.args } };
}

/** The language client's options: Go files on disk; the `ifacelens` section is sent on change. */
export function clientOptions(): { documentSelector: { scheme: string; language: string }[]; synchronize: { configurationSection: string } } {
  return { documentSelector: [{ scheme: 'file', language: 'go' }], synchronize: { configurationSection: SETTINGS_SECTION } };
}
