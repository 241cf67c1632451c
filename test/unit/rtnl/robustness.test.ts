import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMessages } from '../../../native/netlink/message.js';
import type { NlMessage } from '../../../native/netlink/message.js';
import { decodeAddress } from '../../../native/rtnl/address.js';
import { decodeLink } from '../../../native/rtnl/link.js';
import { decodeRoute } from '../../../native/rtnl/route.js';
import { decodeRule } from '../../../native/rtnl/rule.js';
import { mutate, randomBytes, seededRandom, unexpectedError } from '../../support/fuzz.js';

// Every captured rtnetlink datagram (test/fixtures/capture/rtnl.ts), cut and scrambled: each
// decoder must return or throw DecodeError, never anything else, and never hang.
const dir = new URL('../../fixtures/rtnl/', import.meta.url);
const captures = readdirSync(dir)
  .filter((f) => f.endsWith('.bin'))
  .sort()
  .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(new URL(f, dir))) }));

const decoders: Record<number, (m: NlMessage) => unknown> = {
  16: decodeLink,
  20: decodeAddress,
  24: decodeRoute,
  32: decodeRule,
};
const decodeAll = (bytes: Uint8Array): void => {
  for (const m of parseMessages(bytes)) decoders[m.type]?.(m);
};
const decodeAs = (type: number, payload: Uint8Array): void => {
  decoders[type]?.({ type, flags: 0, seq: 0, pid: 0, payload });
};

describe('rtnetlink decoders on damaged input', () => {
  it('has captures of every kind', () => {
    const types = new Set(captures.flatMap((c) => parseMessages(c.bytes).map((m) => m.type)));
    expect([...types].sort((a, b) => a - b)).toEqual([3, 16, 20, 21, 24, 32]);
  });

  for (const { name, bytes } of captures) {
    it(`decodes or rejects every truncation of ${name}`, () => {
      for (let n = 0; n <= bytes.length; n++) {
        expect(
          unexpectedError(() => {
            decodeAll(bytes.subarray(0, n));
          }),
        ).toBeUndefined();
      }
      // Cutting each message's payload reaches the decoders rather than the nlmsghdr check.
      for (const m of parseMessages(bytes)) {
        for (let n = 0; n <= m.payload.length; n++) {
          expect(
            unexpectedError(() => {
              decodeAs(m.type, m.payload.subarray(0, n));
            }),
          ).toBeUndefined();
        }
      }
    });
  }

  it('survives seeded random mutations of every capture', () => {
    const rand = seededRandom(0x5fe);
    for (const { bytes } of captures) {
      for (let i = 0; i < 400; i++) {
        const damaged = mutate(rand, bytes, 1 + Math.floor(rand() * 6));
        expect(
          unexpectedError(() => {
            decodeAll(damaged);
          }),
        ).toBeUndefined();
      }
    }
  });

  it('survives random payloads for each message type', () => {
    const rand = seededRandom(42);
    for (let i = 0; i < 2000; i++) {
      const type = [16, 20, 24, 32][i % 4] ?? 16;
      const payload = randomBytes(rand, Math.floor(rand() * 96));
      expect(
        unexpectedError(() => {
          decodeAs(type, payload);
        }),
      ).toBeUndefined();
    }
  });
});
