// Sentences of the page's banners, as pure functions of the state they describe.
import type { KernelInfo } from '../../../../electron/contract.js';
import type { ConnectionStatus } from '../../store/store.js';

/**
 * The banner line for the link to the host; null when it is open. `everConnected` tells a lost
 * link from one that never came up.
 */
export function connectionText(
  status: ConnectionStatus,
  now: number,
  everConnected = true,
): string | null {
  switch (status.kind) {
    case 'open':
      return null;
    case 'connecting':
      return 'Connecting to subflow serve…';
    case 'failed':
      return status.reason;
    case 'reconnecting': {
      const seconds = Math.max(0, Math.ceil((status.retryAt - now) / 1000));
      const when = seconds === 0 ? 'reconnecting now' : `reconnecting in ${seconds} s`;
      return everConnected
        ? `Connection to subflow serve lost — ${when} (attempt ${status.attempt})`
        : `Cannot reach subflow serve — ${when.replace('reconnecting', 'retrying')} (attempt ${status.attempt})`;
    }
  }
}

/** The sysctl that enables MPTCP on this kernel flavour. */
export function enableCommand(kernel: Pick<KernelInfo, 'mptcp'>): string {
  return kernel.mptcp === 'legacy'
    ? 'sudo sysctl -w net.mptcp.mptcp_enabled=1'
    : 'sudo sysctl -w net.mptcp.enabled=1';
}

/** Why no connection can use MPTCP, or null when it is enabled. */
export function mptcpProblem(
  kernel: Pick<KernelInfo, 'mptcp' | 'enabled' | 'reason'>,
): string | null {
  if (kernel.mptcp === 'unavailable') {
    return (
      kernel.reason ??
      'This kernel has no MPTCP support: use Linux 5.6 or newer built with CONFIG_MPTCP.'
    );
  }
  if (!kernel.enabled) return 'MPTCP is disabled on this host, so no connection can use it.';
  return null;
}
