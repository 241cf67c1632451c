import { describe, expect, it } from 'vitest';
import type { Connection, Snapshot, Subflow, TickUpdate } from '../../../electron/contract.js';
import { createFailoverWatch, failoverSentence } from '../../../electron/monitor/failover-watch.js';
import { detectFailovers } from '../../../electron/monitor/failover.js';
import type { FailoverPath, FollowUpNews } from '../../../electron/monitor/failover-followup.js';
import { followUpEvent } from '../../../electron/monitor/failover-words.js';
import type { Failover } from '../../../electron/session/journal/journal-types.js';

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
  return tickOf(s, red, blue);
}

/** A tick at second `s` with these rates; red's subflow absent when `red` is null. */
function tickOf(s: number, red: number | null, blue: number, redEndpoint = false): TickUpdate {
  const connection: Connection = {
    token: '0a0b0c0d',
    local: { address: '198.51.100.1', port: 40000 },
    remote: { address: '198.51.100.2', port: 5201 },
    state: 'established',
    bytesSent: 0,
    bytesReceived: 0,
    bytesAcked: 0,
    txRate: (red ?? 0) + blue,
    rxRate: 0,
    firstSeen: 0,
    fallback: false,
    subflows: [
      ...(red === null ? [] : [subflow('red-c', '198.51.100.1', red)]),
      subflow('blue-c', '203.0.113.1', blue),
    ],
  };
  const link = (name: string, address: string) => ({ name, up: true, addresses: [address] });
  const snapshot = {
    time: 1_000_000 + s * 1000,
    endpoints: redEndpoint ? [{ id: 2, address: '198.51.100.1', interface: 'red-c' }] : [],
    interfaces: [link('red-c', '198.51.100.1'), link('blue-c', '203.0.113.1')],
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
    expect(failoverSentence(f!)).toMatch(
      /^connection 0a0b0c0d failed over from red-c .* to blue-c .*: traffic stalled for 2\.0 s \(below 10 % of its 40 Mbit\/s\), then 20 Mbit\/s on blue-c$/,
    );
  });

  it('follows the path left with the journal analysis: the same recovery, once', () => {
    const ticks: TickUpdate[] = [];
    for (let s = 0; s < 40; s++) {
      // Red cut at 10 s (blue takes over within the tick), back at 14 s carrying 3 MB/s.
      ticks.push(tickOf(s, s < 10 ? 5e6 : s < 14 ? 0 : 3e6, s < 10 ? 0 : 2.5e6));
    }
    const news: { path: FailoverPath; news: FollowUpNews }[] = [];
    const seen: Failover[] = [];
    const feed = createFailoverWatch((f) => seen.push(f), {
      everyMs: 1000,
      onFollowUp: (_f, path, n) => news.push({ path, news: n }),
    });
    for (const t of ticks) feed(t);
    const [journal] = detectFailovers({ ticks });
    expect(seen).toHaveLength(1);
    expect(journal?.recoveredAt).toBe(1_014_000);
    expect(news).toEqual([
      {
        path: { address: '198.51.100.1', interface: 'red-c' },
        news: { kind: 'recovered', at: journal?.recoveredAt, outMs: journal?.outMs, rate: 3e6 },
      },
    ]);
    const event = followUpEvent('0a0b0c0d', news[0]!.path, news[0]!.news, 1_040_000);
    expect(event).toMatchObject({ type: 'recovered', source: 'inferred', interface: 'red-c' });
    expect(event.message).toBe(
      'connection 0a0b0c0d: red-c (198.51.100.1) carries traffic again (24 Mbit/s); it was out for 5.0 s',
    );
  });

  it('flags a subflow not re-created while the path is back, as the journal does', () => {
    const ticks: TickUpdate[] = [];
    for (let s = 0; s < 40; s++)
      ticks.push(tickOf(s, s < 10 ? 5e6 : null, s < 10 ? 0 : 2.5e6, true));
    const news: FollowUpNews[] = [];
    const feed = createFailoverWatch(() => undefined, {
      everyMs: 1000,
      onFollowUp: (_f, _path, n) => news.push(n),
    });
    for (const t of ticks) feed(t);
    const [journal] = detectFailovers({ ticks });
    expect(journal?.subflowMissingAt).toBe(1_021_000);
    expect(news).toEqual([{ kind: 'subflow-missing', at: 1_021_000, since: 1_010_000 }]);
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
