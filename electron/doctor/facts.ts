// What several checks derive from one DoctorInput: the uplinks (interfaces MPTCP could use),
// the endpoints of each interface, where subflows run, routes out of an interface, prefix
// matching. Pure.
import type { PmEndpoint } from '../../native/mptcp-pm/endpoints.js';
import { parseAddress } from '../../native/ip-address.js';
import { usableForMptcp } from '../../native/rtnl/interfaces.js';
import type { InterfaceWithAddresses } from '../../native/rtnl/interfaces.js';
import type { Route } from '../../native/rtnl/route.js';
import { endpointsOfInterface } from '../control/plan.js';
import { isLoopback } from '../monitor/interfaces.js';
import type { DoctorInput } from './doctor-input.js';

/** Built-in routing tables: local, main and default. */
export const BUILTIN_TABLES: ReadonlySet<number> = new Set([253, 254, 255]);
export const MAIN_TABLE = 254;

/** An IPv4-mapped IPv6 address ("::ffff:198.51.100.1") as the IPv4 address it stands for. */
export const plainAddress = (address: string): string =>
  /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address) ? address.slice(7) : address;

export const familyOf = (address: string): 4 | 6 =>
  parseAddress(plainAddress(address))?.family ?? (address.includes(':') ? 6 : 4);

/** Whether `address` lies in PREFIX/LENGTH (same family; LENGTH 0 matches every address). */
export function prefixContains(prefix: string, length: number, address: string): boolean {
  const p = parseAddress(prefix);
  const a = parseAddress(plainAddress(address));
  if (!p || !a || p.family !== a.family) return false;
  for (let bit = 0; bit < length; bit++) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if (((p.bytes[byte] ?? 0) & mask) !== ((a.bytes[byte] ?? 0) & mask)) return false;
  }
  return true;
}

/** Whether a route sends traffic out of interface `ifindex` (directly or as one next hop). */
export const routeLeavesBy = (route: Route, ifindex: number): boolean =>
  route.oif === ifindex || route.nexthops.some((hop) => hop.oif === ifindex);

/** Unicast routes of ordinary tables (not `local`) that leave by `ifindex`. */
export const routesVia = (routes: readonly Route[], ifindex: number): Route[] =>
  routes.filter((r) => r.table !== 255 && r.type === 'unicast' && routeLeavesBy(r, ifindex));

/** The addresses of an interface MPTCP can use (global scope, not tentative). */
export const usableAddresses = (link: InterfaceWithAddresses): string[] =>
  link.addressDetails.filter(usableForMptcp).map((a) => a.address);

export const hasFlag = (ep: PmEndpoint, ...flags: PmEndpoint['flags']): boolean =>
  flags.some((f) => ep.flags.includes(f));

export interface Facts {
  /** Up, not loopback, with a usable address and (when routes were read) a route out. */
  readonly uplinks: readonly InterfaceWithAddresses[];
  /** Endpoints made by someone (not the kernel's implicit ones); empty when unreadable. */
  readonly managed: readonly PmEndpoint[];
  /** Managed endpoints that make or announce subflows (subflow or signal flag). */
  readonly active: readonly PmEndpoint[];
  /** Names of interfaces that carry live subflows. */
  readonly carrying: ReadonlySet<string>;
  /** Managed endpoints the monitor places on `link` (by dev, else by address). */
  endpointsOf(link: InterfaceWithAddresses): PmEndpoint[];
  /** The interface owning an address, if any. */
  ownerOf(address: string): InterfaceWithAddresses | undefined;
  /** The main-table default routes of a family in use (those of the lowest metric). */
  mainDefaults(family: 4 | 6): Route[];
}

export function deriveFacts(input: DoctorInput): Facts {
  const endpoints = input.endpoints ?? [];
  const managed = endpoints.filter((ep) => !ep.flags.includes('implicit'));
  const active = managed.filter((ep) => hasFlag(ep, 'subflow', 'signal'));
  const routes = input.routes;
  const uplinks = input.interfaces.filter(
    (link) =>
      link.up &&
      !isLoopback(link) &&
      usableAddresses(link).length > 0 &&
      (routes === null || routesVia(routes, link.ifindex).length > 0),
  );
  const carrying = new Set<string>();
  for (const c of input.connections) {
    for (const s of c.subflows) if (s.interface !== null) carrying.add(s.interface);
  }
  return {
    uplinks,
    managed,
    active,
    carrying,
    endpointsOf: (link) =>
      endpointsOfInterface(link, input.interfaces, managed).filter((ep) => managed.includes(ep)),
    ownerOf: (address) =>
      input.interfaces.find((link) => link.addresses.includes(plainAddress(address))),
    mainDefaults: (family) => {
      const all = (routes ?? []).filter(
        (r) =>
          r.table === MAIN_TABLE && r.family === family && r.dst === null && r.type === 'unicast',
      );
      const best = Math.min(...all.map((r) => r.priority ?? 0));
      return all.filter((r) => (r.priority ?? 0) === best);
    },
  };
}
