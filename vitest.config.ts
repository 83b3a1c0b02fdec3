import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['specs/**/*.spec.ts'],
    // Specs spawn SQLite child processes; forks keep native addons out of worker threads.
    pool: 'forks',
    setupFiles: ['specs/support/coverageExit.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    reporters: process.env.CI ? ['default', ['junit', { outputFile: 'reports/junit.xml' }]] : ['default'],
  },
});
