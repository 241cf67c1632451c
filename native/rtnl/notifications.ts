// rtnetlink link and address notifications (what `ip monitor link address` shows): the groups
// to join and a decoder that turns each RTM_NEWLINK / RTM_DELLINK / RTM_NEWADDR / RTM_DELADDR
// message into a small change record. Pure: bytes in, data out.
import { decodeAddress } from './address.js';
import { decodeLink } from './link.js';
import { RTM_NEWADDR, RTM_NEWLINK } from './shared.js';
import type { NlMessage } from '../netlink/message.js';

export const RTM_DELLINK = 17;
export const RTM_DELADDR = 21;

/** Multicast groups (linux/rtnetlink.h enum rtnetlink_groups), joined by number. */
export const RTNLGRP_LINK = 1;
export const RTNLGRP_IPV4_IFADDR = 5;
export const RTNLGRP_IPV6_IFADDR = 9;
export const LINK_AND_ADDRESS_GROUPS: readonly number[] = [
  RTNLGRP_LINK,
  RTNLGRP_IPV4_IFADDR,
  RTNLGRP_IPV6_IFADDR,
];

/** One interface or address change the kernel announced. */
export type LinkOrAddressChange =
  | {
      readonly kind: 'link';
      /** 'new' covers both a new link and a changed one (up/down, rename): the kernel says NEWLINK. */
      readonly change: 'new' | 'removed';
      readonly ifindex: number;
      readonly name: string;
      /** Administratively and operationally up, as the interface list reads it. */
      readonly up: boolean;
    }
  | {
      readonly kind: 'address';
      readonly change: 'new' | 'removed';
      readonly ifindex: number;
      readonly address: string;
      readonly family: 4 | 6;
      /** 'global', 'site', 'link', 'host', … as `ip` prints it. */
      readonly scope: string;
      /** Still doing duplicate address detection: not usable for an endpoint yet. */
      readonly tentative: boolean;
    };

/**
 * The changes in one datagram's messages, in order. Messages of other types (NLMSG_DONE, …) and
 * address families other than IPv4/IPv6 are skipped; malformed bytes throw DecodeError.
 */
export function decodeLinkOrAddressChanges(messages: readonly NlMessage[]): LinkOrAddressChange[] {
  const out: LinkOrAddressChange[] = [];
  for (const msg of messages) {
    if (msg.type === RTM_NEWLINK || msg.type === RTM_DELLINK) {
      const link = decodeLink(msg);
      out.push({
        kind: 'link',
        change: msg.type === RTM_NEWLINK ? 'new' : 'removed',
        ifindex: link.ifindex,
        name: link.name,
        up: link.up,
      });
    } else if (msg.type === RTM_NEWADDR || msg.type === RTM_DELADDR) {
      const addr = decodeAddress(msg);
      if (addr === null) continue;
      out.push({
        kind: 'address',
        change: msg.type === RTM_NEWADDR ? 'new' : 'removed',
        ifindex: addr.ifindex,
        address: addr.address,
        family: addr.family,
        scope: addr.scope,
        tentative: addr.flagNames.includes('tentative'),
      });
    }
  }
  return out;
}
