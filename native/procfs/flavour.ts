// Which MPTCP this kernel has: upstream (Linux 5.6+, net.mptcp.enabled and the mptcp_pm
// generic netlink family), the out-of-tree multipath-tcp.org kernel ("legacy",
// net.mptcp.mptcp_enabled, /proc/net/mptcp_net), or none, with a sentence saying what to do.
// The decision is pure; `probeMptcpFlavour` only gathers its inputs from a proc root.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MptcpUnavailableError } from '../errors.js';
import { readMptcpSysctls } from './sysctl.js';
import type { MptcpSysctls } from './sysctl.js';

export type MptcpFlavour = 'upstream' | 'legacy' | 'unavailable';

/** The `kernel` part of a Snapshot, minus the release. */
export interface KernelMptcp {
  readonly mptcp: MptcpFlavour;
  /** MPTCP sockets can be created now (the enabled sysctl of the namespace read). */
  readonly enabled: boolean;
  /** Upstream: "kernel" or "userspace"; legacy: its path manager (fullmesh, ndiffports, …). */
  readonly pathManager?: string;
  /** The default packet scheduler ("default", "roundrobin", …). */
  readonly scheduler?: string;
  /** Why MPTCP is unavailable, disabled or limited, and what to do about it. */
  readonly reason?: string;
}

export interface FlavourInput {
  /** The parsed /proc/sys/net/mptcp; null when that directory does not exist. */
  readonly sysctls: MptcpSysctls | null;
  /** Whether /proc/net/mptcp_net exists (only the multipath-tcp.org kernel makes it). */
  readonly legacyProcNet: boolean;
  /** Whether the "mptcp_pm" generic netlink family resolved; undefined when not asked. */
  readonly pmFamily?: boolean;
}

/** 'kernel' or 'userspace' from path_manager (6.15+) or else pm_type (0 kernel, 1 userspace). */
export function pathManagerMode(sysctls: MptcpSysctls): 'kernel' | 'userspace' | undefined {
  const pm = sysctls.pathManager;
  if (pm === 'kernel' || pm === 'userspace') return pm;
  if (pm !== undefined) return undefined;
  if (sysctls.pmType === 0) return 'kernel';
  if (sysctls.pmType === 1) return 'userspace';
  return undefined;
}

const NO_MPTCP =
  'this kernel was built without CONFIG_MPTCP (there is no /proc/sys/net/mptcp): ' +
  'boot a Linux 5.6+ kernel with MPTCP enabled, as the kernels of current distributions are';

export function detectMptcpFlavour(input: FlavourInput): KernelMptcp {
  const s = input.sysctls;
  if (s?.enabled !== undefined) {
    const pathManager = s.pathManager ?? pathManagerMode(s);
    let reason: string | undefined;
    if (!s.enabled) {
      reason = 'net.mptcp.enabled = 0: enable it with sysctl -w net.mptcp.enabled=1';
    } else if (input.pmFamily === false) {
      reason =
        'the mptcp_pm generic netlink family is missing (a kernel older than 5.7): ' +
        'connections are shown, but endpoints and path-manager events need a newer kernel';
    }
    return {
      mptcp: 'upstream',
      enabled: s.enabled,
      ...(pathManager !== undefined ? { pathManager } : {}),
      ...(s.scheduler !== undefined ? { scheduler: s.scheduler } : {}),
      ...(reason !== undefined ? { reason } : {}),
    };
  }
  const legacy = s?.legacy;
  if (legacy?.enabled !== undefined || input.legacyProcNet) {
    // Without the sysctl (an unusual build) the kernel's default, enabled, applies.
    const enabled = legacy?.enabled === undefined ? true : legacy.enabled !== 0;
    return {
      mptcp: 'legacy',
      enabled,
      ...(legacy?.pathManager !== undefined ? { pathManager: legacy.pathManager } : {}),
      ...(legacy?.scheduler !== undefined ? { scheduler: legacy.scheduler } : {}),
      ...(enabled
        ? {}
        : {
            reason:
              'net.mptcp.mptcp_enabled = 0: enable it with sysctl -w net.mptcp.mptcp_enabled=1',
          }),
    };
  }
  const reason =
    s === null
      ? NO_MPTCP
      : '/proc/sys/net/mptcp exists but has neither "enabled" nor "mptcp_enabled": ' +
        'this MPTCP implementation is not one Subflow knows';
  return { mptcp: 'unavailable', enabled: false, reason };
}

/** Gathers the inputs of detectMptcpFlavour from a proc root (the calling thread's namespace). */
export function probeMptcpFlavour(procRoot = '/proc', pmFamily?: boolean): KernelMptcp {
  const legacyProcNet =
    existsSync(join(procRoot, 'thread-self/net/mptcp_net')) ||
    existsSync(join(procRoot, 'net/mptcp_net'));
  return detectMptcpFlavour({
    sysctls: readMptcpSysctls(procRoot),
    legacyProcNet,
    ...(pmFamily !== undefined ? { pmFamily } : {}),
  });
}

/** Throws MptcpUnavailableError with the reason unless MPTCP exists and is enabled. */
export function requireMptcp(kernel: KernelMptcp): void {
  if (kernel.mptcp === 'unavailable' || !kernel.enabled) {
    throw new MptcpUnavailableError(kernel.reason ?? 'MPTCP is not available on this kernel');
  }
}
