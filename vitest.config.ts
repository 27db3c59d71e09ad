import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 30_000,
    // Test files share one oracle; each works in its own database numbers or flushes its own.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
