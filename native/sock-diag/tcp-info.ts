// struct tcp_info (include/uapi/linux/tcp.h), the INET_DIAG_INFO of a TCP socket (a subflow),
// read by offset. The struct has grown with nearly every kernel (104 bytes in 3.x, 248 in 6.7,
// 280 in 6.18): a field beyond the length received is `undefined`, never an error. Pure.
import { tcpStateName } from './inet-diag-msg.js';
import type { TcpStateName } from './inet-diag-msg.js';
import { StructReader, usToMs } from './wire.js';

/** What a monitor reads from tcp_info. Times in µs unless the name says Ms; rates in bytes/s. */
export interface TcpInfo {
  /** Bytes of struct tcp_info the kernel sent. */
  readonly size: number;
  readonly state?: TcpStateName;
  /** Congestion-avoidance state: 0 open, 1 disorder, 2 CWR, 3 recovery, 4 loss. */
  readonly caState?: number;
  /** Retransmissions of the current RTO (tcpi_retransmits). */
  readonly retransmits?: number;
  readonly probes?: number;
  readonly backoff?: number;
  /** TCPI_OPT_* bits: 1 timestamps, 2 SACK, 4 window scale, 8 ECN, 16 ECN seen, 32 SYN data. */
  readonly options?: number;
  readonly sndWscale?: number;
  readonly rcvWscale?: number;
  /** The last delivery-rate sample was limited by the application. */
  readonly deliveryRateAppLimited?: boolean;
  /** Retransmission timeout, µs and ms. */
  readonly rto?: number;
  readonly rtoMs?: number;
  /** Delayed-ACK timeout, µs and ms. */
  readonly ato?: number;
  readonly atoMs?: number;
  readonly sndMss?: number;
  readonly rcvMss?: number;
  /** Segments sent and not yet acknowledged / SACKed / lost / retransmitted in flight. */
  readonly unacked?: number;
  readonly sacked?: number;
  readonly lost?: number;
  readonly retrans?: number;
  /** Milliseconds since data was last sent / received, since the last ACK was received. */
  readonly lastDataSentMs?: number;
  readonly lastDataRecvMs?: number;
  readonly lastAckRecvMs?: number;
  readonly pmtu?: number;
  readonly rcvSsthresh?: number;
  /** Smoothed round-trip time and its variation, µs and ms. */
  readonly rtt?: number;
  readonly rttMs?: number;
  readonly rttvar?: number;
  readonly rttvarMs?: number;
  /** Slow-start threshold and congestion window, in segments. */
  readonly sndSsthresh?: number;
  readonly sndCwnd?: number;
  readonly advmss?: number;
  readonly reordering?: number;
  /** Receiver-side RTT estimate, µs. */
  readonly rcvRtt?: number;
  readonly rcvSpace?: number;
  /** Segments retransmitted over the connection's life. */
  readonly totalRetrans?: number;
  /** Pacing rate and its cap, bytes/s (Infinity = no limit). */
  readonly pacingRate?: number;
  readonly maxPacingRate?: number;
  readonly bytesAcked?: number;
  readonly bytesReceived?: number;
  readonly segsOut?: number;
  readonly segsIn?: number;
  readonly notsentBytes?: number;
  /** Minimum RTT seen, µs and ms. */
  readonly minRtt?: number;
  readonly minRttMs?: number;
  readonly dataSegsIn?: number;
  readonly dataSegsOut?: number;
  /** Latest delivery-rate sample, bytes/s. */
  readonly deliveryRate?: number;
  /** Time busy sending / limited by the peer's receive window / by the send buffer, µs. */
  readonly busyTime?: number;
  readonly rwndLimited?: number;
  readonly sndbufLimited?: number;
  readonly delivered?: number;
  readonly deliveredCe?: number;
  readonly bytesSent?: number;
  readonly bytesRetrans?: number;
  readonly dsackDups?: number;
  readonly reordSeen?: number;
  readonly rcvOoopack?: number;
  /** Peer's advertised window / our advertised window, bytes. */
  readonly sndWnd?: number;
  readonly rcvWnd?: number;
  readonly rehash?: number;
  /** RTO timeouts, recoveries from them, and ms spent in them (6.7+). */
  readonly totalRto?: number;
  readonly totalRtoRecoveries?: number;
  readonly totalRtoTimeMs?: number;
}

/** Decodes `length` bytes of struct tcp_info at `start` of `view`. */
export function decodeTcpInfoAt(view: DataView, start: number, length: number): TcpInfo {
  const r = new StructReader(view, start, length);
  const state = r.u8(0);
  const wscale = r.u8(6);
  const bits7 = r.u8(7);
  const rto = r.u32(8);
  const ato = r.u32(12);
  const rtt = r.u32(68);
  const rttvar = r.u32(72);
  const minRtt = r.u32(148);
  return {
    size: length,
    state: state === undefined ? undefined : tcpStateName(state),
    caState: r.u8(1),
    retransmits: r.u8(2),
    probes: r.u8(3),
    backoff: r.u8(4),
    options: r.u8(5),
    sndWscale: wscale === undefined ? undefined : wscale & 0x0f,
    rcvWscale: wscale === undefined ? undefined : wscale >> 4,
    // A bit of byte 7, which older kernels left as padding: it came with delivery_rate.
    deliveryRateAppLimited: bits7 === undefined || !r.has(160, 8) ? undefined : (bits7 & 1) !== 0,
    rto,
    rtoMs: usToMs(rto),
    ato,
    atoMs: usToMs(ato),
    sndMss: r.u32(16),
    rcvMss: r.u32(20),
    unacked: r.u32(24),
    sacked: r.u32(28),
    lost: r.u32(32),
    retrans: r.u32(36),
    lastDataSentMs: r.u32(44),
    lastDataRecvMs: r.u32(52),
    lastAckRecvMs: r.u32(56),
    pmtu: r.u32(60),
    rcvSsthresh: r.u32(64),
    rtt,
    rttMs: usToMs(rtt),
    rttvar,
    rttvarMs: usToMs(rttvar),
    sndSsthresh: r.u32(76),
    sndCwnd: r.u32(80),
    advmss: r.u32(84),
    reordering: r.u32(88),
    rcvRtt: r.u32(92),
    rcvSpace: r.u32(96),
    totalRetrans: r.u32(100),
    pacingRate: r.u64Rate(104),
    maxPacingRate: r.u64Rate(112),
    bytesAcked: r.u64(120),
    bytesReceived: r.u64(128),
    segsOut: r.u32(136),
    segsIn: r.u32(140),
    notsentBytes: r.u32(144),
    minRtt,
    minRttMs: usToMs(minRtt),
    dataSegsIn: r.u32(152),
    dataSegsOut: r.u32(156),
    deliveryRate: r.u64(160),
    busyTime: r.u64(168),
    rwndLimited: r.u64(176),
    sndbufLimited: r.u64(184),
    delivered: r.u32(192),
    deliveredCe: r.u32(196),
    bytesSent: r.u64(200),
    bytesRetrans: r.u64(208),
    dsackDups: r.u32(216),
    reordSeen: r.u32(220),
    rcvOoopack: r.u32(224),
    sndWnd: r.u32(228),
    rcvWnd: r.u32(232),
    rehash: r.u32(236),
    totalRto: r.u16(240),
    totalRtoRecoveries: r.u16(242),
    totalRtoTimeMs: r.u32(244),
  };
}

/** Decodes struct tcp_info from its bytes (e.g. an INET_DIAG_INFO payload). */
export const decodeTcpInfo = (bytes: Uint8Array): TcpInfo =>
  decodeTcpInfoAt(
    new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    0,
    bytes.byteLength,
  );
