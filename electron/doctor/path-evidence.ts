// Where the subflows from an endpoint address really leave, judged from what the kernel does
// (the endpoint's `dev`, the sockets' bound interface, the interface's byte counter, the main
// table's route to each live peer) rather than from the routing tables alone. Pure.
import type { InterfaceWithAddresses } from '../../native/rtnl/interfaces.js';
import type { Route } from '../../native/rtnl/route.js';
import type { DoctorInput } from './doctor-input.js';
import { MAIN_TABLE, familyOf, plainAddress, prefixContains, routeLeavesBy } from './facts.js';

/** The main-table route the kernel picks for `address` (longest prefix, then lowest metric). */
export function mainRouteTo(routes: readonly Route[], address: string): Route | undefined {
  const family = familyOf(address);
  let best: Route | undefined;
  for (const r of routes) {
    if (r.table !== MAIN_TABLE || r.family !== family || r.type !== 'unicast') continue;
    if (r.dst !== null && !prefixContains(r.dst, r.dstLength, address)) continue;
    const length = r.dst === null ? 0 : r.dstLength;
    const bestLength = best === undefined ? -1 : best.dst === null ? 0 : best.dstLength;
    if (
      length > bestLength ||
      (length === bestLength && (r.priority ?? 0) < (best?.priority ?? 0))
    ) {
      best = r;
    }
  }
  return best;
}

/** What the kernel shows about where the subflows from an address go. */
export type PathEvidence =
  /** More bytes were acked on the subflows than the interface ever sent: they left elsewhere. */
  | { readonly kind: 'leaves-elsewhere'; readonly acked: number; readonly sent: number }
  /** The kernel binds them to the interface (the endpoint's `dev`, or the sockets' bound ifindex). */
  | { readonly kind: 'bound'; readonly by: 'endpoint' | 'sockets'; readonly carrying: boolean }
  /** Not bound, and the main table routes their live peers out of the interface. */
  | { readonly kind: 'main-routes-here' }
  /** Not bound, and the main table routes live peers out of another interface. */
  | { readonly kind: 'main-routes-elsewhere'; readonly via: string }
  /** Not bound and no live subflow: only the routing tables say where they would go. */
  | { readonly kind: 'none' };

/**
 * Where the subflows from `address` actually leave, judged from what the kernel says: the
 * endpoint's `dev` (the kernel binds its subflows to that device, whatever the main table
 * says), the bound interface sock_diag gives each live subflow socket, the interface's own byte
 * counter, and the main-table route to each live peer.
 */
export function pathEvidence(
  input: DoctorInput,
  address: string,
  link: InterfaceWithAddresses,
  bound: boolean,
): PathEvidence {
  const live = input.subflowSockets.filter(
    (s) => s.state === 'established' && plainAddress(s.local) === address,
  );
  const acked = live.reduce((sum, s) => sum + s.bytesAcked, 0);
  // Every acked byte left by some interface: more than this one ever sent proves some did not.
  if (acked > link.txBytes) return { kind: 'leaves-elsewhere', acked, sent: link.txBytes };
  const boundHere = live.filter((s) => s.boundInterface === link.ifindex);
  const carrying = boundHere.some((s) => s.bytesAcked > 0 || s.bytesReceived > 0);
  if (bound) return { kind: 'bound', by: 'endpoint', carrying };
  if (live.length > 0 && boundHere.length === live.length) {
    return { kind: 'bound', by: 'sockets', carrying };
  }
  if (live.length === 0 || input.routes === null) return { kind: 'none' };
  const index = new Map(input.interfaces.map((l) => [l.ifindex, l.name]));
  for (const s of live) {
    const route = mainRouteTo(input.routes, plainAddress(s.remote));
    if (route && !routeLeavesBy(route, link.ifindex)) {
      const oif = route.oif ?? route.nexthops[0]?.oif;
      return { kind: 'main-routes-elsewhere', via: index.get(oif ?? -1) ?? 'another interface' };
    }
  }
  return { kind: 'main-routes-here' };
}
