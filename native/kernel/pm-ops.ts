// Path-manager operations for the kernel thread: endpoints and limits of the thread's
// namespace. Each change is followed by a read-back, so callers report what the kernel has,
// not what they asked for.
import {
  addEndpoint,
  deleteEndpoint,
  getLimits,
  listEndpoints,
  setEndpointFlags,
  setLimits,
} from '../mptcp-pm/client.js';
import type {
  EndpointFlagChange,
  EndpointSpec,
  EndpointTarget,
  PmEndpoint,
  PmLimits,
} from '../mptcp-pm/endpoints.js';
import type { KernelContext } from './kernel-context.js';

export const pmOps = {
  listEndpoints: (ctx: KernelContext, _args: null): PmEndpoint[] =>
    listEndpoints(ctx.genl, ctx.pathManager()),

  addEndpoint: (ctx: KernelContext, spec: EndpointSpec): PmEndpoint[] => {
    addEndpoint(ctx.genl, ctx.pathManager(), spec);
    return listEndpoints(ctx.genl, ctx.pathManager());
  },

  deleteEndpoint: (ctx: KernelContext, target: EndpointTarget): PmEndpoint[] => {
    deleteEndpoint(ctx.genl, ctx.pathManager(), target);
    return listEndpoints(ctx.genl, ctx.pathManager());
  },

  setEndpointFlags: (
    ctx: KernelContext,
    args: { target: EndpointTarget; change: Partial<EndpointFlagChange> },
  ): PmEndpoint[] => {
    setEndpointFlags(ctx.genl, ctx.pathManager(), args.target, args.change);
    return listEndpoints(ctx.genl, ctx.pathManager());
  },

  getLimits: (ctx: KernelContext, _args: null): PmLimits => getLimits(ctx.genl, ctx.pathManager()),

  setLimits: (ctx: KernelContext, limits: Partial<PmLimits>): PmLimits => {
    setLimits(ctx.genl, ctx.pathManager(), limits);
    return getLimits(ctx.genl, ctx.pathManager());
  },
};
