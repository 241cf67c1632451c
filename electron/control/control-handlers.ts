// Control's part of the Host: multipath switching and path-manager limits in the monitor's
// namespace. Host.invoke has validated the arguments against the contract, so they go straight to
// the kernel. The result is what the kernel reads back; the endpoints read back are handed on
// (`onReadBack`) so the Host's action wrapper records what the change left without a second read,
// and that wrapper takes the one fresh sample that puts the change on the timeline.
import type { PmEndpoint } from '../../native/mptcp-pm/endpoints.js';
import type { Handlers } from '../host/host.js';
import type { MonitorService } from '../monitor/monitor-service.js';
import type { ChoiceStore } from './choices-file.js';
import { controlKernel } from './control-kernel.js';
import { applyLimits } from './limits.js';
import { applyMultipath } from './multipath.js';
import type { HostRole } from './plan.js';

export interface ControlHandlerOptions {
  /** 'server' also announces the addresses (`signal`). */
  readonly role: HostRole;
  /** Where each multipath change read back from the kernel is remembered (the doctor respects it). */
  readonly choices?: ChoiceStore;
  /** Told the endpoints a multipath change read back. */
  readonly onReadBack?: (endpoints: readonly PmEndpoint[]) => void;
}

/** Handlers for 'multipath:set' and 'limits:set' on the monitor's kernel thread. */
export function controlHandlers(monitor: MonitorService, options: ControlHandlerOptions): Handlers {
  const { role, choices, onReadBack } = options;
  return {
    'multipath:set': (args) =>
      applyMultipath(controlKernel(monitor.kernel), args.interface, args.mode, {
        role,
        ...(choices ? { remember: { store: choices, netns: monitor.options.netns } } : {}),
        ...(onReadBack ? { onReadBack } : {}),
      }),
    'limits:set': (args) => applyLimits(controlKernel(monitor.kernel), args),
  };
}
