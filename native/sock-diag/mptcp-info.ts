// struct mptcp_info (include/uapi/linux/mptcp.h), the INET_DIAG_INFO of an MPTCP socket. The
// struct grew over kernel releases (sizeof 40, then 48, 88 and 96 bytes as 6.18 sends it): we
// decode by the length received, and a field the kernel did not send is `undefined`, never an
// error. A group of fields counts only when the whole group arrived: an older struct's tail
// padding (zeroes) must not read as a newer field. Pure.
import { StructReader } from './wire.js';

const MPTCP_INFO_FLAG_FALLBACK = 1 << 0;
const MPTCP_INFO_FLAG_REMOTE_KEY_RECEIVED = 1 << 1;
const STATS_END = 84;
const TIMES_END = 96;

/** Connection-level MPTCP state. Byte counters are bytes at the MPTCP (data) level. */
export interface MptcpInfo {
  /** Bytes of struct mptcp_info the kernel sent (96 on 6.18). */
  readonly size: number;
  /** Extra subflows now open (the initial one is not counted). */
  readonly subflows?: number;
  /** ADD_ADDRs this side has announced. */
  readonly addAddrSignal?: number;
  /** ADD_ADDRs accepted from the peer. */
  readonly addAddrAccepted?: number;
  /** Limit on extra subflows (`ip mptcp limits` subflows). */
  readonly subflowsMax?: number;
  /** Endpoints with the `signal` flag (announce limit). */
  readonly addAddrSignalMax?: number;
  /** Limit on accepted ADD_ADDRs (`ip mptcp limits` add_addr_accepted). */
  readonly addAddrAcceptedMax?: number;
  /** Raw MPTCP_INFO_FLAG_* bits. */
  readonly flags?: number;
  /** The connection fell back to plain TCP. */
  readonly fallback?: boolean;
  /** The peer's key was received (MP_CAPABLE handshake completed). */
  readonly remoteKeyReceived?: boolean;
  /** Local connection token (u32); subflows carry it as their local token. */
  readonly token?: number;
  /** 64-bit data sequence numbers in hex (as ss prints them). */
  readonly writeSeq?: string;
  readonly sndUna?: string;
  readonly rcvNxt?: string;
  /** Local addresses in use / usable for extra subflows. */
  readonly localAddrUsed?: number;
  readonly localAddrMax?: number;
  /** DSS checksums are on for this connection. */
  readonly csumEnabled?: boolean;
  /** MPTCP-level retransmissions (newer kernels, like the byte counters below). */
  readonly retransmits?: number;
  readonly bytesRetrans?: number;
  readonly bytesSent?: number;
  readonly bytesReceived?: number;
  readonly bytesAcked?: number;
  /** All subflows ever created, the initial one included. */
  readonly subflowsTotal?: number;
  /**
   * Endpoints usable for ADD_ADDR (newer kernels name the byte mptcpi_endp_add_addr_max; where
   * it is still reserved it reads 0).
   */
  readonly endpAddAddrMax?: number;
  /** Milliseconds since data was last sent / received / acknowledged (96-byte struct). */
  readonly lastDataSentMs?: number;
  readonly lastDataRecvMs?: number;
  readonly lastAckRecvMs?: number;
}

/** Decodes `length` bytes of struct mptcp_info at `start` of `view`. */
export function decodeMptcpInfoAt(view: DataView, start: number, length: number): MptcpInfo {
  const r = new StructReader(view, start, length);
  // Statistics (retransmits … subflows_total + 2 reserved bytes) end at byte 84; the
  // last_* times at 96. A 48-byte struct has retransmits' place as padding.
  const stats = length >= STATS_END ? r : new StructReader(view, start, 0);
  const times = length >= TIMES_END ? r : new StructReader(view, start, 0);
  const flags = r.u32(8);
  const csum = r.u8(42);
  return {
    size: length,
    subflows: r.u8(0),
    addAddrSignal: r.u8(1),
    addAddrAccepted: r.u8(2),
    subflowsMax: r.u8(3),
    addAddrSignalMax: r.u8(4),
    addAddrAcceptedMax: r.u8(5),
    flags,
    fallback: flags === undefined ? undefined : (flags & MPTCP_INFO_FLAG_FALLBACK) !== 0,
    remoteKeyReceived:
      flags === undefined ? undefined : (flags & MPTCP_INFO_FLAG_REMOTE_KEY_RECEIVED) !== 0,
    token: r.u32(12),
    writeSeq: r.u64Hex(16),
    sndUna: r.u64Hex(24),
    rcvNxt: r.u64Hex(32),
    localAddrUsed: r.u8(40),
    localAddrMax: r.u8(41),
    csumEnabled: csum === undefined ? undefined : csum !== 0,
    retransmits: stats.u32(44),
    bytesRetrans: stats.u64(48),
    bytesSent: stats.u64(56),
    bytesReceived: stats.u64(64),
    bytesAcked: stats.u64(72),
    subflowsTotal: stats.u8(80),
    endpAddAddrMax: stats.u8(81),
    lastDataSentMs: times.u32(84),
    lastDataRecvMs: times.u32(88),
    lastAckRecvMs: times.u32(92),
  };
}

/** Decodes struct mptcp_info from its bytes (e.g. an INET_DIAG_INFO payload). */
export const decodeMptcpInfo = (bytes: Uint8Array): MptcpInfo =>
  decodeMptcpInfoAt(
    new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    0,
    bytes.byteLength,
  );
