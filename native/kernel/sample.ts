// One sample of everything the monitor shows, read in one go on the kernel thread: MPTCP
// sockets and subflows (sock_diag), interfaces with counters (rtnetlink), endpoints and limits
// (mptcp_pm), sysctls and MPTcpExt counters (procfs). A part that cannot be read is reported
// in `problems` and the rest of the sample is still delivered.
import { hrtime } from 'node:process';
import { KernelError } from '../errors.js';
import { getLimits, listEndpoints } from '../mptcp-pm/client.js';
import type { PmEndpoint, PmLimits } from '../mptcp-pm/endpoints.js';
import { processHasNetAdmin } from '../procfs/capabilities.js';
import { detectMptcpFlavour } from '../procfs/flavour.js';
import type { KernelMptcp } from '../procfs/flavour.js';
import { kernelRelease } from '../procfs/kernel.js';
import { readMptcpCounters } from '../procfs/netstat.js';
import type { MptcpCounters } from '../procfs/netstat.js';
import { readMptcpSysctls } from '../procfs/sysctl.js';
import { dumpAddresses, dumpLinks } from '../rtnl/dump.js';
import { interfacesFrom } from '../rtnl/interfaces.js';
import type { InterfaceWithAddresses } from '../rtnl/interfaces.js';
import { dumpMptcpSockets, dumpMptcpSubflows } from '../sock-diag/dump.js';
import type { MptcpSocketRecord, TcpSocketRecord } from '../sock-diag/records.js';
import type { KernelContext } from './kernel-context.js';

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
  readonly mptcpSockets: MptcpSocketRecord[];
  readonly subflows: TcpSocketRecord[];
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

export function takeSample(ctx: KernelContext): RawSample {
  const problems: string[] = [];
  const monotonicMs = Number(hrtime.bigint()) / 1e6;
  const time = Date.now();
  const pm = attempt(problems, 'path manager', null, () => ctx.pathManager());
  const sysctls = readMptcpSysctls();
  const kernel = {
    ...detectMptcpFlavour({ sysctls, legacyProcNet: false, pmFamily: pm !== null }),
    release: kernelRelease(),
  };
  const interfaces = interfacesFrom(dumpLinks(ctx.route), dumpAddresses(ctx.route));
  const endpoints = pm ? attempt(problems, 'endpoints', [], () => listEndpoints(ctx.genl, pm)) : [];
  const limits = pm ? attempt(problems, 'limits', null, () => getLimits(ctx.genl, pm)) : null;
  const mptcpSockets = attempt(problems, 'MPTCP sockets', [], () => dumpMptcpSockets(ctx.diag));
  const subflows = attempt(problems, 'MPTCP subflows', [], () => dumpMptcpSubflows(ctx.diag));
  return {
    monotonicMs,
    time,
    privileged: processHasNetAdmin(),
    kernel,
    interfaces,
    endpoints,
    limits,
    mptcpSockets,
    subflows,
    counters: readMptcpCounters(),
    problems,
  };
}
