// struct inet_diag_msg, the fixed 72-byte head of every sock_diag reply for TCP and MPTCP:
// family, state, socket id (ports, addresses, bound interface, cookie), queues, uid, inode. Pure.
import { DecodeError } from '../errors.js';
import { AF_INET, AF_INET6, formatIPv6 } from '../ip-address.js';
import type { AddressFamily } from '../ip-address.js';

/** sizeof(struct inet_diag_msg). */
export const INET_DIAG_MSG_SIZE = 72;

/** TCP states as the kernel numbers them (include/net/tcp_states.h), in ss's words. */
export type TcpStateName =
  | 'established'
  | 'syn-sent'
  | 'syn-recv'
  | 'fin-wait-1'
  | 'fin-wait-2'
  | 'time-wait'
  | 'close'
  | 'close-wait'
  | 'last-ack'
  | 'listen'
  | 'closing'
  | 'new-syn-recv'
  | 'bound-inactive'
  | 'unknown';

const STATE_NAMES: readonly TcpStateName[] = [
  'unknown',
  'established',
  'syn-sent',
  'syn-recv',
  'fin-wait-1',
  'fin-wait-2',
  'time-wait',
  'close',
  'close-wait',
  'last-ack',
  'listen',
  'closing',
  'new-syn-recv',
  'bound-inactive',
];

export const tcpStateName = (code: number): TcpStateName => STATE_NAMES[code] ?? 'unknown';

/** An address and port as text and number. */
export interface SocketEndpoint {
  /** IPv4 dotted quad or RFC 5952 IPv6; IPv4-mapped IPv6 (dual-stack sockets) as plain IPv4. */
  readonly address: string;
  readonly port: number;
}

/** What every TCP or MPTCP socket record carries (from struct inet_diag_msg). */
export interface InetSocketHead {
  /** Address family of the socket: 4 (AF_INET) or 6 (AF_INET6, dual-stack ones included). */
  readonly family: AddressFamily;
  readonly state: TcpStateName;
  /** The kernel's state number (1 = established, 10 = listen, …). */
  readonly stateCode: number;
  readonly local: SocketEndpoint;
  readonly remote: SocketEndpoint;
  /**
   * ifindex the socket is bound to (SO_BINDTODEVICE, or the `dev` of the MPTCP endpoint that
   * created a subflow); 0 when unbound. Not necessarily the interface traffic leaves by.
   */
  readonly boundInterface: number;
  /** The kernel's 64-bit socket cookie in hex (as `ss -e` prints `sk:`), stable per socket. */
  readonly cookie: string;
  /** Pending timer (0 none, 1 retransmit, 2 keepalive, 3 time-wait, 4 zero-window probe). */
  readonly timer: number;
  /** Retransmissions of the pending timer. */
  readonly timerRetransmits: number;
  /** Milliseconds until the timer fires. */
  readonly expiresMs: number;
  /** Receive queue bytes; for a listener, connections waiting for accept(). */
  readonly rqueue: number;
  /** Send queue bytes; for a listener, its backlog limit. */
  readonly wqueue: number;
  readonly uid: number;
  readonly inode: number;
}

function address(view: DataView, at: number, family: number): string {
  if (family === AF_INET) {
    return `${view.getUint8(at)}.${view.getUint8(at + 1)}.${view.getUint8(at + 2)}.${view.getUint8(at + 3)}`;
  }
  // ::ffff:a.b.c.d — an IPv4 peer of a dual-stack socket: show it as the IPv4 it is.
  if (
    view.getUint32(at, true) === 0 &&
    view.getUint32(at + 4, true) === 0 &&
    view.getUint32(at + 8, false) === 0x0000ffff
  ) {
    return `${view.getUint8(at + 12)}.${view.getUint8(at + 13)}.${view.getUint8(at + 14)}.${view.getUint8(at + 15)}`;
  }
  const bytes = new Uint8Array(view.buffer, view.byteOffset + at, 16);
  return formatIPv6(bytes);
}

/** Decodes the 72-byte head; `view` covers the message payload. */
export function decodeInetDiagHead(view: DataView): InetSocketHead {
  if (view.byteLength < INET_DIAG_MSG_SIZE) {
    throw new DecodeError(
      'inet_diag_msg',
      view.byteLength,
      `${view.byteLength} bytes, need ${INET_DIAG_MSG_SIZE}`,
    );
  }
  const af = view.getUint8(0);
  if (af !== AF_INET && af !== AF_INET6) {
    throw new DecodeError(
      'inet_diag_msg',
      0,
      `address family ${af} is neither AF_INET nor AF_INET6`,
    );
  }
  const stateCode = view.getUint8(1);
  const cookieLo = view.getUint32(44, true);
  const cookieHi = view.getUint32(48, true);
  return {
    family: af === AF_INET ? 4 : 6,
    state: tcpStateName(stateCode),
    stateCode,
    local: { address: address(view, 8, af), port: view.getUint16(4, false) },
    remote: { address: address(view, 24, af), port: view.getUint16(6, false) },
    boundInterface: view.getUint32(40, true),
    cookie:
      cookieHi === 0
        ? cookieLo.toString(16)
        : cookieHi.toString(16) + cookieLo.toString(16).padStart(8, '0'),
    timer: view.getUint8(2),
    timerRetransmits: view.getUint8(3),
    expiresMs: view.getUint32(52, true),
    rqueue: view.getUint32(56, true),
    wqueue: view.getUint32(60, true),
    uid: view.getUint32(64, true),
    inode: view.getUint32(68, true),
  };
}
