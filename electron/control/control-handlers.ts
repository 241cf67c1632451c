// Control's part of the Host: multipath switching and path-manager limits in the monitor's
// namespace. Host.invoke has validated the arguments against the contract, so they go straight to
// the kernel. The result is what the kernel reads back; the endpoints read back are handed on
// (`onReadBack`) so the Host's action wrapper records what the change left without a second read,
// and that wrapper takes the one fresh sample that puts the change on the timeline.
import type { PmEndpoint } from '../../native/mptcp-pm/endpoints.js';
import type { ConnectionProfile, EndpointOwnerInfo } from '../contract.js';
import type { Handlers } from '../host/host.js';
import type { ChoiceStore } from './choices-file.js';
import type { ControlKernel } from './control-kernel.js';
import { forgetChoice } from './forget-choice.js';
import { applyLimits } from './limits.js';
import { setMultipathWithOwner } from './owner-toggle.js';
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
  /** Who owns an interface's endpoints (NetworkManager, mptcpd), so a toggle goes through it. */
  readonly ownerOf?: (iface: string) => EndpointOwnerInfo | null;
  /** The device's active NetworkManager profile: a choice made on it is kept for the profile. */
  readonly profileOf?: (iface: string) => ConnectionProfile | null;
  /** The UUID of the profile whose choice is in force for the interface (forget's default). */
  readonly profileInForce?: (iface: string) => Promise<string | undefined>;
  /** After a change to the remembered choices: re-read them, so the card shows it at once. */
  readonly choicesChanged?: () => Promise<void>;
}

/**
 * Handlers for 'multipath:set', 'multipath:forget' and 'limits:set'. `getKernel` is asked on every request, so a
 * monitor that replaces its kernel thread (its namespace came back) is followed.
 */
export function controlHandlers(
  getKernel: () => ControlKernel,
  options: ControlHandlerOptions,
): Handlers {
  const { role, choices, onReadBack, netns } = options;
  const changed = options.choicesChanged ?? (() => Promise.resolve());
  return {
    'multipath:set': async (args) => {
      // Through NetworkManager where it owns the device; mptcpd's ownership is told in a note.
      const result = await setMultipathWithOwner(getKernel(), args.interface, args.mode, {
        role,
        owner: options.ownerOf?.(args.interface) ?? null,
        ...(choices
          ? {
              remember: {
                store: choices,
                netns,
                profile: options.profileOf?.(args.interface) ?? null,
              },
            }
          : {}),
        ...(onReadBack ? { onReadBack } : {}),
      });
      await changed();
      return result;
    },
    'multipath:forget': async (args) => {
      if (!choices) {
        throw Object.assign(new Error('this host keeps no remembered choices'), {
          code: 'unavailable',
        });
      }
      // The profile the card showed when given; else whichever key is in force now.
      const profile = args.profile ?? (await options.profileInForce?.(args.interface));
      const result = await forgetChoice(choices, {
        netns,
        interface: args.interface,
        ...(profile !== undefined ? { profile: profile.toLowerCase() } : {}),
      });
      await changed();
      return result;
    },
    'limits:set': (args) => applyLimits(getKernel(), args),
  };
}
