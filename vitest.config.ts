import {defineConfig} from 'vitest/config';

// Unit tests run in parallel; integration tests run real containers as root and measure CPU and I/O, so they
// run one file at a time on this 2-core machine.
export default defineConfig({
  test: {
    projects: [
      {test: {name: 'unit', include: ['test/unit/**/*.test.ts']}},
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          globalSetup: ['test/integration/global-setup.ts'],
        },
      },
    ],
  },
});
