// Revert detection: the pure comparison (what changed, in a sentence; null while the mode holds)
// and the watch loop over a fake kernel with an injected sleep — no real waiting.
import { describe, expect, it } from 'vitest';
import {
  describeRevert,
  endpointChanges,
  watchForRevert,
} from '../../../electron/control/revert.js';
import type { PmEndpoint } from '../../../native/mptcp-pm/endpoints.js';
import { endpoint, sample } from '../../fixtures/monitor/samples.js';
import { FakeKernel } from './fake-kernel.js';

const { interfaces } = sample(0);
const SUBFLOW = endpoint(1, '203.0.113.1', ['subflow'], 5);
const BACKUP = endpoint(1, '203.0.113.1', ['subflow', 'backup'], 5);
const RED = endpoint(2, '198.51.100.1', ['subflow'], 3);

const revert = (expectedMode: 'on' | 'off' | 'backup', before: PmEndpoint[], after: PmEndpoint[]) =>
  describeRevert({
    interfaceName: 'blue-c',
    expectedMode,
    interfaces,
    before,
    after,
    elapsedMs: 2900,
  });

describe('describeRevert', () => {
  it('is null while the interface stays in the expected mode', () => {
    expect(revert('backup', [BACKUP], [BACKUP])).toBeNull();
    expect(revert('off', [], [])).toBeNull();
    // Changes elsewhere, or an implicit endpoint appearing, do not count.
    expect(revert('off', [], [RED, endpoint(7, '203.0.113.1', ['implicit'], 5)])).toBeNull();
    // Re-created with another id but the same mode: not a revert.
    expect(revert('on', [SUBFLOW], [endpoint(4, '203.0.113.1', ['subflow'], 5)])).toBeNull();
  });

  it('names an endpoint added back after off', () => {
    expect(revert('off', [], [SUBFLOW])).toBe(
      'blue-c is on again 3 s after it was set to off: endpoint id 1 203.0.113.1 (subflow) was ' +
        'added. Something else on this host manages MPTCP endpoints (NetworkManager or mptcpd?): ' +
        'change blue-c there, or stop it from managing MPTCP endpoints',
    );
  });

  it('names a flag changed back, and an endpoint removed', () => {
    expect(revert('backup', [BACKUP], [SUBFLOW])).toMatch(
      /^blue-c is on again 3 s after it was set to backup: endpoint id 1 203\.0\.113\.1 changed from subflow, backup to subflow\. /,
    );
    expect(revert('on', [SUBFLOW], [])).toMatch(
      /^blue-c is off again 3 s after it was set to on: endpoint id 1 203\.0\.113\.1 \(subflow\) was removed\. /,
    );
  });

  it('lists every change, and ignores an interface it does not know', () => {
    expect(
      endpointChanges(
        [{ id: 1, address: 'a', interface: 'x', flags: ['subflow'] }],
        [{ id: 2, address: 'b', interface: 'x', flags: [], port: 80 }],
      ),
    ).toEqual([
      'endpoint id 2 b port 80 (no flags) was added',
      'endpoint id 1 a (subflow) was removed',
    ]);
    expect(
      describeRevert({
        interfaceName: 'gone0',
        expectedMode: 'off',
        interfaces,
        before: [],
        after: [SUBFLOW],
        elapsedMs: 0,
      }),
    ).toBeNull();
  });
});

describe('watchForRevert', () => {
  it('re-reads at 1, 3 and 6 s and returns null when nothing changes', async () => {
    const k = new FakeKernel(sample(0, { endpoints: [BACKUP] }));
    const slept: number[] = [];
    const r = await watchForRevert(k, 'blue-c', 'backup', {
      sleep: (ms) => {
        slept.push(ms);
        return Promise.resolve();
      },
    });
    expect(r).toBeNull();
    expect(slept).toEqual([1000, 2000, 3000]);
    expect(k.calls.map((c) => c.op)).toEqual([
      'sample',
      'listEndpoints',
      'listEndpoints',
      'listEndpoints',
      'listEndpoints',
    ]);
  });

  it('returns the sentence at the first check that sees the change, and stops there', async () => {
    const k = new FakeKernel(sample(0, { endpoints: [] }));
    let checks = 0;
    const r = await watchForRevert(k, 'blue-c', 'off', {
      checksAtMs: [3000, 1000, 6000],
      interfaces,
      baseline: [],
      sleep: () => {
        // "NetworkManager" puts the endpoint back during the second wait.
        if (++checks === 2) k.endpoints = [SUBFLOW];
        return Promise.resolve();
      },
    });
    expect(r).toMatch(/^blue-c is on again 3 s after it was set to off: endpoint id 1 /);
    expect(checks).toBe(2);
    expect(k.calls.map((c) => c.op)).toEqual(['listEndpoints', 'listEndpoints']);
  });

  it('refuses an interface that does not exist', async () => {
    const k = new FakeKernel();
    await expect(
      watchForRevert(k, 'wlan0', 'off', { sleep: () => Promise.resolve() }),
    ).rejects.toThrow(/no interface named wlan0/);
  });
});
