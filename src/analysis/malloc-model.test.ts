import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { loadSizeClasses } from '../pipeline/analyze.js';
import { mallocCost, tinyBytesPerRepetition } from './malloc-model.js';

const goroot = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
const sc = loadSizeClasses(goroot);

// These are unit checks of the model's arithmetic; the numbers are proven against the runtime
// by test/fixtures.test.ts, which measures the same sizes with runtime.MemStats.
describe('mallocCost', () => {
  it('reads the 68 size classes of this Go', () => {
    expect(sc.classToSize.length).toBe(68);
    expect(sc.classToSize[2]).toBe(sc.tinySize);
  });
  it('rounds to size classes, adds the header above 512 B with pointers, pages for large', () => {
    expect(mallocCost(sc, 8, 24, true)).toMatchObject({ path: 'small', allocatedBytes: 24 });
    expect(mallocCost(sc, 8, 33, false)).toMatchObject({ path: 'small', allocatedBytes: 48 });
    expect(mallocCost(sc, 8, 520, true)).toMatchObject({ header: true, allocatedBytes: 576 });
    expect(mallocCost(sc, 8, 512, true)).toMatchObject({ header: false, allocatedBytes: 512 });
    expect(mallocCost(sc, 8, 40000, false)).toMatchObject({ path: 'large', pages: 5, allocatedBytes: 40960 });
    expect(mallocCost(sc, 8, 0, false)).toBeUndefined();
  });
  it('packs tiny objects as the runtime does', () => {
    expect(tinyBytesPerRepetition([8], 8)).toBe(8);
    expect(tinyBytesPerRepetition([12], 8)).toBe(16);
    expect(tinyBytesPerRepetition([4], 8)).toBe(4);
    expect(tinyBytesPerRepetition([8, 8, 8], 8)).toBe(24);
  });
});
