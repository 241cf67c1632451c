// Messages from an event thread to the main thread.
import type { PmKernelEvent } from '../mptcp-pm/events.js';
import type { WireError } from './wire-error.js';

export type EventThreadMessage =
  /** Subscribed: events flow from now on. */
  | { readonly kind: 'ready' }
  /** Events decoded from one datagram, with the wall-clock time they were received. */
  | { readonly kind: 'events'; readonly time: number; readonly events: PmKernelEvent[] }
  /** The kernel dropped events (ENOBUFS): the consumer should re-read state from a dump. */
  | { readonly kind: 'overflow'; readonly time: number }
  /** The subscription failed or ended; the thread exits after sending this. */
  | { readonly kind: 'error'; readonly error: WireError };

export interface EventThreadData {
  readonly netns: string | null;
  /** Int32Array[1] over this buffer: set to 1 to stop the thread. */
  readonly stop: SharedArrayBuffer;
  /** An eventfd the main thread writes to (after setting `stop`) to end the thread's wait. */
  readonly wakeFd: number;
  /** Subscribe even when the userspace path manager is active (see event-stream.ts). */
  readonly allowUserspacePm: boolean;
  /** Socket receive buffer in bytes (default 4 MiB); tests shrink it to provoke overflow. */
  readonly receiveBufferBytes?: number;
}
