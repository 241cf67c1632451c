// Endpoint and limit codecs against replies captured from Linux 6.18, and request encoders
// checked byte by byte.
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../native/errors.js';
import {
  PmCmd,
  decodeEndpoint,
  decodeLimits,
  encodeAddEndpoint,
  encodeDeleteEndpoint,
  encodeDumpEndpoints,
  encodeFlushEndpoints,
  encodeGetEndpoint,
  encodeGetLimits,
  encodeSetEndpointFlags,
  encodeSetLimits,
} from '../../../native/mptcp-pm/index.js';
import {
  attrMap,
  attrNested,
  encodeAttr,
  encodeNested,
  encodeU32,
  parseAttrs,
} from '../../../native/netlink/attrs.js';
import type { NlAttr } from '../../../native/netlink/attrs.js';
import { encodeGenl } from '../../../native/netlink/genl.js';
import {
  familyMessage as msgOf,
  fixtureMessage,
  fixtureMessages,
  FIXTURE_FAMILY_ID,
} from '../../fixtures/mptcp-pm/load.js';

const FAMILY_ID = FIXTURE_FAMILY_ID;
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** The genl header and the address nest of an encoded request. */
function splitRequest(payload: Uint8Array): { cmd: number; version: number; attrs: NlAttr[] } {
  return {
    cmd: payload[0] ?? -1,
    version: payload[1] ?? -1,
    attrs: parseAttrs(payload.subarray(4), 'test'),
  };
}
function addrNest(payload: Uint8Array): Map<number, NlAttr> {
  const { attrs } = splitRequest(payload);
  expect(attrs).toHaveLength(1);
  const nest = attrs[0];
  if (!nest) throw new Error('no nest');
  expect(nest.type).toBe(1);
  expect(nest.nested).toBe(true);
  return attrMap(attrNested(nest, 'test'));
}

describe('GET_ADDR replies from the kernel', () => {
  it('decodes a dump of two endpoints, one of them a backup (IPv6)', () => {
    const messages = fixtureMessages('cli-get-addr-dump.bin');
    expect(messages.map((m) => m.type)).toEqual([FAMILY_ID, FAMILY_ID]);
    expect(messages.map(decodeEndpoint)).toEqual([
      {
        id: 1,
        family: 4,
        address: '203.0.113.1',
        ifindex: 3,
        flags: ['subflow'],
        rawFlags: 2,
        unknown: [],
      },
      {
        id: 2,
        family: 6,
        address: '2001:db8:2::1',
        ifindex: 3,
        flags: ['subflow', 'backup'],
        rawFlags: 6,
        unknown: [],
      },
    ]);
  });

  it('decodes a signal endpoint with its own port (host byte order in the address set)', () => {
    const msg = fixtureMessage('srv-get-addr-signal-port.bin');
    expect(decodeEndpoint(msg)).toEqual({
      id: 1,
      family: 4,
      address: '203.0.113.2',
      port: 10100,
      flags: ['signal'],
      rawFlags: 1,
      unknown: [],
    });
    // 10100 = 0x2774: the kernel sent 74 27, i.e. little-endian on this host.
    expect(hex(msg.payload)).toContain('060005007427');
  });

  it('decodes the laminar flag (new in 6.18) and an interface index', () => {
    expect(decodeEndpoint(fixtureMessage('cli-get-addr-laminar.bin'))).toEqual({
      id: 7,
      family: 6,
      address: '2001:db8:1::1',
      ifindex: 2,
      flags: ['subflow', 'laminar'],
      rawFlags: 0x22,
      unknown: [],
    });
  });

  it('decodes GET_LIMITS', () => {
    expect(decodeLimits(fixtureMessage('cli-get-limits.bin'))).toEqual({
      subflows: 2,
      addAddrAccepted: 2,
    });
  });
});

describe('malformed endpoint and limit replies', () => {
  it('keeps unknown attributes and unknown flag bits', () => {
    const original = fixtureMessage('srv-get-addr-signal-port.bin').payload;
    const nest = parseAttrs(original.subarray(4), 't')[0];
    if (!nest) throw new Error('no nest');
    const inner = attrNested(nest, 't').filter((a) => a.type !== 6);
    const rebuilt = encodeGenl(3, 1, [
      encodeNested(1, [
        ...inner.map((a) => encodeAttr(a.type, a.data)),
        encodeU32(6, 0x81), // signal + an unknown bit 7
        encodeAttr(42, Uint8Array.of(1, 2, 3)),
      ]),
      encodeAttr(9, Uint8Array.of(0xff)),
    ]);
    const ep = decodeEndpoint(msgOf(rebuilt));
    expect(ep).toMatchObject({ id: 1, address: '203.0.113.2', port: 10100, flags: ['signal'] });
    expect(ep.rawFlags).toBe(0x81);
    expect(ep.unknown).toEqual([
      { type: 9, hex: 'ff' },
      { type: 42, hex: '010203' },
    ]);
  });

  it('throws DecodeError when the address nest, the id or the address is missing', () => {
    expect(() => decodeEndpoint(msgOf(encodeGenl(3, 1, [])))).toThrow(DecodeError);
    const noId = encodeAddEndpoint({ address: '192.0.2.1', flags: [] });
    expect(() => decodeEndpoint(msgOf(noId))).toThrow(/id missing/);
    const noAddr = encodeGetEndpoint(5);
    expect(() => decodeEndpoint(msgOf(noAddr))).toThrow(/no address/);
    expect(() => decodeLimits(msgOf(encodeGenl(6, 1, [encodeU32(3, 2)])))).toThrow(DecodeError);
    expect(() => decodeLimits(msgOf(Uint8Array.of(6)))).toThrow(DecodeError);
  });
});

describe('request encoders', () => {
  it('ADD_ADDR carries family, address, id, port (host order), ifindex and flags', () => {
    const p = encodeAddEndpoint({
      address: '203.0.113.2',
      id: 1,
      port: 10100,
      ifindex: 3,
      flags: ['signal', 'backup'],
    });
    expect(splitRequest(p)).toMatchObject({ cmd: PmCmd.ADD_ADDR, version: 1 });
    const a = addrNest(p);
    expect(hex(a.get(1)?.data ?? new Uint8Array())).toBe('0200');
    expect(hex(a.get(3)?.data ?? new Uint8Array())).toBe('cb007102');
    expect(hex(a.get(2)?.data ?? new Uint8Array())).toBe('01');
    expect(hex(a.get(5)?.data ?? new Uint8Array())).toBe('7427');
    expect(hex(a.get(7)?.data ?? new Uint8Array())).toBe('03000000');
    expect(hex(a.get(6)?.data ?? new Uint8Array())).toBe('05000000');
  });

  it('ADD_ADDR encodes the port exactly as the kernel reports it back', () => {
    const request = addrNest(
      encodeAddEndpoint({ address: '203.0.113.2', port: 10100, flags: ['signal'] }),
    );
    const nest = parseAttrs(
      fixtureMessage('srv-get-addr-signal-port.bin').payload.subarray(4),
      't',
    )[0];
    if (!nest) throw new Error('no nest');
    const reply = attrMap(attrNested(nest, 't'));
    expect(hex(request.get(5)?.data ?? new Uint8Array())).toBe(
      hex(reply.get(5)?.data ?? new Uint8Array()),
    );
    expect(hex(request.get(3)?.data ?? new Uint8Array())).toBe(
      hex(reply.get(3)?.data ?? new Uint8Array()),
    );
  });

  it('ADD_ADDR of an IPv6 address, with laminar', () => {
    const a = addrNest(
      encodeAddEndpoint({ address: '2001:db8:1::1', flags: ['laminar', 'subflow'] }),
    );
    expect(hex(a.get(1)?.data ?? new Uint8Array())).toBe('0a00');
    expect(hex(a.get(4)?.data ?? new Uint8Array())).toBe('20010db8000100000000000000000001');
    expect(hex(a.get(6)?.data ?? new Uint8Array())).toBe('22000000');
    expect(a.has(2)).toBe(false);
  });

  it('DEL_ADDR and GET_ADDR name an endpoint by id only', () => {
    expect(hex(encodeDeleteEndpoint({ id: 4 }))).toBe(
      '02010000' + '0c000180' + '05000200' + '04000000',
    );
    expect(hex(encodeGetEndpoint(4))).toBe('03010000' + '0c000180' + '05000200' + '04000000');
    const byAddr = addrNest(encodeDeleteEndpoint({ id: 0, address: '198.51.100.1' }));
    expect(hex(byAddr.get(2)?.data ?? new Uint8Array())).toBe('00');
    expect(hex(byAddr.get(3)?.data ?? new Uint8Array())).toBe('c6336401');
  });

  it('dump, flush and get-limits carry no attributes', () => {
    expect(hex(encodeDumpEndpoints())).toBe('03010000');
    expect(hex(encodeFlushEndpoints())).toBe('04010000');
    expect(hex(encodeGetLimits())).toBe('06010000');
    expect(hex(encodeGetLimits(2))).toBe('06020000');
  });

  it('SET_LIMITS sends only the limits given', () => {
    expect(hex(encodeSetLimits({ subflows: 3, addAddrAccepted: 1 }))).toBe(
      '05010000' + '08000200' + '01000000' + '08000300' + '03000000',
    );
    expect(hex(encodeSetLimits({ subflows: 0 }))).toBe('05010000' + '08000300' + '00000000');
  });

  it('SET_FLAGS by id sends no family (the kernel looks it up by id) and both flag bits', () => {
    expect(hex(encodeSetEndpointFlags({ id: 1 }, { backup: true, fullmesh: false }))).toBe(
      '07010000' + '14000180' + '05000200' + '01000000' + '08000600' + '04000000',
    );
    const byAddr = addrNest(
      encodeSetEndpointFlags({ address: '203.0.113.1' }, { backup: false, fullmesh: true }),
    );
    expect(hex(byAddr.get(1)?.data ?? new Uint8Array())).toBe('0200');
    expect(hex(byAddr.get(6)?.data ?? new Uint8Array())).toBe('08000000');
  });

  it('rejects impossible input before anything is sent', () => {
    expect(() => encodeAddEndpoint({ address: 'eth0', flags: [] })).toThrow(RangeError);
    expect(() => encodeAddEndpoint({ address: '192.0.2.1', id: 0, flags: [] })).toThrow(RangeError);
    expect(() => encodeAddEndpoint({ address: '192.0.2.1', port: 70000, flags: [] })).toThrow(
      RangeError,
    );
    expect(() => encodeGetEndpoint(256)).toThrow(RangeError);
    expect(() => encodeDeleteEndpoint({})).toThrow(RangeError);
    expect(() => encodeDeleteEndpoint({ id: 0 })).toThrow(RangeError);
    expect(() => encodeSetLimits({ subflows: -1 })).toThrow(RangeError);
    expect(() => encodeSetLimits({ subflows: 1.5 })).toThrow(RangeError);
  });
});
