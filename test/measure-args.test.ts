// measure --func calls functions with parameters: with the arguments of their `// measure: args`
// comment, or --args. Each figure is compared with the independent harness of the test suite
// (test/measure.ts: runtime.MemStats around calls through a func variable) on the same arguments.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { tempModule } from './module.js';
import { readFixture } from './wants.js';
import { measure } from './measure.js';

const bin = resolve(__dirname, '..', 'bin', 'ifacelens.js');
const seeds = resolve(__dirname, '..', 'examples', 'seeds');

function cli(args: string[], cwd = seeds) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Fn {
  function: string;
  args?: string[];
  agrees: boolean | null;
  measured: { allocsPerOp: number; bytesPerOp: number; interface: { allocsPerOp: number; bytesPerOp: number } };
  predicted: { allocsPerCall: number | null; bytesPerCall: number | null };
}

describe('measure --func with arguments', () => {
  it("calls every function of examples/seeds with its comment's arguments, as the test harness measures them", () => {
    const r = cli(['measure', '--func', '.', '--count', '3', '--format', 'json', '--fail-on-disagreement', './...']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.stdout) as { functions: Fn[]; skipped: { function: string; reason: string }[] };
    const fixture = readFixture(seeds);
    const withArgs = fixture.funcs.filter((f) => f.args && !f.skip);
    expect(withArgs.length).toBeGreaterThanOrEqual(9);
    const byName = new Map(rep.functions.map((f) => [f.function.replace(/^.*\./, ''), f]));
    const truth = measure(
      seeds,
      fixture.funcs.filter((f) => !f.skip),
    );
    for (const f of withArgs) {
      const got = byName.get(f.name);
      expect(got, f.name).toBeDefined();
      expect(got!.args).toEqual(f.args);
      const t = truth.find((m) => m.name === f.name)!;
      // the product's total (MemStats deltas over its own loop) against the harness's
      expect([f.name, Math.round(got!.measured.allocsPerOp * 100) / 100], f.name).toEqual([f.name, Math.round(t.allocsPerCall * 100) / 100]);
      expect(Math.abs(got!.measured.bytesPerOp - t.bytesPerCall), f.name).toBeLessThan(0.5);
      if (got!.predicted.bytesPerCall !== null) expect(got!.agrees, f.name).toBe(true);
    }
    // BoxInt(1000): one 8-byte tiny allocation per call
    expect(byName.get('BoxInt')).toMatchObject({ args: ['1000'], agrees: true, measured: { allocsPerOp: 1, bytesPerOp: 8 }, predicted: { bytesPerCall: 8 } });
    // functions with parameters and no arguments are listed, with what to do
    expect(rep.skipped.map((s) => s.function.replace(/^.*\./, '')).sort()).toEqual(['UntypedNil', 'write']);
    expect(rep.skipped[0].reason).toMatch(/--args .*\/\/ measure: args/);
    const text = cli(['measure', '--func', '^(BoxInt|UntypedNil)$', '--count', '1', '--no-color']);
    expect(text.stdout).toMatch(/^ {2}agrees .* example\.com\/seeds\.BoxInt\(1000\)$/m);
    expect(text.stdout).toMatch(/^not measured: example\.com\/seeds\.UntypedNil: it has parameters/m);
  });

  it('--args overrides the comment: BoxInt(7) boxes a value < 256, which costs nothing', () => {
    const r = cli(['measure', '--func', '^BoxInt$', '--args', '7', '--count', '2', '--format', 'json', '--fail-on-disagreement']);
    expect(r.code).toBe(1);
    const f = (JSON.parse(r.stdout) as { functions: Fn[] }).functions[0];
    expect(f).toMatchObject({ args: ['7'], agrees: false, measured: { allocsPerOp: 0, bytesPerOp: 0 }, predicted: { allocsPerCall: 1, bytesPerCall: 8 } });
  });

  it('--args with a function of the package: a struct value', () => {
    const r = cli(['measure', '--func', '^BoxPadded$', '--args', 'Padded{B: 1 << 40}', '--count', '2', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect((JSON.parse(r.stdout) as { functions: Fn[] }).functions[0]).toMatchObject({
      agrees: true,
      measured: { interface: { allocsPerOp: 1, bytesPerOp: 24 } },
    });
  });

  it('arguments that do not fit: one line naming the function', () => {
    const bad = cli(['measure', '--func', '^BoxInt$', '--args', '"x"']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('ifacelens: the arguments "x" do not fit BoxInt: cannot use "x" (untyped string constant) as int value in argument to BoxInt\n');
    const count = cli(['measure', '--func', '^BoxInts$', '--args', '1, 2']);
    expect(count.code).toBe(2);
    expect(count.stderr).toBe('ifacelens: --func ^BoxInts$: no function to measure matches in ./...; BoxInts: it takes 3 arguments, not 2 (--args)\n');
    const none = cli(['measure', '--func', '^UntypedNil$']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(
      /^ifacelens: --func \^UntypedNil\$: no function to measure matches in \.\/\.\.\.; UntypedNil: it has parameters: give its arguments with --args/,
    );
    expect(cli(['measure', '--bench', '.', '--args', '1']).stderr).toBe(
      'ifacelens: --args goes with --func: the arguments to call the matching functions with\n',
    );
  });

  it('a variadic function, one with results, a generic one', () => {
    const mod = tempModule(
      {
        'm.go': `package m

var Sink any

// measure: args 1000, 2000
func Sum(xs ...int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	Sink = s
	return s
}

// measure: args 1000, "x"
func Pair(
	a int, // the value
	b string,
) (any, error) {
	return a, nil
}

func Box[T any](v T) { Sink = v }
`,
      },
      'ifacelens-measure-args-',
    );
    const r = cli(['measure', '--func', '.', '--count', '2', '--format', 'json'], mod);
    expect(r.stderr).toBe('');
    const rep = JSON.parse(r.stdout) as { functions: Fn[]; skipped: { function: string; reason: string }[] };
    expect(rep.functions.map((f) => [f.function, f.args, f.measured.interface, f.agrees])).toEqual([
      ['example.com/m.Sum', ['1000', '2000'], { allocsPerOp: 1, bytesPerOp: 8 }, true],
      ['example.com/m.Pair', ['1000', '"x"'], { allocsPerOp: 1, bytesPerOp: 8 }, true],
    ]);
    expect(rep.skipped).toEqual([{ function: 'example.com/m.Box[...]', reason: 'it has type parameters' }]);
  });
});
