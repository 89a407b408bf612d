#!/usr/bin/env node
// Runs a GOOS=wasip1 GOARCH=wasm program (a `go test` binary) under Node's built-in WASI preview 1
// (node:wasi), the way $GOROOT/lib/wasm/go_wasip1_wasm_exec runs it under wasmtime or wazero:
// the whole file system preopened at /, the environment and working directory passed on.
// Usage: go test -exec "node test/exec/wasip1-node.mjs" (GOOS=wasip1 GOARCH=wasm).
import { readFile } from 'node:fs/promises';

// node:wasi is experimental in Node 20 and says so on stderr; the test output needs no such line.
const emit = process.emitWarning;
process.emitWarning = (w, ...rest) => (/WASI/.test(String(w)) ? undefined : emit.call(process, w, ...rest));
const { WASI } = await import('node:wasi');

const [wasm, ...args] = process.argv.slice(2);
if (!wasm) {
  process.stderr.write('usage: wasip1-node.mjs program.wasm [args...]\n');
  process.exit(2);
}
const wasi = new WASI({
  version: 'preview1',
  args: [wasm, ...args],
  env: { ...process.env, PWD: process.cwd() },
  preopens: { '/': '/' },
  returnOnExit: true,
});
const module = await WebAssembly.compile(await readFile(wasm));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
