// Plans the path-manager endpoint changes that switch one interface's multipath on, off or
// backup (DESIGN.md "Multipath on / off / backup"). Pure: interfaces and endpoints in, an ordered
// list of actions out. Which endpoints belong to the interface is decided exactly as the
// monitor decides it (its `dev`, else its address), so the read-back mode agrees with the UI.
import type { MultipathMode } from '../contract.js';
import type { EndpointFlag } from '../../native/mptcp-pm/constants.js';
import type { PmEndpoint } from '../../native/mptcp-pm/endpoints.js';
import { usableForMptcp } from '../../native/rtnl/interfaces.js';
import type { InterfaceWithAddresses } from '../../native/rtnl/interfaces.js';
import { endpointInterface, indexInterfaces } from '../monitor/interfaces.js';
import { ControlError } from './control-error.js';

/**
 * How this host takes part in MPTCP connections: a `server` also announces its addresses
 * (`signal`), a `client` only opens subflows from them. A setting, never guessed.
 */
export type HostRole = 'client' | 'server';

/** Create an endpoint (ADD_ADDR). `id` and `port` are set only when one is re-created. */
export interface AddEndpointAction {
  readonly kind: 'add';
  readonly address: string;
  readonly ifindex: number;
  readonly flags: readonly EndpointFlag[];
  readonly id?: number;
  readonly port?: number;
}

/** Remove an endpoint (DEL_ADDR); its subflows close. */
export interface DeleteEndpointAction {
  readonly kind: 'delete';
  readonly id: number;
  /** For messages only. */
  readonly address: string;
}

/** Change the backup flag in place (SET_FLAGS): live subflows send MP_PRIO. */
export interface SetFlagsAction {
  readonly kind: 'setFlags';
  readonly id: number;
  readonly backup: boolean;
  /** For messages only. */
  readonly address: string;
}

export type EndpointAction = AddEndpointAction | DeleteEndpointAction | SetFlagsAction;

export interface PlanInput {
  /** The interface to switch. */
  readonly interface: InterfaceWithAddresses;
  /**
   * Every interface of the namespace (the target included), so an endpoint bound to another
   * interface is recognised as that one's. Default: only the target.
   */
  readonly interfaces?: readonly InterfaceWithAddresses[];
  /** Every endpoint of the namespace, as the kernel lists them. */
  readonly endpoints: readonly PmEndpoint[];
  readonly mode: MultipathMode;
  readonly role: HostRole;
}

export interface MultipathPlan {
  readonly interface: string;
  readonly ifindex: number;
  readonly mode: MultipathMode;
  /** Run in this order. Empty when the interface already is in `mode`. */
  readonly actions: readonly EndpointAction[];
  /** Addresses an endpoint is wanted for (on / backup), in the interface's order. */
  readonly addresses: readonly string[];
  /** Endpoints bound to the interface whose address is gone from it: left alone (on/backup). */
  readonly stale: readonly PmEndpoint[];
  /** Endpoints the kernel made for joins it accepted: never touched. */
  readonly implicit: readonly PmEndpoint[];
  /** Endpoints deleted and added again (same id) because they lacked a flag SET_FLAGS cannot set. */
  readonly recreated: readonly PmEndpoint[];
}

/** The flags an endpoint of a multipath interface must have, for a role. */
export const requiredFlags = (role: HostRole): readonly EndpointFlag[] =>
  role === 'server' ? ['signal', 'subflow'] : ['subflow'];

/** The endpoints the monitor places on `target` (by `dev`, else by address). */
export function endpointsOfInterface(
  target: InterfaceWithAddresses,
  interfaces: readonly InterfaceWithAddresses[],
  endpoints: readonly PmEndpoint[],
): PmEndpoint[] {
  const all = interfaces.some((i) => i.ifindex === target.ifindex)
    ? interfaces
    : [...interfaces, target];
  const index = indexInterfaces(all);
  return endpoints.filter((ep) => endpointInterface(index, ep)?.ifindex === target.ifindex);
}

/** The flags a re-created endpoint gets: what it had, plus what it lacked, backup as wanted. */
function recreatedFlags(ep: PmEndpoint, required: readonly EndpointFlag[], backup: boolean) {
  const keep = ep.flags.filter((f) => f !== 'backup' && f !== 'implicit');
  const flags = new Set<EndpointFlag>([...required, ...keep]);
  if (backup) flags.add('backup');
  return [...flags];
}

/**
 * The ordered endpoint changes that put `input.interface` in `input.mode`:
 * - on / backup: one endpoint per usable address (global scope, not tentative) with `subflow`
 *   (and `signal` for a server), backup as the mode says; existing endpoints change their backup
 *   flag in place, missing ones are added. An endpoint lacking a required flag is re-created.
 * - off: every endpoint of the interface is deleted.
 * Implicit endpoints are never touched; stale ones (bound here, address gone) are deleted only
 * by off. Throws ControlError('bad-request') for on/backup when no address is usable.
 */
export function planMultipath(input: PlanInput): MultipathPlan {
  const target = input.interface;
  const own = endpointsOfInterface(target, input.interfaces ?? [target], input.endpoints);
  const implicit = own.filter((ep) => ep.flags.includes('implicit'));
  const managed = own.filter((ep) => !ep.flags.includes('implicit'));
  const onInterface = new Set(target.addresses);
  const stale = managed.filter((ep) => !onInterface.has(ep.address));
  const base = { interface: target.name, ifindex: target.ifindex, mode: input.mode, implicit };

  if (input.mode === 'off') {
    const actions = managed.map((ep): EndpointAction => ({
      kind: 'delete',
      id: ep.id,
      address: ep.address,
    }));
    return { ...base, actions, addresses: [], stale, recreated: [] };
  }

  const addresses = target.addressDetails.filter(usableForMptcp).map((a) => a.address);
  if (addresses.length === 0) {
    throw new ControlError(
      'bad-request',
      `${target.name} has no address MPTCP can use: give it an IPv4 address or a global IPv6 ` +
        'address (link-local and tentative ones cannot carry subflows)',
    );
  }
  const backup = input.mode === 'backup';
  const required = requiredFlags(input.role);
  const flips: EndpointAction[] = [];
  const recreate: EndpointAction[] = [];
  const adds: EndpointAction[] = [];
  const recreated: PmEndpoint[] = [];

  // Every endpoint on one of the interface's addresses follows the mode's backup flag.
  for (const ep of managed) {
    if (!onInterface.has(ep.address)) continue;
    // Only a port-less endpoint can have `subflow`; one with a port only signals.
    const lacks = ep.port === undefined && required.some((f) => !ep.flags.includes(f));
    if (lacks && addresses.includes(ep.address)) {
      recreated.push(ep);
      recreate.push({ kind: 'delete', id: ep.id, address: ep.address });
      recreate.push({
        kind: 'add',
        address: ep.address,
        ifindex: ep.ifindex ?? target.ifindex,
        flags: recreatedFlags(ep, required, backup),
        id: ep.id,
      });
    } else if (ep.flags.includes('backup') !== backup) {
      flips.push({ kind: 'setFlags', id: ep.id, backup, address: ep.address });
    }
  }
  for (const address of addresses) {
    if (managed.some((ep) => ep.address === address && ep.port === undefined)) continue;
    const flags: EndpointFlag[] = backup ? [...required, 'backup'] : [...required];
    adds.push({ kind: 'add', address, ifindex: target.ifindex, flags });
  }
  // Flag changes first: live subflows switch priority before anything else happens.
  return { ...base, actions: [...flips, ...recreate, ...adds], addresses, stale, recreated };
}
