// The bundled example (the articles' experiments): every figure the README shows is checked
// against its `// want` lines and against runtime.MemStats on this machine.
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { analyze } from '../src/pipeline/analyze.js';
import { readFixture } from './wants.js';
import { measure } from './measure.js';
import { checkMeasurements, checkWants } from './truth.js';

const moduleDir = resolve(__dirname, '..', 'examples', 'seeds');

describe('examples/seeds', () => {
  it('predictions = // want = measurement', async () => {
    const fixture = readFixture(moduleDir);
    const [{ report }, measured] = await Promise.all([
      analyze({ dir: moduleDir, patterns: ['./...'] }),
      Promise.resolve().then(() => measure(moduleDir, fixture.funcs)),
    ]);
    expect(checkWants(report, fixture.wants)).toEqual([]);
    const { problems, compared } = checkMeasurements(report, fixture.funcs, measured, fixture.wants);
    expect(problems).toEqual([]);
    expect(compared).toBeGreaterThanOrEqual(12);
  });
});
