// The I/O of sock_diag: dump MPTCP sockets and MPTCP subflows (TCP sockets whose ULP is
// "mptcp") over IPv4 and IPv6, as `ss -tinM` does, on a NETLINK_SOCK_DIAG socket. Thin: the
// request and the decoding are the pure functions of request.ts and records.ts.
import { MptcpUnavailableError, NetlinkError } from '../errors.js';
import type { AddressFamily } from '../ip-address.js';
import { AF_INET, AF_INET6 } from '../ip-address.js';
import type { NlMessage } from '../netlink/message.js';
import type { NetlinkSocket } from '../netlink/socket.js';
import { decodeMptcpSocket, decodeMptcpSubflow, decodeTcpSocket } from './records.js';
import type { MptcpSocketRecord, TcpSocketRecord } from './records.js';
import {
  encodeInetDiagRequest,
  encodeTcpCompatRequest,
  IPPROTO_MPTCP,
  IPPROTO_TCP,
  SOCK_DIAG_BY_FAMILY,
  TCPDIAG_GETSOCK,
} from './request.js';

const ENOENT = 2;
const EPROTONOSUPPORT = 93;

export interface DumpOptions {
  /** Address families to dump; default both. (IPv6 includes dual-stack sockets.) */
  readonly families?: readonly AddressFamily[];
  /** idiag_ext bitmask; default INET_DIAG_INFO + INET_DIAG_CONG. */
  readonly extensions?: number;
  /** idiag_states bitmask; default every state, listeners included. */
  readonly states?: number;
}

const BOTH: readonly AddressFamily[] = [4, 6];

function dump(
  sock: NetlinkSocket,
  protocol: number,
  what: string,
  options: DumpOptions,
  each: (msg: NlMessage) => void,
): void {
  for (const family of options.families ?? BOTH) {
    const operation = `dump ${what} (IPv${family})`;
    const payload = encodeInetDiagRequest({
      family: family === 4 ? AF_INET : AF_INET6,
      protocol,
      extensions: options.extensions,
      states: options.states,
    });
    try {
      // Every caller decodes each reply on the spot: no copy of the dump is made.
      sock.requestEach(operation, SOCK_DIAG_BY_FAMILY, payload, (msg) => {
        if (msg.type === SOCK_DIAG_BY_FAMILY) each(msg);
      });
    } catch (err) {
      if (
        protocol === IPPROTO_MPTCP &&
        err instanceof NetlinkError &&
        (err.errno === ENOENT || err.errno === EPROTONOSUPPORT)
      ) {
        throw new MptcpUnavailableError(
          `this kernel cannot list MPTCP sockets (${err.message}): it lacks MPTCP or its ` +
            `sock_diag support (CONFIG_MPTCP, CONFIG_INET_MPTCP_DIAG / module mptcp_diag)`,
        );
      }
      throw err;
    }
  }
}

/**
 * The reply payload of every MPTCP socket, undecoded, in dump order: for callers that decode
 * only what they need (see native/kernel/socket-sampler.ts). The payloads stay valid.
 */
export function eachMptcpPayload(
  sock: NetlinkSocket,
  each: (payload: Uint8Array) => void,
  options: DumpOptions = {},
): void {
  dump(sock, IPPROTO_MPTCP, 'MPTCP sockets', options, (msg) => {
    each(msg.payload);
  });
}

/** The reply payload of every TCP socket (subflows and plain TCP), undecoded, in dump order. */
export function eachTcpPayload(
  sock: NetlinkSocket,
  each: (payload: Uint8Array) => void,
  options: DumpOptions = {},
): void {
  dumpTcp(sock, options, (msg) => {
    each(msg.payload);
  });
}

/** MPTCP sockets (connections and listeners) with their struct mptcp_info. */
export function dumpMptcpSockets(
  sock: NetlinkSocket,
  options: DumpOptions = {},
): MptcpSocketRecord[] {
  const out: MptcpSocketRecord[] = [];
  dump(sock, IPPROTO_MPTCP, 'MPTCP sockets', options, (msg) => {
    out.push(decodeMptcpSocket(msg.payload));
  });
  return out;
}

/**
 * MPTCP subflows: every TCP socket whose ULP is "mptcp" (listening subflows included), with
 * tcp_info and the subflow's tokens, ids and flags. The kernel cannot filter by ULP, so all TCP
 * sockets are dumped and plain ones skipped.
 */
export function dumpMptcpSubflows(
  sock: NetlinkSocket,
  options: DumpOptions = {},
): TcpSocketRecord[] {
  const out: TcpSocketRecord[] = [];
  dumpTcp(sock, options, (msg) => {
    const record = decodeMptcpSubflow(msg.payload);
    if (record !== null) out.push(record);
  });
  return out;
}

/** Every TCP socket, subflows and plain TCP alike. */
export function dumpTcpSockets(sock: NetlinkSocket, options: DumpOptions = {}): TcpSocketRecord[] {
  const out: TcpSocketRecord[] = [];
  dumpTcp(sock, options, (msg) => {
    out.push(decodeTcpSocket(msg.payload));
  });
  return out;
}

/** The kernel's TCP_ESTABLISHED (the state byte of inet_diag_msg). */
const TCP_ESTABLISHED = 1;

/** MPTCP subflows and established plain TCP sockets, from one dump of every TCP socket. */
export interface TcpSplit {
  readonly subflows: TcpSocketRecord[];
  /** Established TCP sockets whose ULP is not "mptcp" (loopback included: callers decide). */
  readonly plain: TcpSocketRecord[];
}

/**
 * One dump of every TCP socket split into MPTCP subflows and established plain TCP sockets: the
 * kernel sends them all anyway to find the subflows, so the plain ones cost no extra syscall and
 * are decoded only when established.
 */
export function dumpSubflowsAndPlainTcp(sock: NetlinkSocket, options: DumpOptions = {}): TcpSplit {
  const subflows: TcpSocketRecord[] = [];
  const plain: TcpSocketRecord[] = [];
  dumpTcp(sock, options, (msg) => {
    const record = decodeMptcpSubflow(msg.payload);
    if (record !== null) subflows.push(record);
    else if (msg.payload[1] === TCP_ESTABLISHED) plain.push(decodeTcpSocket(msg.payload));
  });
  return { subflows, plain };
}

/**
 * Every TCP socket of both families. Asked for both (the default), one TCPDIAG_GETSOCK dump
 * walks the kernel's hash tables once instead of once per family (see encodeTcpCompatRequest);
 * a kernel that refuses it gets the per-family requests.
 */
function dumpTcp(sock: NetlinkSocket, options: DumpOptions, each: (msg: NlMessage) => void): void {
  if (options.families === undefined) {
    const delivered = { any: false };
    try {
      sock.requestEach(
        'dump TCP sockets',
        TCPDIAG_GETSOCK,
        encodeTcpCompatRequest(options),
        (msg) => {
          if (msg.type !== TCPDIAG_GETSOCK) return;
          delivered.any = true;
          each(msg);
        },
      );
      return;
    } catch (err) {
      // A kernel that refuses the request says so before any socket; a failure mid-dump is not
      // a refusal, and the per-family dumps would repeat the sockets already given.
      if (!(err instanceof NetlinkError) || delivered.any) throw err;
    }
  }
  dump(sock, IPPROTO_TCP, 'TCP sockets', options, each);
}
