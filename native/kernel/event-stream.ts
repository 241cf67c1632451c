// The main thread's subscription to path-manager events of one namespace, served by an event
// thread. `open` resolves once the kernel accepted the subscription, or rejects with the reason
// (e.g. PermissionError: joining the events group needs CAP_NET_ADMIN).
import type { Worker } from 'node:worker_threads';
import { validateNetnsName } from '../netns.js';
import type { PmKernelEvent } from '../mptcp-pm/events.js';
import { Wake, startOrClose } from '../netlink/wake.js';
import type { EventThreadData, EventThreadMessage } from './event-protocol.js';
import { KernelFailure } from './wire-error.js';
import { startWorker } from './worker-url.js';

export interface EventStreamHandlers {
  /** Events from one datagram, oldest first, with the time they were received. */
  onEvents(time: number, events: PmKernelEvent[]): void;
  /** The kernel dropped events: re-read state from a dump. */
  onOverflow(time: number): void;
  /** The stream ended with an error after it had started (e.g. the namespace was deleted). */
  onError(error: KernelFailure): void;
}

export interface EventStreamOptions {
  readonly netns: string | null;
  /** Subscribe even though the userspace path manager is active (changes kernel behaviour). */
  readonly allowUserspacePm?: boolean;
  /** Receive buffer for events (default 4 MiB); a small one makes the kernel drop events. */
  readonly receiveBufferBytes?: number;
}

export class PmEventStream {
  private closed = false;

  private constructor(
    private readonly worker: Worker,
    private readonly stop: Int32Array,
    private readonly wake: Wake,
  ) {
    // The eventfd outlives the thread, so a wake-up never lands on a reused fd number.
    worker.once('exit', () => {
      wake.close();
    });
  }

  static open(options: EventStreamOptions, handlers: EventStreamHandlers): Promise<PmEventStream> {
    if (options.netns !== null) validateNetnsName(options.netns);
    const stopBuffer = new SharedArrayBuffer(4);
    const wake = Wake.open();
    const data: EventThreadData = {
      netns: options.netns,
      stop: stopBuffer,
      wakeFd: wake.fd,
      allowUserspacePm: options.allowUserspacePm ?? false,
      ...(options.receiveBufferBytes !== undefined
        ? { receiveBufferBytes: options.receiveBufferBytes }
        : {}),
    };
    const worker = startOrClose(wake, () => startWorker(import.meta.url, 'event-thread', data));
    const stream = new PmEventStream(worker, new Int32Array(stopBuffer), wake);
    return new Promise((resolve, reject) => {
      let started = false;
      worker.on('message', (m: EventThreadMessage) => {
        switch (m.kind) {
          case 'ready':
            started = true;
            resolve(stream);
            break;
          case 'events':
            handlers.onEvents(m.time, m.events);
            break;
          case 'overflow':
            handlers.onOverflow(m.time);
            break;
          case 'error': {
            const failure = new KernelFailure(m.error);
            if (started) handlers.onError(failure);
            else reject(failure);
            break;
          }
        }
      });
      worker.on('error', (err) => {
        const failure = new KernelFailure({
          code: 'internal',
          name: err.name,
          message: err.message,
        });
        if (started) handlers.onError(failure);
        else reject(failure);
      });
      worker.on('exit', () => {
        if (!started) {
          reject(
            new KernelFailure({ code: 'internal', name: 'Error', message: 'event thread exited' }),
          );
        }
      });
    });
  }

  /** Stops listening; resolves when the thread has closed its socket. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.stop, 0, 1);
    this.wake.wake();
    const exited = new Promise<void>((resolve) =>
      this.worker.once('exit', () => {
        resolve();
      }),
    );
    const timer = setTimeout(() => void this.worker.terminate(), 2000);
    await exited;
    clearTimeout(timer);
  }
}
