// The test suites keep Subflow's shared action log out of /run (vitest.config.ts sets it).
import { expect, it } from 'vitest';
import { runDir } from '../../../electron/monitor/action-log.js';

it('writes the action log to a scratch directory under test', () => {
  expect(runDir()).not.toBe('/run/subflow');
  expect(runDir()).toMatch(/subflow-test-run$/);
});
