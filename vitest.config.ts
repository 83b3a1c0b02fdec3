import { defineConfig } from 'vitest/config';
import ClaimsJsonReporter from './src/report/ClaimsJsonReporter.ts';

export default defineConfig({
  test: {
    // Specs spawn SQLite child processes; forks keep native addons out of worker threads.
    pool: 'forks',
    setupFiles: ['specs/support/coverageExit.ts', 'specs/support/claims.setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    reporters: [
      'default',
      new ClaimsJsonReporter('reports/ladder-results.json'),
      ...(process.env.CI ? [['junit', { outputFile: 'reports/junit.xml' }] as ['junit', { outputFile: string }]] : []),
    ],
    projects: [
      { extends: true, test: { name: 'unit', include: ['specs/**/*.spec.ts'], exclude: ['specs/ladder/**'] } },
      { extends: true, test: { name: 'ladder', include: ['specs/ladder/**/*.spec.ts'], globalSetup: ['specs/ladder/globalSetup.ts'] } },
    ],
  },
});
