// Thin I/O: rtnetlink dumps of links, addresses, routes and rules over a NETLINK_ROUTE socket.
// The socket decides the namespace (open it inside `withNetns` to read another one), which is
// why Subflow asks rtnetlink instead of /sys/class/net: sysfs shows the mounter's namespace.
import type { NetlinkSocket } from '../netlink/socket.js';
import { decodeAddress, encodeAddressDumpRequest } from './address.js';
import type { InterfaceAddress } from './address.js';
import { decodeLink, encodeLinkDumpRequest } from './link.js';
import type { Link } from './link.js';
import { decodeRoute, encodeRouteDumpRequest } from './route.js';
import type { Route } from './route.js';
import { decodeRule, encodeRuleDumpRequest } from './rule.js';
import type { Rule } from './rule.js';
import { RTM_GETADDR, RTM_GETLINK, RTM_GETROUTE, RTM_GETRULE } from './shared.js';
import { RTM_NEWADDR, RTM_NEWLINK, RTM_NEWROUTE, RTM_NEWRULE } from './shared.js';

const notNull = <T>(v: T | null): v is T => v !== null;

/** Every link of the socket's namespace with its counters. Works unprivileged. */
export function dumpLinks(sock: NetlinkSocket): Link[] {
  return sock
    .request('dump links', RTM_GETLINK, encodeLinkDumpRequest(), true)
    .filter((m) => m.type === RTM_NEWLINK)
    .map(decodeLink);
}

/** Every IPv4 and IPv6 address (or one family's) of the socket's namespace. */
export function dumpAddresses(sock: NetlinkSocket, family: 0 | 2 | 10 = 0): InterfaceAddress[] {
  return sock
    .request('dump addresses', RTM_GETADDR, encodeAddressDumpRequest(family), true)
    .filter((m) => m.type === RTM_NEWADDR)
    .map(decodeAddress)
    .filter(notNull);
}

/** Every IPv4/IPv6 route of every table (main, local and user tables). */
export function dumpRoutes(sock: NetlinkSocket, family: 0 | 2 | 10 = 0): Route[] {
  return sock
    .request('dump routes', RTM_GETROUTE, encodeRouteDumpRequest(family), true)
    .filter((m) => m.type === RTM_NEWROUTE)
    .map(decodeRoute)
    .filter(notNull);
}

/** Every IPv4/IPv6 policy-routing rule, in the kernel's (priority) order. */
export function dumpRules(sock: NetlinkSocket, family: 0 | 2 | 10 = 0): Rule[] {
  return sock
    .request('dump rules', RTM_GETRULE, encodeRuleDumpRequest(family), true)
    .filter((m) => m.type === RTM_NEWRULE)
    .map(decodeRule)
    .filter(notNull);
}
