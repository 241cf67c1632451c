// Types of what parseSs returns: sockets of `ss -tinM` with their decoded TCP, subflow and MPTCP
// info. Field names follow DESIGN.md's Snapshot where they overlap (rttMs, cwnd, bytesAcked, …).

/** The Netid column: a TCP socket (an MPTCP subflow or plain TCP) or an MPTCP socket. */
export type SsSocketKind = 'tcp' | 'mptcp';

/** One side of a socket, as ss prints it with -n. */
export interface SsEndpoint {
  /**
   * Numeric address without brackets: '198.51.100.1', '2001:db8::1', '::ffff:198.51.100.1';
   * '*' is the IPv6 wildcard of a dual-stack listener, as ss prints it.
   */
  address: string;
  /** Port number; 0 where ss prints '*'. */
  port: number;
  /** Interface the socket is bound to (`%name` after the address), when there is one. */
  interface?: string;
}

/** What every socket line carries, whatever its kind. */
export interface SsSocketBase {
  /** ss state name: ESTAB, LISTEN, TIME-WAIT, SYN-SENT, CLOSE-WAIT, UNCONN, … */
  state: string;
  /** Recv-Q in bytes (for LISTEN: the current accept backlog). */
  recvQ: number;
  /** Send-Q in bytes (for LISTEN: the maximum accept backlog). */
  sendQ: number;
  local: SsEndpoint;
  remote: SsEndpoint;
  /** 1-based line of the socket line in the parsed text. */
  line: number;
  /** Value of `users:` with `ss -p`, e.g. '(("iperf3",pid=6346,fd=5))'. */
  process?: string;
  /** Bare words not decoded elsewhere, in order: 'ts', 'sack', 'app_limited', '<->', … */
  words: string[];
  /** Every key:value token not decoded into a typed field, value as printed. */
  extra: Record<string, string>;
}

/** A TCP socket: an MPTCP subflow when `subflow` is present, else plain TCP. */
export interface SsTcpSocket extends SsSocketBase {
  kind: 'tcp';
  /** Decoded TCP info; absent when ss printed no info for the socket (no -i). */
  info?: SsTcpInfo;
  /** Name of the upper-layer protocol from `tcp-ulp-NAME` ('mptcp', 'tls', …). */
  ulp?: string;
  /** The `tcp-ulp-mptcp` details; present whenever ulp is 'mptcp'. */
  subflow?: SsSubflowInfo;
}

/** An MPTCP socket: one per MPTCP connection or listener. */
export interface SsMptcpSocket extends SsSocketBase {
  kind: 'mptcp';
  /** Decoded MPTCP info; absent when ss printed no info for the socket (no -i). */
  info?: SsMptcpInfo;
}

export type SsSocket = SsTcpSocket | SsMptcpSocket;

/** TCP info as ss prints it; each field is absent when ss did not print it. */
export interface SsTcpInfo {
  /** Congestion control algorithm: 'cubic', 'bbr', … */
  congestion?: string;
  /** Smoothed round-trip time, milliseconds. */
  rttMs?: number;
  /** Round-trip time variation, milliseconds. */
  rttVarMs?: number;
  /** Retransmission timeout, milliseconds. */
  rtoMs?: number;
  /** Delayed-ACK timeout, milliseconds. */
  atoMs?: number;
  /** Lowest round-trip time seen, milliseconds. */
  minRttMs?: number;
  /** Receiver-side round-trip time estimate, milliseconds. */
  rcvRttMs?: number;
  /** Sender maximum segment size, bytes. */
  mss?: number;
  /** Path MTU, bytes. */
  pmtu?: number;
  /** Receiver's estimate of the peer's MSS, bytes. */
  rcvMss?: number;
  /** MSS advertised to the peer, bytes. */
  advMss?: number;
  /** Congestion window, segments. */
  cwnd?: number;
  /** Slow-start threshold, segments. */
  ssthresh?: number;
  /** Bytes sent, retransmissions included. */
  bytesSent?: number;
  /** Bytes retransmitted. */
  bytesRetrans?: number;
  /** Bytes acknowledged by the peer. */
  bytesAcked?: number;
  /** Bytes received. */
  bytesReceived?: number;
  /** Segments sent / received, and those of them carrying data. */
  segsOut?: number;
  segsIn?: number;
  dataSegsOut?: number;
  dataSegsIn?: number;
  /** Time since the last data sent / data received / ACK received, milliseconds. */
  lastSendMs?: number;
  lastReceiveMs?: number;
  lastAckMs?: number;
  /** ss's estimate cwnd × mss / rtt, bits per second (`send`). */
  sendBps?: number;
  /** Pacing rate and its maximum, bits per second. */
  pacingRateBps?: number;
  pacingRateMaxBps?: number;
  /** Delivery rate measured by the kernel, bits per second. */
  deliveryRateBps?: number;
  /** Time the sender was busy, milliseconds. */
  busyMs?: number;
  /** Segments delivered, unacknowledged, in retransmission now / in total, lost, SACKed. */
  delivered?: number;
  unacked?: number;
  retrans?: number;
  retransTotal?: number;
  lost?: number;
  sacked?: number;
  /** Reordering metric, segments. */
  reordering?: number;
  /** Receive space and receive slow-start threshold, bytes. */
  rcvSpace?: number;
  rcvSsthresh?: number;
  /** Send window advertised by the peer, bytes. */
  sndWnd?: number;
  /** Bytes written by the application and not sent yet. */
  notSent?: number;
}

/** The letters of `tcp-ulp-mptcp flags:` decoded (kernel MPTCP_SUBFLOW_FLAG_*). */
export interface SsSubflowFlags {
  /** M: the subflow is MP_CAPABLE (the first subflow of its connection). */
  mpCapableRemote: boolean;
  /** m: this side asked for MP_CAPABLE. */
  mpCapableLocal: boolean;
  /** J: the subflow was added with MP_JOIN. */
  joinRemote: boolean;
  /** j: this side sent the MP_JOIN. */
  joinLocal: boolean;
  /** B: the peer asked for this subflow to be a backup. */
  backupRemote: boolean;
  /** b: this side asked for this subflow to be a backup. */
  backupLocal: boolean;
  /** e: fully established. */
  fullyEstablished: boolean;
  /** c: TCP connection completed. */
  connected: boolean;
  /** v: a valid DSS mapping is in use. */
  mapValid: boolean;
}

/** The `tcp-ulp-mptcp …` details of a TCP socket that is an MPTCP subflow. */
export interface SsSubflowInfo {
  flags: SsSubflowFlags;
  /** The flag letters as printed, '' when ss printed none. */
  rawFlags: string;
  /** True when either side asked for this subflow to be a backup. */
  backup: boolean;
  /** Tokens as 8 lowercase hex digits. The remote token is '00000000' except on the joining side. */
  remoteToken?: string;
  localToken?: string;
  /** Address ids of the peer's and of this side's endpoint (0: the initial subflow's address). */
  remoteId?: number;
  localId?: number;
  /**
   * Mapping counters as printed: hex up to iproute2 6.13, decimal later. Need CAP_NET_ADMIN:
   * absent when ss ran unprivileged.
   */
  seq?: string;
  sfseq?: string;
  ssnoff?: string;
  maplen?: string;
}

/** MPTCP socket info as ss prints it. ss omits zero counters: they read as 0 here. */
export interface SsMptcpInfo {
  /** Subflows open now, besides the initial one. */
  subflows: number;
  /** ADD_ADDRs sent, and accepted from the peer. */
  addAddrSignal: number;
  addAddrAccepted: number;
  /** Limits in force for this connection. */
  subflowsMax: number;
  addAddrSignalMax: number;
  addAddrAcceptedMax: number;
  /** The connection fell back to plain TCP. */
  fallback: boolean;
  /** The peer's key was received. */
  remoteKey: boolean;
  /** Connection token, 8 lowercase hex digits; absent on listeners. */
  token?: string;
  /** Data sequence numbers as printed (hex up to iproute2 6.13, decimal later). */
  writeSeq?: string;
  sndUna?: string;
  rcvNxt?: string;
  /** Connection-level byte counters, printed by newer iproute2 only; bytes. */
  bytesSent?: number;
  bytesRetrans?: number;
  bytesReceived?: number;
  bytesAcked?: number;
  /** Subflows ever created, printed by newer iproute2 only. */
  subflowsTotal?: number;
  /** Time since last data sent / data received / ACK received, milliseconds (newer iproute2). */
  lastDataSentMs?: number;
  lastDataRecvMs?: number;
  lastAckRecvMs?: number;
}
