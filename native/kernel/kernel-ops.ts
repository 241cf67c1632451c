// The operations a kernel thread performs, each a thin composition of native/ functions on the
// thread's sockets. Their argument and result types are what KernelClient.call exposes.
import { doctorOps } from './doctor-ops.js';
import type { KernelContext } from './kernel-context.js';
import { linkOps } from './link-ops.js';
import { pmOps } from './pm-ops.js';
import { readMptcpSysctlFiles } from '../procfs/sysctl.js';
import { takeSample } from './sample.js';
import type { RawSample } from './sample.js';
import { SampleEncoder } from './sample-delta.js';
import type { WireSample } from './sample-delta.js';

/** The delta encoder of each kernel context (what the monitor's ticks last received). */
const encoders = new WeakMap<KernelContext, SampleEncoder>();

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

  /**
   * `sample` for the monitor's ticks, its socket lists as a delta against sample `base` (the
   * last one this op returned, which the caller holds), else in full. See SampleReader.
   */
  sampleDelta: (
    ctx: KernelContext,
    args: { readonly fresh?: boolean; readonly base: number | null },
  ): WireSample => {
    let encoder = encoders.get(ctx);
    if (!encoder) {
      encoder = new SampleEncoder();
      encoders.set(ctx, encoder);
    }
    return encoder.encode(takeSample(ctx, args.fresh === true), args.base);
  },

  /**
   * Every file of /proc/sys/net/mptcp as text, null when the kernel has none. /proc/sys/net
   * shows the reading thread's namespace: this thread's, entered for good, so no other thread
   * has to enter it to read them.
   */
  mptcpSysctlFiles: (_ctx: KernelContext, _args: null): Record<string, string> | null =>
    readMptcpSysctlFiles(),
};

export type KernelOps = typeof kernelOps;
export type KernelOpName = keyof KernelOps;
export type KernelOpArgs<K extends KernelOpName> = Parameters<KernelOps[K]>[1];
export type KernelOpResult<K extends KernelOpName> = ReturnType<KernelOps[K]>;

export const isKernelOp = (name: string): name is KernelOpName => Object.hasOwn(kernelOps, name);
