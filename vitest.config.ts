import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the CPUs: one on a two-core machine. The integration and
    // contract tests mostly wait on simulators and child processes, so two run side by side well there.
    maxWorkers: 2,
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 20_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
          pool: 'forks',
          globalSetup: ['test/helpers/build-once.ts'],
        },
      },
      {
        // The connector contract (test/contract/README.md): real CLI, lanes and simulators, like integration.
        test: {
          name: 'contract',
          include: ['test/contract/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 60_000,
          pool: 'forks',
          globalSetup: ['test/helpers/build-once.ts'],
        },
      },
    ],
  },
});
