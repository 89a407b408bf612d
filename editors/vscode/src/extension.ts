// The VS Code side of ifacelens: starts `ifacelens lsp` for Go files (vscode-languageclient) and
// adds the command "ifacelens: open web UI". Everything else — hints, hovers, lenses, code
// actions, reading the `ifacelens.*` settings through workspace/configuration — is the server's.
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { clientOptions, findServer, OPEN_WEB_UI_COMMAND, ServerNotFound, serverOptions, SETTINGS_SECTION } from './server-command';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand('ifacelens.openWebUI', openWebUI),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // the other settings reach the running server (workspace/didChangeConfiguration)
      if (e.affectsConfiguration(`${SETTINGS_SECTION}.path`)) void restart();
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

async function start(): Promise<void> {
  let cmd: ReturnType<typeof findServer>;
  try {
    cmd = findServer(vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>('path'), {
      path: process.env.PATH,
      pathext: process.env.PATHEXT,
      platform: process.platform,
      home: homedir(),
      workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    });
  } catch (e) {
    if (!(e instanceof ServerNotFound)) throw e;
    const open = await vscode.window.showErrorMessage(e.message, 'Open settings');
    if (open) void vscode.commands.executeCommand('workbench.action.openSettings', `${SETTINGS_SECTION}.path`);
    return;
  }
  client = new LanguageClient('ifacelens', 'ifacelens', serverOptions(cmd), clientOptions());
  await client.start();
}

async function restart(): Promise<void> {
  await client?.stop();
  client = undefined;
  await start();
}

/** Opens the web UI (an `ifacelens serve` the server starts or reuses) at the cursor's line. */
async function openWebUI(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!client) {
    void vscode.window.showErrorMessage('ifacelens: the language server is not running (see the ifacelens output)');
    return;
  }
  if (editor?.document.languageId !== 'go') {
    void vscode.window.showInformationMessage('ifacelens: open a Go file first; the web UI opens at its package');
    return;
  }
  try {
    await client.sendRequest('workspace/executeCommand', {
      command: OPEN_WEB_UI_COMMAND,
      arguments: [editor.document.uri.toString(), editor.selection.active.line],
    });
  } catch (e) {
    void vscode.window.showErrorMessage(`ifacelens: ${e instanceof Error ? e.message : String(e)}`);
  }
}
