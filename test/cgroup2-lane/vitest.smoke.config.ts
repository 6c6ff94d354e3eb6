import {fileURLToPath} from 'node:url';
import {defineConfig} from 'vitest/config';

// The lane's own end-to-end check (`make -C test/cgroup2-lane smoke`): only the smoke test, and no integration
// globalSetup, so the lane can be verified on its own.
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/integration/cgroup2/lane-smoke.test.ts'],
    testTimeout: 120_000,
  },
});
