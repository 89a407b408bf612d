// The targets whose fixture predictions are measured on this machine, and how their test binaries
// run: natively (amd64, 386), under Debian's qemu-user (one emulator per GOARCH), or under Node
// (js/wasm with GOROOT's wasm_exec.js, wasip1/wasm with Node's built-in WASI). docs/targets.md.
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

export interface MeasuredTarget {
  goos: string;
  goarch: string;
  /** `go test -exec` value; undefined: the binaries run natively */
  exec?: string;
  /** the program that must be installed for `exec` */
  runner?: string;
  /** measured by default (false: only with IFACELENS_TARGETS=all or when named there) */
  byDefault: boolean;
}

const goroot = (() => {
  try {
    return execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
})();

/** `go test -exec` splits its value into words (quotes group); paths with spaces are quoted. */
const word = (s: string) => (/\s/.test(s) ? `"${s}"` : s);

const qemu = (goarch: string, emulator: string, byDefault: boolean): MeasuredTarget => ({ goos: 'linux', goarch, exec: emulator, runner: emulator, byDefault });

const wasip1Runner = resolve(__dirname, 'exec', 'wasip1-node.mjs');

export const MEASURED_TARGETS: MeasuredTarget[] = [
  { goos: 'linux', goarch: '386', byDefault: true },
  qemu('arm64', 'qemu-aarch64', true),
  qemu('arm', 'qemu-arm', true),
  qemu('riscv64', 'qemu-riscv64', true),
  qemu('ppc64le', 'qemu-ppc64le', true),
  qemu('s390x', 'qemu-s390x', true),
  { goos: 'js', goarch: 'wasm', exec: word(join(goroot, 'lib', 'wasm', 'go_js_wasm_exec')), runner: 'node', byDefault: true },
  { goos: 'wasip1', goarch: 'wasm', exec: `node ${word(wasip1Runner)}`, runner: 'node', byDefault: true },
  // Measured here too (docs/targets.md has the figures), left out of the default run for time.
  qemu('loong64', 'qemu-loongarch64', false),
  qemu('mips', 'qemu-mips', false),
  qemu('mipsle', 'qemu-mipsel', false),
  qemu('mips64', 'qemu-mips64', false),
  qemu('mips64le', 'qemu-mips64el', false),
  qemu('ppc64', 'qemu-ppc64', false),
];

/** The targets to measure: the default ones, or IFACELENS_TARGETS=all, or a list like linux/mips,js/wasm. */
export function selectedTargets(spec = process.env.IFACELENS_TARGETS): MeasuredTarget[] {
  if (!spec) return MEASURED_TARGETS.filter((t) => t.byDefault);
  if (spec === 'all') return MEASURED_TARGETS;
  const names = spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !MEASURED_TARGETS.some((t) => `${t.goos}/${t.goarch}` === n));
  if (unknown.length)
    throw new Error(`IFACELENS_TARGETS: no measured target ${unknown.join(', ')} (known: ${MEASURED_TARGETS.map((t) => `${t.goos}/${t.goarch}`).join(', ')})`);
  return MEASURED_TARGETS.filter((t) => names.includes(`${t.goos}/${t.goarch}`));
}

/** Whether the target's runner is installed (on PATH). */
export function runnable(t: MeasuredTarget): boolean {
  if (!t.runner) return true;
  if (t.goos === 'js' && !goroot) return false;
  return (process.env.PATH ?? '').split(delimiter).some((d) => {
    try {
      accessSync(join(d, t.runner!), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
