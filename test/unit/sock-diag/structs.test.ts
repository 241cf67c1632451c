// Older kernels send shorter struct mptcp_info / tcp_info; other sockets carry other ULPs or
// attributes we do not know. Built from the real 6.18 bytes of the fixtures, cut or re-wrapped.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  concatBytes,
  encodeAttr,
  encodeNested,
  encodeString,
  encodeU32,
  encodeU8,
  parseAttrs,
} from '../../../native/netlink/attrs.js';
import { parseMessages } from '../../../native/netlink/message.js';
import { decodeMptcpInfo } from '../../../native/sock-diag/mptcp-info.js';
import {
  decodeMptcpSocket,
  decodeMptcpSubflow,
  decodeTcpSocket,
} from '../../../native/sock-diag/records.js';
import { INET_DIAG_INFO, INET_DIAG_ULP_INFO } from '../../../native/sock-diag/request.js';
import { decodeUlpInfo } from '../../../native/sock-diag/subflow-ulp.js';
import { decodeTcpInfo } from '../../../native/sock-diag/tcp-info.js';

const DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'sock-diag');
const first = (file: string): Uint8Array => {
  const msg = parseMessages(new Uint8Array(readFileSync(join(DIR, file))))[0];
  if (!msg) throw new Error(`${file} holds no message`);
  return msg.payload;
};
const head = (payload: Uint8Array): Uint8Array => payload.slice(0, 72);
const attrs = (payload: Uint8Array) => parseAttrs(payload.subarray(72), 'fixture');
const infoOf = (payload: Uint8Array): Uint8Array => {
  const a = attrs(payload).find((x) => x.type === INET_DIAG_INFO);
  if (!a) throw new Error('no INET_DIAG_INFO');
  return a.data;
};

const MSK = first('client-mptcp-v4-0.bin');
const SUBFLOW = first('client-tcp-v4-0.bin');

describe('struct mptcp_info of older kernels', () => {
  const full = decodeMptcpInfo(infoOf(MSK));

  it.each([
    [40, 'rcvNxt', 'localAddrUsed'], // 5.7 – 5.11
    [48, 'csumEnabled', 'retransmits'], // 43 bytes + padding: retransmits' place is padding
    [88, 'subflowsTotal', 'lastDataSentMs'], // 84 bytes + padding: so is last_data_sent's
    [96, 'lastAckRecvMs', undefined],
  ] as const)('decodes a %i-byte struct up to %s', (size, lastPresent, firstAbsent) => {
    const info = decodeMptcpInfo(infoOf(MSK).subarray(0, size));
    expect(info.size).toBe(size);
    expect(info[lastPresent]).toEqual(full[lastPresent]);
    expect(info.token).toBe(full.token);
    if (firstAbsent !== undefined) expect(info[firstAbsent]).toBeUndefined();
  });

  it('ignores a group of fields that arrived only in part', () => {
    const info = decodeMptcpInfo(infoOf(MSK).subarray(0, 80));
    expect(info.csumEnabled).toBe(false);
    expect(info.retransmits).toBeUndefined();
    expect(info.bytesSent).toBeUndefined();
  });

  it('gives an empty record for an empty struct, never an error', () => {
    const info = decodeMptcpInfo(new Uint8Array(0));
    expect(info.size).toBe(0);
    expect(info.token).toBeUndefined();
    expect(info.fallback).toBeUndefined();
  });

  it('reads the fallback flag', () => {
    const bytes = infoOf(MSK).slice();
    bytes[8] = 0x03;
    expect(decodeMptcpInfo(bytes)).toMatchObject({
      flags: 3,
      fallback: true,
      remoteKeyReceived: true,
    });
  });

  it('decodes a short struct inside a whole reply message', () => {
    const short = infoOf(MSK).subarray(0, 40);
    const record = decodeMptcpSocket(concatBytes([head(MSK), encodeAttr(INET_DIAG_INFO, short)]));
    expect(record.info?.size).toBe(40);
    expect(record.info?.bytesSent).toBeUndefined();
    expect(record.local.address).toBe('198.51.100.1');
  });
});

describe('struct tcp_info of older kernels', () => {
  const full = decodeTcpInfo(infoOf(SUBFLOW));

  it.each([
    [104, 'totalRetrans', 'deliveryRateAppLimited'], // 3.x: byte 7 was padding
    [160, 'dataSegsOut', 'deliveryRate'], // 4.6
    [192, 'sndbufLimited', 'delivered'], // 4.10
    [232, 'sndWnd', 'rcvWnd'], // 5.4 – 6.1
    [248, 'totalRtoTimeMs', undefined], // 6.7+ (6.18 sends 280)
  ] as const)('decodes a %i-byte struct up to %s', (size, lastPresent, firstAbsent) => {
    const tcp = decodeTcpInfo(infoOf(SUBFLOW).subarray(0, size));
    expect(tcp.size).toBe(size);
    expect(tcp[lastPresent]).toEqual(full[lastPresent]);
    expect(tcp.rttMs).toBe(full.rttMs);
    if (firstAbsent !== undefined) expect(tcp[firstAbsent]).toBeUndefined();
  });

  it('keeps ms conversions undefined with their source', () => {
    const tcp = decodeTcpInfo(infoOf(SUBFLOW).subarray(0, 70));
    expect(tcp.rtt).toBeUndefined();
    expect(tcp.rttMs).toBeUndefined();
    expect(tcp.rtoMs).toBe(full.rtoMs);
  });

  it('decodes unlimited pacing (all ones) as Infinity', () => {
    const bytes = infoOf(SUBFLOW).slice();
    bytes.fill(0xff, 104, 112);
    expect(decodeTcpInfo(bytes).pacingRate).toBe(Infinity);
  });
});

describe('ULP info and attributes', () => {
  const base = head(SUBFLOW);

  it('tells a plain TCP socket (no ULP) from a subflow', () => {
    const plain = concatBytes([base, encodeAttr(INET_DIAG_INFO, infoOf(SUBFLOW))]);
    expect(decodeMptcpSubflow(plain)).toBeNull();
    expect(decodeTcpSocket(plain)).toMatchObject({ ulp: undefined, mptcp: undefined });
  });

  it('skips sockets of another ULP (kTLS)', () => {
    const tls = concatBytes([base, encodeNested(INET_DIAG_ULP_INFO, [encodeString(1, 'tls')])]);
    expect(decodeMptcpSubflow(tls)).toBeNull();
    expect(decodeTcpSocket(tls).ulp).toBe('tls');
  });

  it('keeps unknown subflow and socket attributes as hex', () => {
    const ulp = decodeUlpInfo(
      concatBytes([
        encodeString(1, 'mptcp'),
        encodeNested(3, [
          encodeU32(2, 0x01020304),
          encodeU8(10, 2),
          encodeU32(42, 0xabcdef01),
          encodeU32(8, 0x30),
        ]),
      ]),
    );
    expect(ulp).toEqual({
      name: 'mptcp',
      mptcp: expect.objectContaining({
        tokenLocal: 0x01020304,
        localId: 2,
        flags: ['backup-remote', 'backup-local'],
        backupLocal: true,
        backupRemote: true,
        unknown: [{ type: 42, hex: '01efcdab' }],
      }) as unknown,
    });
    const record = decodeTcpSocket(concatBytes([base, encodeU32(60, 7)]));
    expect(record.unknown).toEqual([{ type: 60, hex: '07000000' }]);
  });
});
