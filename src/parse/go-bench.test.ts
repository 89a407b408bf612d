import { describe, expect, it } from 'vitest';
import { parseBenchLine } from './go-bench.js';

describe('parseBenchLine', () => {
  it('reads standard and custom metrics', () => {
    expect(parseBenchLine('BenchmarkBox-8   \t   20000\t        52.10 ns/op\t       8 B/op\t       1 allocs/op\t  1.000 mallocs/op')).toEqual({
      name: 'BenchmarkBox',
      procs: 8,
      n: 20000,
      metrics: { 'ns/op': 52.1, 'B/op': 8, 'allocs/op': 1, 'mallocs/op': 1 },
    });
    expect(parseBenchLine('BenchmarkX/sub_case \t 100\t 3.5 ns/op')).toMatchObject({ name: 'BenchmarkX/sub_case', procs: 1, n: 100 });
    expect(parseBenchLine('PASS')).toBeUndefined();
    expect(parseBenchLine('ok  \texample.com/m\t0.01s')).toBeUndefined();
  });

  it('keeps a -N at the end of the name when the run had -cpu=1', () => {
    expect(parseBenchLine('BenchmarkX/size-8 \t 100\t 3.5 ns/op', { procsSuffix: false })).toMatchObject({ name: 'BenchmarkX/size-8', procs: 1, n: 100 });
    expect(parseBenchLine('BenchmarkX/size-8 \t 100\t 3.5 ns/op')).toMatchObject({ name: 'BenchmarkX/size', procs: 8 });
  });
});
