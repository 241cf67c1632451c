import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../electron/contract.js';
import { sameRowData } from '../../../renderer/src/views/connections/row-data.js';
import { BLUE, connection, RED } from './fixtures.js';

/** The same connection as a new tick brings it: every object fresh. */
const again = (c: Connection): Connection => structuredClone(c);

describe('sameRowData', () => {
  const base = connection({
    process: { pid: 7, name: 'iperf3', cmdline: 'iperf3 -c x', uid: 0, user: 'root' },
  });

  it('holds for an equal connection in new objects, and whatever its byte counters, RTT and cwnd', () => {
    expect(sameRowData(base, again(base))).toBe(true);
    const moved = {
      ...again(base),
      bytesSent: 1,
      bytesAcked: 2,
      bytesReceived: 3,
      subflows: [{ ...RED, rttMs: 99, cwnd: 1, bytesAcked: 5 }, { ...BLUE }],
    };
    expect(sameRowData(base, moved)).toBe(true);
  });

  it('fails when what the row shows changes', () => {
    const changes: Partial<Connection>[] = [
      { state: 'close-wait' },
      { txRate: base.txRate + 1 },
      { firstSeen: base.firstSeen - 1 },
      { fallback: true, fallbackReason: 'no MP_CAPABLE' },
      { process: null },
      { process: { pid: 8, name: 'iperf3', cmdline: 'iperf3 -c x', uid: 0, user: 'root' } },
      { local: { address: '198.51.100.1', port: 1 } },
      { subflows: [RED] },
      { subflows: [{ ...RED, interface: 'wlan0' }, BLUE] },
      { subflows: [{ ...RED, rxRate: RED.rxRate + 1 }, BLUE] },
    ];
    for (const change of changes) {
      expect(sameRowData(base, { ...again(base), ...change }), JSON.stringify(change)).toBe(false);
    }
  });

  it('fails on a field it does not know, so a field added later never goes stale', () => {
    const later = { ...again(base), congestion: 'bbr' } as Connection;
    expect(sameRowData(base, later)).toBe(false);
  });
});
