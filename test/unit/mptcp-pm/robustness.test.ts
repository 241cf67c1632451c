// Hostile input for the mptcp_pm decoders: every truncation of every captured datagram and
// payload, and a seeded random fuzz. Each input must decode or throw DecodeError: never another
// exception, never a hang.
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../native/errors.js';
import { decodeEndpoint, decodeEvent, decodeLimits } from '../../../native/mptcp-pm/index.js';
import { parseMessages } from '../../../native/netlink/message.js';
import type { NlMessage } from '../../../native/netlink/message.js';
import { allFixtureNames, fixtureBytes, FIXTURE_FAMILY_ID } from '../../fixtures/mptcp-pm/load.js';
import { seededRandom } from '../../support/fuzz.js';

const FAMILY_ID = FIXTURE_FAMILY_ID;

/** The decoder that fits a fixture's content. */
function decoderFor(name: string): (msg: NlMessage) => unknown {
  if (name.startsWith('event-')) return decodeEvent;
  if (name.includes('get-limits')) return decodeLimits;
  return decodeEndpoint;
}

/** Parses and decodes; returns 'ok' or 'decode-error', rethrows anything else. */
function attempt(bytes: Uint8Array, decode: (msg: NlMessage) => unknown): 'ok' | 'decode-error' {
  try {
    for (const msg of parseMessages(bytes)) if (msg.type === FAMILY_ID) decode(msg);
    return 'ok';
  } catch (err) {
    if (err instanceof DecodeError) return 'decode-error';
    throw err;
  }
}

const fixtures = allFixtureNames().filter((n) => n !== 'ctrl-family.bin');

describe('truncation', () => {
  it('every prefix of every datagram decodes or throws DecodeError', () => {
    let errors = 0;
    for (const name of fixtures) {
      const bytes = fixtureBytes(name);
      for (let n = 0; n <= bytes.byteLength; n++) {
        if (attempt(bytes.subarray(0, n), decoderFor(name)) === 'decode-error') errors++;
      }
    }
    expect(errors).toBeGreaterThan(0);
  });

  it('every prefix of every message payload (the attribute walk itself) too', () => {
    for (const name of fixtures) {
      const decode = decoderFor(name);
      for (const msg of parseMessages(fixtureBytes(name))) {
        for (let n = 0; n < msg.payload.byteLength; n++) {
          const cut: NlMessage = { ...msg, payload: msg.payload.slice(0, n) };
          try {
            decode(cut);
          } catch (err) {
            expect(err).toBeInstanceOf(DecodeError);
          }
        }
      }
    }
  });
});

describe('fuzz', () => {
  it('random byte flips, length changes and splices (seeded, bounded)', () => {
    const random = seededRandom(0x5eed_1234);
    const pick = (n: number): number => Math.floor(random() * n);
    const outcomes = { ok: 0, 'decode-error': 0 };
    for (let i = 0; i < 4000; i++) {
      const name = fixtures[pick(fixtures.length)] ?? 'cli-get-limits.bin';
      const bytes = fixtureBytes(name).slice();
      const mutations = 1 + pick(4);
      for (let m = 0; m < mutations; m++) {
        const at = pick(bytes.byteLength);
        switch (pick(4)) {
          case 0: // flip a byte
            bytes[at] = pick(256);
            break;
          case 1: // plausible small lengths in a length field
            bytes[at] = pick(24);
            break;
          case 2: // zero a run
            bytes.fill(0, at, at + 1 + pick(8));
            break;
          default: // copy a run from elsewhere
            bytes.copyWithin(at, pick(bytes.byteLength), pick(bytes.byteLength));
        }
      }
      // Keep most inputs recognisable as our messages so the decoders, not the framing, run.
      if (random() < 0.8 && bytes.byteLength >= 16) {
        new DataView(bytes.buffer).setUint16(4, FAMILY_ID, true);
        new DataView(bytes.buffer).setUint32(0, bytes.byteLength, true);
      }
      const cut = random() < 0.3 ? bytes.subarray(0, pick(bytes.byteLength + 1)) : bytes;
      outcomes[attempt(cut, decoderFor(name))]++;
    }
    expect(outcomes.ok + outcomes['decode-error']).toBe(4000);
    expect(outcomes.ok).toBeGreaterThan(100);
    expect(outcomes['decode-error']).toBeGreaterThan(100);
  });
});
