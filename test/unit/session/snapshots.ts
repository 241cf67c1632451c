// Constructed snapshots and ticks for the session tests: a two-path host (red 198.51.100.x,
// blue 203.0.113.x) whose connections' subflow rates the test chooses tick by tick.
import type {
  Connection,
  PmEvent,
  Snapshot,
  Subflow,
  TickUpdate,
} from '../../../electron/contract.js';
import type { JournalHeader } from '../../../electron/session/journal/journal-types.js';

export const T0 = Date.UTC(2026, 10, 22, 5, 10, 0);

/** Rates (bytes/s) of one connection's subflows at one tick: red then blue; null = subflow absent. */
export interface ConnectionRates {
  readonly token: string;
  readonly red: number | null;
  readonly blue: number | null;
  readonly state?: string;
}

export function subflow(path: 'red' | 'blue', rate: number, port: number, bytes: number): Subflow {
  const red = path === 'red';
  return {
    local: { address: red ? '198.51.100.1' : '203.0.113.1', port },
    remote: { address: red ? '198.51.100.2' : '203.0.113.2', port: 5201 },
    interface: red ? 'red-c' : 'blue-c',
    localId: red ? 0 : 1,
    remoteId: 0,
    backup: false,
    state: 'established',
    rttMs: red ? 12.5 : 25.25,
    cwnd: 10,
    bytesAcked: bytes,
    bytesReceived: 120,
    txRate: rate,
    rxRate: 0,
  };
}

export function connection(c: ConnectionRates, index: number, time: number): Connection {
  const port = 40000 + index;
  const subflows: Subflow[] = [];
  const elapsed = (time - T0) / 1000;
  if (c.red !== null) subflows.push(subflow('red', c.red, port, Math.round(c.red * elapsed)));
  if (c.blue !== null)
    subflows.push(subflow('blue', c.blue, port + 1000, Math.round(c.blue * elapsed)));
  const rate = (c.red ?? 0) + (c.blue ?? 0);
  return {
    token: c.token,
    local: { address: '198.51.100.1', port },
    remote: { address: '198.51.100.2', port: 5201 },
    state: c.state ?? 'established',
    bytesSent: Math.round(rate * elapsed),
    bytesReceived: 37,
    bytesAcked: Math.round(rate * elapsed),
    txRate: rate,
    rxRate: 0,
    firstSeen: T0,
    fallback: false,
    subflows,
  };
}

export function snapshot(time: number, connections: readonly ConnectionRates[]): Snapshot {
  return {
    time,
    netns: 'sfs-cli',
    privileged: true,
    hostname: 'lab-host',
    intervalMs: 1000,
    kernel: { release: '6.18.0', mptcp: 'upstream', enabled: true, pathManager: 'kernel' },
    limits: { subflows: 8, addAddrAccepted: 8 },
    endpoints: [{ id: 1, address: '203.0.113.1', interface: 'blue-c', flags: ['subflow'] }],
    interfaces: [
      {
        name: 'red-c',
        ifindex: 2,
        up: true,
        addresses: ['198.51.100.1'],
        rxBytes: 1000 + (time - T0),
        txBytes: 5000 + 3 * (time - T0),
        rxRate: 1000,
        txRate: 3000,
        multipath: 'off',
      },
      {
        name: 'blue-c',
        ifindex: 3,
        up: true,
        addresses: ['203.0.113.1'],
        rxBytes: 700,
        txBytes: 900,
        rxRate: 0,
        txRate: 0,
        multipath: 'on',
      },
    ],
    connections: connections.map((c, i) => connection(c, i, time)),
  };
}

/** One tick per entry of `rows`, `stepMs` apart from T0, with optional events per tick. */
export function ticksOf(
  rows: readonly (readonly ConnectionRates[])[],
  stepMs = 1000,
  events: Readonly<Record<number, readonly PmEvent[]>> = {},
): TickUpdate[] {
  return rows.map((row, i) => ({
    snapshot: snapshot(T0 + i * stepMs, row),
    events: events[i] ?? [],
  }));
}

export function header(overrides: Partial<JournalHeader> = {}): JournalHeader {
  return {
    version: 1,
    startedAt: T0,
    hostname: 'lab-host',
    netns: 'sfs-cli',
    kernel: { release: '6.18.0', mptcp: 'upstream', enabled: true, pathManager: 'kernel' },
    intervalMs: 1000,
    privileged: true,
    endpoints: [{ id: 1, address: '203.0.113.1', interface: 'blue-c', flags: ['subflow'] }],
    limits: { subflows: 8, addAddrAccepted: 8 },
    sysctls: { 'net.mptcp.enabled': '1', 'net.mptcp.scheduler': 'default' },
    writer: 'subflow 0.1.0',
    ...overrides,
  };
}
