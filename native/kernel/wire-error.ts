// Errors as data across thread and process boundaries: structured clone drops an Error's class
// and own fields, so they travel as { code, message, ... } and come back as KernelFailure.
import { KernelError } from '../errors.js';
import type { KernelErrorCode } from '../errors.js';

export interface WireError {
  readonly code: KernelErrorCode | 'internal';
  readonly name: string;
  readonly message: string;
  /** errno for netlink/ffi errors. */
  readonly errno?: number;
}

export function toWireError(err: unknown): WireError {
  if (err instanceof KernelError) {
    const errno = (err as { errno?: unknown }).errno;
    return {
      code: err.code,
      name: err.name,
      message: err.message,
      ...(typeof errno === 'number' ? { errno } : {}),
    };
  }
  if (err instanceof Error) return { code: 'internal', name: err.name, message: err.message };
  return { code: 'internal', name: 'Error', message: String(err) };
}

/** A kernel-side failure re-raised on the calling thread, with its code intact. */
export class KernelFailure extends Error {
  readonly code: WireError['code'];
  readonly errno: number | undefined;
  constructor(wire: WireError) {
    super(wire.message);
    this.name = wire.name;
    this.code = wire.code;
    this.errno = wire.errno;
  }
}
