// Suites: pure unit tests (any user, any machine), the renderer's components in jsdom,
// integration tests on the real kernel (root, network namespaces) and end-to-end tests (the
// dashboard in Debian's Chromium against `subflow serve` on the lab). Kernel suites run one file
// at a time and after the quick suites (groupOrder): they shape links with tbf and measure
// throughput, which parallel runs on a 2-core machine would distort.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Multipath changes are remembered in SUBFLOW_CONFIG_DIR (default /etc/subflow): tests keep
// theirs in a directory of this run, never in the machine's configuration.
process.env.SUBFLOW_CONFIG_DIR ??= join(tmpdir(), `subflow-test-config-${process.pid}`);
// Subflow's shared action log (/run/subflow by default) goes to a scratch directory in tests.
const env = { SUBFLOW_RUN_DIR: join(tmpdir(), 'subflow-test-run') };

const kernelSuite = {
  environment: 'node',
  env,
  fileParallelism: false,
  testTimeout: 180_000,
  hookTimeout: 180_000,
} as const;

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // A few unit tests start processes or load electron-builder: seconds on a busy 2-core
          // machine, where the default 5 s failed them although nothing was wrong.
          testTimeout: 30_000,
          hookTimeout: 30_000,
          env,
          sequence: { groupOrder: 0 },
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          include: ['test/renderer/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          globals: true,
          setupFiles: ['test/renderer/setup.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          ...kernelSuite,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          ...kernelSuite,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
