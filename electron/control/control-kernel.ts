// What the control layer needs from the kernel thread of one namespace: KernelClient's typed
// `call`, plus the legacy kernel's link switch where it is wired. A KernelClient is one; tests
// pass fakes.
import type { KernelClient } from '../../native/kernel/kernel-client.js';
import type { LegacyMultipathArgs, LegacyMultipathState } from '../../native/kernel/link-ops.js';

export interface ControlKernel {
  /** The kernel thread's operations (`sample`, `listEndpoints`, `addEndpoint`, …). */
  readonly call: KernelClient['call'];
  /**
   * multipath-tcp.org kernels only: sets IFF_NOMULTIPATH / IFF_MPBACKUP of one interface and
   * returns the switch read back. Wire it to the kernel thread's `setLegacyMultipath` op
   * (native/kernel/link-ops.ts); without it a legacy kernel's switch is refused with the reason.
   */
  readonly setLegacyMultipath?: (args: LegacyMultipathArgs) => Promise<LegacyMultipathState>;
}

/** The control handle of a namespace's kernel thread, the legacy link switch included. */
export function controlKernel(client: KernelClient): ControlKernel {
  return {
    call: client.call.bind(client),
    setLegacyMultipath: (args) => client.call('setLegacyMultipath', args),
  };
}
