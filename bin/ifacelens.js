#!/usr/bin/env node
// Entry point: the compiled CLI lives in dist/ (built by `npm ci` / `npm run build`).
import { main } from '../dist/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    // Bugs only: known errors are printed as one line by main() itself.
    console.error(`ifacelens: internal error: ${err?.stack ? err.stack : err}`);
    process.exitCode = 3;
  },
);
