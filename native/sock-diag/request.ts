// The NETLINK_SOCK_DIAG dump request (struct inet_diag_req_v2, SOCK_DIAG_BY_FAMILY) for TCP and
// MPTCP sockets, and the protocol numbers and extension bits it uses. Pure.
import { concatBytes, encodeU32 } from '../netlink/attrs.js';

/** nlmsg_type of every sock_diag request and reply. */
export const SOCK_DIAG_BY_FAMILY = 20;

export const IPPROTO_TCP = 6;
/** Does not fit sdiag_protocol (a u8): it travels in an INET_DIAG_REQ_PROTOCOL attribute. */
export const IPPROTO_MPTCP = 262;

/** Request attribute carrying the full (u32) protocol number. */
export const INET_DIAG_REQ_PROTOCOL = 3;

/** Reply attribute types (enum in include/uapi/linux/inet_diag.h). */
export const INET_DIAG_MEMINFO = 1;
export const INET_DIAG_INFO = 2;
export const INET_DIAG_VEGASINFO = 3;
export const INET_DIAG_CONG = 4;
export const INET_DIAG_TOS = 5;
export const INET_DIAG_TCLASS = 6;
export const INET_DIAG_SKMEMINFO = 7;
export const INET_DIAG_SHUTDOWN = 8;
export const INET_DIAG_PROTOCOL = 10;
export const INET_DIAG_DCTCPINFO = 9;
export const INET_DIAG_SKV6ONLY = 11;
export const INET_DIAG_MARK = 15;
export const INET_DIAG_BBRINFO = 16;
export const INET_DIAG_CLASS_ID = 17;
export const INET_DIAG_MD5SIG = 18;
export const INET_DIAG_ULP_INFO = 19;
export const INET_DIAG_CGROUP_ID = 21;
export const INET_DIAG_SOCKOPT = 22;

/** idiag_ext bit asking for reply attribute `type` (only types 1..8 can be asked for). */
export const extBit = (type: number): number => 1 << (type - 1);

/**
 * What a monitor asks for: tcp_info / mptcp_info and the congestion-control name. (The kernel
 * adds SHUTDOWN, CGROUP_ID, SOCKOPT and, for TCP, ULP_INFO without being asked.)
 */
export const DEFAULT_EXTENSIONS = extBit(INET_DIAG_INFO) | extBit(INET_DIAG_CONG);

/** Every TCP state, listeners, time-wait and request sockets included. */
export const ALL_STATES = 0xffffffff;
/** TCP_LISTEN (10) as an idiag_states bit. */
export const TCPF_LISTEN = 1 << 10;
/**
 * Every state but listening: a dump asked for this skips the kernel's walk of its listener hash
 * (every bucket locked in turn), which both the TCP and the MPTCP dump make for listeners.
 */
export const ALL_BUT_LISTENING = (ALL_STATES & ~TCPF_LISTEN) >>> 0;

/** struct inet_diag_req_v2 is 56 bytes: 8 of header, 48 of inet_diag_sockid. */
export const INET_DIAG_REQ_V2_SIZE = 56;

export interface InetDiagRequest {
  /** AF_INET (2) or AF_INET6 (10). */
  readonly family: number;
  /** IPPROTO_TCP, IPPROTO_MPTCP, … Numbers above 255 go in INET_DIAG_REQ_PROTOCOL. */
  readonly protocol: number;
  /** idiag_ext bitmask (see extBit); default DEFAULT_EXTENSIONS. */
  readonly extensions?: number;
  /** idiag_states bitmask, bit N = TCP state N; default ALL_STATES. */
  readonly states?: number;
}

/**
 * The payload (after nlmsghdr) of a dump request: inet_diag_req_v2 with a zeroed socket id
 * (no filtering by address, port or cookie), then INET_DIAG_REQ_PROTOCOL (u32) when the
 * protocol does not fit the u8 sdiag_protocol. As ss does for MPTCP, sdiag_protocol then says
 * IPPROTO_TCP.
 */
export function encodeInetDiagRequest(req: InetDiagRequest): Uint8Array {
  const head = new Uint8Array(INET_DIAG_REQ_V2_SIZE);
  const view = new DataView(head.buffer);
  const wide = req.protocol > 0xff;
  view.setUint8(0, req.family);
  view.setUint8(1, wide ? IPPROTO_TCP : req.protocol);
  view.setUint8(2, (req.extensions ?? DEFAULT_EXTENSIONS) & 0xff);
  view.setUint8(3, 0);
  view.setUint32(4, (req.states ?? ALL_STATES) >>> 0, true);
  // The 48-byte inet_diag_sockid stays zero. (Its cookie would select one socket; zero = none.)
  if (!wide) return head;
  return concatBytes([head, encodeU32(INET_DIAG_REQ_PROTOCOL, req.protocol)]);
}

/** nlmsg_type of the older TCP dump request (struct inet_diag_req); replies carry it too. */
export const TCPDIAG_GETSOCK = 18;

/** struct inet_diag_req: family, src_len, dst_len, ext, inet_diag_sockid (48), states, dbs. */
export const INET_DIAG_REQ_COMPAT_SIZE = 60;

/**
 * The payload of a TCPDIAG_GETSOCK dump: the kernel serves it with family AF_UNSPEC, so ONE walk
 * of the TCP hash tables returns IPv4 and IPv6 sockets alike, where SOCK_DIAG_BY_FAMILY needs a
 * walk per family. The walk covers every bucket of the machine's established hash (262,144 here)
 * whatever the namespace holds, so it is most of a small sample's cost: halving it pays.
 */
export function encodeTcpCompatRequest(
  req: { readonly extensions?: number; readonly states?: number } = {},
): Uint8Array {
  const bytes = new Uint8Array(INET_DIAG_REQ_COMPAT_SIZE);
  const view = new DataView(bytes.buffer);
  view.setUint8(3, (req.extensions ?? DEFAULT_EXTENSIONS) & 0xff);
  view.setUint32(52, (req.states ?? ALL_STATES) >>> 0, true);
  return bytes;
}
