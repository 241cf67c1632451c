import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMessages } from '../../../native/netlink/message.js';
import { decodeAddress } from '../../../native/rtnl/address.js';
import type { InterfaceAddress } from '../../../native/rtnl/address.js';
import { interfacesFrom, usableForMptcp } from '../../../native/rtnl/interfaces.js';
import { decodeLink } from '../../../native/rtnl/link.js';
import { RTM_NEWADDR, RTM_NEWLINK } from '../../../native/rtnl/shared.js';

// Captured dumps of the lab client (test/fixtures/capture/rtnl.ts).
const read = (prefix: string, n: number): ReturnType<typeof parseMessages> =>
  Array.from({ length: n }, (_, i) =>
    parseMessages(
      new Uint8Array(
        readFileSync(new URL(`../../fixtures/rtnl/${prefix}-${i}.bin`, import.meta.url)),
      ),
    ),
  ).flat();
const links = read('cli-link-dump', 3)
  .filter((m) => m.type === RTM_NEWLINK)
  .map(decodeLink);
const addrs = read('cli-addr-dump', 2)
  .filter((m) => m.type === RTM_NEWADDR)
  .map(decodeAddress)
  .filter((a): a is InterfaceAddress => a !== null);

describe('interfacesFrom', () => {
  it('gives each link its addresses, IPv4 first', () => {
    const ifs = interfacesFrom(links, addrs);
    expect(ifs.map((i) => i.name)).toEqual(['lo', 'red-c', 'blue-c', 'spare1', 'spare0']);
    expect(ifs[0]?.addresses).toEqual(['127.0.0.1', '::1']);
    expect(ifs[1]?.addresses.slice(0, 2)).toEqual(['198.51.100.1', '2001:db8:1::1']);
    expect(ifs[1]?.addresses[2]).toMatch(/^fe80::/);
    expect(ifs[2]?.addresses.slice(0, 3)).toEqual(['203.0.113.1', '192.0.2.1', '203.0.113.11']);
    expect(ifs[3]?.addresses).toEqual([]);
    expect(ifs[1]?.rxBytes).toBe(links[1]?.rxBytes);
    expect(ifs[1]?.addressDetails.map((a) => a.address)).toEqual(ifs[1]?.addresses);
  });

  it('filters with `keep`, e.g. addresses usable as MPTCP endpoints', () => {
    const ifs = interfacesFrom(links, addrs, { keep: usableForMptcp });
    expect(ifs[0]?.addresses).toEqual([]);
    expect(ifs[1]?.addresses).toEqual(['198.51.100.1', '2001:db8:1::1']);
  });

  it('orders by ifindex and drops addresses of vanished links', () => {
    const reversed = [...links].reverse();
    const stray: InterfaceAddress = { ...(addrs[0] as InterfaceAddress), ifindex: 99 };
    const ifs = interfacesFrom(reversed, [...addrs, stray]);
    expect(ifs.map((i) => i.ifindex)).toEqual([1, 2, 3, 4, 5]);
    expect(ifs.flatMap((i) => i.addressDetails).some((a) => a.ifindex === 99)).toBe(false);
  });

  it('is empty for no links', () => {
    expect(interfacesFrom([], addrs)).toEqual([]);
  });
});
