// Constructed journals for the report tests: a header and snapshots with the fields the report
// reads, overridable per test. Not a fixture from the kernel: every figure here is chosen.
import type {
  Connection,
  InterfaceState,
  PmEvent,
  Snapshot,
  Subflow,
  TickUpdate,
} from '../../../electron/contract.js';
import type {
  JournalContents,
  JournalHeader,
} from '../../../electron/session/journal/journal-types.js';

export const T0 = Date.UTC(2025, 0, 15, 10, 0, 0);

export function header(over: Partial<JournalHeader> = {}): JournalHeader {
  return {
    version: 1,
    startedAt: T0,
    hostname: 'lab-host',
    netns: 'sf-cli',
    kernel: {
      release: '6.18.0',
      mptcp: 'upstream',
      enabled: true,
      pathManager: 'kernel',
      scheduler: 'default',
    },
    intervalMs: 1000,
    privileged: true,
    endpoints: [{ id: 1, address: '203.0.113.1', interface: 'blue-c', flags: ['subflow'] }],
    limits: { subflows: 8, addAddrAccepted: 8 },
    sysctls: { 'net.mptcp.enabled': '1', 'net.mptcp.allow_join_initial_addr_port': '1' },
    writer: '0.1.0',
    ...over,
  };
}

export function iface(
  name: string,
  counters: { rx: number; tx: number },
  rates: { rx: number; tx: number },
  over: Partial<InterfaceState> = {},
): InterfaceState {
  return {
    name,
    ifindex: 2,
    up: true,
    addresses: ['198.51.100.1'],
    rxBytes: counters.rx,
    txBytes: counters.tx,
    rxRate: rates.rx,
    txRate: rates.tx,
    multipath: 'on',
    ...over,
  };
}

export function subflow(port: number, over: Partial<Subflow> = {}): Subflow {
  return {
    local: { address: '198.51.100.1', port },
    remote: { address: '198.51.100.2', port: 5201 },
    interface: 'red-c',
    localId: 0,
    remoteId: 0,
    backup: false,
    state: 'established',
    rttMs: 1,
    cwnd: 10,
    bytesAcked: 0,
    bytesReceived: 0,
    txRate: 0,
    rxRate: 0,
    ...over,
  };
}

export function connection(
  token: string,
  subflows: Subflow[],
  over: Partial<Connection> = {},
): Connection {
  return {
    token,
    local: { address: '198.51.100.1', port: 40000 },
    remote: { address: '198.51.100.2', port: 5201 },
    state: 'established',
    bytesSent: 0,
    bytesReceived: 0,
    bytesAcked: 0,
    txRate: subflows.reduce((n, s) => n + s.txRate, 0),
    rxRate: subflows.reduce((n, s) => n + s.rxRate, 0),
    firstSeen: T0,
    fallback: false,
    subflows,
    ...over,
  };
}

export function snapshot(
  time: number,
  interfaces: InterfaceState[],
  connections: Connection[] = [],
): Snapshot {
  return {
    time,
    netns: 'sf-cli',
    privileged: true,
    hostname: 'lab-host',
    intervalMs: 1000,
    kernel: { release: '6.18.0', mptcp: 'upstream', enabled: true },
    limits: { subflows: 8, addAddrAccepted: 8 },
    endpoints: [],
    interfaces,
    connections,
  };
}

export const tick = (snap: Snapshot, events: PmEvent[] = []): TickUpdate => ({
  snapshot: snap,
  events,
});

export function journal(
  ticks: TickUpdate[],
  over: Partial<JournalHeader> = {},
  torn = false,
): JournalContents {
  return { header: header(over), ticks, torn };
}
