// Everything the setup checks look at, read in one go through the namespace's kernel thread: a
// sample (kernel, interfaces, endpoints, limits, sockets, MPTcpExt counters) turned into a
// Snapshot for the live connections, plus routes, rules, rp_filter, the MPTCP sysctls and the
// path-manager programs running. Thin I/O; the checks themselves are pure.
import { hostname } from 'node:os';
import type { Connection, SocketAddress } from '../contract.js';
import type { MultipathChoice } from '../control/choices.js';
import type { ChoiceStore, ChoicesRead } from '../control/choices-file.js';
import type { HostRole } from '../control/plan.js';
import { buildSnapshot } from '../monitor/snapshot.js';
import type { KernelClient } from '../../native/kernel/kernel-client.js';
import type { DoctorKernelState, ManagerProcess } from '../../native/kernel/doctor-ops.js';
import type { RawSample } from '../../native/kernel/sample.js';
import type { PmEndpoint, PmLimits } from '../../native/mptcp-pm/endpoints.js';
import type { MptcpCounters } from '../../native/procfs/netstat.js';
import type { RpFilterConf } from '../../native/procfs/rp-filter.js';
import type { MptcpSysctls } from '../../native/procfs/sysctl.js';
import type { InterfaceWithAddresses } from '../../native/rtnl/interfaces.js';
import type { Route } from '../../native/rtnl/route.js';
import type { Rule } from '../../native/rtnl/rule.js';

/** What the doctor needs from a namespace's kernel thread: KernelClient's `call` (or a fake). */
export interface DoctorKernel {
  readonly call: KernelClient['call'];
}

/** The state of one namespace as the checks see it. A part that could not be read is null. */
export interface DoctorInput {
  /** Wall clock of the sample, ms since the epoch. */
  readonly time: number;
  /** Named namespace examined (commands then use `ip -n NAME`), or null for our own. */
  readonly netns: string | null;
  /** Whether fixes can be applied here (CAP_NET_ADMIN). */
  readonly privileged: boolean;
  /** How this host takes part in MPTCP: a server announces its addresses (a setting). */
  readonly role: HostRole;
  readonly kernel: RawSample['kernel'];
  readonly sysctls: MptcpSysctls | null;
  readonly limits: PmLimits | null;
  readonly endpoints: readonly PmEndpoint[] | null;
  readonly interfaces: readonly InterfaceWithAddresses[];
  readonly routes: readonly Route[] | null;
  readonly rules: readonly Rule[] | null;
  readonly rpFilter: RpFilterConf | null;
  readonly processes: readonly ManagerProcess[];
  /** MPTCP listening sockets (this host accepts MPTCP connections there). */
  readonly listeners: readonly SocketAddress[];
  /** Live MPTCP connections with their subflows, as the monitor shows them. */
  readonly connections: readonly Connection[];
  /** MPTcpExt counters since the namespace was created; null when unreadable. */
  readonly counters: MptcpCounters | null;
  /**
   * The subflow sockets as sock_diag lists them: where each is from, the interface the kernel
   * bound it to (the endpoint's `dev`; 0 when unbound), and what it carried.
   */
  readonly subflowSockets: readonly SubflowSocket[];
  /** Multipath modes a person chose for interfaces of this namespace (remembered choices). */
  readonly choices: readonly MultipathChoice[];
  /** Parts that could not be read, each a sentence (the checks needing them are skipped). */
  readonly problems: readonly string[];
  /** Helper programs (DOCTOR_TOOLS) not found on PATH; empty or absent when none is missing. */
  readonly missingTools?: readonly string[];
}

/** One TCP subflow socket, as the doctor weighs it as evidence of a path being used. */
export interface SubflowSocket {
  readonly local: string;
  readonly remote: string;
  readonly state: string;
  /** SO_BINDTODEVICE ifindex, set by the kernel from the endpoint's `dev`; 0 when unbound. */
  readonly boundInterface: number;
  /** tcp_info bytes_acked and bytes_received (0 when the kernel gave no tcp_info). */
  readonly bytesAcked: number;
  readonly bytesReceived: number;
}

/** How to gather: the namespace examined, the host's role, and a privilege override. */
export interface GatherOptions {
  readonly netns: string | null;
  readonly role?: HostRole;
  /** Whether fixes may be applied; default: the kernel thread's CAP_NET_ADMIN. */
  readonly privileged?: boolean;
  /** Where the person's multipath choices are remembered; none are known when absent. */
  readonly choices?: Pick<ChoiceStore, 'load'>;
}

const failed = (problems: readonly string[], ...parts: string[]): boolean =>
  problems.some((p) => parts.some((part) => p.startsWith(`${part}:`)));

/** Builds the input of the checks from a sample and the doctor's extra state. Pure. */
export function doctorInputFrom(
  sample: RawSample,
  state: DoctorKernelState,
  options: GatherOptions,
  remembered: ChoicesRead = { choices: [] },
): DoctorInput {
  const { snapshot } = buildSnapshot(null, sample, {
    netns: options.netns,
    hostname: hostname(),
    intervalMs: 0,
  });
  const pmFailed = failed(sample.problems, 'path manager');
  return {
    time: sample.time,
    netns: options.netns,
    privileged: options.privileged ?? sample.privileged,
    role: options.role ?? 'client',
    kernel: sample.kernel,
    sysctls: state.sysctls,
    limits: sample.limits,
    endpoints: pmFailed || failed(sample.problems, 'endpoints') ? null : sample.endpoints,
    interfaces: sample.interfaces,
    routes: state.routes,
    rules: state.rules,
    rpFilter: state.rpFilter,
    processes: state.processes,
    listeners: sample.mptcpSockets.filter((s) => s.state === 'listen').map((s) => s.local),
    connections: snapshot.connections,
    counters: sample.counters,
    subflowSockets: sample.subflows.map((s) => ({
      local: s.local.address,
      remote: s.remote.address,
      state: s.state,
      boundInterface: s.boundInterface,
      bytesAcked: s.tcp?.bytesAcked ?? 0,
      bytesReceived: s.tcp?.bytesReceived ?? 0,
    })),
    choices: remembered.choices.filter((c) => c.netns === options.netns),
    problems: [
      ...sample.problems,
      ...state.problems,
      ...(remembered.problem !== undefined ? [remembered.problem] : []),
    ],
    missingTools: state.missingTools ?? [],
  };
}

/** Reads one DoctorInput through the namespace's kernel thread. */
export async function gatherDoctorInput(
  kernel: DoctorKernel,
  options: GatherOptions,
): Promise<DoctorInput> {
  const sample = await kernel.call('sample', { fresh: true });
  const state = await kernel.call('doctorState', null);
  const remembered = options.choices ? await options.choices.load() : { choices: [] };
  return doctorInputFrom(sample, state, options, remembered);
}
