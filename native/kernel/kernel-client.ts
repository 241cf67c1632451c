// The main thread's handle on one network namespace: starts a kernel thread there and turns
// its operations into typed, promise-returning calls. Requests are served in order.
import type { Worker } from 'node:worker_threads';
import { validateNetnsName } from '../netns.js';
import type { KernelOpArgs, KernelOpName, KernelOpResult } from './kernel-ops.js';
import type { ThreadReply, ThreadRequest } from './thread-protocol.js';
import { KernelFailure } from './wire-error.js';
import { startWorker } from './worker-url.js';

export interface KernelClientOptions {
  /** Named namespace under /run/netns, or null for this process's own. */
  readonly netns: string | null;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

export class KernelClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private exitError: Error | null = null;

  constructor(readonly options: KernelClientOptions) {
    if (options.netns !== null) validateNetnsName(options.netns);
    this.worker = startWorker(import.meta.url, 'kernel-thread', { netns: options.netns });
    this.worker.unref();
    this.worker.on('message', (reply: ThreadReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.value);
      else p.reject(new KernelFailure(reply.error));
    });
    const fail = (err: Error): void => {
      // Keep the first cause: an uncaught error is followed by a plainer 'exit'.
      this.exitError ??= err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => {
      fail(new Error(`kernel thread exited (code ${code})`));
    });
  }

  call<K extends KernelOpName>(op: K, args: KernelOpArgs<K>): Promise<KernelOpResult<K>> {
    if (this.exitError) return Promise.reject(this.exitError);
    const id = this.nextId++;
    const req: ThreadRequest = { id, op, args };
    return new Promise<KernelOpResult<K>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve, reject });
      this.worker.ref();
      this.worker.postMessage(req);
    }).finally(() => {
      if (this.pending.size === 0) this.worker.unref();
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
