import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../native/errors.js';
import { concatBytes, encodeAttr, parseAttrs } from '../../../native/netlink/attrs.js';
import { encodeMessage, parseMessages } from '../../../native/netlink/message.js';
import type { NlMessage } from '../../../native/netlink/message.js';
import {
  IFADDRMSG_LEN,
  decodeAddress,
  encodeAddressDumpRequest,
} from '../../../native/rtnl/address.js';
import type { InterfaceAddress } from '../../../native/rtnl/address.js';
import { RTM_NEWADDR } from '../../../native/rtnl/shared.js';

// Captured from Linux 6.18 in the lab's client namespace by test/fixtures/capture/rtnl.ts;
// cli-ip-addr.json is `ip -j addr show` of the same moment.
const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`../../fixtures/rtnl/${name}`, import.meta.url)));
const messages = [0, 1]
  .flatMap((i) => parseMessages(fixture(`cli-addr-dump-${i}.bin`)))
  .filter((m) => m.type === RTM_NEWADDR);
const addrs = messages.map(decodeAddress).filter((a): a is InterfaceAddress => a !== null);

interface IpAddrInfo {
  family: string;
  local: string;
  address?: string;
  prefixlen: number;
  scope: string;
  label?: string;
  secondary?: boolean;
  nodad?: boolean;
}
const ipView = JSON.parse(new TextDecoder().decode(fixture('cli-ip-addr.json'))) as readonly {
  ifindex: number;
  addr_info: IpAddrInfo[];
}[];

function rebuild(msg: NlMessage, head: Uint8Array, keep: (type: number) => boolean): NlMessage {
  const attrs = parseAttrs(msg.payload.subarray(IFADDRMSG_LEN), 'test').filter((a) => keep(a.type));
  const payload = concatBytes([head, ...attrs.map((a) => encodeAttr(a.type, a.data))]);
  return parseMessages(encodeMessage(RTM_NEWADDR, 0, 1, payload))[0] as NlMessage;
}

describe('RTM_GETADDR dump request', () => {
  it('selects the family in an otherwise empty ifaddrmsg', () => {
    expect(encodeAddressDumpRequest()).toEqual(new Uint8Array(8));
    expect(encodeAddressDumpRequest(10)).toEqual(Uint8Array.of(10, 0, 0, 0, 0, 0, 0, 0));
  });
});

describe('decodeAddress on the captured dump', () => {
  it('finds the lab addresses, IPv4 then IPv6, with prefix and scope', () => {
    const global = addrs.filter((a) => a.scope === 'global');
    expect(global.map((a) => `${a.ifindex} ${a.address}/${a.prefixLength}`)).toEqual([
      '2 198.51.100.1/24',
      '3 203.0.113.1/24',
      '3 192.0.2.1/32',
      '3 203.0.113.11/24',
      '2 2001:db8:1::1/64',
      '3 2001:db8:3::1/128',
      '3 2001:db8:2::1/64',
    ]);
    expect(addrs.find((a) => a.address === '127.0.0.1')?.scope).toBe('host');
    expect(
      addrs.filter((a) => a.scope === 'link').every((a) => a.address.startsWith('fe80::')),
    ).toBe(true);
  });

  it('takes IFA_LOCAL as the address and IFA_ADDRESS as the peer on point-to-point', () => {
    const v4 = addrs.find((a) => a.address === '192.0.2.1');
    expect(v4?.peer).toBe('192.0.2.254');
    const v6 = addrs.find((a) => a.address === '2001:db8:3::1');
    expect(v6?.peer).toBe('2001:db8:3::2');
    expect(addrs.find((a) => a.address === '198.51.100.1')?.peer).toBeUndefined();
  });

  it('decodes flags, labels and lifetimes', () => {
    const red6 = addrs.find((a) => a.address === '2001:db8:1::1');
    expect(red6?.flags).toBe(0x82);
    expect(red6?.flagNames).toEqual(['nodad', 'permanent']);
    expect(red6?.validLifetimeSec).toBeNull();
    const secondary = addrs.find((a) => a.address === '203.0.113.11');
    expect(secondary?.flagNames).toEqual(['secondary', 'permanent']);
    expect(secondary?.label).toBe('blue-c:1');
    expect(addrs.find((a) => a.address === '198.51.100.1')?.label).toBe('red-c');
  });

  it('agrees with `ip -j addr show` address by address', () => {
    const fromIp = ipView.flatMap((l) =>
      l.addr_info.map((i) => ({
        ifindex: l.ifindex,
        family: i.family === 'inet' ? 4 : 6,
        address: i.local,
        prefixLength: i.prefixlen,
        scope: i.scope,
        peer: i.address,
        secondary: i.secondary === true,
        nodad: i.nodad === true,
      })),
    );
    const ours = addrs.map((a) => ({
      ifindex: a.ifindex,
      family: a.family,
      address: a.address,
      prefixLength: a.prefixLength,
      scope: a.scope,
      peer: a.peer,
      secondary: a.flagNames.includes('secondary'),
      nodad: a.flagNames.includes('nodad'),
    }));
    const key = (a: { ifindex: number; address: string }): string => `${a.ifindex}/${a.address}`;
    expect([...ours].sort((x, y) => key(x).localeCompare(key(y)))).toEqual(
      [...fromIp].sort((x, y) => key(x).localeCompare(key(y))),
    );
  });
});

describe('decodeAddress edge cases', () => {
  const red6 = messages.find((m) => decodeAddress(m)?.address === '2001:db8:1::1') as NlMessage;

  it('lets the u32 IFA_FLAGS attribute override the u8 field', () => {
    const head = red6.payload.slice(0, IFADDRMSG_LEN);
    head[2] = 0;
    expect(decodeAddress(rebuild(red6, head, () => true))?.flags).toBe(0x82);
    head[2] = 0x80;
    expect(decodeAddress(rebuild(red6, head, (t) => t !== 8))?.flags).toBe(0x80);
  });

  it('names bit 0 "temporary" for IPv6', () => {
    const head = red6.payload.slice(0, IFADDRMSG_LEN);
    head[2] = 0x81;
    expect(decodeAddress(rebuild(red6, head, (t) => t !== 8))?.flagNames).toEqual([
      'temporary',
      'permanent',
    ]);
  });

  it('skips families other than IPv4/IPv6 and rejects missing or short addresses', () => {
    const head = red6.payload.slice(0, IFADDRMSG_LEN);
    head[0] = 45; // AF_MCTP
    expect(decodeAddress(rebuild(red6, head, () => true))).toBeNull();
    const v6head = red6.payload.slice(0, IFADDRMSG_LEN);
    expect(() => decodeAddress(rebuild(red6, v6head, (t) => t !== 1))).toThrow(DecodeError);
    const cut = concatBytes([v6head, encodeAttr(1, new Uint8Array(4))]);
    expect(() => decodeAddress({ ...red6, payload: cut })).toThrow(DecodeError);
    expect(() => decodeAddress({ ...red6, payload: v6head.subarray(0, 7) })).toThrow(DecodeError);
  });

  it('keeps unknown attributes', () => {
    const payload = concatBytes([red6.payload, encodeAttr(99, Uint8Array.of(0xab, 0xcd))]);
    expect(decodeAddress({ ...red6, payload })?.unknown).toEqual([{ type: 99, hex: 'abcd' }]);
  });
});
