// Turns sock_diag reply payloads into the sampled sockets of a RawSample without decoding a
// socket again when nothing the monitor reads from it moved. At 900 held connections most
// sockets are idle between ticks: each payload's relevant bytes (the head's identity fields, the
// tcp_info / mptcp_info fields a sample keeps, the subflow's ULP info) are compared with last
// tick's copy, keyed by socket cookie, and when equal the last sampled object is reused as is.
// The same object also lets the sample travel as a delta (see sample-delta.ts). Pure but for
// its cache: payloads in, sampled objects out.
import { DecodeError } from '../errors.js';
import { INET_DIAG_MSG_SIZE } from '../sock-diag/inet-diag-msg.js';
import { decodeMptcpSocket, decodeTcpSocket } from '../sock-diag/records.js';
import type { TcpSocketRecord } from '../sock-diag/records.js';
import { INET_DIAG_INFO, INET_DIAG_ULP_INFO } from '../sock-diag/request.js';
import { AttrWalker } from '../sock-diag/wire.js';

/** Byte ranges [from, to) of struct inet_diag_msg a sampled socket is built from. */
const HEAD_RANGES: readonly (readonly [number, number])[] = [
  [0, 2], // family, state
  [4, 52], // ports, addresses, bound interface, cookie
  [64, 72], // uid, inode
];
/** Ranges of struct tcp_info a SampledSubflow keeps (rtt, cwnd, bytes acked/received/sent/retrans). */
const TCP_INFO_RANGES: readonly (readonly [number, number])[] = [
  [68, 72],
  [80, 84],
  [120, 136],
  [200, 216],
];
/** Ranges of struct mptcp_info a SampledMptcpSocket keeps (counts, limits, flags, token, bytes). */
const MPTCP_INFO_RANGES: readonly (readonly [number, number])[] = [
  [0, 16],
  [48, 80],
];

const INET_ULP_INFO_NAME = 1;
const TCP_ESTABLISHED = 1;

/** Where the attributes of interest lie in one payload (start -1 when absent). */
interface Found {
  infoStart: number;
  infoLength: number;
  ulpStart: number;
  ulpLength: number;
}

function findAttrs(view: DataView, found: Found, where: string): void {
  found.infoStart = -1;
  found.infoLength = 0;
  found.ulpStart = -1;
  found.ulpLength = 0;
  if (view.byteLength < INET_DIAG_MSG_SIZE) {
    throw new DecodeError(
      where,
      view.byteLength,
      `${view.byteLength} bytes, need ${INET_DIAG_MSG_SIZE}`,
    );
  }
  const w = new AttrWalker(view, INET_DIAG_MSG_SIZE, view.byteLength, where);
  while (w.next()) {
    if (w.type === INET_DIAG_INFO) {
      found.infoStart = w.start;
      found.infoLength = w.length;
    } else if (w.type === INET_DIAG_ULP_INFO) {
      found.ulpStart = w.start;
      found.ulpLength = w.length;
    }
  }
}

/** Whether the ULP info at `view[start, start+length)` names "mptcp" (the last name counts). */
function isMptcpUlp(view: DataView, start: number, length: number): boolean {
  const w = new AttrWalker(view, start, start + length, 'INET_DIAG_ULP_INFO');
  let mptcp = false;
  while (w.next()) if (w.type === INET_ULP_INFO_NAME) mptcp = w.isString('mptcp');
  return mptcp;
}

/** Builds fingerprints into one growing scratch buffer. */
class Fingerprint {
  bytes = new Uint8Array(512);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const next = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }

  /** Appends `payload[from, to)` clipped to `[0, limit)` of the region at `base`. */
  ranges(
    payload: Uint8Array,
    base: number,
    limit: number,
    ranges: readonly (readonly [number, number])[],
  ): void {
    for (const [from, to] of ranges) {
      const end = Math.min(to, limit);
      if (end <= from) continue;
      this.raw(payload, base + from, base + end);
    }
  }

  raw(payload: Uint8Array, from: number, to: number): void {
    this.room(to - from);
    // A byte loop: a subarray per range allocated more than the copy cost.
    const b = this.bytes;
    let n = this.length;
    for (let i = from; i < to; i++) b[n++] = payload[i] as number;
    this.length = n;
  }

  /** A number as 4 bytes (lengths, presence). */
  u32(v: number): void {
    this.room(4);
    const b = this.bytes;
    const n = this.length;
    b[n] = v & 0xff;
    b[n + 1] = (v >>> 8) & 0xff;
    b[n + 2] = (v >>> 16) & 0xff;
    b[n + 3] = (v >>> 24) & 0xff;
    this.length += 4;
  }

  equals(other: Uint8Array): boolean {
    if (other.length !== this.length) return false;
    const b = this.bytes;
    for (let i = 0; i < other.length; i++) if (b[i] !== other[i]) return false;
    return true;
  }

  copy(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

interface Entry<T> {
  readonly fingerprint: Uint8Array;
  readonly value: T;
}

/** The cookie as a map key: a number while exact (every cookie in practice), else text. */
function cookieKey(p: Uint8Array): number | string {
  // Read byte by byte: a DataView per socket per tick cost more than the read.
  const lo =
    ((p[44] as number) | ((p[45] as number) << 8) | ((p[46] as number) << 16)) +
    (p[47] as number) * 0x100_0000;
  const hi =
    ((p[48] as number) | ((p[49] as number) << 8) | ((p[50] as number) << 16)) +
    (p[51] as number) * 0x100_0000;
  return hi < 0x200000 ? hi * 0x1_0000_0000 + lo : `${hi}:${lo}`;
}

/** A cache of sampled objects by cookie, rebuilt every tick with only the sockets seen in it. */
class Cache<T> {
  private last = new Map<number | string, Entry<T>>();
  private next = new Map<number | string, Entry<T>>();

  /** The value for `payload`: last tick's when the fingerprint matches, else `decode()`. */
  get(payload: Uint8Array, fp: Fingerprint, decode: () => T): { value: T; decoded: boolean } {
    const key = cookieKey(payload);
    const before = this.last.get(key) ?? this.next.get(key);
    if (before && fp.equals(before.fingerprint)) {
      this.next.set(key, before);
      return { value: before.value, decoded: false };
    }
    const value = decode();
    this.next.set(key, { fingerprint: fp.copy(), value });
    return { value, decoded: true };
  }

  /** Ends a tick: sockets not seen in it are forgotten. */
  rotate(): void {
    this.last = this.next;
    this.next = new Map();
  }
}

const viewOf = (payload: Uint8Array): DataView =>
  new DataView(payload.buffer, payload.byteOffset, payload.byteLength);

/**
 * Per kernel thread: decodes MPTCP sockets and TCP sockets of one tick's dumps, reusing last
 * tick's result for every socket whose relevant bytes are unchanged. Call `endTick()` after
 * both dumps of a tick.
 */
export class SocketSampler<M, S> {
  /** Sockets decoded in full since the sampler was made (the rest came from the cache). */
  decodes = 0;
  private readonly fp = new Fingerprint();
  private readonly found: Found = { infoStart: -1, infoLength: 0, ulpStart: -1, ulpLength: 0 };
  private readonly sockets = new Cache<M>();
  private readonly subflows = new Cache<S>();

  constructor(
    /** Builds the sampled MPTCP socket from its decoded record. */
    private readonly toSocket: (r: ReturnType<typeof decodeMptcpSocket>) => M,
    /** Builds the sampled subflow from its decoded record. */
    private readonly toSubflow: (r: TcpSocketRecord) => S,
  ) {}

  /** One reply of the MPTCP dump. */
  mptcpSocket(payload: Uint8Array): M {
    const { fp, found } = this;
    findAttrs(viewOf(payload), found, 'MPTCP sock_diag reply');
    fp.length = 0;
    fp.ranges(payload, 0, INET_DIAG_MSG_SIZE, HEAD_RANGES);
    fp.u32(found.infoStart < 0 ? 0xffffffff : found.infoLength);
    if (found.infoStart >= 0)
      fp.ranges(payload, found.infoStart, found.infoLength, MPTCP_INFO_RANGES);
    const r = this.sockets.get(payload, fp, () => this.toSocket(decodeMptcpSocket(payload)));
    if (r.decoded) this.decodes++;
    return r.value;
  }

  /**
   * One reply of the TCP dump: a subflow (ULP "mptcp") becomes a sampled subflow; an
   * established plain TCP socket is decoded and returned as such for the caller to filter; any
   * other socket is skipped (null).
   */
  tcpSocket(
    payload: Uint8Array,
  ): { readonly subflow: S } | { readonly plain: TcpSocketRecord } | null {
    const { fp, found } = this;
    const view = viewOf(payload);
    findAttrs(view, found, 'TCP sock_diag reply');
    const subflow = found.ulpStart >= 0 && isMptcpUlp(view, found.ulpStart, found.ulpLength);
    if (!subflow) {
      if (payload[1] !== TCP_ESTABLISHED) return null;
      return { plain: decodeTcpSocket(payload) };
    }
    fp.length = 0;
    fp.ranges(payload, 0, INET_DIAG_MSG_SIZE, HEAD_RANGES);
    fp.u32(found.infoStart < 0 ? 0xffffffff : found.infoLength);
    if (found.infoStart >= 0)
      fp.ranges(payload, found.infoStart, found.infoLength, TCP_INFO_RANGES);
    fp.u32(found.ulpLength);
    fp.raw(payload, found.ulpStart, found.ulpStart + found.ulpLength);
    const r = this.subflows.get(payload, fp, () => this.toSubflow(decodeTcpSocket(payload)));
    if (r.decoded) this.decodes++;
    return { subflow: r.value };
  }

  /** Ends a tick: forgets the sockets it did not see. */
  endTick(): void {
    this.sockets.rotate();
    this.subflows.rotate();
  }
}
