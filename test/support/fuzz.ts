// Helpers for decoder robustness tests: a seeded PRNG (so a failure reproduces) and the
// standard assertion that a decoder either returns or throws DecodeError on any input.
import { DecodeError } from '../../native/errors.js';

/** mulberry32: small, fast, deterministic. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomBytes(rand: () => number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(rand() * 256);
  return out;
}

/** Flips a few random bytes of a copy of `bytes`. */
export function mutate(rand: () => number, bytes: Uint8Array, flips = 3): Uint8Array {
  const out = bytes.slice();
  for (let i = 0; i < flips && out.length > 0; i++) {
    out[Math.floor(rand() * out.length)] = Math.floor(rand() * 256);
  }
  return out;
}

/** Returns the error if `fn` threw something other than a DecodeError, else undefined. */
export function unexpectedError(fn: () => unknown): unknown {
  try {
    fn();
    return undefined;
  } catch (err) {
    return err instanceof DecodeError ? undefined : err;
  }
}
