// One sample of everything the monitor shows, read in one go on the kernel thread: MPTCP
// sockets and subflows (sock_diag), interfaces with counters (rtnetlink), endpoints and limits
// (mptcp_pm), sysctls and MPTcpExt counters (procfs). A part that cannot be read is reported
// in `problems` and the rest of the sample is still delivered.
import { hrtime } from 'node:process';
import { KernelError } from '../errors.js';
import { getLimits, listEndpoints } from '../mptcp-pm/client.js';
import type { PmEndpoint, PmLimits } from '../mptcp-pm/endpoints.js';
import { detectMptcpFlavour } from '../procfs/flavour.js';
import type { KernelMptcp } from '../procfs/flavour.js';
import { kernelRelease } from '../procfs/kernel.js';
import { readMptcpCounters } from '../procfs/netstat.js';
import type { MptcpCounters } from '../procfs/netstat.js';
import type { OwnerLookup, ProcessFacts, SocketOwner } from '../procfs/socket-owners.js';
import { dumpLinks } from '../rtnl/dump.js';
import { interfacesFrom } from '../rtnl/interfaces.js';
import type { InterfaceWithAddresses } from '../rtnl/interfaces.js';
import { eachMptcpPayload, eachTcpPayload } from '../sock-diag/dump.js';
import { ALL_BUT_LISTENING, ALL_STATES } from '../sock-diag/request.js';
import type { MptcpInfo } from '../sock-diag/mptcp-info.js';
import type { MptcpSocketRecord, TcpSocketRecord } from '../sock-diag/records.js';
import type { SubflowUlpInfo } from '../sock-diag/subflow-ulp.js';
import type { TcpInfo } from '../sock-diag/tcp-info.js';
import type { KernelContext } from './kernel-context.js';
import { SocketSampler } from './socket-sampler.js';

// What crosses from the kernel thread to the main thread every tick is structured-cloned: full
// records (every tcp_info field, unknown attributes) made 1,000 connections a 4 MB clone costing
// 40-85 ms per tick. So a sample carries only the fields the monitor uses.
type SocketHead = Pick<
  MptcpSocketRecord,
  'family' | 'state' | 'local' | 'remote' | 'inode' | 'cookie' | 'boundInterface' | 'uid'
>;

/** An MPTCP socket as sampled: its identity and the mptcp_info fields the monitor reads. */
export type SampledMptcpSocket = SocketHead & {
  /** Pid of the process holding it (lowest of several), absent when none could be found. */
  readonly ownerPid?: number;
  /** Other processes holding the same socket (inherited over fork). */
  readonly otherOwners?: number;
  readonly info?: Pick<
    MptcpInfo,
    | 'token'
    | 'subflows'
    | 'subflowsMax'
    | 'addAddrAcceptedMax'
    | 'bytesSent'
    | 'bytesReceived'
    | 'bytesAcked'
    | 'bytesRetrans'
    | 'fallback'
  >;
};

/** An MPTCP subflow as sampled: identity, a few tcp_info fields, and its MPTCP ids/flags. */
export type SampledSubflow = SocketHead & {
  readonly tcp?: Pick<
    TcpInfo,
    'rttMs' | 'sndCwnd' | 'bytesAcked' | 'bytesReceived' | 'bytesSent' | 'bytesRetrans'
  >;
  readonly mptcp?: Pick<
    SubflowUlpInfo,
    'tokenLocal' | 'tokenRemote' | 'localId' | 'remoteId' | 'flags' | 'backupLocal' | 'backupRemote'
  >;
};

const head = (r: MptcpSocketRecord | TcpSocketRecord): SocketHead => ({
  family: r.family,
  state: r.state,
  local: r.local,
  remote: r.remote,
  inode: r.inode,
  cookie: r.cookie,
  boundInterface: r.boundInterface,
  uid: r.uid,
});

export function sampledMptcpSocket(r: MptcpSocketRecord, owner?: SocketOwner): SampledMptcpSocket {
  const i = r.info;
  const who = owner ? { ownerPid: owner.pid, otherOwners: owner.others } : undefined;
  if (!i) return { ...head(r), ...who };
  return {
    ...head(r),
    ...who,
    info: {
      token: i.token,
      subflows: i.subflows,
      subflowsMax: i.subflowsMax,
      addAddrAcceptedMax: i.addAddrAcceptedMax,
      bytesSent: i.bytesSent,
      bytesReceived: i.bytesReceived,
      bytesAcked: i.bytesAcked,
      bytesRetrans: i.bytesRetrans,
      fallback: i.fallback,
    },
  };
}

export function sampledSubflow(r: TcpSocketRecord): SampledSubflow {
  const t = r.tcp;
  const m = r.mptcp;
  return {
    ...head(r),
    ...(t && {
      tcp: {
        rttMs: t.rttMs,
        sndCwnd: t.sndCwnd,
        bytesAcked: t.bytesAcked,
        bytesReceived: t.bytesReceived,
        bytesSent: t.bytesSent,
        bytesRetrans: t.bytesRetrans,
      },
    }),
    ...(m && {
      mptcp: {
        tokenLocal: m.tokenLocal,
        tokenRemote: m.tokenRemote,
        localId: m.localId,
        remoteId: m.remoteId,
        flags: m.flags,
        backupLocal: m.backupLocal,
        backupRemote: m.backupRemote,
      },
    }),
  };
}

/** The sampler of each kernel context (one per kernel thread), kept across ticks. */
const samplers = new WeakMap<KernelContext, SocketSampler<SampledMptcpSocket, SampledSubflow>>();

export function socketSampler(
  ctx: KernelContext,
): SocketSampler<SampledMptcpSocket, SampledSubflow> {
  let s = samplers.get(ctx);
  if (!s) {
    s = new SocketSampler((r) => sampledMptcpSocket(r), sampledSubflow);
    samplers.set(ctx, s);
  }
  return s;
}

/** Last tick's socket-with-owner for an ownerless sampled socket, reused while the owner holds. */
const withOwners = new WeakMap<SampledMptcpSocket, SampledMptcpSocket>();

/** `base` (sampled without owner) with `owner`; the same object as last tick when nothing moved. */
function withOwner(base: SampledMptcpSocket, owner: SocketOwner | undefined): SampledMptcpSocket {
  if (!owner) return base;
  const before = withOwners.get(base);
  if (before && before.ownerPid === owner.pid && before.otherOwners === owner.others) return before;
  const next = { ...base, ownerPid: owner.pid, otherOwners: owner.others };
  withOwners.set(base, next);
  return next;
}

/**
 * An established plain TCP connection (not an MPTCP subflow, not on loopback) with a process:
 * what "apps using plain TCP" is built from.
 */
export interface SampledPlainTcp {
  readonly cookie: string;
  readonly ownerPid: number;
  readonly bytesAcked: number;
  readonly bytesReceived: number;
}

/** Loopback traffic never leaves the host: MPTCP would gain nothing there. */
const isLoopbackAddress = (address: string): boolean =>
  address.startsWith('127.') || address === '::1';

export interface RawSample {
  /** Monotonic clock in milliseconds (process-wide), for rates. */
  readonly monotonicMs: number;
  /** Wall clock, ms since the epoch. */
  readonly time: number;
  readonly privileged: boolean;
  readonly kernel: KernelMptcp & { readonly release: string };
  readonly interfaces: InterfaceWithAddresses[];
  /** Empty when the path manager could not be read (see problems). */
  readonly endpoints: PmEndpoint[];
  readonly limits: PmLimits | null;
  /** Connections; listeners too only in a fresh sample (`takeSample(ctx, true)`). */
  readonly mptcpSockets: SampledMptcpSocket[];
  readonly subflows: SampledSubflow[];
  /**
   * Established plain TCP connections off loopback whose process was found; absent in samples
   * captured before Subflow looked.
   */
  readonly plainTcp?: SampledPlainTcp[];
  /** Processes named by some socket's ownerPid (from /proc/PID/fd, cached by inode); absent in
   *  samples captured before Subflow looked. */
  readonly processes?: ProcessFacts[];
  /** Why some sockets have no owner (another user's, unprivileged), when that is the case. */
  readonly processNote?: string;
  /** MPTcpExt counters of /proc/net/netstat for the namespace. */
  readonly counters: MptcpCounters | null;
  /** Parts that could not be read, each a sentence; the rest of the sample is valid. */
  readonly problems: string[];
}

function attempt<T>(problems: string[], what: string, fallback: T, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof KernelError)) throw err;
    problems.push(`${what}: ${err.message}`);
    return fallback;
  }
}

const NO_OWNERS: OwnerLookup = { owners: new Map(), processes: [] };

/** The processes holding `inodes`; a /proc that cannot be listed is a problem, not a failure. */
function lookupOwners(ctx: KernelContext, inodes: number[], problems: string[]): OwnerLookup {
  try {
    return ctx.owners.lookup(inodes);
  } catch (err) {
    problems.push(`processes: ${err instanceof Error ? err.message : String(err)}`);
    return NO_OWNERS;
  }
}

/**
 * The sockets of one tick: MPTCP sockets (without owners yet), subflows, and established plain
 * TCP off loopback. Sockets whose relevant bytes did not move since the last tick are not
 * decoded again (see SocketSampler). Listeners only when asked (a fresh sample: the doctor looks
 * for MPTCP listeners); a tick shows connections, and leaving listeners out spares the kernel a
 * walk of its listener hash per dump.
 */
function sampleSockets(
  ctx: KernelContext,
  problems: string[],
  listeners: boolean,
): { bases: SampledMptcpSocket[]; subflows: SampledSubflow[]; plain: TcpSocketRecord[] } {
  const sampler = socketSampler(ctx);
  const options = { states: listeners ? ALL_STATES : ALL_BUT_LISTENING };
  try {
    const bases = attempt(problems, 'MPTCP sockets', [], () => {
      const out: SampledMptcpSocket[] = [];
      eachMptcpPayload(ctx.diag, (p) => out.push(sampler.mptcpSocket(p)), options);
      return out;
    });
    const tcp = attempt(problems, 'MPTCP subflows', { subflows: [], plain: [] }, () => {
      const out: { subflows: SampledSubflow[]; plain: TcpSocketRecord[] } = {
        subflows: [],
        plain: [],
      };
      eachTcpPayload(
        ctx.diag,
        (p) => {
          const r = sampler.tcpSocket(p);
          if (r === null) return;
          if ('subflow' in r) out.subflows.push(r.subflow);
          else if (
            r.plain.inode !== 0 &&
            !isLoopbackAddress(r.plain.local.address) &&
            !isLoopbackAddress(r.plain.remote.address)
          )
            out.plain.push(r.plain);
        },
        options,
      );
      return out;
    });
    return { bases, subflows: tcp.subflows, plain: tcp.plain };
  } finally {
    sampler.endTick();
  }
}

export function takeSample(ctx: KernelContext, fresh = false): RawSample {
  const problems: string[] = [];
  const monotonicMs = Number(hrtime.bigint()) / 1e6;
  const time = Date.now();
  const pm = attempt(problems, 'path manager', null, () => ctx.pathManager());
  const { sysctls, privileged } = ctx.slowState(fresh);
  const kernel = {
    ...detectMptcpFlavour({ sysctls, legacyProcNet: false, pmFamily: pm !== null }),
    release: kernelRelease(),
  };
  // Counters come with the link dump every tick; addresses only when notified of a change.
  const interfaces = interfacesFrom(dumpLinks(ctx.route), ctx.addresses(fresh));
  const endpoints = pm ? attempt(problems, 'endpoints', [], () => listEndpoints(ctx.genl, pm)) : [];
  const limits = pm ? attempt(problems, 'limits', null, () => getLimits(ctx.genl, pm)) : null;
  const { bases, subflows, plain } = sampleSockets(ctx, problems, fresh);
  // One lookup for both kinds (the cache keeps only the inodes of its last call). Listeners are
  // looked up too: cached like the rest, they cost nothing after their first tick.
  const inodes = bases.map((r) => r.inode);
  for (const r of plain) inodes.push(r.inode);
  const owners = lookupOwners(ctx, inodes, problems);
  const mptcpSockets = bases.map((r) => withOwner(r, owners.owners.get(r.inode)));
  const plainTcp: SampledPlainTcp[] = [];
  for (const r of plain) {
    const owner = owners.owners.get(r.inode);
    if (!owner) continue;
    plainTcp.push({
      cookie: r.cookie,
      ownerPid: owner.pid,
      bytesAcked: r.tcp?.bytesAcked ?? 0,
      bytesReceived: r.tcp?.bytesReceived ?? 0,
    });
  }
  return {
    monotonicMs,
    time,
    privileged,
    kernel,
    interfaces,
    endpoints,
    limits,
    mptcpSockets,
    subflows,
    plainTcp,
    processes: [...owners.processes],
    ...(owners.note !== undefined && { processNote: owners.note }),
    counters: readMptcpCounters(),
    problems,
  };
}
