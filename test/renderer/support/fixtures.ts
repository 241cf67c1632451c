// Lab-like data for renderer tests: red-c 40 Mbit/s and blue-c 20 Mbit/s, one connection with
// two subflows, and builders to vary them.
import type {
  Connection,
  InterfaceState,
  PmEvent,
  Snapshot,
  Subflow,
  TickUpdate,
} from '../../../electron/contract.js';

export const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

export function iface(name: string, patch: Partial<InterfaceState> = {}): InterfaceState {
  return {
    name,
    ifindex: name === 'lo' ? 1 : name === 'red-c' ? 2 : 3,
    up: true,
    addresses: name === 'red-c' ? ['198.51.100.1/24'] : ['203.0.113.1/24'],
    rxBytes: 1_000_000,
    txBytes: 50_000_000,
    rxRate: 0,
    txRate: 0,
    multipath: 'off',
    ...patch,
  };
}

export function subflow(local: string, patch: Partial<Subflow> = {}): Subflow {
  return {
    local: { address: local, port: 40000 },
    remote: { address: local.replace(/\.1$/, '.2'), port: 5201 },
    interface: local.startsWith('198') ? 'red-c' : 'blue-c',
    localId: local.startsWith('198') ? 0 : 1,
    remoteId: 0,
    backup: false,
    state: 'established',
    rttMs: 12.5,
    cwnd: 10,
    bytesAcked: 1000,
    bytesReceived: 0,
    txRate: 1_000_000,
    rxRate: 0,
    ...patch,
  };
}

export function connection(token: string, patch: Partial<Connection> = {}): Connection {
  return {
    token,
    local: { address: '198.51.100.1', port: 40000 },
    remote: { address: '198.51.100.2', port: 5201 },
    state: 'established',
    bytesSent: 1_000_000,
    bytesReceived: 1000,
    bytesAcked: 1_000_000,
    txRate: 7_500_000,
    rxRate: 1000,
    firstSeen: T0 - 30_000,
    fallback: false,
    subflows: [
      subflow('198.51.100.1', { txRate: 5_000_000 }),
      subflow('203.0.113.1', { txRate: 2_500_000 }),
    ],
    ...patch,
  };
}

export function snapshot(time: number, patch: Partial<Snapshot> = {}): Snapshot {
  return {
    time,
    netns: 'subflow-cli',
    privileged: true,
    hostname: 'lab-host',
    intervalMs: 1000,
    kernel: {
      release: '6.18.0-test',
      mptcp: 'upstream',
      enabled: true,
      pathManager: 'kernel',
      scheduler: 'default',
    },
    limits: { subflows: 8, addAddrAccepted: 8 },
    endpoints: [{ id: 1, address: '203.0.113.1', interface: 'blue-c', flags: ['subflow'] }],
    interfaces: [
      iface('red-c', { txRate: 5_000_000, multipath: 'off' }),
      iface('blue-c', { txRate: 2_500_000, multipath: 'on' }),
    ],
    connections: [connection('0a0b0c0d')],
    ...patch,
  };
}

export function tick(
  time: number,
  patch: Partial<Snapshot> = {},
  events: PmEvent[] = [],
): TickUpdate {
  return { snapshot: snapshot(time, patch), events };
}

export function event(time: number, type: PmEvent['type'] = 'sub-established'): PmEvent {
  return { time, type, source: 'kernel', token: '0a0b0c0d' };
}
