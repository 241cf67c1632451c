import { describe, expect, it } from 'vitest';
import { DecodeError, NetlinkError } from '../../../native/errors.js';
import { concatBytes, encodeString } from '../../../native/netlink/attrs.js';
import {
  NLMSG_DONE,
  NLMSG_ERROR,
  NLM_F_MULTI,
  ReplyCollector,
  encodeMessage,
  parseMessages,
} from '../../../native/netlink/message.js';
import { mutate, seededRandom, unexpectedError } from '../../support/fuzz.js';

const int32 = (v: number): Uint8Array => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setInt32(0, v, true);
  return b;
};

describe('netlink messages', () => {
  it('splits a datagram holding several messages', () => {
    const a = encodeMessage(20, NLM_F_MULTI, 7, Uint8Array.of(1, 2, 3));
    const b = encodeMessage(NLMSG_DONE, NLM_F_MULTI, 7, int32(0));
    const msgs = parseMessages(concatBytes([a, b]));
    expect(msgs.map((m) => [m.type, m.seq, m.payload.byteLength])).toEqual([
      [20, 7, 3],
      [NLMSG_DONE, 7, 4],
    ]);
  });

  it('rejects a header whose length overruns the datagram', () => {
    const m = encodeMessage(20, 0, 1, new Uint8Array(8));
    expect(() => parseMessages(m.subarray(0, 20))).toThrow(DecodeError);
  });

  it('collects a dump until NLMSG_DONE and ignores stale sequence numbers', () => {
    const c = new ReplyCollector('dump', 9, true);
    const part = parseMessages(
      concatBytes([
        encodeMessage(20, NLM_F_MULTI, 8, new Uint8Array(4)),
        encodeMessage(20, NLM_F_MULTI, 9, new Uint8Array(4)),
      ]),
    );
    expect(c.feed(part)).toBe(false);
    expect(c.feed(parseMessages(encodeMessage(NLMSG_DONE, NLM_F_MULTI, 9, int32(0))))).toBe(true);
    expect(c.messages).toHaveLength(1);
  });

  it('turns an error ACK with extended-ack text into a NetlinkError', () => {
    // errno -2, the echoed header (capped), then NLMSGERR_ATTR_MSG.
    const echoed = encodeMessage(28, 5, 3, new Uint8Array(0));
    const payload = concatBytes([int32(-2), echoed, encodeString(1, 'address not found')]);
    const err = encodeMessage(NLMSG_ERROR, 0x100 | 0x200, 3, payload);
    const c = new ReplyCollector('delete endpoint 5', 3, false);
    expect(() => c.feed(parseMessages(err))).toThrow(NetlinkError);
    expect(() => c.feed(parseMessages(err))).toThrow(
      'delete endpoint 5 failed: ENOENT (2): address not found',
    );
  });

  it('finishes a non-dump request at its ACK', () => {
    const ack = encodeMessage(NLMSG_ERROR, 0x100, 4, concatBytes([int32(0), new Uint8Array(16)]));
    const c = new ReplyCollector('set limits', 4, false);
    expect(c.feed(parseMessages(ack))).toBe(true);
  });

  it('never throws anything but DecodeError on mutated datagrams', () => {
    const rand = seededRandom(99);
    const base = concatBytes([
      encodeMessage(20, NLM_F_MULTI, 1, new Uint8Array(12)),
      encodeMessage(NLMSG_DONE, NLM_F_MULTI, 1, int32(0)),
    ]);
    for (let i = 0; i < 2000; i++) {
      const bytes = mutate(rand, base, 4).subarray(0, Math.floor(rand() * (base.length + 1)));
      expect(unexpectedError(() => parseMessages(bytes))).toBeUndefined();
    }
  });
});
