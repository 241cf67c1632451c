// buildSnapshot joins on hand-made samples: subflows without their MPTCP socket, missing
// tokens, listeners and closed sockets, backup flags, interface placement of subflows and
// endpoints, multipath modes, loopback, limits.
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../electron/contract.js';
import { SUBFLOWS_ONLY_STATE } from '../../../electron/monitor/connections.js';
import type { RawSample } from '../../../native/kernel/sample.js';
import {
  LO,
  TOKEN,
  conn,
  endpoint,
  link,
  mptcpSocket,
  only,
  run,
  sample,
  subflow,
} from '../../fixtures/monitor/samples.js';

describe('joining subflows to connections', () => {
  it('subflows whose MPTCP socket is missing form a "subflows-only" connection, kept across ticks', () => {
    const whole = conn(1000, { acked: 100, red: 100 });
    const [a, b] = run({ ...conn(0, { red: 0 }), mptcpSockets: [] }, whole);
    expect(a!.connections).toHaveLength(1);
    expect(only(a!)).toMatchObject({
      token: '1234abcd',
      state: SUBFLOWS_ONLY_STATE,
      local: { address: '198.51.100.1', port: 40000 },
      remote: { address: '198.51.100.2', port: 5201 },
    });
    expect(only(a!).subflows.map((s) => s.interface)).toEqual(['red-c', 'blue-c']);
    expect(only(b!).state).toBe('established');
    expect(only(b!).firstSeen).toBe(a!.time);
    expect(only(b!).subflows[0]!.txRate).toBe(100);
  });

  it('without tokens, subflows join by inode; with neither, each stands alone', () => {
    const s = sample(0, {
      mptcpSockets: [mptcpSocket({ port: 40000, cookie: 'a1', inode: 7 })],
      subflows: [
        subflow({ address: '198.51.100.1', port: 40000, cookie: 'b1', inode: 7, initial: true }),
        subflow({ address: '203.0.113.1', port: 40001, cookie: 'b2', inode: 7 }),
        subflow({ address: '203.0.113.1', port: 40009, cookie: 'b3', inode: 0 }),
      ],
    });
    const [snap] = run(s);
    expect(snap!.connections.map((c) => [c.token, c.state, c.subflows.length])).toEqual([
      ['00000000', 'established', 2],
      ['00000000', SUBFLOWS_ONLY_STATE, 1],
    ]);
  });

  it('listeners and closed sockets (and their subflows) are not connections; closing ones are', () => {
    const s = sample(0, {
      mptcpSockets: [
        mptcpSocket({ port: 5201, cookie: 'l1', inode: 3, token: 0, state: 'listen' }),
        mptcpSocket({ port: 40005, cookie: 'x1', inode: 4, token: 0, state: 'close' }),
        mptcpSocket({ port: 40006, cookie: 'f1', inode: 5, token: 0xfeed, state: 'fin-wait-1' }),
      ],
      subflows: [
        subflow({ address: '198.51.100.1', port: 5201, cookie: 'l2', inode: 3, state: 'listen' }),
        // A subflow still closing under the closed socket: claimed by it, not a stray connection.
        subflow({
          address: '198.51.100.1',
          port: 40005,
          cookie: 'x2',
          inode: 4,
          state: 'last-ack',
        }),
        subflow({ address: '198.51.100.1', port: 40006, cookie: 'f2', inode: 5, token: 0xfeed }),
      ],
    });
    const [snap] = run(s);
    expect(snap!.connections.map((c) => [c.token, c.state])).toEqual([['0000feed', 'fin-wait-1']]);
  });

  it('backup means either end asked for it', () => {
    const s = sample(0, {
      mptcpSockets: [mptcpSocket({ port: 40000, cookie: 'a1', inode: 7, token: TOKEN })],
      subflows: [
        subflow({
          address: '198.51.100.1',
          port: 40000,
          cookie: 'b1',
          inode: 7,
          token: TOKEN,
          initial: true,
        }),
        subflow({
          address: '203.0.113.1',
          port: 40001,
          cookie: 'b2',
          inode: 7,
          token: TOKEN,
          backupRemote: true,
        }),
        subflow({
          address: '203.0.113.1',
          port: 40002,
          cookie: 'b3',
          inode: 7,
          token: TOKEN,
          localId: 2,
          backupLocal: true,
        }),
      ],
    });
    expect(only(run(s)[0]!).subflows.map((f) => f.backup)).toEqual([false, true, true]);
  });

  it('interface of a subflow: the owner of its address, else its bound ifindex, else null', () => {
    const s = sample(0, {
      mptcpSockets: [mptcpSocket({ port: 40000, cookie: 'a1', inode: 7, token: TOKEN })],
      subflows: [
        subflow({
          address: '198.51.100.1',
          port: 40000,
          cookie: 'b1',
          inode: 7,
          token: TOKEN,
          initial: true,
          boundInterface: 5,
        }),
        subflow({
          address: '192.0.2.9',
          port: 40001,
          cookie: 'b2',
          inode: 7,
          token: TOKEN,
          boundInterface: 5,
        }),
        subflow({
          address: '192.0.2.9',
          port: 40002,
          cookie: 'b3',
          inode: 7,
          token: TOKEN,
          localId: 2,
        }),
      ],
    });
    expect(only(run(s)[0]!).subflows.map((f) => f.interface)).toEqual(['red-c', 'blue-c', null]);
  });

  it('many connections: every subflow lands in its own connection', () => {
    const sockets = [];
    const subflows = [];
    for (let i = 0; i < 1000; i++) {
      const token = 0x10000 + i;
      sockets.push(mptcpSocket({ port: 10000 + i, cookie: `s${i}`, inode: 100 + i, token }));
      subflows.push(
        subflow({
          address: '198.51.100.1',
          port: 10000 + i,
          cookie: `f${i}`,
          inode: 100 + i,
          token,
          initial: true,
        }),
      );
      subflows.push(
        subflow({
          address: '203.0.113.1',
          port: 30000 + i,
          cookie: `g${i}`,
          inode: 100 + i,
          token,
        }),
      );
    }
    const [snap] = run(sample(0, { mptcpSockets: sockets, subflows: subflows.reverse() }));
    expect(snap!.connections).toHaveLength(1000);
    for (const c of snap!.connections) {
      expect(c.subflows.map((f) => f.local.port)).toEqual([c.local.port, c.local.port + 20000]);
    }
  });
});

describe('interfaces and endpoints', () => {
  const modes = (s: Snapshot) => s.interfaces.map((i) => [i.name, i.multipath]);

  it('multipath: off without endpoints, on, backup when all are backup, implicit ones ignored', () => {
    const s = sample(0, {
      interfaces: [
        LO(),
        link(3, 'red-c', ['198.51.100.1']),
        link(5, 'blue-c', ['203.0.113.1']),
        link(6, 'wwan0', ['192.0.2.1']),
        link(7, 'eth1', ['2001:db8:9::1']),
      ],
      endpoints: [
        endpoint(1, '203.0.113.1', ['subflow', 'backup'], 5),
        endpoint(2, '192.0.2.1', ['signal']),
        endpoint(3, '198.51.100.1', ['implicit']),
        endpoint(4, '2001:db8:9::1', ['subflow', 'backup']),
        endpoint(5, '2001:db8:9::1', ['subflow'], 7),
        endpoint(6, '192.0.2.200', ['subflow']),
      ],
    });
    const [snap] = run(s);
    expect(modes(snap!)).toEqual([
      ['red-c', 'off'],
      ['blue-c', 'backup'],
      ['wwan0', 'on'],
      ['eth1', 'on'],
    ]);
    expect(snap!.endpoints.map((e) => [e.id, e.interface])).toEqual([
      [1, 'blue-c'],
      [2, 'wwan0'],
      [3, 'red-c'],
      [4, 'eth1'],
      [5, 'eth1'],
      [6, null],
    ]);
  });

  it('lo is shown, last, only when it carries a subflow', () => {
    const lo = sample(0, {
      interfaces: [LO(), link(3, 'red-c', ['198.51.100.1'])],
      mptcpSockets: [mptcpSocket({ port: 40000, cookie: 'a1', inode: 7, token: TOKEN })],
      subflows: [
        subflow({
          address: '127.0.0.1',
          port: 40000,
          cookie: 'b1',
          inode: 7,
          token: TOKEN,
          initial: true,
        }),
      ],
    });
    const [snap] = run(lo);
    expect(snap!.interfaces.map((i) => i.name)).toEqual(['red-c', 'lo']);
    expect(snap!.interfaces[1]!.multipathDisabledReason).toMatch(/loopback/);
    expect(run(sample(0))[0]!.interfaces.map((i) => i.name)).toEqual(['red-c', 'blue-c']);
  });

  it('says why the toggle is disabled: unprivileged, no usable address, MPTCP off', () => {
    const reason = (s: RawSample) => run(s)[0]!.interfaces.map((i) => i.multipathDisabledReason);
    expect(reason(sample(0, { privileged: false }))[0]).toMatch(/CAP_NET_ADMIN/);
    expect(reason(sample(0, { interfaces: [link(3, 'red-c', ['fe80::1'])] }))[0]).toMatch(
      /address/,
    );
    expect(
      reason(sample(0, { kernel: { mptcp: 'upstream', enabled: false, release: 'x' } }))[0],
    ).toMatch(/disabled/);
    expect(reason(sample(0))).toEqual([undefined, undefined]);
  });

  it('limits fall back to a connection’s mptcp_info when the path manager could not be read', () => {
    const [snap] = run({ ...conn(0), limits: null });
    expect(snap!.limits).toEqual({ subflows: 2, addAddrAccepted: 2 });
    expect(run(sample(0, { limits: null }))[0]!.limits).toEqual({
      subflows: 0,
      addAddrAccepted: 0,
    });
  });
});

describe('the process behind each connection', () => {
  const iperf = {
    pid: 4242,
    name: 'iperf3',
    cmdline: 'iperf3 -c 198.51.100.2',
    uid: 0,
    user: 'root',
  };

  it('names the owner pid of the MPTCP socket, counts other holders, and passes the note on', () => {
    const s = sample(0, {
      mptcpSockets: [
        {
          ...mptcpSocket({ port: 40000, cookie: 'a1', inode: 7, token: 1 }),
          ownerPid: 4242,
          otherOwners: 0,
        },
        {
          ...mptcpSocket({ port: 40001, cookie: 'a2', inode: 8, token: 2 }),
          ownerPid: 4242,
          otherOwners: 2,
        },
        mptcpSocket({ port: 40002, cookie: 'a3', inode: 9, token: 3 }),
      ],
      subflows: [
        subflow({ address: '198.51.100.1', port: 40009, cookie: 'b9', inode: 0, token: 4 }),
      ],
      processes: [iperf],
      processNote: 'not yours',
    });
    const [snap] = run(s);
    expect(snap!.connections.map((c) => [c.local.port, c.process])).toEqual([
      [40000, iperf],
      [40001, { ...iperf, others: 2 }],
      [40002, null],
      [40009, null],
    ]);
    expect(snap!.processNote).toBe('not yours');
  });

  it('leaves process out when the sample predates process lookup (old captures)', () => {
    const [snap] = run(
      sample(0, { mptcpSockets: [mptcpSocket({ port: 40000, cookie: 'a1', inode: 7, token: 1 })] }),
    );
    expect(only(snap!)).not.toHaveProperty('process');
    expect(snap).not.toHaveProperty('processNote');
  });
});
