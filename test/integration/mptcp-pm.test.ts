// The path manager on the real kernel, in a throwaway two-path lab (native/lab, namespaces
// sfpNNN-cli and sfpNNN-srv, plus IPv6 addresses): endpoint and limit round trips checked against `ip mptcp` text, the event stream
// of a live transfer checked against `ip mptcp monitor`, MP_PRIO seen by the peer, and what an
// unprivileged user can and cannot do.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetlinkError } from '../../native/errors.js';
import {
  BLUE_PATH,
  LAB_MPTCP_LIMITS,
  RED_PATH,
  labDown,
  labNamespaces,
  labTraffic,
  listNamespaces,
} from '../../native/lab/index.js';
import {
  addEndpoint,
  deleteEndpoint,
  flushEndpoints,
  getEndpoint,
  getLimits,
  listEndpoints,
  resolvePathManager,
  setEndpointFlags,
  setLimits,
  subscribeEvents,
} from '../../native/mptcp-pm/index.js';
import type { PathManagerFamily } from '../../native/mptcp-pm/index.js';
import { NETLINK_GENERIC, NetlinkSocket } from '../../native/netlink/socket.js';
import { withNetns } from '../../native/netns.js';
import { runTsAsNobody } from './support/as-nobody.js';
import { LAB_IPV6, addLabIpv6, ip, labUpFresh, netnsExec } from './support/lab-extras.js';
import { pumpEvents } from './support/mptcp-pm-events.js';
import { asShown, parseEndpointShow, parseMonitorTokens } from './support/mptcp-pm-ip-text.js';

const prefix = `sfp${process.pid % 1000}`;
const { client: cliNs, server: srvNs } = labNamespaces(prefix);
const isRoot = process.getuid?.() === 0;
const LIMITS = {
  subflows: LAB_MPTCP_LIMITS.subflows,
  addAddrAccepted: LAB_MPTCP_LIMITS.addAddrAccepted,
};

describe.skipIf(!isRoot)('mptcp_pm on the real kernel', () => {
  let pm: PathManagerFamily;
  let cli: NetlinkSocket;
  let srv: NetlinkSocket;
  const ifindexOf = (ns: string, dev: string): number =>
    Number(/^(\d+):/.exec(ip('-n', ns, '-o', 'link', 'show', 'dev', dev))?.[1]);
  const ifnameOf =
    (ns: string) =>
    (index: number): string =>
      /^\d+:\s+([^:@]+)/.exec(
        ip('-n', ns, '-o', 'link', 'show')
          .split('\n')
          .find((l) => l.startsWith(`${index}:`)) ?? '',
      )?.[1] ?? '?';

  beforeAll(async () => {
    await labUpFresh({ prefix });
    addLabIpv6(prefix);
    cli = withNetns(cliNs, () => NetlinkSocket.open(NETLINK_GENERIC));
    srv = withNetns(srvNs, () => NetlinkSocket.open(NETLINK_GENERIC));
    pm = resolvePathManager(cli);
  });

  afterAll(async () => {
    // beforeAll may have failed part-way: close and delete whatever exists.
    (cli as NetlinkSocket | undefined)?.close();
    (srv as NetlinkSocket | undefined)?.close();
    await labDown({ prefix });
    expect((await listNamespaces()).filter((n) => n.startsWith(`${prefix}-`))).toEqual([]);
  });

  it('resolves the family with its events group', () => {
    expect(pm.familyId).toBeGreaterThan(0x10);
    expect(pm.version).toBeGreaterThanOrEqual(1);
    expect(pm.eventsGroup).toBeGreaterThan(0);
    // Generic netlink ids are global: the server namespace resolves the same.
    expect(resolvePathManager(srv)).toEqual(pm);
  });

  it('endpoints: add, change, delete — the decoder and `ip mptcp endpoint show` agree', () => {
    const show = (ns: string): ReturnType<typeof parseEndpointShow> =>
      parseEndpointShow(ip('-n', ns, 'mptcp', 'endpoint', 'show'));
    const mine = (ns: string, sock: NetlinkSocket): ReturnType<typeof parseEndpointShow> =>
      listEndpoints(sock, pm).map((e) => asShown(e, ifnameOf(ns)));

    expect(mine(cliNs, cli)).toEqual([
      { address: BLUE_PATH.clientAddress, id: 1, flags: ['subflow'], dev: 'blue-c' },
    ]);
    expect(mine(cliNs, cli)).toEqual(show(cliNs));

    const added = addEndpoint(cli, pm, {
      address: LAB_IPV6.blue.client,
      id: 5,
      ifindex: ifindexOf(cliNs, 'blue-c'),
      flags: ['subflow'],
    });
    expect(added).toMatchObject({
      id: 5,
      family: 6,
      address: LAB_IPV6.blue.client,
      flags: ['subflow'],
    });
    setEndpointFlags(cli, pm, 5, { backup: true });
    expect(getEndpoint(cli, pm, 5).flags).toEqual(['subflow', 'backup']);
    setEndpointFlags(cli, pm, { address: LAB_IPV6.blue.client }, { fullmesh: true });
    expect(getEndpoint(cli, pm, 5).flags).toEqual(['subflow', 'backup', 'fullmesh']);
    expect(mine(cliNs, cli)).toEqual(show(cliNs));
    setEndpointFlags(cli, pm, 5, { backup: false, fullmesh: false });
    expect(getEndpoint(cli, pm, 5).flags).toEqual(['subflow']);

    // A signal endpoint with its own port (the kernel opens a listener for it), id chosen by it.
    const signal = addEndpoint(srv, pm, {
      address: BLUE_PATH.serverAddress,
      port: 10200,
      flags: ['signal'],
    });
    expect(signal).toMatchObject({
      address: BLUE_PATH.serverAddress,
      port: 10200,
      flags: ['signal'],
    });
    expect(mine(srvNs, srv)).toEqual(show(srvNs));
    expect(show(srvNs)[0]?.port).toBe(10200);

    // laminar is new in 6.18: iproute2 6.1 cannot print it, so only our side checks it.
    addEndpoint(srv, pm, { address: LAB_IPV6.red.server, id: 9, flags: ['laminar'] });
    expect(getEndpoint(srv, pm, 9).flags).toEqual(['laminar']);

    deleteEndpoint(cli, pm, 5);
    expect(listEndpoints(cli, pm).map((e) => e.id)).toEqual([1]);
    expect(show(cliNs).map((e) => e.id)).toEqual([1]);
    flushEndpoints(srv, pm);
    expect(listEndpoints(srv, pm)).toEqual([]);
    expect(show(srvNs)).toEqual([]);
  });

  it('endpoint errors come back as NetlinkError with the kernel text', () => {
    const err = (fn: () => unknown): NetlinkError => {
      try {
        fn();
      } catch (e) {
        if (e instanceof NetlinkError) return e;
        throw e;
      }
      throw new Error('no error');
    };
    const duplicate = err(() =>
      addEndpoint(cli, pm, { address: BLUE_PATH.clientAddress, flags: ['subflow'] }),
    );
    expect(duplicate.errno).toBe(17);
    expect(duplicate.message).toMatch(/EEXIST/);
    expect(err(() => getEndpoint(cli, pm, 200)).errno).toBeGreaterThan(0);
    const tooMany = err(() => {
      setLimits(cli, pm, { subflows: 9 });
    });
    expect(tooMany.errno).toBe(22);
    expect(tooMany.kernelMessage).toMatch(/maximum/);
  });

  it('limits: set and read back, also as `ip mptcp limits show` prints them', () => {
    const shown = (): { subflows: number; addAddrAccepted: number } => {
      const text = ip('-n', cliNs, 'mptcp', 'limits', 'show');
      return {
        subflows: Number(/subflows (\d+)/.exec(text)?.[1]),
        addAddrAccepted: Number(/add_addr_accepted (\d+)/.exec(text)?.[1]),
      };
    };
    expect(getLimits(cli, pm)).toEqual(LIMITS);
    expect(shown()).toEqual(LIMITS);
    setLimits(cli, pm, { subflows: 4, addAddrAccepted: 3 });
    expect(getLimits(cli, pm)).toEqual({ subflows: 4, addAddrAccepted: 3 });
    expect(shown()).toEqual({ subflows: 4, addAddrAccepted: 3 });
    setLimits(cli, pm, { subflows: LIMITS.subflows }); // the other limit stays
    expect(getLimits(cli, pm)).toEqual({ subflows: LIMITS.subflows, addAddrAccepted: 3 });
    setLimits(cli, pm, { addAddrAccepted: LIMITS.addAddrAccepted });
    expect(shown()).toEqual(LIMITS);
  });

  it('events of a live transfer on the client match `ip mptcp monitor`', async () => {
    const ev = withNetns(cliNs, () => NetlinkSocket.open(NETLINK_GENERIC, { timeoutMs: 50 }));
    let monitor: ChildProcess | undefined;
    try {
      subscribeEvents(ev, pm);
      monitor = spawn('ip', ['netns', 'exec', cliNs, 'timeout', '30', 'ip', 'mptcp', 'monitor'], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      let text = '';
      monitor.stdout?.on('data', (d: Buffer) => (text += d.toString()));
      await sleep(500); // let the monitor join the group

      let finishedAt = 0;
      let failure: unknown = 'not finished';
      void labTraffic({ prefix, seconds: 2, port: 5301 }).then(
        () => {
          failure = undefined;
          finishedAt = Date.now();
        },
        (err: unknown) => {
          failure = err;
          finishedAt = Date.now();
        },
      );
      const seen = await pumpEvents({ cli: ev }, pm.familyId, {
        deadlineMs: 25_000,
        // Every connection closed, or 3 s after iperf3 ended: see the MP_FASTCLOSE note below.
        until: (s) => {
          if (finishedAt === 0) return false;
          const created = s.filter((x) => x.event.type === 'created').length;
          const closed = s.filter((x) => x.event.type === 'closed').length;
          return (created > 0 && closed === created) || Date.now() - finishedAt > 3000;
        },
      });
      await sleep(500);
      monitor.kill();
      expect(failure).toBeUndefined();

      const events = seen.map((s) => s.event);
      const trace = JSON.stringify(seen.map((s) => [s.at, s.event.type, s.event.token]));
      const tokens = [...new Set(events.flatMap((e) => (e.token === undefined ? [] : [e.token])))];
      expect(tokens.length, trace).toBe(2); // iperf3: control and data connections
      const unclosed: number[] = [];
      for (const token of tokens) {
        const kinds = events.filter((e) => e.token === token).map((e) => e.type);
        expect(kinds.slice(0, 2), trace).toEqual(['created', 'established']);
        expect(kinds.indexOf('sub-established'), trace).toBeGreaterThan(1);
        if (kinds.includes('closed')) expect(kinds.at(-1), trace).toBe('closed');
        else unclosed.push(token);
      }
      // The control connection always ends with `closed`. The data connection often does not:
      // iperf3's server closes it with unread data, so it ends with MP_FASTCLOSE + RST, and the
      // client that receives the fast close gets no `closed` event from Linux 6.18 at all.
      expect(unclosed.length, trace).toBeLessThan(tokens.length);
      if (unclosed.length > 0) {
        const nstat = netnsExec(cliNs, 'nstat', '-asz', 'MPTcpExtMPFastcloseRx');
        expect(Number(/MPTcpExtMPFastcloseRx\s+(\d+)/.exec(nstat)?.[1])).toBeGreaterThan(0);
      }
      const sub = events.find((e) => e.type === 'sub-established');
      expect(sub).toMatchObject({
        localId: 1,
        local: { address: BLUE_PATH.clientAddress },
        remote: { address: RED_PATH.serverAddress, port: 5301 },
      });

      const fromMonitor = parseMonitorTokens(text);
      expect(events.map((e) => [e.type, e.token])).toEqual(fromMonitor);
    } finally {
      monitor?.kill();
      ev.close();
    }
  });

  it('switching the client endpoint to backup: the server sees sub-priority with backup', async () => {
    const ev = withNetns(srvNs, () => NetlinkSocket.open(NETLINK_GENERIC, { timeoutMs: 50 }));
    try {
      subscribeEvents(ev, pm);
      const done = labTraffic({ prefix, seconds: 4, port: 5302 });
      let switched = false;
      const seen = await pumpEvents({ srv: ev }, pm.familyId, {
        deadlineMs: 20_000,
        until: (s) => s.some((x) => x.event.type === 'sub-priority'),
        onTick: (_elapsed, s) => {
          const joined = s.find((x) => x.event.type === 'sub-established');
          if (!switched && joined) {
            switched = true;
            setEndpointFlags(cli, pm, 1, { backup: true });
          }
        },
      });
      await done;
      const prio = seen.find((s) => s.event.type === 'sub-priority')?.event;
      expect(prio).toMatchObject({
        backup: true,
        remote: { address: BLUE_PATH.clientAddress },
        local: { address: RED_PATH.serverAddress, port: 5302 },
      });
      const created = seen.filter((s) => s.event.type === 'created').map((s) => s.event);
      expect(created.map((e) => e.token)).toContain(prio?.token);
      for (const e of created) expect(e.serverSide).toBe(true);
    } finally {
      setEndpointFlags(cli, pm, 1, { backup: false });
      ev.close();
    }
    expect(getEndpoint(cli, pm, 1).flags).toEqual(['subflow']);
  });

  it('unprivileged: endpoints and limits can be read, events and changes need CAP_NET_ADMIN', async () => {
    const result = await runTsAsNobody<Record<string, unknown>>(cliNs, [
      'test/integration/support/mptcp-pm-unprivileged.ts',
    ]);
    expect(result.uid).not.toBe(0);
    expect(result.endpoints).toMatchObject({
      ok: true,
      value: [{ id: 1, address: BLUE_PATH.clientAddress, flags: ['subflow'] }],
    });
    expect(result.limits).toEqual({ ok: true, value: LIMITS });
    expect(result.subscribe).toMatchObject({ ok: false, name: 'PermissionError' });
    expect((result.subscribe as { message: string }).message).toMatch(
      /^subscribe to MPTCP path-manager events needs CAP_NET_ADMIN/,
    );
    expect(result.setLimits).toMatchObject({ ok: false, name: 'PermissionError' });
    expect(getLimits(cli, pm)).toEqual(LIMITS);
  });
});
