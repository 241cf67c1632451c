// The rtnetlink requests the doctor's fixes send: decoded back with the project's own rule and
// route decoders, they say exactly `ip rule add from A table T` and `ip route add … table T`.
import { describe, expect, it } from 'vitest';
import type { NlMessage } from '../../../native/netlink/message.js';
import { decodeRoute } from '../../../native/rtnl/route.js';
import { encodeTableRoute } from '../../../native/rtnl/route-write.js';
import { decodeRule } from '../../../native/rtnl/rule.js';
import { encodeSourceRule } from '../../../native/rtnl/rule-write.js';
import { RTM_NEWROUTE, RTM_NEWRULE } from '../../../native/rtnl/shared.js';

const message = (type: number, payload: Uint8Array): NlMessage => ({
  type,
  flags: 0,
  seq: 0,
  pid: 0,
  payload,
});

describe('encodeSourceRule', () => {
  it('decodes as a from-rule to the table, before main in priority (none sent)', () => {
    const rule = decodeRule(
      message(RTM_NEWRULE, encodeSourceRule({ from: '203.0.113.1', fromLength: 32, table: 200 })),
    );
    expect(rule).toMatchObject({
      family: 4,
      from: '203.0.113.1',
      fromLength: 32,
      table: 200,
      action: 'table',
      priority: 0,
      invert: false,
    });
  });

  it('carries tables above 255 in FRA_TABLE only, and IPv6 sources', () => {
    const payload = encodeSourceRule({ from: '2001:db8:2::1', fromLength: 128, table: 1000 });
    expect(payload[4]).toBe(0);
    expect(decodeRule(message(RTM_NEWRULE, payload))).toMatchObject({
      family: 6,
      table: 1000,
      from: '2001:db8:2::1',
    });
  });

  it('refuses built-in tables, bad addresses and prefix lengths', () => {
    expect(() => encodeSourceRule({ from: '203.0.113.1', fromLength: 32, table: 254 })).toThrow(
      /built-in/,
    );
    expect(() => encodeSourceRule({ from: 'blue', fromLength: 32, table: 200 })).toThrow(
      /not an IPv4/,
    );
    expect(() => encodeSourceRule({ from: '203.0.113.1', fromLength: 33, table: 200 })).toThrow(
      /prefix length/,
    );
    expect(() => encodeSourceRule({ from: '203.0.113.1', fromLength: 0, table: 200 })).toThrow(
      /1 or more/,
    );
  });
});

describe('encodeTableRoute', () => {
  it('decodes as a default route via the gateway out of the interface', () => {
    const payload = encodeTableRoute({
      family: 4,
      dst: null,
      dstLength: 0,
      gateway: '203.0.113.254',
      oif: 5,
      table: 100,
    });
    expect(decodeRoute(message(RTM_NEWROUTE, payload))).toMatchObject({
      family: 4,
      table: 100,
      type: 'unicast',
      scope: 'global',
      protocol: 3,
      dst: null,
      dstLength: 0,
      gateway: '203.0.113.254',
      oif: 5,
    });
  });

  it('makes an on-link subnet route scope link', () => {
    const payload = encodeTableRoute({
      family: 6,
      dst: '2001:db8:2::',
      dstLength: 64,
      oif: 5,
      table: 300,
    });
    expect(decodeRoute(message(RTM_NEWROUTE, payload))).toMatchObject({
      family: 6,
      table: 300,
      scope: 'link',
      dst: '2001:db8:2::',
      dstLength: 64,
      oif: 5,
    });
    expect(payload[4]).toBe(0);
  });

  it('refuses a family mismatch, a prefix on a default route and a missing interface', () => {
    const base = { family: 4 as const, dst: null, dstLength: 0, oif: 5, table: 100 };
    expect(() => encodeTableRoute({ ...base, gateway: '2001:db8::1' })).toThrow(/not IPv4/);
    expect(() => encodeTableRoute({ ...base, dstLength: 8 })).toThrow(/prefix length 0/);
    expect(() => encodeTableRoute({ ...base, oif: 0 })).toThrow(/not an interface/);
    expect(() => encodeTableRoute({ ...base, table: 255 })).toThrow(/built-in/);
  });
});
