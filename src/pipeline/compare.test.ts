import { describe, expect, it } from 'vitest';
import { sidesOf } from './compare.js';

describe('compare: the two builds from the repeated flags', () => {
  it('a flag given twice differs between the sides, one given once applies to both', () => {
    expect(sidesOf({ toolchains: ['go1.24.13', 'go1.26.8'], goarches: ['arm64'], gooses: [] })).toEqual([
      { toolchain: 'go1.24.13', goarch: 'arm64', goos: undefined },
      { toolchain: 'go1.26.8', goarch: 'arm64', goos: undefined },
    ]);
    expect(sidesOf({ toolchains: [], goarches: ['amd64', '386'], gooses: [] })).toEqual([
      { toolchain: undefined, goarch: 'amd64', goos: undefined },
      { toolchain: undefined, goarch: '386', goos: undefined },
    ]);
    // two flags twice: paired in order
    expect(sidesOf({ toolchains: ['go1.24.13', 'go1.26.8'], goarches: ['amd64', '386'], gooses: [] })[1]).toMatchObject({
      toolchain: 'go1.26.8',
      goarch: '386',
    });
  });

  it('refuses nothing to compare, a third build, and the same build twice', () => {
    expect(() => sidesOf({ toolchains: ['go1.26.8'], goarches: [], gooses: [] })).toThrow(/compare wants two builds/);
    expect(() => sidesOf({ toolchains: ['a', 'b', 'c'], goarches: [], gooses: [] })).toThrow(/--go given 3 times/);
    expect(() => sidesOf({ toolchains: [], goarches: ['amd64', 'amd64'], gooses: [] })).toThrow(/both builds are the same \(your go amd64\)/);
  });
});
