// inferEvents on hand-made snapshots: each event type, the handshake rules, connections without
// a token, and a deterministic order.
import { describe, expect, it } from 'vitest';
import type { Connection, Snapshot, Subflow } from '../../../electron/contract.js';
import { inferEvents } from '../../../electron/monitor/infer-events.js';

const SERVER = { address: '198.51.100.2', port: 5201 };

function sf(port: number, o: Partial<Subflow> = {}): Subflow {
  return {
    local: { address: port < 50000 ? '198.51.100.1' : '203.0.113.1', port },
    remote: SERVER,
    interface: port < 50000 ? 'red-c' : 'blue-c',
    localId: port < 50000 ? 0 : 1,
    remoteId: 0,
    backup: false,
    state: 'established',
    rttMs: 1,
    cwnd: 10,
    bytesAcked: 0,
    bytesReceived: 0,
    txRate: 0,
    rxRate: 0,
    ...o,
  };
}

function conn(
  token: string,
  port: number,
  subflows: Subflow[],
  o: Partial<Connection> = {},
): Connection {
  return {
    token,
    local: { address: '198.51.100.1', port },
    remote: SERVER,
    state: 'established',
    bytesSent: 0,
    bytesReceived: 0,
    bytesAcked: 0,
    txRate: 0,
    rxRate: 0,
    firstSeen: 0,
    fallback: false,
    subflows,
    ...o,
  };
}

const snap = (time: number, connections: Connection[]): Snapshot => ({
  time,
  netns: null,
  privileged: false,
  hostname: 'h',
  intervalMs: 1000,
  kernel: { release: 'x', mptcp: 'upstream', enabled: true },
  limits: { subflows: 2, addAddrAccepted: 2 },
  endpoints: [],
  interfaces: [],
  connections,
});

const kinds = (ev: ReturnType<typeof inferEvents>) => ev.map((e) => `${e.type} ${e.token ?? ''}`);

describe('inferEvents', () => {
  it('new connection: created, established, sub-established for joins only', () => {
    const ev = inferEvents(
      snap(0, []),
      snap(1000, [conn('0000000a', 40000, [sf(40000), sf(50001)])]),
    );
    expect(kinds(ev)).toEqual([
      'created 0000000a',
      'established 0000000a',
      'sub-established 0000000a',
    ]);
    expect(ev[0]).toEqual({
      time: 1000,
      type: 'created',
      source: 'inferred',
      token: '0000000a',
      local: { address: '198.51.100.1', port: 40000 },
      remote: SERVER,
    });
    expect(ev[2]).toEqual({
      time: 1000,
      type: 'sub-established',
      source: 'inferred',
      token: '0000000a',
      local: { address: '203.0.113.1', port: 50001 },
      remote: SERVER,
      localId: 1,
      remoteId: 0,
      backup: false,
      interface: 'blue-c',
    });
  });

  it('handshakes: established and sub-established wait until the handshake is over', () => {
    const a = snap(0, []);
    const b = snap(1, [
      conn('b', 40000, [sf(40000, { state: 'syn-sent' })], { state: 'syn-sent' }),
    ]);
    const c = snap(2, [conn('b', 40000, [sf(40000), sf(50001, { state: 'syn-sent' })])]);
    const d = snap(3, [conn('b', 40000, [sf(40000), sf(50001)])]);
    expect(kinds(inferEvents(a, b))).toEqual(['created b']);
    expect(kinds(inferEvents(b, c))).toEqual(['established b']);
    expect(kinds(inferEvents(c, d))).toEqual(['sub-established b']);
  });

  it('subflow closed, subflow joined and backup changed within a live connection', () => {
    const a = snap(0, [conn('c', 40000, [sf(40000), sf(50001), sf(50002)])]);
    const b = snap(1, [
      conn('c', 40000, [sf(40000), sf(50002, { backup: true }), sf(50003, { interface: null })]),
    ]);
    const ev = inferEvents(a, b);
    expect(ev.map((e) => [e.type, e.local?.port, e.backup])).toEqual([
      ['sub-closed', 50001, false],
      ['sub-priority', 50002, true],
      ['sub-established', 50003, false],
    ]);
    expect(ev[2]).not.toHaveProperty('interface');
  });

  it('closed connections come first, in the previous order; no sub-closed for their subflows', () => {
    const a = snap(0, [conn('d1', 40001, [sf(40001)]), conn('d2', 40002, [sf(40002), sf(50002)])]);
    const b = snap(1, [conn('d3', 40003, [sf(40003)])]);
    expect(kinds(inferEvents(a, b))).toEqual([
      'closed d1',
      'closed d2',
      'created d3',
      'established d3',
    ]);
  });

  it('connections without a token are told apart by their addresses', () => {
    const a = snap(0, [conn('00000000', 40001, [sf(40001)]), conn('00000000', 40002, [sf(40002)])]);
    const b = snap(1, [conn('00000000', 40002, [sf(40002)]), conn('00000000', 40003, [sf(40003)])]);
    expect(inferEvents(a, b).map((e) => [e.type, e.local?.port])).toEqual([
      ['closed', 40001],
      ['created', 40003],
      ['established', 40003],
    ]);
  });

  it('a socket reused with a new token is a close and a create', () => {
    const a = snap(0, [conn('e1', 40000, [sf(40000)])]);
    const b = snap(1, [conn('e2', 40000, [sf(40000)])]);
    expect(kinds(inferEvents(a, b))).toEqual(['closed e1', 'created e2', 'established e2']);
  });

  it('is deterministic and does not change its inputs', () => {
    const a = snap(0, [conn('f', 40000, [sf(40000), sf(50001)])]);
    const b = snap(1, [
      conn('f', 40000, [sf(40000), sf(50001, { backup: true })]),
      conn('g', 40001, [sf(40001)]),
    ]);
    const copy = JSON.stringify([a, b]);
    expect(inferEvents(a, b)).toEqual(inferEvents(a, b));
    expect(JSON.stringify([a, b])).toBe(copy);
    expect(inferEvents(b, b)).toEqual([]);
    expect(inferEvents(null, b)).toEqual([]);
  });
});
