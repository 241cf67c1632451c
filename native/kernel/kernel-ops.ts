// The operations a kernel thread performs, each a thin composition of native/ functions on the
// thread's sockets. Their argument and result types are what KernelClient.call exposes.
import { doctorOps } from './doctor-ops.js';
import type { KernelContext } from './kernel-context.js';
import { linkOps } from './link-ops.js';
import { pmOps } from './pm-ops.js';
import { takeSample } from './sample.js';
import type { RawSample } from './sample.js';

export const kernelOps = {
  ...pmOps,
  ...linkOps,
  ...doctorOps,

  /**
   * Everything the monitor needs for one tick. `fresh`: re-read the rarely-changing state now
   * (see KernelContext.slowState) instead of when it is SLOW_STATE_MAX_AGE_MS old.
   */
  sample: (ctx: KernelContext, args: { readonly fresh?: boolean } | null): RawSample =>
    takeSample(ctx, args?.fresh === true),
};

export type KernelOps = typeof kernelOps;
export type KernelOpName = keyof KernelOps;
export type KernelOpArgs<K extends KernelOpName> = Parameters<KernelOps[K]>[1];
export type KernelOpResult<K extends KernelOpName> = ReturnType<KernelOps[K]>;

export const isKernelOp = (name: string): name is KernelOpName => Object.hasOwn(kernelOps, name);
