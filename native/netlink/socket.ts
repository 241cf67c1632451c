// A netlink socket with blocking, synchronous calls. It is meant to live on a worker thread
// (see native/kernel-thread.ts), never on the main event loop: a dump of thousands of sockets
// or a wait for path-manager events must not stall the UI or the server.
import { FfiError, NetlinkError, PermissionError } from '../errors.js';
import { libc } from './libc.js';
import type { Libc } from './libc.js';
import {
  NLM_F_ACK,
  NLM_F_DUMP,
  NLM_F_REQUEST,
  ReplyCollector,
  encodeMessage,
  parseMessages,
} from './message.js';
import type { NlMessage } from './message.js';

export const NETLINK_ROUTE = 0;
export const NETLINK_SOCK_DIAG = 4;
export const NETLINK_GENERIC = 16;

const AF_NETLINK = 16;
const SOCK_RAW = 3;
const SOCK_CLOEXEC = 0o2000000;
const SOL_SOCKET = 1;
const SO_RCVBUF = 8;
const SO_RCVTIMEO = 20;
const SO_RCVBUFFORCE = 33;
const SOL_NETLINK = 270;
const NETLINK_ADD_MEMBERSHIP = 1;
const NETLINK_CAP_ACK = 10;
const NETLINK_EXT_ACK = 11;
const EAGAIN = 11;
/** recv flag: return at once (EAGAIN) when nothing is queued. */
export const MSG_DONTWAIT = 0x40;
const EINTR = 4;
const ENOBUFS = 105;
const EPERM = 1;
const EACCES = 13;

/** Biggest datagram we accept: the kernel fills dump datagrams up to ~32 KiB. */
const RECV_BUFFER_BYTES = 1 << 18;

export interface SocketOptions {
  /** Receive timeout: a blocking recv returns "nothing" after this long. */
  readonly timeoutMs?: number;
  /** Socket receive buffer (SO_RCVBUFFORCE when privileged, else SO_RCVBUF capped by rmem_max). */
  readonly receiveBufferBytes?: number;
}

/** What one blocking receive produced. */
export type Received =
  | { readonly kind: 'messages'; readonly messages: NlMessage[] }
  | { readonly kind: 'timeout' }
  /** The kernel dropped messages because our buffer was full (ENOBUFS): resynchronise. */
  | { readonly kind: 'overflow' };

const u32 = (v: number): Uint8Array => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0, true);
  return b;
};

/** struct sockaddr_nl for the kernel (pid 0, no groups). */
const KERNEL_ADDR = new Uint8Array(12);
KERNEL_ADDR[0] = AF_NETLINK;

export class NetlinkSocket {
  private readonly buf = new Uint8Array(RECV_BUFFER_BYTES);
  private seq: number;
  private closed = false;

  private constructor(
    private readonly c: Libc,
    readonly fd: number,
  ) {
    this.seq = (Date.now() & 0x7fffffff) >>> 0;
  }

  static open(protocol: number, options: SocketOptions = {}): NetlinkSocket {
    const c = libc();
    const fd = c.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
    if (fd < 0) throw new FfiError(`socket(AF_NETLINK, ${protocol})`, c.errno());
    const s = new NetlinkSocket(c, fd);
    try {
      if (c.bind(fd, KERNEL_ADDR, KERNEL_ADDR.byteLength) < 0)
        throw new FfiError('bind(netlink)', c.errno());
      // Best effort: errors carry the kernel's explanation; ACKs do not echo our request.
      c.setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, u32(1), 4);
      c.setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, u32(1), 4);
      if (options.receiveBufferBytes !== undefined) {
        const size = u32(options.receiveBufferBytes);
        if (c.setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, size, 4) < 0) {
          c.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, size, 4);
        }
      }
      s.setTimeout(options.timeoutMs ?? 5000);
    } catch (err) {
      s.close();
      throw err;
    }
    return s;
  }

  private setTimeout(ms: number): void {
    const tv = new Uint8Array(16);
    const view = new DataView(tv.buffer);
    view.setBigInt64(0, BigInt(Math.floor(ms / 1000)), true);
    view.setBigInt64(8, BigInt((ms % 1000) * 1000), true);
    if (this.c.setsockopt(this.fd, SOL_SOCKET, SO_RCVTIMEO, tv, 16) < 0) {
      throw new FfiError('setsockopt(SO_RCVTIMEO)', this.c.errno());
    }
  }

  /** Joins a multicast group (e.g. mptcp_pm_events). Needs CAP_NET_ADMIN for mptcp_pm. */
  addMembership(group: number, operation: string): void {
    if (this.c.setsockopt(this.fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, u32(group), 4) < 0) {
      const errno = this.c.errno();
      if (errno === EPERM || errno === EACCES) throw new PermissionError(operation);
      throw new FfiError(`${operation}: setsockopt(NETLINK_ADD_MEMBERSHIP)`, errno);
    }
  }

  /**
   * Sends one request and returns the kernel's reply messages (all parts of a dump). Errors the
   * kernel reports become NetlinkError, EPERM becomes PermissionError.
   */
  request(
    operation: string,
    type: number,
    payload: Uint8Array,
    dump: boolean,
    extraFlags = 0,
  ): NlMessage[] {
    const collector = this.exchange(operation, type, payload, dump, extraFlags, undefined, true);
    return collector.messages;
  }

  /**
   * A dump whose reply messages are handed to `each` one by one while they sit in the socket's
   * one receive buffer, instead of being copied and collected: for dumps of thousands of sockets
   * decoded on the spot. `each` must not keep a message's payload past its call.
   */
  requestEach(
    operation: string,
    type: number,
    payload: Uint8Array,
    each: (msg: NlMessage) => void,
  ): void {
    this.exchange(operation, type, payload, true, 0, each, false);
  }

  private exchange(
    operation: string,
    type: number,
    payload: Uint8Array,
    dump: boolean,
    extraFlags: number,
    sink: ((msg: NlMessage) => void) | undefined,
    copy: boolean,
  ): ReplyCollector {
    this.seq = (this.seq + 1) >>> 0;
    const flags = NLM_F_REQUEST | (dump ? NLM_F_DUMP : NLM_F_ACK) | extraFlags;
    const msg = encodeMessage(type, flags, this.seq, payload);
    if (this.c.sendto(this.fd, msg, msg.byteLength, 0, KERNEL_ADDR, KERNEL_ADDR.byteLength) < 0) {
      throw new FfiError(`${operation}: sendto`, this.c.errno());
    }
    const collector = new ReplyCollector(operation, this.seq, dump, sink);
    try {
      for (;;) {
        const r = this.receiveInto(copy);
        if (r.kind === 'timeout')
          throw new NetlinkError(operation, 110, 'no reply from the kernel');
        if (r.kind === 'overflow')
          throw new NetlinkError(operation, ENOBUFS, 'reply lost: receive buffer overflow');
        if (collector.feed(r.messages)) return collector;
      }
    } catch (err) {
      if (err instanceof NetlinkError && (err.errno === EPERM || err.errno === EACCES)) {
        throw new PermissionError(operation);
      }
      throw err;
    }
  }

  /**
   * Blocks up to the socket's timeout for one datagram (with MSG_DONTWAIT: takes one if queued,
   * else 'timeout' at once). The messages are copies.
   */
  receive(flags = 0): Received {
    return this.receiveInto(true, flags);
  }

  /** As receive(); without `copy` the messages are views of the receive buffer (next recv reuses it). */
  private receiveInto(copy: boolean, flags = 0): Received {
    for (;;) {
      const n = this.c.recv(this.fd, this.buf, this.buf.byteLength, flags);
      if (n >= 0) {
        const bytes = copy ? this.buf.slice(0, n) : this.buf.subarray(0, n);
        return { kind: 'messages', messages: parseMessages(bytes) };
      }
      const errno = this.c.errno();
      if (errno === EINTR) continue;
      if (errno === EAGAIN) return { kind: 'timeout' };
      if (errno === ENOBUFS) return { kind: 'overflow' };
      throw new FfiError('recv(netlink)', errno);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.c.close(this.fd);
  }
}
