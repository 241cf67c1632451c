// A stand-in for a namespace's kernel thread in control's unit tests: keeps an endpoint table
// the way the in-kernel path manager does (ids, duplicate addresses, implicit entries replaced
// by a real endpoint), records every call, and can be told to fail or to ignore changes.
import type { ControlKernel } from '../../../electron/control/control-kernel.js';
import type {
  KernelOpArgs,
  KernelOpName,
  KernelOpResult,
} from '../../../native/kernel/kernel-ops.js';
import type { LegacyMultipathArgs, LegacyMultipathState } from '../../../native/kernel/link-ops.js';
import type { RawSample } from '../../../native/kernel/sample.js';
import type { EndpointSpec, PmEndpoint, PmLimits } from '../../../native/mptcp-pm/endpoints.js';
import { KernelFailure } from '../../../native/kernel/wire-error.js';
import { endpoint, sample } from '../../fixtures/monitor/samples.js';

export interface Call {
  readonly op: string;
  readonly args: unknown;
}

export class FakeKernel implements ControlKernel {
  readonly calls: Call[] = [];
  endpoints: PmEndpoint[];
  limits: PmLimits = { subflows: 2, addAddrAccepted: 2 };
  /** Return an error to make that call fail. */
  failWith: ((op: string, args: unknown) => KernelFailure | undefined) | undefined;
  /** When true, changes are accepted but not applied (something reverts them at once). */
  ignoreChanges = false;
  setLegacyMultipath: ((args: LegacyMultipathArgs) => Promise<LegacyMultipathState>) | undefined;

  constructor(readonly base: RawSample = sample(0)) {
    this.endpoints = [...base.endpoints];
  }

  /** Calls that change something. */
  get changes(): Call[] {
    return this.calls.filter((c) => !['sample', 'listEndpoints', 'getLimits'].includes(c.op));
  }

  call = <K extends KernelOpName>(op: K, args: KernelOpArgs<K>): Promise<KernelOpResult<K>> => {
    this.calls.push({ op, args });
    const failure = this.failWith?.(op, args);
    if (failure) return Promise.reject(failure);
    try {
      return Promise.resolve(this.handle(op, args) as KernelOpResult<K>);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  };

  private handle(op: KernelOpName, args: unknown): unknown {
    switch (op) {
      case 'sample':
        return { ...this.base, endpoints: this.list() };
      case 'listEndpoints':
        return this.list();
      case 'addEndpoint':
        if (!this.ignoreChanges) this.add(args as EndpointSpec);
        return this.list();
      case 'deleteEndpoint': {
        const { id } = args as { id: number };
        this.need(id);
        if (!this.ignoreChanges) this.endpoints = this.endpoints.filter((e) => e.id !== id);
        return this.list();
      }
      case 'setEndpointFlags': {
        const { target, change } = args as { target: { id: number }; change: { backup: boolean } };
        const ep = this.need(target.id);
        if (!this.ignoreChanges) {
          const flags: PmEndpoint['flags'] = ep.flags.filter((f) => f !== 'backup');
          if (change.backup) flags.push('backup');
          this.replace({ ...ep, flags: order(flags) });
        }
        return this.list();
      }
      case 'getLimits':
        return this.limits;
      case 'setLimits':
        this.limits = { ...this.limits, ...(args as Partial<PmLimits>) };
        return this.limits;
      default:
        throw new Error(`fake kernel: unexpected op ${op}`);
    }
  }

  private list(): PmEndpoint[] {
    return [...this.endpoints].sort((a, b) => a.id - b.id);
  }

  private need(id: number): PmEndpoint {
    const ep = this.endpoints.find((e) => e.id === id);
    if (!ep) throw failure('netlink', `no endpoint ${id}`);
    return ep;
  }

  private replace(ep: PmEndpoint): void {
    this.endpoints = this.endpoints.map((e) => (e.id === ep.id ? ep : e));
  }

  private add(spec: EndpointSpec): void {
    const same = this.endpoints.find((e) => e.address === spec.address && e.port === spec.port);
    if (same && !same.flags.includes('implicit')) throw failure('netlink', 'EEXIST');
    if (same) this.endpoints = this.endpoints.filter((e) => e !== same);
    let id = spec.id ?? same?.id ?? 1;
    while (spec.id === undefined && same === undefined && this.endpoints.some((e) => e.id === id))
      id++;
    const ep = endpoint(id, spec.address, order([...spec.flags]), spec.ifindex);
    this.endpoints.push(spec.port !== undefined ? { ...ep, port: spec.port } : ep);
  }
}

const FLAG_ORDER = ['signal', 'subflow', 'backup', 'fullmesh', 'implicit', 'laminar'];
const order = (flags: PmEndpoint['flags']): PmEndpoint['flags'] =>
  [...flags].sort((a, b) => FLAG_ORDER.indexOf(a) - FLAG_ORDER.indexOf(b));

export const failure = (code: 'permission' | 'netlink', message: string): KernelFailure =>
  new KernelFailure({ code, name: 'Error', message });
