// Constructed TickUpdates for the metrics tests: a base snapshot with the lab's two client
// interfaces, and builders for interfaces, connections and subflows.
import type {
  Connection,
  InterfaceState,
  PmEvent,
  Snapshot,
  Subflow,
  TickUpdate,
} from '../../../electron/contract.js';
import type { TickExtras } from '../../../electron/metrics/collector.js';

export function iface(
  name: string,
  ifindex: number,
  rxBytes: number,
  txBytes: number,
  extra: Partial<InterfaceState> = {},
): InterfaceState {
  return {
    name,
    ifindex,
    up: true,
    addresses: [],
    rxBytes,
    txBytes,
    rxRate: 0,
    txRate: 0,
    multipath: 'on',
    ...extra,
  };
}

export function subflow(iface: string | null, backup = false): Subflow {
  return {
    local: { address: '198.51.100.1', port: 40000 },
    remote: { address: '198.51.100.2', port: 5201 },
    interface: iface,
    localId: 0,
    remoteId: 0,
    backup,
    state: 'established',
    rttMs: 1,
    cwnd: 10,
    bytesAcked: 0,
    bytesReceived: 0,
    txRate: 0,
    rxRate: 0,
  };
}

export function connection(
  n: number,
  subflows: readonly Subflow[],
  state = 'established',
): Connection {
  return {
    token: n.toString(16).padStart(8, '0'),
    local: { address: '198.51.100.1', port: 40000 + (n % 20000) },
    remote: { address: '198.51.100.2', port: 5201 },
    state,
    bytesSent: 0,
    bytesReceived: 0,
    bytesAcked: 0,
    txRate: 0,
    rxRate: 0,
    firstSeen: 0,
    fallback: false,
    subflows,
  };
}

export const BASE: Snapshot = {
  time: 1_700_000_000_000,
  netns: 'lab-cli',
  privileged: true,
  hostname: 'lab',
  intervalMs: 1000,
  kernel: { release: '6.18.0', mptcp: 'upstream', enabled: true, pathManager: 'kernel' },
  limits: { subflows: 8, addAddrAccepted: 8 },
  endpoints: [
    { id: 1, address: '203.0.113.1', interface: 'blue-c', flags: ['subflow'] },
    { id: 2, address: '192.0.2.1', interface: 'green-c', flags: ['subflow', 'backup'] },
  ],
  interfaces: [iface('red-c', 2, 1000, 5000), iface('blue-c', 3, 2000, 7000)],
  connections: [],
};

export function tick(change: Partial<Snapshot> = {}, events: readonly PmEvent[] = []): TickUpdate {
  return { snapshot: { ...BASE, ...change }, events };
}

export function extras(change: Partial<TickExtras> = {}): TickExtras {
  return { counters: null, eventOverflows: 0, eventSource: 'kernel', ...change };
}
