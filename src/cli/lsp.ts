// `ifacelens lsp`: the language server over stdio (docs/lsp.md).
import type { Command } from 'commander';
import { runLsp } from '../lsp/server.js';
import { opt } from './main.js';

export function addLspCommand(program: Command): void {
  program
    .command('lsp')
    .description('a language server over stdio: costs as inlay hints, hovers and code lenses, findings as diagnostics')
    .option('--stdio', 'talk over stdin and stdout (the default and only transport; accepted for LSP clients that pass it)')
    .addOption(opt.goarch())
    .addOption(opt.goos())
    .addOption(opt.tags())
    .action(async (o) => {
      await runLsp({ goarch: o.goarch, goos: o.goos, tags: o.tags });
    });
}
