// The main thread's subscription to interface and address changes of one namespace, served by a
// link-watch thread. The small API both the re-application of remembered choices and any other
// "state may have changed" consumer use: onLinkOrAddressChange(netns, handler) → a stop function.
import type { Worker } from 'node:worker_threads';
import { validateNetnsName } from '../netns.js';
import { Wake, startOrClose } from '../netlink/wake.js';
import type { LinkOrAddressChange } from '../rtnl/notifications.js';
import type { LinkWatchData, LinkWatchMessage } from './link-watch-protocol.js';
import { KernelFailure } from './wire-error.js';
import { startWorker } from './worker-url.js';

export type { LinkOrAddressChange } from '../rtnl/notifications.js';

export interface LinkWatchHandlers {
  /** Changes from one datagram, in the kernel's order, with the time they were received. */
  onChanges(time: number, changes: readonly LinkOrAddressChange[]): void;
  /** The kernel dropped notifications: re-read links and addresses. */
  onOverflow?(time: number): void;
  /** The watch ended with an error after it had started. */
  onError?(error: KernelFailure): void;
}

/** A running watch; close() stops its thread. */
export interface LinkWatch {
  close(): Promise<void>;
}

/**
 * Starts watching links and addresses of `netns` (null = this process's namespace). Resolves
 * once the kernel accepted the subscription, or rejects with the reason.
 */
export function onLinkOrAddressChange(
  netns: string | null,
  handlers: LinkWatchHandlers,
): Promise<LinkWatch> {
  if (netns !== null) validateNetnsName(netns);
  const stopBuffer = new SharedArrayBuffer(4);
  const wake = Wake.open();
  const data: LinkWatchData = { netns, stop: stopBuffer, wakeFd: wake.fd };
  const worker = startOrClose(wake, () => startWorker(import.meta.url, 'link-watch-thread', data));
  const watch = linkWatch(worker, new Int32Array(stopBuffer), wake);
  return new Promise((resolve, reject) => {
    let started = false;
    const fail = (failure: KernelFailure): void => {
      if (started) handlers.onError?.(failure);
      else reject(failure);
    };
    worker.on('message', (m: LinkWatchMessage) => {
      switch (m.kind) {
        case 'ready':
          started = true;
          resolve(watch);
          break;
        case 'changes':
          handlers.onChanges(m.time, m.changes);
          break;
        case 'overflow':
          handlers.onOverflow?.(m.time);
          break;
        case 'error':
          fail(new KernelFailure(m.error));
          break;
      }
    });
    worker.on('error', (err) => {
      fail(new KernelFailure({ code: 'internal', name: err.name, message: err.message }));
    });
    worker.on('exit', () => {
      if (!started) {
        reject(
          new KernelFailure({
            code: 'internal',
            name: 'Error',
            message: 'link-watch thread exited',
          }),
        );
      }
    });
  });
}

function linkWatch(worker: Worker, stop: Int32Array, wake: Wake): LinkWatch {
  let closing: Promise<void> | null = null;
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', () => {
      // The eventfd outlives the thread, so a wake-up never lands on a reused fd number.
      wake.close();
      resolve();
    });
  });
  return {
    close() {
      closing ??= (async () => {
        Atomics.store(stop, 0, 1);
        wake.wake();
        const timer = setTimeout(() => void worker.terminate(), 2000);
        await exited;
        clearTimeout(timer);
      })();
      return closing;
    },
  };
}
