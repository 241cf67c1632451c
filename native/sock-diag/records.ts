// One sock_diag reply message → one socket record: an MPTCP socket (with struct mptcp_info) or a
// TCP socket (with struct tcp_info and, for an MPTCP subflow, its ULP info). Pure: payload bytes
// in, data out; allocation-light, since a busy host dumps thousands of sockets per sample.
import { DecodeError } from '../errors.js';
import { decodeInetDiagHead, INET_DIAG_MSG_SIZE } from './inet-diag-msg.js';
import type { InetSocketHead } from './inet-diag-msg.js';
import { decodeMptcpInfoAt } from './mptcp-info.js';
import type { MptcpInfo } from './mptcp-info.js';
import {
  INET_DIAG_CGROUP_ID,
  INET_DIAG_PROTOCOL,
  INET_DIAG_CLASS_ID,
  INET_DIAG_CONG,
  INET_DIAG_INFO,
  INET_DIAG_MARK,
  INET_DIAG_SHUTDOWN,
  INET_DIAG_SKV6ONLY,
  INET_DIAG_SOCKOPT,
  INET_DIAG_TCLASS,
  INET_DIAG_TOS,
  INET_DIAG_ULP_INFO,
} from './request.js';
import { decodeUlpInfoAt } from './subflow-ulp.js';
import type { SubflowUlpInfo, UlpInfo, UnknownAttr } from './subflow-ulp.js';
import { decodeTcpInfoAt } from './tcp-info.js';
import type { TcpInfo } from './tcp-info.js';
import { AttrWalker } from './wire.js';

/** Attributes sent for every socket (some without being asked), beyond the 72-byte head. */
export interface SocketAttributes {
  /** sk_shutdown bits: 1 = receive side shut, 2 = send side shut. */
  readonly shutdown?: number;
  /** Congestion-control algorithm ("cubic", "bbr", …; TCP sockets only). */
  readonly congestion?: string;
  /** SO_MARK; the kernel sends it only to CAP_NET_ADMIN. */
  readonly mark?: number;
  /** cgroup v2 id of the socket's owner. */
  readonly cgroupId?: number;
  /** IPV6_V6ONLY of an AF_INET6 socket (false = dual-stack). */
  readonly v6only?: boolean;
  /** Attributes this decoder does not know (or that were asked for but are not decoded). */
  readonly unknown?: UnknownAttr[];
}

/** An MPTCP socket (the connection-level socket the application holds, or a listener). */
export interface MptcpSocketRecord extends InetSocketHead, SocketAttributes {
  /** struct mptcp_info, when INET_DIAG_INFO was asked for. */
  readonly info?: MptcpInfo;
}

/** A TCP socket; an MPTCP subflow when `ulp` is "mptcp". */
export interface TcpSocketRecord extends InetSocketHead, SocketAttributes {
  /** struct tcp_info, when INET_DIAG_INFO was asked for (none for time-wait/request sockets). */
  readonly tcp?: TcpInfo;
  /** Name of the socket's upper-layer protocol ("mptcp", "tls"), if it has one. */
  readonly ulp?: string;
  /** MPTCP subflow details (absent for listening subflows). */
  readonly mptcp?: SubflowUlpInfo;
}

/** Attribute types the kernel adds that carry nothing a monitor uses: not kept as unknown. */
const IGNORED = new Set([
  INET_DIAG_PROTOCOL,
  INET_DIAG_TOS,
  INET_DIAG_TCLASS,
  INET_DIAG_CLASS_ID,
  INET_DIAG_SOCKOPT,
]);

interface Scan extends SocketAttributes {
  /** Offset and length of INET_DIAG_INFO in the payload; start -1 when absent. */
  readonly infoStart: number;
  readonly infoLength: number;
  readonly ulp: UlpInfo | undefined;
}

/** Walks the attributes after the head once, remembering where each thing of interest is. */
function scanAttrs(view: DataView, where: string): Scan {
  if (view.byteLength < INET_DIAG_MSG_SIZE) {
    throw new DecodeError(
      where,
      view.byteLength,
      `${view.byteLength} bytes, need ${INET_DIAG_MSG_SIZE}`,
    );
  }
  const w = new AttrWalker(view, INET_DIAG_MSG_SIZE, view.byteLength, where);
  let infoStart = -1;
  let infoLength = 0;
  let ulp: UlpInfo | undefined;
  let unknown: UnknownAttr[] | undefined;
  let shutdown: number | undefined;
  let congestion: string | undefined;
  let mark: number | undefined;
  let cgroupId: number | undefined;
  let v6only: boolean | undefined;
  while (w.next()) {
    switch (w.type) {
      case INET_DIAG_INFO:
        infoStart = w.start;
        infoLength = w.length;
        break;
      case INET_DIAG_ULP_INFO:
        ulp = decodeUlpInfoAt(view, w.start, w.start + w.length);
        break;
      case INET_DIAG_SHUTDOWN:
        shutdown = w.u8();
        break;
      case INET_DIAG_CONG:
        congestion = w.string();
        break;
      case INET_DIAG_MARK:
        mark = w.u32();
        break;
      case INET_DIAG_CGROUP_ID:
        cgroupId = w.u64();
        break;
      case INET_DIAG_SKV6ONLY:
        v6only = w.u8() !== 0;
        break;
      default:
        if (!IGNORED.has(w.type)) (unknown ??= []).push({ type: w.type, hex: w.hex() });
    }
  }
  return { infoStart, infoLength, ulp, shutdown, congestion, mark, cgroupId, v6only, unknown };
}

const viewOf = (payload: Uint8Array): DataView =>
  new DataView(payload.buffer, payload.byteOffset, payload.byteLength);

// The records are built as one object literal each, head fields copied by name: spreading the
// head (`...head`) made decoding several times slower on a 3,000-socket dump.

/** Decodes one reply to an IPPROTO_MPTCP dump (the payload after nlmsghdr). */
export function decodeMptcpSocket(payload: Uint8Array): MptcpSocketRecord {
  const view = viewOf(payload);
  const scan = scanAttrs(view, 'MPTCP sock_diag reply');
  const h = decodeInetDiagHead(view);
  return {
    family: h.family,
    state: h.state,
    stateCode: h.stateCode,
    local: h.local,
    remote: h.remote,
    boundInterface: h.boundInterface,
    cookie: h.cookie,
    timer: h.timer,
    timerRetransmits: h.timerRetransmits,
    expiresMs: h.expiresMs,
    rqueue: h.rqueue,
    wqueue: h.wqueue,
    uid: h.uid,
    inode: h.inode,
    shutdown: scan.shutdown,
    mark: scan.mark,
    cgroupId: scan.cgroupId,
    v6only: scan.v6only,
    unknown: scan.unknown,
    info: scan.infoStart < 0 ? undefined : decodeMptcpInfoAt(view, scan.infoStart, scan.infoLength),
  };
}

function tcpRecord(view: DataView, scan: Scan): TcpSocketRecord {
  const h = decodeInetDiagHead(view);
  return {
    family: h.family,
    state: h.state,
    stateCode: h.stateCode,
    local: h.local,
    remote: h.remote,
    boundInterface: h.boundInterface,
    cookie: h.cookie,
    timer: h.timer,
    timerRetransmits: h.timerRetransmits,
    expiresMs: h.expiresMs,
    rqueue: h.rqueue,
    wqueue: h.wqueue,
    uid: h.uid,
    inode: h.inode,
    shutdown: scan.shutdown,
    congestion: scan.congestion,
    mark: scan.mark,
    cgroupId: scan.cgroupId,
    v6only: scan.v6only,
    unknown: scan.unknown,
    tcp: scan.infoStart < 0 ? undefined : decodeTcpInfoAt(view, scan.infoStart, scan.infoLength),
    ulp: scan.ulp?.name,
    mptcp: scan.ulp?.mptcp,
  };
}

/** Decodes one reply to an IPPROTO_TCP dump (the payload after nlmsghdr). */
export function decodeTcpSocket(payload: Uint8Array): TcpSocketRecord {
  const view = viewOf(payload);
  return tcpRecord(view, scanAttrs(view, 'TCP sock_diag reply'));
}

/**
 * Decodes one reply to an IPPROTO_TCP dump if it is an MPTCP subflow (ULP "mptcp"), else
 * returns null having built nothing but the attribute scan: plain TCP sockets cost little.
 */
export function decodeMptcpSubflow(payload: Uint8Array): TcpSocketRecord | null {
  const view = viewOf(payload);
  const scan = scanAttrs(view, 'TCP sock_diag reply');
  return scan.ulp?.name === 'mptcp' ? tcpRecord(view, scan) : null;
}
