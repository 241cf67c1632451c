// Multipath on / off / backup on the multipath-tcp.org ("legacy") kernel: there the switch is
// two interface flags (`ip link set dev X multipath …`), set by the kernel thread's link op and
// read back from the interface itself.
import type { MultipathMode, MultipathResult } from '../contract.js';
import type { InterfaceWithAddresses } from '../../native/rtnl/interfaces.js';
import type { ControlKernel } from './control-kernel.js';
import { ControlError } from './control-error.js';
import { offNote } from './notes.js';

/**
 * Sets the legacy switch of `link` and returns the mode read back. ControlError
 * 'mptcp-unavailable' when the kernel thread's link op is not wired, 'kernel' when the read-back
 * differs from what was asked.
 */
export async function setLegacyMultipath(
  kernel: ControlKernel,
  link: InterfaceWithAddresses,
  mode: MultipathMode,
): Promise<MultipathResult> {
  if (!kernel.setLegacyMultipath) {
    throw new ControlError(
      'mptcp-unavailable',
      `this is a multipath-tcp.org kernel, whose switch is 'ip link set dev ${link.name} ` +
        `multipath ${mode}', and this Subflow cannot set it here: run that command instead`,
    );
  }
  const state = await kernel.setLegacyMultipath({ ifindex: link.ifindex, mode });
  if (state.mode !== mode) {
    throw new ControlError(
      'kernel',
      `asked for multipath ${mode} on ${link.name}, but the kernel now reports ${state.mode} ` +
        `(interface flags 0x${state.flags.toString(16)}): something else may have changed it`,
    );
  }
  const notes = [];
  if (link.legacyMultipath === mode)
    notes.push(`${link.name} already was ${mode}; nothing changed`);
  if (mode === 'off') notes.push(offNote(link.name));
  return { interface: link.name, mode: state.mode, endpoints: [], notes };
}
