// The header's words: what the privilege level allows, how MPTCP stands, which namespace is
// watched. Pure, so each sentence is tested.
import type { KernelInfo } from '../../../../electron/contract.js';

/** A short label for the header and the full sentence for its tooltip. */
export interface LabelText {
  readonly short: string;
  readonly full: string;
}

/** How to get CAP_NET_ADMIN, with `subflow` spelled as this host runs it. */
export function unprivilegedHowTo(command = 'subflow'): string {
  return `run sudo ${command} serve, or give node CAP_NET_ADMIN with setcap (see the README)`;
}

/**
 * What running with or without CAP_NET_ADMIN means for the user; `command` is how to run
 * subflow on the host ('npx subflow' from a checkout).
 */
export function privilegeText(privileged: boolean, command = 'subflow'): LabelText {
  if (privileged) {
    return {
      short: 'privileged',
      full: 'Running with CAP_NET_ADMIN: kernel path-manager events are received and multipath toggles work.',
    };
  }
  return {
    short: 'not privileged: toggles off, events inferred',
    full:
      'Running without CAP_NET_ADMIN: connections, subflows, interfaces and rates are live, but ' +
      'path-manager events are inferred from successive samples and multipath cannot be switched; ' +
      `to get them, ${unprivilegedHowTo(command)}.`,
  };
}

/** "MPTCP on" / "MPTCP off" / "no MPTCP", with why in the tooltip. */
export function mptcpText(kernel: Pick<KernelInfo, 'mptcp' | 'enabled' | 'reason'>): LabelText {
  if (kernel.mptcp === 'unavailable') {
    return {
      short: 'no MPTCP',
      full: kernel.reason ?? 'This kernel has no MPTCP support (CONFIG_MPTCP is off).',
    };
  }
  const flavour = kernel.mptcp === 'legacy' ? ' (multipath-tcp.org kernel)' : '';
  if (!kernel.enabled) {
    return {
      short: 'MPTCP off',
      full: kernel.reason ?? `MPTCP is disabled${flavour}: sudo sysctl -w net.mptcp.enabled=1`,
    };
  }
  return { short: 'MPTCP on', full: `MPTCP is enabled${flavour}.` };
}

/** The watched namespace, read-only (the host watches exactly one). */
export function namespaceText(netns: string | null): LabelText {
  const full =
    'subflow serve watches one network namespace; start it with --netns NAME to watch another.';
  return netns === null
    ? { short: 'own netns', full: `The host's own network namespace. ${full}` }
    : { short: `netns ${netns}`, full: `Network namespace ${netns}. ${full}` };
}
