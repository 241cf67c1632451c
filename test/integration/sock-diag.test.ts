// sock_diag dumps on the real kernel, in a native/lab lab (namespaces sfsNNN-cli / sfsNNN-srv) with
// IPv6 and a second IPv6 endpoint: while MPTCP iperf3 traffic runs, the dump shows the connection and its two subflows on both paths,
// agrees with `ss -tinMH`, works as user nobody, and spans several datagrams on a busy host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labDown, labNamespaces, labTraffic, listNamespaces } from '../../native/lab/index.js';
import { withNetns } from '../../native/netns.js';
import { NETLINK_SOCK_DIAG, NetlinkSocket } from '../../native/netlink/socket.js';
import {
  dumpMptcpSockets,
  dumpMptcpSubflows,
  dumpTcpSockets,
} from '../../native/sock-diag/dump.js';
import type { MptcpSocketRecord, TcpSocketRecord } from '../../native/sock-diag/records.js';
import { parseSs } from '../../native/text/ss-parser.js';
import { socketKey, tokenHex } from '../support/ss-compare.js';
import { runTsAsNobody } from './support/as-nobody.js';
import { addLabIpv6, labUpFresh, netnsExec, startListeners } from './support/lab-extras.js';

const prefix = `sfq${process.pid % 1000}`;
const lab = labNamespaces(prefix);
const MANY = 300;
/** The lab's iperf3 run: settles (never rejects) when it ends or labDown stops it. */
let traffic: Promise<unknown> | undefined;

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

/** Polls `ready` every 100 ms until it returns true; throws `what` after `timeoutMs`. */
async function waitFor(what: string, ready: () => boolean, timeoutMs = 15_000): Promise<void> {
  for (let waited = 0; !ready(); waited += 100) {
    if (waited > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  await labUpFresh({ prefix });
  addLabIpv6(prefix, { sourceRoute: true, endpoint: true });
  traffic = labTraffic({ prefix, seconds: 20 }).catch((err: unknown) => err);
  // 300 idle MPTCP listeners on the client's loopback: dumps then span several datagrams.
  await startListeners(prefix, MANY, 21000);
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

afterAll(async () => {
  await labDown({ prefix });
  await traffic;
  expect((await listNamespaces()).filter((n) => n.startsWith(`${prefix}-`))).toEqual([]);
});

describe('sock_diag dumps during MPTCP traffic (root)', () => {
  it('shows the data connection and its 2 subflows, one per path, with its token', () => {
    inNs(lab.client, (sock) => {
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
    const ns = lab.client;
    const ours = inNs(ns, (sock) => ({
      mptcp: dumpMptcpSockets(sock).filter((s) => s.state === 'established'),
      subflows: dumpMptcpSubflows(sock).filter((s) => s.state === 'established'),
    }));
    const ss = parseSs(netnsExec(ns, 'ss', '-tinMH'));
    expect(
      new Map(ours.mptcp.map((s) => [socketKey(s.local, s.remote), tokenHex(s.info?.token)])),
    ).toEqual(
      new Map(
        ss
          .filter((s) => s.kind === 'mptcp')
          .map((s) => [socketKey(s.local, s.remote), s.info?.token]),
      ),
    );
    const theirs = new Map<string, unknown[]>();
    for (const s of ss) {
      if (s.kind !== 'tcp' || s.subflow === undefined) continue;
      const { localToken, remoteToken, localId, remoteId } = s.subflow;
      theirs.set(socketKey(s.local, s.remote), [localToken, remoteToken, localId, remoteId]);
    }
    expect(
      new Map(
        ours.subflows.map((s) => [
          socketKey(s.local, s.remote),
          [
            tokenHex(s.mptcp?.tokenLocal),
            tokenHex(s.mptcp?.tokenRemote),
            s.mptcp?.localId,
            s.mptcp?.remoteId,
          ],
        ]),
      ),
    ).toEqual(theirs);
  });

  it('lists the MPTCP listener and its listening subflow on the server', () => {
    inNs(lab.server, (sock) => {
      const listener = dumpMptcpSockets(sock).find((s) => s.state === 'listen');
      expect(listener?.local).toEqual({ address: '198.51.100.2', port: 5201 });
      const sub = dumpMptcpSubflows(sock).find((s) => s.state === 'listen');
      expect(sub?.ulp).toBe('mptcp');
      expect(sub?.mptcp).toBeUndefined();
    });
  });

  it('reads dumps that span several datagrams', () => {
    inNs(lab.client, (sock) => {
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

  it('succeeds and carries tokens, ids and flags, but no sequence fields or mark', async () => {
    const out = await runTsAsNobody<ChildOutput>(lab.client, [
      'test/integration/support/sock-diag-child.ts',
      'records',
    ]);
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
