// A stand-in for a namespace's kernel thread in the doctor's unit tests: serves `sample` and
// `doctorState` from a lab-like state and applies the doctor's changes (sysctls, limits,
// endpoints, rules, routes) to it, recording every call; changes fail with a permission
// error when it is told it is unprivileged, and can be told to ignore them (a revert).
import type { DoctorKernel } from '../../../electron/doctor/doctor-input.js';
import type { SysctlWrite } from '../../../native/kernel/doctor-ops.js';
import type { DoctorKernelState } from '../../../native/kernel/doctor-ops.js';
import type {
  KernelOpArgs,
  KernelOpName,
  KernelOpResult,
} from '../../../native/kernel/kernel-ops.js';
import type { RawSample } from '../../../native/kernel/sample.js';
import { KernelFailure } from '../../../native/kernel/wire-error.js';
import type { EndpointSpec, PmLimits } from '../../../native/mptcp-pm/endpoints.js';
import type { TableRouteSpec } from '../../../native/rtnl/route-write.js';
import type { SourceRuleSpec } from '../../../native/rtnl/rule-write.js';
import { endpoint, sample } from '../../fixtures/monitor/samples.js';
import { labState, route, rule } from './inputs.js';

export interface Call {
  readonly op: string;
  readonly args: unknown;
}

const READS = new Set(['sample', 'doctorState', 'listEndpoints']);

export class FakeDoctorKernel implements DoctorKernel {
  readonly calls: Call[] = [];
  privileged = true;
  /** When true, changes are accepted but not applied. */
  ignoreChanges = false;
  closed = false;

  constructor(
    public sampled: RawSample = sample(0),
    public state: DoctorKernelState = labState(),
  ) {}

  /** Calls that change something. */
  get changes(): Call[] {
    return this.calls.filter((c) => !READS.has(c.op));
  }

  call = <K extends KernelOpName>(op: K, args: KernelOpArgs<K>): Promise<KernelOpResult<K>> => {
    this.calls.push({ op, args });
    try {
      return Promise.resolve(this.handle(op, args) as KernelOpResult<K>);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  };

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  private handle(op: KernelOpName, args: unknown): unknown {
    if (op === 'sample') return { ...this.sampled, privileged: this.privileged };
    if (op === 'doctorState') return this.state;
    if (!this.privileged) {
      throw new KernelFailure({
        code: 'permission',
        name: 'PermissionError',
        message: `${op} needs CAP_NET_ADMIN`,
      });
    }
    const apply = !this.ignoreChanges;
    switch (op) {
      case 'writeSysctl': {
        const w = args as SysctlWrite;
        if (apply) this.writeSysctl(w);
        return this.readSysctl(w.path);
      }
      case 'setLimits': {
        const limits = { ...(this.sampled.limits ?? { subflows: 0, addAddrAccepted: 0 }) };
        if (apply) Object.assign(limits, args as Partial<PmLimits>);
        this.sampled = { ...this.sampled, limits };
        return limits;
      }
      case 'addEndpoint': {
        const spec = args as EndpointSpec;
        const id = spec.id ?? Math.max(0, ...this.sampled.endpoints.map((e) => e.id)) + 1;
        const ep = endpoint(id, spec.address, [...spec.flags], spec.ifindex);
        if (apply) this.sampled = { ...this.sampled, endpoints: [...this.sampled.endpoints, ep] };
        return this.sampled.endpoints;
      }
      case 'deleteEndpoint': {
        const { id } = args as { id: number };
        if (apply) {
          this.sampled = {
            ...this.sampled,
            endpoints: this.sampled.endpoints.filter((e) => e.id !== id),
          };
        }
        return this.sampled.endpoints;
      }
      case 'addSourceRule': {
        const spec = args as SourceRuleSpec;
        if (apply) {
          const added = { ...rule(32764, spec.table, spec.from), fromLength: spec.fromLength };
          this.state = { ...this.state, rules: [added, ...(this.state.rules ?? [])] };
        }
        return this.state.rules;
      }
      case 'addTableRoute': {
        const spec = args as TableRouteSpec;
        if (apply) {
          const added = route({
            dst: spec.dst,
            dstLength: spec.dstLength,
            oif: spec.oif,
            table: spec.table,
            ...(spec.gateway !== undefined ? { gateway: spec.gateway } : {}),
          });
          this.state = { ...this.state, routes: [...(this.state.routes ?? []), added] };
        }
        return this.state.routes;
      }
      default:
        throw new Error(`fake doctor kernel: unexpected op ${op}`);
    }
  }

  private readSysctl(path: readonly string[]): string {
    const name = path.join('.');
    if (name === 'net.mptcp.enabled') return this.state.sysctls?.enabled ? '1' : '0';
    if (name === 'net.mptcp.path_manager') return this.state.sysctls?.pathManager ?? '';
    const conf = /^net\.ipv4\.conf\.(.+)\.rp_filter$/.exec(name);
    if (conf?.[1] !== undefined) return String(this.state.rpFilter?.interfaces[conf[1]] ?? 0);
    throw new Error(`fake doctor kernel: unknown sysctl ${name}`);
  }

  private writeSysctl(w: SysctlWrite): void {
    const name = w.path.join('.');
    const sysctls = this.state.sysctls ?? { other: {} };
    if (name === 'net.mptcp.enabled') {
      const enabled = w.value === '1';
      this.state = { ...this.state, sysctls: { ...sysctls, enabled } };
      this.sampled = { ...this.sampled, kernel: { ...this.sampled.kernel, enabled } };
    } else if (name === 'net.mptcp.path_manager') {
      this.state = { ...this.state, sysctls: { ...sysctls, pathManager: w.value } };
      this.sampled = { ...this.sampled, kernel: { ...this.sampled.kernel, pathManager: w.value } };
    } else {
      const iface = w.path[3] ?? '';
      const rp = this.state.rpFilter ?? { all: 0, default: 0, interfaces: {} };
      this.state = {
        ...this.state,
        rpFilter: { ...rp, interfaces: { ...rp.interfaces, [iface]: Number(w.value) } },
      };
    }
  }
}
