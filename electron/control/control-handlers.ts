// Control's part of the Host: multipath switching and path-manager limits in the monitor's
// namespace. Host.invoke has validated the arguments against the contract, so they go straight to
// the kernel. The result is what the kernel reads back; the endpoints read back are handed on
// (`onReadBack`) so the Host's action wrapper records what the change left without a second read,
// and that wrapper takes the one fresh sample that puts the change on the timeline.
import type { PmEndpoint } from '../../native/mptcp-pm/endpoints.js';
import type { Handlers } from '../host/host.js';
import type { ChoiceStore } from './choices-file.js';
import type { ControlKernel } from './control-kernel.js';
import { applyLimits } from './limits.js';
import { applyMultipath } from './multipath.js';
import type { HostRole } from './plan.js';

export interface ControlHandlerOptions {
  /** The namespace the kernel thread watches (the remembered choice is for it). */
  readonly netns: string | null;
  /** 'server' also announces the addresses (`signal`). */
  readonly role: HostRole;
  /** Where each multipath change read back from the kernel is remembered (the doctor respects it). */
  readonly choices?: ChoiceStore;
  /** Told the endpoints a multipath change read back. */
  readonly onReadBack?: (endpoints: readonly PmEndpoint[]) => void;
}

/**
 * Handlers for 'multipath:set' and 'limits:set'. `getKernel` is asked on every request, so a
 * monitor that replaces its kernel thread (its namespace came back) is followed.
 */
export function controlHandlers(
  getKernel: () => ControlKernel,
  options: ControlHandlerOptions,
): Handlers {
  const { role, choices, onReadBack, netns } = options;
  return {
    'multipath:set': (args) =>
      applyMultipath(getKernel(), args.interface, args.mode, {
        role,
        ...(choices ? { remember: { store: choices, netns } } : {}),
        ...(onReadBack ? { onReadBack } : {}),
      }),
    'limits:set': (args) => applyLimits(getKernel(), args),
  };
}
