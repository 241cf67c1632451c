import { describe, expect, it } from 'vitest';
import type { Connection, Snapshot, Subflow, TickUpdate } from '../../../electron/contract.js';
import { createFailoverWatch, failoverSentence } from '../../../electron/monitor/failover-watch.js';
import type { Failover } from '../../../electron/session/journal-types.js';

const subflow = (iface: string, local: string, rate: number): Subflow => ({
  local: { address: local, port: 40000 },
  remote: { address: '198.51.100.2', port: 5201 },
  interface: iface,
  localId: iface === 'red-c' ? 0 : 1,
  remoteId: 0,
  backup: false,
  state: 'established',
  rttMs: 10,
  cwnd: 10,
  bytesAcked: 0,
  bytesReceived: 0,
  txRate: rate,
  rxRate: 0,
});

/** One tick at second `s`: red carries 5 MB/s until `cutAt`, then nothing for 2 s, then blue. */
function tick(s: number, cutAt: number, phase = s): TickUpdate {
  const red = phase < cutAt ? 5e6 : 0;
  const blue = phase >= cutAt + 2 ? 2.5e6 : 0;
  const connection: Connection = {
    token: '0a0b0c0d',
    local: { address: '198.51.100.1', port: 40000 },
    remote: { address: '198.51.100.2', port: 5201 },
    state: 'established',
    bytesSent: 0,
    bytesReceived: 0,
    bytesAcked: 0,
    txRate: red + blue,
    rxRate: 0,
    firstSeen: 0,
    fallback: false,
    subflows: [subflow('red-c', '198.51.100.1', red), subflow('blue-c', '203.0.113.1', blue)],
  };
  const snapshot = {
    time: 1_000_000 + s * 1000,
    connections: [connection],
  } as unknown as Snapshot;
  return { snapshot, events: [] };
}

describe('createFailoverWatch', () => {
  it('reports a failover once, after the takeover has lasted', () => {
    const seen: Failover[] = [];
    const feed = createFailoverWatch((f) => seen.push(f), { everyMs: 1000 });
    for (let s = 0; s < 40; s++) feed(tick(s, 15));
    expect(seen).toHaveLength(1);
    const [f] = seen;
    expect(f!.from.interface).toBe('red-c');
    expect(f!.to.interface).toBe('blue-c');
    expect(f!.gapMs).toBeGreaterThanOrEqual(1000);
    expect(f!.gapMs).toBeLessThanOrEqual(3000);
    expect(failoverSentence(f!)).toMatch(/connection 0a0b0c0d failed over from red-c .* to blue-c/);
  });

  it('reports nothing for steady traffic', () => {
    const seen: Failover[] = [];
    const feed = createFailoverWatch((f) => seen.push(f), { everyMs: 1000 });
    for (let s = 0; s < 60; s++) feed(tick(s, 1e9));
    expect(seen).toEqual([]);
  });

  it('keeps a bounded window however long it runs', () => {
    const seen: Failover[] = [];
    const feed = createFailoverWatch((f) => seen.push(f), { windowMs: 20_000, everyMs: 1000 });
    // The pattern repeats every 100 s: red → blue at 30 s, back to red at 100 s, red → blue at
    // 130 s: three failovers, each reported once.
    for (let s = 0; s < 200; s++) feed(tick(s, 30, s % 100));
    expect(seen.map((f) => `${f.from.interface ?? ''}>${f.to.interface ?? ''}`)).toEqual([
      'red-c>blue-c',
      'blue-c>red-c',
      'red-c>blue-c',
    ]);
  });
});
