// When the app notifies: a connection left with no subflow, or a failover (the 'failover' event of
// the monitor's live detector, the one the timeline and metrics use), at most once per connection
// and kind per minute.
import { describe, expect, it } from 'vitest';
import type { Connection, PmEvent, Subflow, TickUpdate } from '../../../electron/contract.js';
import type { HostPush } from '../../../electron/host/host.js';
import {
  NotificationPolicy,
  watchNotifications,
} from '../../../electron/shell/notification-policy.js';
import type { Notice } from '../../../electron/shell/notification-policy.js';
import { createFailoverWatch } from '../../../electron/monitor/failover-watch.js';
import { failoverEvent } from '../../../electron/monitor/failover-words.js';
import { SNAPSHOT } from '../server/fake-host.js';

const T0 = 1_700_000_000_000;
const TOKEN = '0a0b0c0d';

function subflow(local: string, iface: string, rate: number): Subflow {
  return {
    local: { address: local, port: 40000 },
    remote: { address: '198.51.100.2', port: 5201 },
    interface: iface,
    localId: 0,
    remoteId: 0,
    backup: false,
    state: 'established',
    rttMs: 10,
    cwnd: 10,
    bytesAcked: 0,
    bytesReceived: 0,
    txRate: rate,
    rxRate: 0,
  };
}

function connection(subflows: Subflow[]): Connection {
  const rate = subflows.reduce((sum, s) => sum + s.txRate, 0);
  return {
    token: TOKEN,
    local: { address: '198.51.100.1', port: 40000 },
    remote: { address: '198.51.100.2', port: 5201 },
    state: 'established',
    bytesSent: 0,
    bytesReceived: 0,
    bytesAcked: 0,
    txRate: rate,
    rxRate: 0,
    firstSeen: T0,
    fallback: false,
    subflows,
  };
}

function tick(second: number, connections: Connection[], events: PmEvent[] = []): TickUpdate {
  return { snapshot: { ...SNAPSHOT, time: T0 + second * 1000, connections }, events };
}

const subClosed = (second: number): PmEvent => ({
  time: T0 + second * 1000,
  type: 'sub-closed',
  source: 'kernel',
  token: TOKEN,
  interface: 'red-c',
});

describe('lost last subflow', () => {
  it('notifies when sub-closed leaves the connection with none, once a minute', () => {
    const policy = new NotificationPolicy();
    expect(policy.next(tick(0, [connection([subflow('198.51.100.1', 'red-c', 1e6)])]))).toEqual([]);
    const notices = policy.next(tick(1, [connection([])], [subClosed(1)]));
    expect(notices).toHaveLength(1);
    expect(notices[0]?.title).toBe('A connection lost its last subflow');
    expect(notices[0]?.body).toContain('198.51.100.1:40000 → 198.51.100.2:5201');
    expect(notices[0]?.body).toContain('red-c');
    expect(policy.next(tick(2, [connection([])], [subClosed(2)]))).toEqual([]);
    expect(policy.next(tick(70, [connection([])], [subClosed(70)]))).toHaveLength(1);
  });

  it('stays quiet when another subflow remains or the connection closed', () => {
    const policy = new NotificationPolicy();
    const remaining = connection([subflow('203.0.113.1', 'blue-c', 1e6)]);
    expect(policy.next(tick(1, [remaining], [subClosed(1)]))).toEqual([]);
    expect(policy.next(tick(2, [], [subClosed(2)]))).toEqual([]);
  });
});

describe('failover', () => {
  it("announces the live detector's failover event, once", () => {
    const policy = new NotificationPolicy();
    const red = (rate: number) => subflow('198.51.100.1', 'red-c', rate);
    const blue = (rate: number) => subflow('203.0.113.1', 'blue-c', rate);
    // The monitor's detector as startHost wires it: a failover becomes an event of the next tick.
    let pending: PmEvent[] = [];
    const watch = createFailoverWatch((f) => pending.push(failoverEvent(f, f.at)));
    const notices: Notice[] = [];
    const events: PmEvent[] = [];
    const feed = (s: number, conns: Connection[]) => {
      const update = tick(s, conns, pending);
      pending = [];
      events.push(...update.events);
      notices.push(...policy.next(update));
      watch(update);
    };
    // 6 s carried by red, red collapses, blue takes over for 14 s.
    for (let s = 0; s < 6; s++) feed(s, [connection([red(4e6), blue(0)])]);
    for (let s = 6; s < 20; s++) feed(s, [connection([red(0), blue(2e6)])]);
    expect(events.map((e) => e.type)).toEqual(['failover']);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.title).toBe('A connection failed over from red-c to blue-c');
    expect(notices[0]?.body).toContain('198.51.100.1:40000 → 198.51.100.2:5201');
    expect(notices[0]?.body).toContain('203.0.113.1:40000');
    // Blue took over within the tick: said in words, not as a gap of 0 s.
    expect(notices[0]?.body).toMatch(/: no interruption: 32 → 16 Mbit\/s on blue-c\.$/);
  });

  it('runs no detector of its own: ticks without a failover event announce nothing', () => {
    const policy = new NotificationPolicy();
    const red = (rate: number) => subflow('198.51.100.1', 'red-c', rate);
    const blue = (rate: number) => subflow('203.0.113.1', 'blue-c', rate);
    const notices: Notice[] = [];
    for (let s = 0; s < 6; s++)
      notices.push(...policy.next(tick(s, [connection([red(4e6), blue(0)])])));
    for (let s = 6; s < 20; s++)
      notices.push(...policy.next(tick(s, [connection([red(0), blue(2e6)])])));
    expect(notices).toEqual([]);
  });

  it('feeds only ticks, and only while enabled', () => {
    const listeners = new Set<(p: HostPush) => void>();
    const host = {
      subscribe(listener: (p: HostPush) => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    let enabled = false;
    const shown: Notice[] = [];
    const stop = watchNotifications(
      host,
      () => enabled,
      (n) => shown.push(n),
      new NotificationPolicy(),
    );
    const emit = (p: HostPush) => {
      for (const l of listeners) l(p);
    };
    emit({ name: 'onTick', payload: tick(1, [connection([])], [subClosed(1)]) });
    expect(shown).toEqual([]);
    enabled = true;
    emit({ name: 'onRecording', payload: { active: true, session: null } });
    emit({ name: 'onTick', payload: tick(2, [connection([])], [subClosed(2)]) });
    expect(shown).toHaveLength(1);
    stop();
    expect(listeners.size).toBe(0);
  });
});
