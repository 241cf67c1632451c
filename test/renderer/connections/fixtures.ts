// Lab-like data for the connections and events tests: a client on red-c (198.51.100.1) and
// blue-c (203.0.113.1) talking to a server on port 5201.
import type {
  Connection,
  PmEvent,
  ProcessInfo,
  Snapshot,
  Subflow,
  SubflowApi,
} from '../../../electron/contract.js';

export const T0 = 1_760_000_000_000;

/** The lab's iperf3 client as Connection.process names it. */
export const IPERF_PROCESS: ProcessInfo = {
  pid: 4242,
  name: 'iperf3',
  cmdline: 'iperf3 -c 198.51.100.2',
  uid: 0,
  user: 'root',
};

export function subflow(overrides: Partial<Subflow> = {}): Subflow {
  return {
    local: { address: '198.51.100.1', port: 40000 },
    remote: { address: '198.51.100.2', port: 5201 },
    interface: 'red-c',
    localId: 0,
    remoteId: 0,
    backup: false,
    state: 'established',
    rttMs: 12.5,
    cwnd: 10,
    bytesAcked: 1_000_000,
    bytesReceived: 2_000,
    txRate: 5_000_000,
    rxRate: 1_000,
    ...overrides,
  };
}

export const RED = subflow();
export const BLUE = subflow({
  local: { address: '203.0.113.1', port: 40001 },
  remote: { address: '198.51.100.2', port: 5201 },
  interface: 'blue-c',
  localId: 1,
  txRate: 2_500_000,
  rxRate: 500,
  rttMs: 3.25,
  cwnd: 24,
});

export function connection(overrides: Partial<Connection> = {}): Connection {
  const subflows = overrides.subflows ?? [RED, BLUE];
  return {
    token: 'a1b2c3d4',
    local: { address: '198.51.100.1', port: 40000 },
    remote: { address: '198.51.100.2', port: 5201 },
    state: 'established',
    bytesSent: 10_000_000,
    bytesReceived: 20_000,
    bytesAcked: 10_000_000,
    txRate: subflows.reduce((s, f) => s + f.txRate, 0),
    rxRate: subflows.reduce((s, f) => s + f.rxRate, 0),
    firstSeen: T0 - 60_000,
    fallback: false,
    subflows,
    ...overrides,
  };
}

export function event(overrides: Partial<PmEvent> = {}): PmEvent {
  return { time: T0, type: 'sub-established', source: 'kernel', ...overrides };
}

export function snapshot(connections: readonly Connection[], time = T0): Snapshot {
  return {
    time,
    netns: 'sflab-cli',
    privileged: true,
    hostname: 'lab',
    intervalMs: 1000,
    kernel: { release: '6.18.0', mptcp: 'upstream', enabled: true, pathManager: 'kernel' },
    limits: { subflows: 8, addAddrAccepted: 8 },
    endpoints: [],
    interfaces: [],
    connections,
  };
}

/** A SubflowApi that answers nothing and records what it was asked. */
export function fakeApi(): SubflowApi & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    invoke(name) {
      calls.push(name);
      return Promise.resolve({
        ok: false,
        error: { code: 'unavailable', message: 'The fake host serves nothing.' },
      });
    },
    on() {
      return () => undefined;
    },
  };
}
