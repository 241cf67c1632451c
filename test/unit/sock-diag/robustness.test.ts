// Malformed input: every truncation of every captured reply, and seeded random mutations, must
// either decode or throw DecodeError — never another exception, never a hang.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../native/errors.js';
import { parseMessages } from '../../../native/netlink/message.js';
import {
  decodeMptcpSocket,
  decodeMptcpSubflow,
  decodeTcpSocket,
} from '../../../native/sock-diag/records.js';
import { SOCK_DIAG_BY_FAMILY } from '../../../native/sock-diag/request.js';
import { mutate, randomBytes, seededRandom, unexpectedError } from '../../support/fuzz.js';

const DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'sock-diag');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.bin'));

const decoders = [decodeMptcpSocket, decodeTcpSocket, decodeMptcpSubflow] as const;

/** Decodes a datagram the way dump.ts does, with every decoder. */
function decodeDatagram(bytes: Uint8Array): void {
  for (const msg of parseMessages(bytes)) {
    if (msg.type !== SOCK_DIAG_BY_FAMILY) continue;
    for (const decode of decoders) decode(msg.payload);
  }
}

const payloadsOf = (file: string): Uint8Array[] =>
  parseMessages(new Uint8Array(readFileSync(join(DIR, file))))
    .filter((m) => m.type === SOCK_DIAG_BY_FAMILY)
    .map((m) => m.payload.slice());

describe('sock_diag decoders on malformed input', () => {
  it('has fixtures to work on', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(10);
  });

  it.each(FILES)('every truncation of each message in %s decodes or throws DecodeError', (file) => {
    for (const payload of payloadsOf(file)) {
      for (let n = 0; n <= payload.byteLength; n++) {
        const cut = payload.subarray(0, n);
        for (const decode of decoders) {
          expect(unexpectedError(() => decode(cut))).toBeUndefined();
        }
      }
    }
  });

  it('says where a short head is', () => {
    const payload = payloadsOf('client-mptcp-v4-0.bin')[0]!;
    expect(() => decodeMptcpSocket(payload.subarray(0, 71))).toThrow(DecodeError);
    expect(() => decodeTcpSocket(payload.subarray(0, 76))).toThrow(/does not fit/);
  });

  it.each(FILES)('every truncation of the datagram %s decodes or throws DecodeError', (file) => {
    const bytes = new Uint8Array(readFileSync(join(DIR, file)));
    for (let n = 0; n <= bytes.byteLength; n++) {
      expect(
        unexpectedError(() => {
          decodeDatagram(bytes.subarray(0, n));
        }),
      ).toBeUndefined();
    }
  });

  it('survives seeded random mutations of real replies (bounded)', () => {
    const rand = seededRandom(0x5fc0d1a6);
    const payloads = FILES.flatMap(payloadsOf);
    for (let i = 0; i < 3000; i++) {
      const source = payloads[Math.floor(rand() * payloads.length)]!;
      const bytes = mutate(rand, source, 1 + Math.floor(rand() * 6));
      for (const decode of decoders) {
        const err = unexpectedError(() => decode(bytes));
        if (err !== undefined) throw new Error(`iteration ${i}`, { cause: err });
      }
    }
  });

  it('survives random bytes with a valid-looking head (bounded)', () => {
    const rand = seededRandom(20);
    const head = payloadsOf('client-tcp-v4-0.bin')[0]!.subarray(0, 72);
    for (let i = 0; i < 2000; i++) {
      const tail = randomBytes(rand, Math.floor(rand() * 400));
      const bytes = new Uint8Array(72 + tail.byteLength);
      bytes.set(head);
      bytes.set(tail, 72);
      for (const decode of decoders) {
        const err = unexpectedError(() => decode(bytes));
        if (err !== undefined) throw new Error(`iteration ${i}`, { cause: err });
      }
    }
  });
});
