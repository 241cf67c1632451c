// Joins links and addresses by ifindex: each interface with its address strings. Pure.
import type { InterfaceAddress } from './address.js';
import type { Link } from './link.js';

/** A link together with the addresses configured on it. */
export interface InterfaceWithAddresses extends Link {
  /** Address strings (no prefix length), IPv4 before IPv6, each family in the kernel's order. */
  readonly addresses: readonly string[];
  /** The full address records behind `addresses`, in the same order. */
  readonly addressDetails: readonly InterfaceAddress[];
}

export interface InterfacesFromOptions {
  /** Keep only addresses this returns true for (e.g. drop IPv6 link-local). Default: keep all. */
  readonly keep?: (address: InterfaceAddress) => boolean;
}

/**
 * Gives each link its addresses, ordered by ifindex. Addresses whose ifindex matches no link
 * (a link that vanished between the two dumps) are dropped.
 */
export function interfacesFrom(
  links: readonly Link[],
  addresses: readonly InterfaceAddress[],
  options: InterfacesFromOptions = {},
): InterfaceWithAddresses[] {
  const byIndex = new Map<number, InterfaceAddress[]>();
  for (const a of addresses) {
    if (options.keep && !options.keep(a)) continue;
    const list = byIndex.get(a.ifindex);
    if (list) list.push(a);
    else byIndex.set(a.ifindex, [a]);
  }
  return [...links]
    .sort((x, y) => x.ifindex - y.ifindex)
    .map((link) => {
      const own = byIndex.get(link.ifindex) ?? [];
      // A stable sort keeps the kernel's order inside each family.
      const details = [...own].sort((x, y) => x.family - y.family);
      return { ...link, addresses: details.map((a) => a.address), addressDetails: details };
    });
}

/** The usual filter for MPTCP endpoints: global (and site) scope, not tentative or failed DAD. */
export const usableForMptcp = (a: InterfaceAddress): boolean =>
  (a.scope === 'global' || a.scope === 'site') &&
  !a.flagNames.includes('tentative') &&
  !a.flagNames.includes('dadfailed');
