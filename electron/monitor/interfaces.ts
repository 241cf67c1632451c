// Interfaces of a sample → InterfaceState: addresses, counters and rates, and the multipath
// mode derived from the path-manager endpoints; plus the lookups that place subflows and
// endpoints on interfaces (by ifindex, else by address). Pure.
import type { Endpoint, InterfaceState, KernelInfo, MultipathMode } from '../contract.js';
import type { RawSample } from '../../native/kernel/sample.js';
import type { PmEndpoint } from '../../native/mptcp-pm/endpoints.js';
import { usableForMptcp } from '../../native/rtnl/interfaces.js';
import type { InterfaceWithAddresses } from '../../native/rtnl/interfaces.js';
import { readingRates } from './rates.js';
import type { CounterReading } from './rates.js';

const IFF_LOOPBACK = 0x8;

/** Lookups over the interfaces of one sample. */
export interface InterfaceIndex {
  readonly byIndex: ReadonlyMap<number, InterfaceWithAddresses>;
  /** Address → ifindex of the interface owning it; -1 when several interfaces have it. */
  readonly addressOwner: ReadonlyMap<string, number>;
}

export function indexInterfaces(interfaces: readonly InterfaceWithAddresses[]): InterfaceIndex {
  const byIndex = new Map<number, InterfaceWithAddresses>();
  const addressOwner = new Map<string, number>();
  for (const link of interfaces) {
    byIndex.set(link.ifindex, link);
    for (const address of link.addresses) {
      const owner = addressOwner.get(address);
      // A link-local IPv6 address can sit on several links: then it names none of them.
      addressOwner.set(address, owner === undefined || owner === link.ifindex ? link.ifindex : -1);
    }
  }
  return { byIndex, addressOwner };
}

/**
 * The interface a local address belongs to, else the socket's bound ifindex (0 = unbound),
 * else null.
 */
export function interfaceOf(
  index: InterfaceIndex,
  localAddress: string,
  boundIfindex: number,
): InterfaceWithAddresses | null {
  const owner = index.addressOwner.get(localAddress);
  if (owner !== undefined && owner > 0) {
    const link = index.byIndex.get(owner);
    if (link) return link;
  }
  return boundIfindex > 0 ? (index.byIndex.get(boundIfindex) ?? null) : null;
}

/** The interface an endpoint belongs to: its `dev` (ifindex) if known, else its address's owner. */
export function endpointInterface(
  index: InterfaceIndex,
  endpoint: PmEndpoint,
): InterfaceWithAddresses | null {
  if (endpoint.ifindex !== undefined) {
    const link = index.byIndex.get(endpoint.ifindex);
    if (link) return link;
  }
  return interfaceOf(index, endpoint.address, 0);
}

/** Key of an interface's counters: a reused ifindex under another name is another interface. */
export const interfaceCounterKey = (link: { ifindex: number; name: string }): string =>
  `${link.ifindex}:${link.name}`;

export const isLoopback = (link: InterfaceWithAddresses): boolean =>
  (link.flags & IFF_LOOPBACK) !== 0;

/** Endpoints as the Snapshot shows them, and each interface's multipath mode by ifindex. */
export function placeEndpoints(
  index: InterfaceIndex,
  endpoints: readonly PmEndpoint[],
): { endpoints: Endpoint[]; modes: Map<number, MultipathMode> } {
  const out: Endpoint[] = [];
  const counts = new Map<number, { active: number; backup: number }>();
  for (const ep of endpoints) {
    const link = endpointInterface(index, ep);
    out.push({
      id: ep.id,
      address: ep.address,
      interface: link?.name ?? null,
      ...(ep.port !== undefined ? { port: ep.port } : {}),
      flags: [...ep.flags],
    });
    // Implicit endpoints are the kernel's bookkeeping for joins it accepted, and an endpoint
    // without subflow or signal makes no subflow: neither switches multipath on.
    if (!link || ep.flags.includes('implicit')) continue;
    if (!ep.flags.includes('subflow') && !ep.flags.includes('signal')) continue;
    let c = counts.get(link.ifindex);
    if (!c) counts.set(link.ifindex, (c = { active: 0, backup: 0 }));
    if (ep.flags.includes('backup')) c.backup++;
    else c.active++;
  }
  const modes = new Map<number, MultipathMode>();
  for (const [ifindex, c] of counts) modes.set(ifindex, c.active > 0 ? 'on' : 'backup');
  return { endpoints: out, modes };
}

/** Why the multipath toggle cannot be used on `link`, or undefined when it can. */
export function multipathDisabledReason(
  link: InterfaceWithAddresses,
  kernel: KernelInfo,
  privileged: boolean,
): string | undefined {
  if (isLoopback(link)) return 'loopback carries only local traffic: multipath does not apply';
  if (kernel.mptcp === 'unavailable') return kernel.reason ?? 'this kernel has no MPTCP';
  if (!kernel.enabled) return kernel.reason ?? 'MPTCP is disabled (net.mptcp.enabled = 0)';
  if (kernel.mptcp === 'upstream') {
    if (kernel.pathManager === 'userspace') {
      return 'the userspace path manager is in charge (net.mptcp.path_manager = userspace): endpoints are not used';
    }
    if (!link.addressDetails.some(usableForMptcp)) {
      return 'no IPv4 or global IPv6 address: an endpoint needs one';
    }
  }
  if (!privileged)
    return 'changing multipath needs CAP_NET_ADMIN: run Subflow as root or give node that capability';
  return undefined;
}

export interface InterfaceBuild {
  readonly interfaces: InterfaceState[];
  /** Counter readings of every link (hidden loopback included), by interfaceCounterKey. */
  readonly readings: Map<string, CounterReading>;
}

/**
 * InterfaceState for every link, ordered by ifindex with loopback last. Loopback is shown only
 * when it carries a subflow or has an endpoint: a user watching MPTCP wants the real paths, but
 * MPTCP over `lo` exists and must not be hidden then.
 */
export function buildInterfaces(
  sample: Pick<RawSample, 'interfaces' | 'monotonicMs' | 'privileged'>,
  kernel: KernelInfo,
  modes: ReadonlyMap<number, MultipathMode>,
  carryingSubflows: ReadonlySet<number>,
  previous: ReadonlyMap<string, CounterReading> | undefined,
): InterfaceBuild {
  const readings = new Map<string, CounterReading>();
  const shown: InterfaceState[] = [];
  const loopbacks: InterfaceState[] = [];
  const links = [...sample.interfaces].sort((a, b) => a.ifindex - b.ifindex);
  for (const link of links) {
    const key = interfaceCounterKey(link);
    const reading = { t: sample.monotonicMs, tx: link.txBytes, rx: link.rxBytes };
    readings.set(key, reading);
    const loop = isLoopback(link);
    if (loop && !carryingSubflows.has(link.ifindex) && !modes.has(link.ifindex)) continue;
    const { txRate, rxRate } = readingRates(previous?.get(key), reading);
    const reason = multipathDisabledReason(link, kernel, sample.privileged);
    (loop ? loopbacks : shown).push({
      name: link.name,
      ifindex: link.ifindex,
      up: link.up,
      addresses: [...link.addresses],
      rxBytes: link.rxBytes,
      txBytes: link.txBytes,
      rxRate,
      txRate,
      // The legacy kernel keeps the switch as interface flags; upstream derives it from endpoints.
      multipath:
        kernel.mptcp === 'legacy' ? link.legacyMultipath : (modes.get(link.ifindex) ?? 'off'),
      ...(reason !== undefined ? { multipathDisabledReason: reason } : {}),
    });
  }
  return { interfaces: shown.concat(loopbacks), readings };
}
