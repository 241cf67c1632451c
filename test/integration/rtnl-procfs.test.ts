// Real kernel, as root, in a throwaway lab (native/lab, sfrNNN-* namespaces, plus IPv6 with source
// routing and no router solicitations): rtnetlink dumps and procfs readers
// run inside a namespace must show that namespace (not the host's), agree with iproute2, and
// count the traffic an MPTCP iperf3 run moves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labDown, labNamespaces, labTraffic, listNamespaces } from '../../native/lab/index.js';
import { withNetns } from '../../native/netns.js';
import { NETLINK_ROUTE, NetlinkSocket } from '../../native/netlink/socket.js';
import { probeMptcpFlavour } from '../../native/procfs/flavour.js';
import { readMptcpCounters } from '../../native/procfs/netstat.js';
import { effectiveRpFilter, readRpFilter } from '../../native/procfs/rp-filter.js';
import { readMptcpSysctls } from '../../native/procfs/sysctl.js';
import { dumpAddresses, dumpLinks, dumpRoutes, dumpRules } from '../../native/rtnl/dump.js';
import { interfacesFrom } from '../../native/rtnl/interfaces.js';
import type { Link } from '../../native/rtnl/link.js';
import { runTsAsNobody } from './support/as-nobody.js';
import {
  addLabIpv6,
  ip,
  labUpFresh,
  netnsExec as inNs,
  quietRouterSolicitations,
} from './support/lab-extras.js';

interface IpLink {
  ifindex: number;
  ifname: string;
  address: string;
  operstate: string;
  stats64: { rx: { bytes: number; packets: number }; tx: { bytes: number; packets: number } };
}
interface IpAddr {
  ifindex: number;
  addr_info: { local: string; prefixlen: number; family: string }[];
}

const prefix = `sfr${process.pid % 1000}`;
const { client, server } = labNamespaces(prefix);
const lab = { cli: client, srv: server };
let cli: NetlinkSocket | undefined;
let srv: NetlinkSocket | undefined;

const sockCli = (): NetlinkSocket => {
  if (!cli) throw new Error('lab not set up');
  return cli;
};
const byName = (links: readonly Link[], name: string): Link => {
  const l = links.find((x) => x.name === name);
  if (!l) throw new Error(`no link ${name}`);
  return l;
};

beforeAll(async () => {
  await labUpFresh({ prefix });
  quietRouterSolicitations(prefix);
  addLabIpv6(prefix, { sourceRoute: true });
  cli = withNetns(lab.cli, () => NetlinkSocket.open(NETLINK_ROUTE));
  srv = withNetns(lab.srv, () => NetlinkSocket.open(NETLINK_ROUTE));
});

afterAll(async () => {
  cli?.close();
  srv?.close();
  await labDown({ prefix });
  expect((await listNamespaces()).filter((n) => n.startsWith(`${prefix}-`))).toEqual([]);
});

describe('rtnetlink inside a namespace', () => {
  it('dumpLinks agrees with `ip -n NS -j -s link show`', () => {
    const ours = dumpLinks(sockCli());
    const theirs = JSON.parse(ip('-n', lab.cli, '-j', '-s', 'link', 'show')) as IpLink[];
    expect(ours.map((l) => [l.ifindex, l.name])).toEqual(theirs.map((l) => [l.ifindex, l.ifname]));
    expect(ours.map((l) => l.name)).toEqual(['lo', 'red-c', 'blue-c']);
    for (const t of theirs) {
      const o = byName(ours, t.ifname);
      expect(o.mac).toBe(t.address);
      expect(o.operState).toBe(t.operstate.toLowerCase());
      // Taken one after another: only stray control packets may fall in between.
      expect(Math.abs(o.rxBytes - t.stats64.rx.bytes)).toBeLessThan(4096);
      expect(Math.abs(o.txBytes - t.stats64.tx.bytes)).toBeLessThan(4096);
      expect(Math.abs(o.txPackets - t.stats64.tx.packets)).toBeLessThan(20);
    }
    // The server namespace has its own links, with its own numbering.
    expect(dumpLinks(srv as NetlinkSocket).map((l) => l.name)).toEqual(['lo', 'red-s', 'blue-s']);
  });

  it('dumpAddresses agrees with `ip -n NS -j addr show`', () => {
    const ours = dumpAddresses(sockCli())
      .map((a) => `${a.ifindex} ${a.address}/${a.prefixLength}`)
      .sort();
    const theirs = (JSON.parse(ip('-n', lab.cli, '-j', 'addr', 'show')) as IpAddr[])
      .flatMap((l) => l.addr_info.map((i) => `${l.ifindex} ${i.local}/${i.prefixlen}`))
      .sort();
    expect(ours).toEqual(theirs);
    const ifs = interfacesFrom(dumpLinks(sockCli()), dumpAddresses(sockCli()));
    expect(ifs.find((i) => i.name === 'blue-c')?.addresses.slice(0, 2)).toEqual([
      '203.0.113.1',
      '2001:db8:2::1',
    ]);
    expect(dumpAddresses(sockCli(), 2).every((a) => a.family === 4)).toBe(true);
  });

  it('counters grow by at least the bytes an MPTCP iperf3 run moved', async () => {
    const before = dumpLinks(sockCli());
    const moved = await labTraffic({ prefix, seconds: 2 });
    const after = dumpLinks(sockCli());
    const sent = (links: readonly Link[]): number =>
      byName(links, 'red-c').txBytes + byName(links, 'blue-c').txBytes;
    // What the server received crossed the client's links, headers on top; iperf3's own count of
    // what it wrote may include bytes still queued when it stopped.
    expect(moved.bytes).toBeGreaterThan(1_000_000);
    expect(sent(after) - sent(before)).toBeGreaterThanOrEqual(moved.bytes);
    // The lab read the same counters inside our window.
    const pathBytes = moved.paths.reduce((n, p) => n + p.bytes, 0);
    expect(sent(after) - sent(before)).toBeGreaterThanOrEqual(pathBytes);
    // The subflow endpoint on blue-c put part of it on the second path.
    expect(byName(after, 'blue-c').txBytes - byName(before, 'blue-c').txBytes).toBeGreaterThan(
      100_000,
    );
    const srvLinks = dumpLinks(srv as NetlinkSocket);
    expect(byName(srvLinks, 'red-s').rxBytes + byName(srvLinks, 'blue-s').rxBytes).toBeGreaterThan(
      moved.bytes,
    );
  });

  it('dumpRules and dumpRoutes show the source routing for the blue address', () => {
    const rules = dumpRules(sockCli());
    const rule = rules.find((r) => r.family === 4 && r.from === '203.0.113.1');
    expect(rule).toMatchObject({ table: 200, fromLength: 32, action: 'table' });
    const ipRules = JSON.parse(ip('-n', lab.cli, '-j', 'rule', 'show')) as { priority: number }[];
    expect(rules.filter((r) => r.family === 4).map((r) => r.priority)).toEqual(
      ipRules.map((r) => r.priority),
    );
    const blue = byName(dumpLinks(sockCli()), 'blue-c');
    const routes = dumpRoutes(sockCli()).filter((r) => r.table === 200);
    expect(routes.map((r) => [r.family, r.dst, r.gateway, r.oif])).toEqual([
      [4, '198.51.100.0', '203.0.113.2', blue.ifindex],
      [6, '2001:db8:1::', '2001:db8:2::2', blue.ifindex],
    ]);
  });

  it('works unprivileged and gives the same links', async () => {
    const script =
      "const { NetlinkSocket, NETLINK_ROUTE } = await import('./native/netlink/socket.ts');" +
      "const { dumpLinks } = await import('./native/rtnl/dump.ts');" +
      'const s = NetlinkSocket.open(NETLINK_ROUTE);' +
      'console.log(JSON.stringify([process.getuid(), dumpLinks(s).map((l) => l.name)]));';
    const out = await runTsAsNobody(lab.cli, ['--input-type=module', '-e', script]);
    expect(out).toEqual([65534, ['lo', 'red-c', 'blue-c']]);
  });
});

describe('procfs inside a namespace', () => {
  it("reads that namespace's MPTcpExt counters", () => {
    const c = withNetns(lab.cli, () => readMptcpCounters());
    const s = withNetns(lab.srv, () => readMptcpCounters());
    // The iperf3 run above: the client opened MPTCP connections and joins, the server accepted.
    expect(c?.MPCapableSYNTX).toBeGreaterThanOrEqual(1);
    expect(c?.MPJoinSynTx).toBeGreaterThanOrEqual(1);
    expect(c?.MPCapableSYNRX).toBe(0);
    expect(s?.MPCapableSYNRX).toBeGreaterThanOrEqual(1);
    expect(s?.MPJoinSynRx).toBeGreaterThanOrEqual(1);
    expect(s?.MPCapableSYNTX).toBe(0);
  });

  it("reads that namespace's sysctls: a value set only inside it", () => {
    inNs(lab.cli, 'sysctl', '-q', '-w', 'net.mptcp.add_addr_timeout=77');
    expect(withNetns(lab.cli, () => readMptcpSysctls())?.addAddrTimeoutSec).toBe(77);
    expect(withNetns(lab.srv, () => readMptcpSysctls())?.addAddrTimeoutSec).toBe(120);
    expect(readMptcpSysctls()?.addAddrTimeoutSec).not.toBe(77);
  });

  it("reads that namespace's rp_filter per interface", () => {
    inNs(lab.cli, 'sysctl', '-q', '-w', 'net.ipv4.conf.blue-c.rp_filter=2');
    const conf = withNetns(lab.cli, () => readRpFilter());
    expect(Object.keys(conf.interfaces).sort()).toEqual(['blue-c', 'lo', 'red-c']);
    expect(effectiveRpFilter(conf, 'blue-c')).toBe('loose');
    expect(effectiveRpFilter(conf, 'red-c')).toBe('off');
  });

  it('detects the flavour per namespace, including MPTCP disabled in one', () => {
    expect(withNetns(lab.cli, () => probeMptcpFlavour('/proc', true))).toEqual({
      mptcp: 'upstream',
      enabled: true,
      pathManager: 'kernel',
      scheduler: 'default',
    });
    inNs(lab.srv, 'sysctl', '-q', '-w', 'net.mptcp.enabled=0');
    const off = withNetns(lab.srv, () => probeMptcpFlavour('/proc', true));
    expect(off).toMatchObject({ mptcp: 'upstream', enabled: false });
    expect(off.reason).toMatch(/sysctl -w net.mptcp.enabled=1/);
    expect(withNetns(lab.cli, () => probeMptcpFlavour()).enabled).toBe(true);
  });
});
