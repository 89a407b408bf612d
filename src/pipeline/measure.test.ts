// What measure --func reads of a declaration to call it: parameters (grouped, variadic), results,
// type parameters, and the `// measure: args` line of its doc comment.
import { describe, expect, it } from 'vitest';
import { argsComment, signatureAt, topLevelItems } from './measure.js';

const sig = (src: string) => signatureAt(src.split('\n'), 1, 1);

describe('signatureAt', () => {
  it('counts parameters and results', () => {
    expect(sig('func F() {}')).toEqual({ params: 0, variadic: false, results: 0, generic: false });
    expect(sig('func BoxInts(a, b, c int64) {')).toEqual({ params: 3, variadic: false, results: 0, generic: false });
    expect(sig('func F(int, string) error {')).toEqual({ params: 2, variadic: false, results: 1, generic: false });
    expect(sig('func F(m map[string]int, f func(a, b int) (int, error)) (n int, err error) {')).toEqual({
      params: 2,
      variadic: false,
      results: 2,
      generic: false,
    });
    expect(sig('func F(format string, args ...any) {')).toEqual({ params: 2, variadic: true, results: 0, generic: false });
    expect(sig('func G[T any, U comparable](t T) T {')).toEqual({ params: 1, variadic: false, results: 1, generic: true });
    expect(sig('func F(\n\ta int,\n\tb string,\n) (\n\tint,\n\terror,\n) {')).toEqual({ params: 2, variadic: false, results: 2, generic: false });
    expect(sig('func F(s string /* a, b */) {')).toMatchObject({ params: 1 });
  });

  it('reads at the declaration column', () => {
    expect(signatureAt(['', 'x func F(a int) {}'], 2, 3)).toMatchObject({ params: 1 });
    expect(signatureAt(['var f = 1'], 1, 1)).toBeUndefined();
  });
});

describe('topLevelItems', () => {
  it('splits at top-level commas only', () => {
    expect(topLevelItems('int64(1001), int64(1002)')).toEqual(['int64(1001)', 'int64(1002)']);
    expect(topLevelItems('Padded{A: true, B: 1}, "a, b", \'x\', []byte("y,z")')).toEqual(['Padded{A: true, B: 1}', '"a, b"', "'x'", '[]byte("y,z")']);
    expect(topLevelItems('"say \\"hi, there\\""')).toEqual(['"say \\"hi, there\\""']);
    expect(topLevelItems('')).toEqual([]);
  });
});

describe('argsComment', () => {
  it('finds the line in the doc comment directly above', () => {
    const src = ['// BoxInt boxes an int.', '//', '// measure: args 1000', 'func BoxInt(n int) {}'];
    expect(argsComment(src, 4)).toBe('1000');
    expect(argsComment(['// measure: args 1', '', 'func F(n int) {}'], 3)).toBeUndefined();
  });
});
