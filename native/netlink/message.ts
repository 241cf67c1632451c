// Netlink messages (struct nlmsghdr): splitting a received datagram into messages, building
// requests, and deciding from the replies whether a request has finished. Pure.
import { DecodeError, NetlinkError } from '../errors.js';
import { align4, attrMap, attrString, parseAttrs } from './attrs.js';

export const NLMSG_HDRLEN = 16;
export const NLMSG_NOOP = 1;
export const NLMSG_ERROR = 2;
export const NLMSG_DONE = 3;
export const NLMSG_OVERRUN = 4;

export const NLM_F_REQUEST = 0x1;
export const NLM_F_MULTI = 0x2;
export const NLM_F_ACK = 0x4;
export const NLM_F_DUMP_INTR = 0x10;
export const NLM_F_DUMP = 0x300;
/** In an NLMSG_ERROR: the echoed request was cut / extended-ack TLVs follow. */
const NLM_F_CAPPED = 0x100;
const NLM_F_ACK_TLVS = 0x200;
const NLMSGERR_ATTR_MSG = 1;

/** One message; `payload` is a view after the 16-byte header. */
export interface NlMessage {
  readonly type: number;
  readonly flags: number;
  readonly seq: number;
  readonly pid: number;
  readonly payload: Uint8Array;
}

/** Splits one datagram into its messages. Never loops forever: every step advances ≥ 16 bytes. */
export function parseMessages(buf: Uint8Array): NlMessage[] {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: NlMessage[] = [];
  let off = 0;
  while (off + NLMSG_HDRLEN <= buf.byteLength) {
    const len = view.getUint32(off, true);
    if (len < NLMSG_HDRLEN || off + len > buf.byteLength) {
      throw new DecodeError(
        'netlink message',
        off,
        `length ${len} does not fit in ${buf.byteLength - off} bytes`,
      );
    }
    out.push({
      type: view.getUint16(off + 4, true),
      flags: view.getUint16(off + 6, true),
      seq: view.getUint32(off + 8, true),
      pid: view.getUint32(off + 12, true),
      payload: buf.subarray(off + NLMSG_HDRLEN, off + len),
    });
    off += align4(len);
  }
  if (off < buf.byteLength && buf.byteLength - off >= 4) {
    throw new DecodeError('netlink message', off, `${buf.byteLength - off} trailing bytes`);
  }
  return out;
}

export function encodeMessage(
  type: number,
  flags: number,
  seq: number,
  payload: Uint8Array,
): Uint8Array {
  const len = NLMSG_HDRLEN + payload.byteLength;
  const out = new Uint8Array(align4(len));
  const view = new DataView(out.buffer);
  view.setUint32(0, len, true);
  view.setUint16(4, type, true);
  view.setUint16(6, flags, true);
  view.setUint32(8, seq, true);
  view.setUint32(12, 0, true);
  out.set(payload, NLMSG_HDRLEN);
  return out;
}

/** The error code (negative errno, 0 = ACK) and the kernel's extended-ack text, if any. */
export function decodeError(msg: NlMessage): { errno: number; message: string | undefined } {
  const p = msg.payload;
  if (p.byteLength < 4) throw new DecodeError('nlmsgerr', 0, `${p.byteLength} bytes, need 4`);
  const view = new DataView(p.buffer, p.byteOffset, p.byteLength);
  const errno = -view.getInt32(0, true);
  let message: string | undefined;
  if (msg.type === NLMSG_ERROR && msg.flags & NLM_F_ACK_TLVS && p.byteLength >= 4 + NLMSG_HDRLEN) {
    // The echoed request header follows; with NLM_F_CAPPED only the header, else the whole request.
    const echoedLen = view.getUint32(4, true);
    const skip = 4 + (msg.flags & NLM_F_CAPPED ? NLMSG_HDRLEN : align4(echoedLen));
    if (skip <= p.byteLength) {
      const tlv = attrMap(parseAttrs(p.subarray(skip), 'extended ack'));
      const m = tlv.get(NLMSGERR_ATTR_MSG);
      if (m) message = attrString(m);
    }
  } else if (msg.type === NLMSG_DONE && msg.flags & NLM_F_ACK_TLVS && p.byteLength > 4) {
    const m = attrMap(parseAttrs(p.subarray(4), 'extended ack')).get(NLMSGERR_ATTR_MSG);
    if (m) message = attrString(m);
  }
  return { errno, message };
}

/**
 * Collects the replies to one request across datagrams. Feed each datagram's messages; it
 * returns true once the request is complete (NLMSG_DONE for a dump, the ACK otherwise) and
 * throws NetlinkError if the kernel reported an error. Messages of other sequence numbers
 * (stale replies) are ignored.
 */
export class ReplyCollector {
  readonly messages: NlMessage[] = [];

  constructor(
    private readonly operation: string,
    private readonly seq: number,
    private readonly dump: boolean,
    /** Given each reply message instead of keeping it in `messages` (see requestEach). */
    private readonly sink?: (msg: NlMessage) => void,
  ) {}

  feed(batch: readonly NlMessage[]): boolean {
    for (const msg of batch) {
      if (msg.seq !== this.seq) continue;
      if (msg.type === NLMSG_ERROR || msg.type === NLMSG_DONE) {
        const { errno, message } = decodeError(msg);
        if (errno !== 0) throw new NetlinkError(this.operation, errno, message);
        if (msg.type === NLMSG_DONE || !this.dump) return true;
        continue;
      }
      if (msg.type === NLMSG_NOOP || msg.type === NLMSG_OVERRUN) continue;
      if (this.sink) this.sink(msg);
      else this.messages.push(msg);
    }
    return false;
  }
}
