import { defineConfig } from 'vitest/config';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic' } },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests bind loopback ports and write temp databases: run files in parallel, tests in order.
    pool: 'forks',
    // The built `clearpost` command, for the tests that spawn it (test/global-build.ts).
    globalSetup: ['test/global-build.ts'],
  },
});
