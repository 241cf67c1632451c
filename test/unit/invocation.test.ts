// How hints spell the subflow command: installed on PATH, or from a checkout through npx.
import { describe, expect, it } from 'vitest';
import { subflowCommandFor } from '../../native/invocation.js';

describe('subflowCommandFor', () => {
  it("is 'subflow' when an installed subflow is on PATH", () => {
    const exists = (p: string): boolean => p === '/usr/bin/subflow';
    expect(subflowCommandFor('/usr/local/bin:/usr/bin', exists)).toBe('subflow');
  });

  it("is 'npx subflow' from a checkout, where only node_modules/.bin has it", () => {
    const exists = (p: string): boolean => p === '/home/ana/subflow/node_modules/.bin/subflow';
    expect(subflowCommandFor('/home/ana/subflow/node_modules/.bin:/usr/bin', exists)).toBe(
      'npx subflow',
    );
    expect(subflowCommandFor(undefined, exists)).toBe('npx subflow');
  });
});
