import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../native/errors.js';
import { concatBytes, encodeAttr } from '../../../native/netlink/attrs.js';
import { parseMessages } from '../../../native/netlink/message.js';
import type { NlMessage } from '../../../native/netlink/message.js';
import { decodeRoute, encodeRouteDumpRequest } from '../../../native/rtnl/route.js';
import type { Route } from '../../../native/rtnl/route.js';
import { decodeRule, encodeRuleDumpRequest } from '../../../native/rtnl/rule.js';
import type { Rule } from '../../../native/rtnl/rule.js';
import { RTM_NEWROUTE, RTM_NEWRULE } from '../../../native/rtnl/shared.js';

// Captured from the lab client by test/fixtures/capture/rtnl.ts: source routing for the blue
// address (table 200, IPv4 and IPv6), plus an inverted fwmark rule and a two-hop route (table 201).
const read = (name: string): NlMessage[] =>
  parseMessages(
    new Uint8Array(readFileSync(new URL(`../../fixtures/rtnl/${name}`, import.meta.url))),
  );
const routeMsgs = [...read('cli-route-dump-0.bin'), ...read('cli-route-dump-1.bin')].filter(
  (m) => m.type === RTM_NEWROUTE,
);
const ruleMsgs = read('cli-rule-dump-0.bin').filter((m) => m.type === RTM_NEWRULE);
const routes = routeMsgs.map(decodeRoute).filter((r): r is Route => r !== null);
const rules = ruleMsgs.map(decodeRule);

describe('dump requests', () => {
  it('are a zeroed header with the family', () => {
    expect(encodeRouteDumpRequest()).toEqual(new Uint8Array(12));
    expect(encodeRuleDumpRequest(2)[0]).toBe(2);
    expect(encodeRuleDumpRequest(2)).toHaveLength(12);
  });
});

describe('decodeRule', () => {
  it('finds the source rules of the blue address for both families', () => {
    const fromBlue = rules.filter((r): r is Rule => r?.table === 200);
    expect(fromBlue.map((r) => [r.family, r.from, r.fromLength, r.priority, r.action])).toEqual([
      [4, '203.0.113.1', 32, 32765, 'table'],
      [6, '2001:db8:2::1', 128, 32765, 'table'],
    ]);
  });

  it('decodes the default rules, the inverted fwmark rule and skips ipmr rules', () => {
    const v4 = rules.filter((r): r is Rule => r?.family === 4);
    expect(v4.map((r) => [r.priority, r.table])).toEqual([
      [0, 255],
      [1000, 201],
      [32765, 200],
      [32766, 254],
      [32767, 253],
    ]);
    const mark = v4[1];
    expect(mark?.invert).toBe(true);
    expect(mark?.fwmark).toBe(0x10);
    expect(mark?.fwmask).toBe(0xff);
    expect(mark?.from).toBeNull();
    // RTNL_FAMILY_IPMR (128) default rules: not IPv4/IPv6 unicast routing.
    expect(rules.filter((r) => r === null)).toHaveLength(2);
    expect(rules.every((r) => r === null || r.unknown.length === 0)).toBe(true);
  });
});

describe('decodeRoute', () => {
  it('finds the table-200 routes through the blue gateway', () => {
    const t200 = routes.filter((r) => r.table === 200);
    expect(t200.map((r) => [r.family, r.dst, r.dstLength, r.gateway, r.oif])).toEqual([
      [4, '198.51.100.0', 24, '203.0.113.2', 3],
      [6, '2001:db8:1::', 64, '2001:db8:2::2', 3],
    ]);
    expect(t200[1]?.priority).toBe(1024);
  });

  it('decodes connected routes with their preferred source', () => {
    const red = routes.find((r) => r.table === 254 && r.dst === '198.51.100.0');
    expect(red).toMatchObject({ scope: 'link', protocol: 2, oif: 2, prefsrc: '198.51.100.1' });
    expect(routes.find((r) => r.dst === '127.0.0.1')?.type).toBe('local');
    expect(routes.find((r) => r.dst === '198.51.100.255')?.type).toBe('broadcast');
    expect(routes.find((r) => r.dst === 'ff00::')?.type).toBe('multicast');
  });

  it('decodes the next hops of a multipath route', () => {
    const mp = routes.find((r) => r.table === 201);
    expect(mp?.dst).toBe('192.0.2.128');
    expect(mp?.dstLength).toBe(25);
    expect(mp?.oif).toBeUndefined();
    expect(mp?.nexthops).toEqual([
      { oif: 2, gateway: '198.51.100.2', weight: 2, flags: 0 },
      { oif: 3, gateway: '203.0.113.2', weight: 1, flags: 0 },
    ]);
  });

  it('reads a default route (no RTA_DST) and RTA_VIA', () => {
    // rtmsg: AF_INET, dst_len 0, table main, proto static, scope universe, unicast.
    const head = Uint8Array.of(2, 0, 0, 0, 254, 4, 0, 1, 0, 0, 0, 0);
    const via = encodeAttr(18, Uint8Array.of(10, 0, ...new Uint8Array(15), 1)); // inet6 ::1
    const oif = encodeAttr(4, Uint8Array.of(7, 0, 0, 0));
    const msg: NlMessage = {
      type: 24,
      flags: 0,
      seq: 0,
      pid: 0,
      payload: concatBytes([head, via, oif]),
    };
    expect(decodeRoute(msg)).toMatchObject({
      dst: null,
      dstLength: 0,
      gateway: '::1',
      oif: 7,
      table: 254,
    });
  });

  it('rejects a next hop that overruns RTA_MULTIPATH and skips MPLS routes', () => {
    const head = Uint8Array.of(2, 24, 0, 0, 254, 4, 0, 1, 0, 0, 0, 0);
    const badHop = encodeAttr(9, Uint8Array.of(40, 0, 0, 0, 2, 0, 0, 0));
    const bad: NlMessage = {
      type: 24,
      flags: 0,
      seq: 0,
      pid: 0,
      payload: concatBytes([head, badHop]),
    };
    expect(() => decodeRoute(bad)).toThrow(DecodeError);
    const mpls: NlMessage = { ...bad, payload: Uint8Array.of(28, ...head.subarray(1)) };
    expect(decodeRoute(mpls)).toBeNull();
  });
});
