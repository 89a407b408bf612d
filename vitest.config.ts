import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // Real `go` builds are CPU-bound; two cores on CI.
    fileParallelism: false,
  },
});
