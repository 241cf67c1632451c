// MPTCP sockets and their TCP subflows → Connections: the join by token (subflow ULP
// tokenLocal = mptcp_info token), else by inode (a subflow's inode is its MPTCP socket's);
// subflows placed on interfaces; per-subflow and per-connection rates. Pure, O(sockets).
import type { Connection, ProcessInfo, SocketAddress, Subflow } from '../contract.js';
import type { SampledMptcpSocket, SampledSubflow } from '../../native/kernel/sample.js';
import { FALLBACK_UNEXPLAINED } from './fallback-reasons.js';
import type { ProcessFacts } from '../../native/procfs/socket-owners.js';
import { interfaceOf } from './interfaces.js';
import type { InterfaceIndex } from './interfaces.js';
import { NO_TOKEN, tokenHex } from './keys.js';
import { readingRates } from './rates.js';
import type { CounterReading } from './rates.js';

/**
 * The state of a connection for a subflow group with no MPTCP socket in the dump (usually one
 * created or destroyed between the socket and subflow dumps of a sample).
 */
export const SUBFLOWS_ONLY_STATE = 'subflows-only';

/** What the next tick needs to know about a connection. */
export interface ConnectionEntry {
  /** Wall-clock ms when the monitor first saw it. */
  readonly firstSeen: number;
  /** Cookie of its MPTCP socket ('' when built from subflows alone): a new cookie is a new socket. */
  readonly cookie: string;
  /** mptcp_info bytes_acked (tx) and bytes_received (rx), when the kernel sends them. */
  readonly counters?: CounterReading;
  /** Why it fell back to TCP, once found (the counters of later ticks cannot tell). */
  readonly fallbackReason?: string;
}

export interface ConnectionBuild {
  readonly connections: Connection[];
  /** Subflow counter readings by socket cookie. */
  readonly subflowReadings: Map<string, CounterReading>;
  /** By connection key (token hex, or `sk:COOKIE` / subflow group key when it has none). */
  readonly connectionEntries: Map<string, ConnectionEntry>;
  /** ifindexes some subflow leaves by. */
  readonly carryingSubflows: Set<number>;
}

interface Group {
  readonly key: string;
  readonly socket: SampledMptcpSocket | null;
  readonly records: SampledSubflow[];
  /** A listener or closed socket: its subflows are claimed by it, and none is shown. */
  readonly hidden: boolean;
}

/**
 * The Subflow last shown for a sampled subflow. The kernel thread hands over the same sampled
 * object while nothing of it moved, so an idle subflow (same interface, same rates) is shown by
 * the same (readonly) object instead of a new one per tick. No effect but fewer allocations.
 */
const shownSubflows = new WeakMap<SampledSubflow, Subflow>();

/** MPTCP sockets that are connections: listeners are not; a closed socket has nothing to show. */
const isConnection = (s: SampledMptcpSocket): boolean =>
  s.state !== 'listen' && s.state !== 'close';

/** Groups subflows under their MPTCP sockets; unmatched subflows form groups of their own. */
function groupSubflows(
  sockets: readonly SampledMptcpSocket[],
  subflows: readonly SampledSubflow[],
): Group[] {
  const groups: Group[] = [];
  const byToken = new Map<number, Group>();
  const byInode = new Map<number, Group>();
  for (const socket of sockets) {
    const token = socket.info?.token;
    const group: Group = {
      key: token ? tokenHex(token) : `sk:${socket.cookie}`,
      socket,
      records: [],
      hidden: !isConnection(socket),
    };
    if (!group.hidden) groups.push(group);
    if (token) byToken.set(token, group);
    if (socket.inode !== 0) byInode.set(socket.inode, group);
  }
  const orphans = new Map<string, Group>();
  for (const sf of subflows) {
    if (sf.state === 'listen') continue;
    const token = sf.mptcp?.tokenLocal;
    let group = (token ? byToken.get(token) : undefined) ?? byInode.get(sf.inode || -1);
    if (!group) {
      const key = token ? tokenHex(token) : sf.inode !== 0 ? `ino:${sf.inode}` : `sk:${sf.cookie}`;
      group = orphans.get(key);
      if (!group) {
        group = { key, socket: null, records: [], hidden: false };
        orphans.set(key, group);
        groups.push(group);
      }
    }
    group.records.push(sf);
  }
  return groups;
}

/** Initial subflow first (it carries the connection's addresses), then by address ids, port. */
function subflowOrder(a: Subflow, b: Subflow, local: SocketAddress): number {
  const ai = a.local.port === local.port && a.local.address === local.address ? 0 : 1;
  const bi = b.local.port === local.port && b.local.address === local.address ? 0 : 1;
  return ai - bi || a.localId - b.localId || a.remoteId - b.remoteId || a.local.port - b.local.port;
}

/** Oldest first, so a connection keeps its place from tick to tick. */
const connectionOrder = (a: Connection, b: Connection): number =>
  a.firstSeen - b.firstSeen ||
  (a.token < b.token ? -1 : a.token > b.token ? 1 : 0) ||
  a.local.port - b.local.port ||
  a.remote.port - b.remote.port;

/** The process of a connection's socket, from the sample's owner pid and process facts. */
function processOf(
  socket: SampledMptcpSocket | null,
  processes: ReadonlyMap<number, ProcessFacts>,
): ProcessInfo | null {
  const facts = socket?.ownerPid !== undefined ? processes.get(socket.ownerPid) : undefined;
  if (!facts) return null;
  const others = socket?.otherOwners ?? 0;
  return others > 0 ? { ...facts, others } : facts;
}

/**
 * Builds the connections of one sample. `previous*` are the last tick's readings and entries;
 * `monotonicMs` / `time` the sample's clocks. `explainFallback` gives the reason of a fallback
 * first seen in this sample (from the counters that rose since the last one).
 */
export function buildConnections(
  sockets: readonly SampledMptcpSocket[],
  subflows: readonly SampledSubflow[],
  index: InterfaceIndex,
  monotonicMs: number,
  time: number,
  previousSubflows: ReadonlyMap<string, CounterReading> | undefined,
  previousConnections: ReadonlyMap<string, ConnectionEntry> | undefined,
  explainFallback: () => string = () => FALLBACK_UNEXPLAINED,
  processes?: ReadonlyMap<number, ProcessFacts>,
): ConnectionBuild {
  const subflowReadings = new Map<string, CounterReading>();
  const connectionEntries = new Map<string, ConnectionEntry>();
  const carryingSubflows = new Set<number>();
  const connections: Connection[] = [];
  for (const group of groupSubflows(sockets, subflows)) {
    const list: Subflow[] = [];
    let sent = 0;
    let received = 0;
    let acked = 0;
    let txSum = 0;
    let rxSum = 0;
    let initial: SampledSubflow | undefined;
    for (const sf of group.records) {
      const tcp = sf.tcp;
      const bytesAcked = tcp?.bytesAcked ?? 0;
      const bytesReceived = tcp?.bytesReceived ?? 0;
      const reading = { t: monotonicMs, tx: bytesAcked, rx: bytesReceived };
      subflowReadings.set(sf.cookie, reading);
      const { txRate, rxRate } = readingRates(previousSubflows?.get(sf.cookie), reading);
      const link = interfaceOf(index, sf.local.address, sf.boundInterface);
      if (link) carryingSubflows.add(link.ifindex);
      const ulp = sf.mptcp;
      if (ulp?.flags.includes('mcap-local') || ulp?.flags.includes('mcap-remote')) initial = sf;
      const name = link?.name ?? null;
      const shown = shownSubflows.get(sf);
      if (shown?.interface === name && shown.txRate === txRate && shown.rxRate === rxRate) {
        list.push(shown);
      } else {
        const subflow: Subflow = {
          local: sf.local,
          remote: sf.remote,
          interface: name,
          localId: ulp?.localId ?? 0,
          remoteId: ulp?.remoteId ?? 0,
          // Either end's request makes it a backup, as for the kernel's scheduler since 6.11
          // ("mptcp: sched: check both directions for backup"): it sends there only as a last resort.
          backup: ulp ? ulp.backupLocal || ulp.backupRemote : false,
          state: sf.state,
          rttMs: tcp?.rttMs ?? 0,
          cwnd: tcp?.sndCwnd ?? 0,
          bytesAcked,
          bytesReceived,
          txRate,
          rxRate,
        };
        shownSubflows.set(sf, subflow);
        list.push(subflow);
      }
      sent += tcp?.bytesSent ?? bytesAcked;
      received += bytesReceived;
      acked += bytesAcked;
      txSum += txRate;
      rxSum += rxRate;
    }
    const socket = group.socket;
    const info = socket?.info;
    const before = previousConnections?.get(group.key);
    const cookie = socket?.cookie ?? '';
    // A new cookie under the same key is a new socket; '' (no socket this time or last) is not.
    const known =
      before !== undefined && (before.cookie === cookie || cookie === '' || before.cookie === '');
    const firstSeen = known ? before.firstSeen : time;
    // bytes_acked, not bytes_sent: it is what the peer got, reinjections are not counted twice,
    // and bytes_sent runs ahead (data handed to subflows still sits in their queues).
    let txRate = txSum;
    let rxRate = rxSum;
    let counters = known ? before.counters : undefined;
    if (info?.bytesAcked !== undefined && info.bytesReceived !== undefined) {
      const now = { t: monotonicMs, tx: info.bytesAcked, rx: info.bytesReceived };
      ({ txRate, rxRate } = readingRates(counters, now));
      counters = now;
    }
    const entryCookie = cookie || (known ? before.cookie : '');
    const fallback = info?.fallback === true;
    const fallbackReason = fallback
      ? ((known ? before.fallbackReason : undefined) ?? explainFallback())
      : undefined;
    connectionEntries.set(group.key, {
      firstSeen,
      cookie: entryCookie,
      ...(counters ? { counters } : {}),
      ...(fallbackReason !== undefined ? { fallbackReason } : {}),
    });
    const head = socket ?? initial ?? group.records[0];
    if (!head) continue;
    const token = info?.token || group.records[0]?.mptcp?.tokenLocal;
    connections.push({
      token: token ? tokenHex(token) : NO_TOKEN,
      local: head.local,
      remote: head.remote,
      state: socket ? socket.state : SUBFLOWS_ONLY_STATE,
      bytesSent: info?.bytesSent ?? sent,
      bytesReceived: info?.bytesReceived ?? received,
      bytesAcked: info?.bytesAcked ?? acked,
      txRate,
      rxRate,
      firstSeen,
      subflows: list.length > 1 ? list.sort((a, b) => subflowOrder(a, b, head.local)) : list,
      fallback,
      ...(fallbackReason !== undefined ? { fallbackReason } : {}),
      ...(processes && { process: processOf(socket, processes) }),
    });
  }
  connections.sort(connectionOrder);
  return { connections, subflowReadings, connectionEntries, carryingSubflows };
}
