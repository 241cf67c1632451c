// sock_diag dumps on the real kernel, in the sfc-it lab (namespaces sfc-itcli / sfc-itsrv): while
// MPTCP iperf3 traffic runs, the dump shows the connection and its two subflows on both paths,
// agrees with `ss -tinMH`, works as user nobody, and spans several datagrams on a busy host.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withNetns } from '../../native/netns.js';
import { NETLINK_SOCK_DIAG, NetlinkSocket } from '../../native/netlink/socket.js';
import {
  dumpMptcpSockets,
  dumpMptcpSubflows,
  dumpTcpSockets,
} from '../../native/sock-diag/dump.js';
import type { MptcpSocketRecord, TcpSocketRecord } from '../../native/sock-diag/records.js';
import { createLab, spawnIn, startTraffic, waitFor } from './support/sock-diag-lab.js';
import type { SockDiagLab } from './support/sock-diag-lab.js';
import { parseSsTinM } from './support/sock-diag-ss.js';

const ROOT = join(import.meta.dirname, '..', '..');
const PREFIX = 'sfc-it';
const MANY = 300;

let lab: SockDiagLab | undefined;

const need = (): SockDiagLab => {
  if (!lab) throw new Error('lab not set up');
  return lab;
};

function inNs<T>(ns: string, fn: (sock: NetlinkSocket) => T): T {
  const sock = withNetns(ns, () => NetlinkSocket.open(NETLINK_SOCK_DIAG));
  try {
    return fn(sock);
  } finally {
    sock.close();
  }
}

/** The iperf3 connections to port 5201, the data one (most bytes sent) first. */
const iperfConnections = (all: readonly MptcpSocketRecord[]): MptcpSocketRecord[] =>
  all
    .filter((s) => s.state === 'established' && s.remote.port === 5201)
    .sort((a, b) => (b.info?.bytesSent ?? 0) - (a.info?.bytesSent ?? 0));

const subflowsOf = (
  all: readonly TcpSocketRecord[],
  token: number | undefined,
): TcpSocketRecord[] =>
  all.filter((s) => s.state === 'established' && s.mptcp?.tokenLocal === token);

beforeAll(async () => {
  lab = createLab(PREFIX);
  await startTraffic(lab, { connect: '198.51.100.2', seconds: 20 });
  // 300 idle MPTCP listeners on the client's loopback: dumps then span several datagrams.
  spawnIn(lab, lab.client, [
    ...['mptcpize', 'run', 'node', '-e'],
    `const net = require('node:net');
     for (let i = 0; i < ${MANY}; i++) net.createServer().listen(21000 + i, '127.0.0.1');
     setTimeout(() => process.exit(0), 120000);`,
  ]);
  // Ready when the data connection carries traffic on both subflows and the listeners are up.
  const { client } = lab;
  await waitFor('MPTCP traffic on 2 subflows and the listeners', () =>
    inNs(client, (sock) => {
      const [data] = iperfConnections(dumpMptcpSockets(sock, { families: [4] }));
      const subflows = subflowsOf(dumpMptcpSubflows(sock, { families: [4] }), data?.info?.token);
      const listeners = dumpMptcpSockets(sock).filter((s) => s.state === 'listen');
      return (
        (data?.info?.bytesSent ?? 0) > 1_000_000 &&
        subflows.length === 2 &&
        subflows.every((s) => (s.tcp?.bytesSent ?? 0) > 0) &&
        listeners.length === MANY
      );
    }),
  );
});

afterAll(() => {
  lab?.destroy();
  const left = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  expect(left).not.toContain(PREFIX);
});

describe('sock_diag dumps during MPTCP traffic (root)', () => {
  it('shows the data connection and its 2 subflows, one per path, with its token', () => {
    inNs(need().client, (sock) => {
      const conns = iperfConnections(dumpMptcpSockets(sock));
      expect(conns).toHaveLength(2); // iperf3's control and data connections
      const [data, control] = conns;
      expect(data?.info?.bytesSent).toBeGreaterThan(1_000_000);
      expect(control?.info?.bytesSent).toBeLessThan(10_000);
      expect(data?.local.address).toBe('198.51.100.1');
      expect(data?.info?.subflows).toBe(1);

      const subflows = subflowsOf(dumpMptcpSubflows(sock), data?.info?.token);
      expect(subflows.map((s) => s.local.address).sort()).toEqual(['198.51.100.1', '203.0.113.1']);
      for (const s of subflows) {
        expect(s.remote).toEqual({ address: '198.51.100.2', port: 5201 });
        expect(s.ulp).toBe('mptcp');
        expect(s.mptcp?.flags).toContain('fully-established');
        expect(s.tcp?.bytesSent).toBeGreaterThan(0);
        expect(s.tcp?.rttMs).toBeGreaterThan(0);
        expect(s.mptcp?.mapSeq).toBeDefined(); // root sees the sequence fields
      }
      const joined = subflows.find((s) => s.local.address === '203.0.113.1');
      expect(joined?.mptcp).toMatchObject({ localId: 1, remoteId: 0 });
      expect(joined?.mptcp?.flags).toContain('join-local');
      expect(joined?.boundInterface).toBeGreaterThan(0);
    });
  });

  it('agrees with ss -tinMH on addresses, ports and tokens', () => {
    const ns = need().client;
    const ours = inNs(ns, (sock) => ({
      mptcp: dumpMptcpSockets(sock).filter((s) => s.state === 'established'),
      subflows: dumpMptcpSubflows(sock).filter((s) => s.state === 'established'),
    }));
    const ss = parseSsTinM(
      execFileSync('ip', ['netns', 'exec', ns, 'ss', '-tinMH'], { encoding: 'utf8' }),
    );
    const key = (l: { address: string; port: number }, r: { address: string; port: number }) =>
      `${l.address}:${l.port} ${r.address}:${r.port}`;
    expect(new Map(ours.mptcp.map((s) => [key(s.local, s.remote), s.info?.token]))).toEqual(
      new Map(ss.filter((s) => s.kind === 'mptcp').map((s) => [key(s.local, s.remote), s.token])),
    );
    const tokens = (s: {
      tokenLocal?: number;
      tokenRemote?: number;
      localId?: number;
      remoteId?: number;
    }) => [s.tokenLocal, s.tokenRemote, s.localId, s.remoteId];
    expect(
      new Map(ours.subflows.map((s) => [key(s.local, s.remote), tokens(s.mptcp ?? {})])),
    ).toEqual(
      new Map(
        ss
          .filter((s) => s.kind === 'tcp' && s.subflowFlags !== undefined)
          .map((s) => [key(s.local, s.remote), tokens(s)]),
      ),
    );
  });

  it('lists the MPTCP listener and its listening subflow on the server', () => {
    inNs(need().server, (sock) => {
      const listener = dumpMptcpSockets(sock).find((s) => s.state === 'listen');
      expect(listener?.local).toEqual({ address: '198.51.100.2', port: 5201 });
      const sub = dumpMptcpSubflows(sock).find((s) => s.state === 'listen');
      expect(sub?.ulp).toBe('mptcp');
      expect(sub?.mptcp).toBeUndefined();
    });
  });

  it('reads dumps that span several datagrams', () => {
    inNs(need().client, (sock) => {
      const listeners = dumpMptcpSockets(sock).filter((s) => s.state === 'listen');
      expect(listeners).toHaveLength(MANY);
      expect(new Set(listeners.map((s) => s.local.port)).size).toBe(MANY);
      const tcp = dumpTcpSockets(sock);
      expect(tcp.filter((s) => s.state === 'listen' && s.ulp === 'mptcp')).toHaveLength(MANY);
      expect(dumpMptcpSubflows(sock).filter((s) => s.state === 'established')).toHaveLength(4);
      expect(dumpMptcpSockets(sock, { families: [6] })).toHaveLength(0);
    });
  });
});

describe('sock_diag dumps as user nobody', () => {
  interface ChildOutput {
    uid: number;
    mptcp: MptcpSocketRecord[];
    subflows: TcpSocketRecord[];
  }

  it('succeeds and carries tokens, ids and flags, but no sequence fields or mark', () => {
    const ns = need().client;
    const out = JSON.parse(
      execFileSync(
        'ip',
        [
          ...['netns', 'exec', ns, 'setpriv', '--reuid', 'nobody', '--regid', 'nogroup'],
          ...['--clear-groups', 'node', '--import', 'tsx'],
          ...['test/integration/support/sock-diag-child.ts', 'records'],
        ],
        { encoding: 'utf8', cwd: ROOT },
      ),
    ) as ChildOutput;
    expect(out.uid).not.toBe(0);
    const [data] = iperfConnections(out.mptcp);
    expect(data?.info?.bytesSent).toBeGreaterThan(1_000_000);
    expect(data?.mark).toBeUndefined();
    const subflows = subflowsOf(out.subflows, data?.info?.token);
    expect(subflows.map((s) => s.local.address).sort()).toEqual(['198.51.100.1', '203.0.113.1']);
    for (const s of subflows) {
      expect(s.mptcp?.tokenLocal).toBe(data?.info?.token);
      expect(s.mptcp?.localId).toBeTypeOf('number');
      expect(s.mptcp?.flags).toContain('connected');
      expect(s.mptcp?.mapSeq).toBeUndefined();
      expect(s.mptcp?.relWriteSeq).toBeUndefined();
      expect(s.mptcp?.ssnOffset).toBeUndefined();
      expect(s.tcp?.size).toBeGreaterThanOrEqual(248);
    }
  });
});
