import { describe, expect, it } from 'vitest';
import { parseAttrs } from '../../../native/netlink/attrs.js';
import {
  ALL_STATES,
  DEFAULT_EXTENSIONS,
  encodeInetDiagRequest,
  encodeTcpCompatRequest,
  extBit,
  INET_DIAG_REQ_COMPAT_SIZE,
  INET_DIAG_CONG,
  INET_DIAG_INFO,
  INET_DIAG_REQ_PROTOCOL,
  INET_DIAG_REQ_V2_SIZE,
  INET_DIAG_SHUTDOWN,
  IPPROTO_MPTCP,
  IPPROTO_TCP,
} from '../../../native/sock-diag/request.js';

const view = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);

describe('inet_diag_req_v2 encoder', () => {
  it('asks for tcp_info and the congestion algorithm by default', () => {
    expect(extBit(INET_DIAG_INFO)).toBe(0x02);
    expect(extBit(INET_DIAG_CONG)).toBe(0x08);
    expect(extBit(INET_DIAG_SHUTDOWN)).toBe(0x80);
    expect(DEFAULT_EXTENSIONS).toBe(0x0a);
  });

  it('encodes a TCP request as 56 bytes with a zeroed socket id', () => {
    const b = encodeInetDiagRequest({ family: 2, protocol: IPPROTO_TCP });
    expect(b.byteLength).toBe(INET_DIAG_REQ_V2_SIZE);
    expect([...b.subarray(0, 4)]).toEqual([2, 6, 0x0a, 0]);
    expect(view(b).getUint32(4, true)).toBe(ALL_STATES);
    expect(b.subarray(8).every((x) => x === 0)).toBe(true);
  });

  it('puts IPPROTO_MPTCP (262) in INET_DIAG_REQ_PROTOCOL and says TCP in the u8 field', () => {
    const b = encodeInetDiagRequest({ family: 10, protocol: IPPROTO_MPTCP });
    expect(b.byteLength).toBe(INET_DIAG_REQ_V2_SIZE + 8);
    expect(b[0]).toBe(10);
    expect(b[1]).toBe(IPPROTO_TCP);
    const attrs = parseAttrs(b.subarray(INET_DIAG_REQ_V2_SIZE), 'request attrs');
    expect(attrs).toHaveLength(1);
    expect(attrs[0]?.type).toBe(INET_DIAG_REQ_PROTOCOL);
    expect(view(attrs[0]!.data).getUint32(0, true)).toBe(262);
  });

  it('honours explicit extensions and states', () => {
    const b = encodeInetDiagRequest({
      family: 2,
      protocol: IPPROTO_TCP,
      extensions: extBit(INET_DIAG_INFO),
      states: 1 << 10,
    });
    expect(b[2]).toBe(0x02);
    expect(view(b).getUint32(4, true)).toBe(1024);
  });

  it('encodes the one-walk TCP dump as struct inet_diag_req: family 0 (both), ext, states at 52', () => {
    const b = encodeTcpCompatRequest();
    expect(b.byteLength).toBe(INET_DIAG_REQ_COMPAT_SIZE);
    expect(b[0]).toBe(0); // AF_UNSPEC: the kernel dumps both families in one walk
    expect(b[3]).toBe(DEFAULT_EXTENSIONS);
    expect(view(b).getUint32(52, true)).toBe(ALL_STATES);
    expect(view(b).getUint32(56, true)).toBe(0); // idiag_dbs
    expect([...b.subarray(4, 52)].every((x) => x === 0)).toBe(true); // no socket id filter
    const narrow = encodeTcpCompatRequest({ extensions: extBit(INET_DIAG_INFO), states: 2 });
    expect(narrow[3]).toBe(0x02);
    expect(view(narrow).getUint32(52, true)).toBe(2);
  });
});
