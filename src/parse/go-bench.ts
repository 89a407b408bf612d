// Parser for `go test -bench` result lines.
// Reference: testing/benchmark.go (BenchmarkResult.String, ReportMetric) at go1.26:
//   BenchmarkName-8   	   20000	        52.10 ns/op	       8 B/op	       1 allocs/op	  1.000 mallocs/op

export interface BenchLine {
  /** without the -GOMAXPROCS suffix */
  name: string;
  procs: number;
  /** iterations of the final run */
  n: number;
  /** metric unit → value, e.g. "ns/op", "B/op", "allocs/op", and custom units */
  metrics: Record<string, number>;
}

const line = /^(Benchmark\S*?)(?:-(\d+))?\s+(\d+)((?:\s+[-+0-9.eE]+ \S+)+)\s*$/;
// With -cpu=1 the go command prints no -GOMAXPROCS suffix, so a name ending in -N is the name.
const lineNoSuffix = /^(Benchmark\S*)()\s+(\d+)((?:\s+[-+0-9.eE]+ \S+)+)\s*$/;

export interface BenchParseOptions {
  /** false when the run had -cpu=1 (no -GOMAXPROCS suffix is printed); default true */
  procsSuffix?: boolean;
}

export function parseBenchLine(text: string, opts: BenchParseOptions = {}): BenchLine | undefined {
  const m = (opts.procsSuffix === false ? lineNoSuffix : line).exec(text);
  if (!m) return undefined;
  // no prototype: a unit named __proto__ is a metric like any other
  const metrics: Record<string, number> = Object.create(null);
  const re = /([-+0-9.eE]+) (\S+)/g;
  let x: RegExpExecArray | null;
  while ((x = re.exec(m[4]))) metrics[x[2]] = Number(x[1]);
  return { name: m[1], procs: m[2] ? Number(m[2]) : 1, n: Number(m[3]), metrics };
}

export function parseBenchOutput(text: string, opts: BenchParseOptions = {}): BenchLine[] {
  return text
    .split('\n')
    .map((l) => parseBenchLine(l, opts))
    .filter((b): b is BenchLine => !!b);
}
