#!/usr/bin/env node
// Entry point: the compiled CLI lives in dist/ (shipped in the npm package; in a checkout, built
// by `npm run build`).
let main;
try {
  ({ main } = await import('../dist/cli/main.js'));
} catch (err) {
  if (err?.code === 'ERR_MODULE_NOT_FOUND' && /dist[\\/]cli[\\/]main\.js/.test(String(err.message))) {
    console.error('ifacelens: dist/ is not built: run `npm run build` in this checkout first (an installed package ships it built)');
    process.exit(2);
  }
  throw err;
}

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
