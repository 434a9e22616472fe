import { defineConfig } from 'vitest/config';

// Benchmarks are not tests: run on demand only (see each file's header), never by `npm test`.
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 3_600_000,
  },
});
