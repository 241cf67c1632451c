// Edges of the path-manager event stream on the real kernel: the kernel dropping events when the
// receiver falls behind (ENOBUFS → overflow, so the monitor re-reads state), and the userspace
// path manager, under which Subflow must not subscribe without being told to.
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PmEventStream } from '../../native/kernel/event-stream.js';
import { KernelFailure } from '../../native/kernel/wire-error.js';
import { holdConnections, labDown, labUp } from '../../native/lab/index.js';

const root = process.getuid?.() === 0;
const prefix = `sfo${process.pid % 1000}`;
const cli = `${prefix}-cli`;
const sysctl = (ns: string, setting: string): void => {
  execFileSync('ip', ['netns', 'exec', ns, 'sysctl', '-qw', setting]);
};

describe.skipIf(!root)('event stream edges', () => {
  beforeAll(async () => {
    await labUp({ prefix });
  });
  afterAll(async () => {
    await labDown({ prefix });
  });

  it('reports overflow when the kernel drops events for a small receive buffer', async () => {
    let overflows = 0;
    let events = 0;
    const stream = await PmEventStream.open(
      { netns: cli, receiveBufferBytes: 4096 },
      {
        onEvents: (_t, batch) => (events += batch.length),
        onOverflow: () => overflows++,
        onError: () => undefined,
      },
    );
    // 300 connections × (created, established, sub-established) at once overflow 4 KiB.
    const held = await holdConnections({ prefix, count: 300 });
    await sleep(500);
    await held.stop();
    await sleep(500);
    await stream.close();
    expect(overflows).toBeGreaterThan(0);
    expect(events).toBeGreaterThan(0);
  });

  it('does not subscribe under the userspace path manager unless allowed', async () => {
    sysctl(cli, 'net.mptcp.path_manager=userspace');
    try {
      const refused = await PmEventStream.open(
        { netns: cli },
        { onEvents: () => undefined, onOverflow: () => undefined, onError: () => undefined },
      ).catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(KernelFailure);
      expect((refused as KernelFailure).message).toMatch(/userspace path manager is active/);
      const allowed = await PmEventStream.open(
        { netns: cli, allowUserspacePm: true },
        { onEvents: () => undefined, onOverflow: () => undefined, onError: () => undefined },
      );
      await allowed.close();
    } finally {
      sysctl(cli, 'net.mptcp.path_manager=kernel');
    }
  });
});
