// Messages between the main thread and a kernel thread.
import type { WireError } from './wire-error.js';

export interface ThreadRequest {
  readonly id: number;
  readonly op: string;
  readonly args: unknown;
}

export type ThreadReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: WireError };
