// Worker-thread entry: enters the requested network namespace for good (setns affects only this
// thread), then serves kernel operations one at a time. The main thread never blocks on netlink.
import { parentPort, workerData } from 'node:worker_threads';
import { enterNetns } from '../netns.js';
import { KernelContext } from './kernel-context.js';
import { kernelOps, isKernelOp } from './kernel-ops.js';
import { toWireError } from './wire-error.js';
import type { ThreadReply, ThreadRequest } from './thread-protocol.js';

const port = parentPort;
if (!port) throw new Error('kernel-thread must run as a worker thread');
const { netns } = workerData as { netns: string | null };

let ctx: KernelContext | null = null;
let startError: Error | null = null;
try {
  if (netns !== null) enterNetns(netns);
  ctx = new KernelContext(netns);
} catch (err) {
  startError = err instanceof Error ? err : new Error(String(err));
}

port.on('message', (req: ThreadRequest) => {
  let reply: ThreadReply;
  try {
    if (startError !== null) throw startError;
    if (!ctx) throw new Error('kernel thread not started');
    if (!isKernelOp(req.op)) throw new Error(`unknown kernel operation '${req.op}'`);
    const op = kernelOps[req.op] as (c: KernelContext, args: unknown) => unknown;
    reply = { id: req.id, ok: true, value: op(ctx, req.args) };
  } catch (err) {
    reply = { id: req.id, ok: false, error: toWireError(err) };
  }
  port.postMessage(reply);
});

port.on('close', () => ctx?.close());
