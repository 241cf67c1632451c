import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { concatBytes, encodeAttr, parseAttrs } from '../../../native/netlink/attrs.js';
import { encodeMessage, parseMessages } from '../../../native/netlink/message.js';
import type { NlMessage } from '../../../native/netlink/message.js';
import { decodeLink, encodeLinkDumpRequest } from '../../../native/rtnl/link.js';
import { IFINFOMSG_LEN, RTM_NEWLINK } from '../../../native/rtnl/shared.js';
import { DecodeError } from '../../../native/errors.js';

// Captured from Linux 6.18 in the lab's client namespace by test/fixtures/capture/rtnl.ts, after
// an MPTCP iperf3 run; cli-ip-link.json is `ip -j -s link show` of the same moment.
const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`../../fixtures/rtnl/${name}`, import.meta.url)));
const datagrams = [0, 1, 2].map((i) => fixture(`cli-link-dump-${i}.bin`));
const messages = datagrams.flatMap((d) => parseMessages(d)).filter((m) => m.type === RTM_NEWLINK);
const links = messages.map(decodeLink);

interface IpLink {
  ifindex: number;
  ifname: string;
  flags: string[];
  mtu: number;
  operstate: string;
  address: string;
  link_index?: number;
  stats64: {
    rx: { bytes: number; packets: number; dropped: number };
    tx: { bytes: number; packets: number; dropped: number };
  };
}
const ipView = JSON.parse(
  new TextDecoder().decode(fixture('cli-ip-link.json')),
) as readonly IpLink[];

/** The same message with its attributes rebuilt by `edit` (for fallback and malformed cases). */
function withAttrs(
  msg: NlMessage,
  edit: (attrs: { type: number; data: Uint8Array }[]) => { type: number; data: Uint8Array }[],
): NlMessage {
  const head = msg.payload.slice(0, IFINFOMSG_LEN);
  const attrs = edit(parseAttrs(msg.payload.subarray(IFINFOMSG_LEN), 'test'));
  const payload = concatBytes([head, ...attrs.map((a) => encodeAttr(a.type, a.data))]);
  return parseMessages(encodeMessage(RTM_NEWLINK, 0, 1, payload))[0] as NlMessage;
}

describe('RTM_GETLINK dump request', () => {
  it('is an all-zero ifinfomsg', () => {
    expect(encodeLinkDumpRequest()).toEqual(new Uint8Array(16));
  });
});

describe('decodeLink on the captured dump', () => {
  it('splits the dump over two datagrams and ends with NLMSG_DONE', () => {
    expect(parseMessages(datagrams[0] as Uint8Array).map((m) => m.type)).toEqual([16, 16]);
    expect(parseMessages(datagrams[2] as Uint8Array).map((m) => m.type)).toEqual([3]);
  });

  it('finds the lab links with their ifindex, kind and state', () => {
    expect(links.map((l) => [l.ifindex, l.name, l.kind, l.up, l.operState])).toEqual([
      [1, 'lo', undefined, true, 'unknown'],
      [2, 'red-c', 'veth', true, 'up'],
      [3, 'blue-c', 'veth', true, 'up'],
      [4, 'spare1', 'veth', false, 'down'],
      [5, 'spare0', 'veth', false, 'down'],
    ]);
  });

  it('decodes flags, mtu and hardware type', () => {
    const [lo, red, , spare1] = links;
    expect(lo?.flagNames).toEqual(['UP', 'LOOPBACK', 'RUNNING', 'LOWER_UP']);
    expect(lo?.linkType).toBe(772);
    expect(lo?.mtu).toBe(65536);
    expect(red?.flags).toBe(0x11043);
    expect(red?.linkType).toBe(1);
    expect(red?.mtu).toBe(1500);
    expect(spare1?.flagNames).toEqual(['BROADCAST', 'MULTICAST']);
    expect(links.every((l) => l.legacyMultipath === 'on')).toBe(true);
    expect(links.every((l) => l.unknown.length === 0)).toBe(true);
  });

  it('gives a veth its peer: in the server namespace for red-c, local for spare0', () => {
    const red = links[1];
    expect(red?.parentIfindex).toBe(2);
    expect(red?.parentNetnsId).toBe(0);
    expect(links[3]?.parentIfindex).toBe(5);
    expect(links[3]?.parentNetnsId).toBeUndefined();
    expect(links[0]?.parentIfindex).toBeUndefined();
  });

  it('agrees with `ip -j -s link show` on names, addresses and every counter', () => {
    expect(links).toHaveLength(ipView.length);
    for (const [i, ipLink] of ipView.entries()) {
      const link = links[i];
      expect(link?.ifindex).toBe(ipLink.ifindex);
      expect(link?.name).toBe(ipLink.ifname);
      expect(link?.mtu).toBe(ipLink.mtu);
      expect(link?.operState).toBe(ipLink.operstate.toLowerCase());
      expect(link?.mac).toBe(ipLink.address);
      expect(link?.flagNames.includes('UP')).toBe(ipLink.flags.includes('UP'));
      expect(link?.statsSource).toBe('stats64');
      expect(link?.rxBytes).toBe(ipLink.stats64.rx.bytes);
      expect(link?.txBytes).toBe(ipLink.stats64.tx.bytes);
      expect(link?.rxPackets).toBe(ipLink.stats64.rx.packets);
      expect(link?.txPackets).toBe(ipLink.stats64.tx.packets);
      expect(link?.rxDropped).toBe(ipLink.stats64.rx.dropped);
      expect(link?.txDropped).toBe(ipLink.stats64.tx.dropped);
    }
  });

  it('saw the iperf3 traffic on both paths', () => {
    expect(links[1]?.txBytes).toBeGreaterThan(100_000_000);
    expect(links[2]?.txBytes).toBeGreaterThan(100_000_000);
    expect(links[1]?.rxPackets).toBeGreaterThan(0);
  });
});

describe('decodeLink fallbacks and malformed input', () => {
  const red = messages[1] as NlMessage;
  const decodedRed = links[1];

  it('falls back to 32-bit IFLA_STATS when IFLA_STATS64 is missing', () => {
    const link = decodeLink(withAttrs(red, (attrs) => attrs.filter((a) => a.type !== 23)));
    expect(link.statsSource).toBe('stats32');
    expect(link.txBytes).toBe(decodedRed?.txBytes); // below 4 GiB, so equal
    expect(link.rxPackets).toBe(decodedRed?.rxPackets);
  });

  it('reports zero counters when the kernel sent no statistics', () => {
    const link = decodeLink(
      withAttrs(red, (attrs) => attrs.filter((a) => a.type !== 23 && a.type !== 7)),
    );
    expect(link.statsSource).toBe('none');
    expect(link.rxBytes).toBe(0);
  });

  it('keeps attributes of a newer kernel as unknown', () => {
    const extra = { type: 200, data: Uint8Array.of(1, 2, 3, 4) };
    const link = decodeLink(withAttrs(red, (attrs) => [...attrs, extra]));
    expect(link.unknown).toEqual([{ type: 200, hex: '01020304' }]);
    expect(link.name).toBe('red-c');
  });

  it('rejects a link without a name, a short header and short statistics', () => {
    expect(() => decodeLink(withAttrs(red, (a) => a.filter((x) => x.type !== 3)))).toThrow(
      DecodeError,
    );
    expect(() => decodeLink({ ...red, payload: red.payload.subarray(0, 15) })).toThrow(DecodeError);
    const shortStats = withAttrs(red, (attrs) =>
      attrs.map((a) => (a.type === 23 ? { type: 23, data: a.data.subarray(0, 40) } : a)),
    );
    expect(() => decodeLink(shortStats)).toThrow(DecodeError);
  });

  it('reads the legacy multipath bits from ifi_flags', () => {
    const patch = (flags: number): NlMessage => {
      const payload = red.payload.slice();
      new DataView(payload.buffer).setUint32(8, flags, true);
      return { ...red, payload };
    };
    expect(decodeLink(patch(0x11043 | 0x80000)).legacyMultipath).toBe('off');
    expect(decodeLink(patch(0x11043 | 0x100000)).legacyMultipath).toBe('backup');
    expect(decodeLink(patch(0x11043 | 0x180000)).flagNames).toContain('NOMULTIPATH');
    expect(decodeLink(patch(0x11043 | 0x100000)).flagNames).toContain('MPBACKUP');
    // Administratively down (no IFF_UP) while the attribute still says operstate up.
    expect(decodeLink(patch(0x11042)).up).toBe(false);
  });
});
