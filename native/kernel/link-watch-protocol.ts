// Messages between the main thread and a link-watch thread (see link-watch.ts).
import type { LinkOrAddressChange } from '../rtnl/notifications.js';
import type { WireError } from './wire-error.js';

export type LinkWatchMessage =
  /** Joined the groups: changes flow from now on. */
  | { readonly kind: 'ready' }
  /** Changes decoded from one datagram, with the wall-clock time they were received. */
  | { readonly kind: 'changes'; readonly time: number; readonly changes: LinkOrAddressChange[] }
  /** The kernel dropped notifications (ENOBUFS): anything may have changed. */
  | { readonly kind: 'overflow'; readonly time: number }
  /** The subscription failed or ended; the thread exits after sending this. */
  | { readonly kind: 'error'; readonly error: WireError };

export interface LinkWatchData {
  readonly netns: string | null;
  /** Int32Array[1] over this buffer: set to 1 to stop the thread. */
  readonly stop: SharedArrayBuffer;
  /** An eventfd the main thread writes to (after setting `stop`) to end the thread's wait. */
  readonly wakeFd: number;
}
