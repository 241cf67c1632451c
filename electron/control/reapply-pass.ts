// One pass of re-applying remembered multipath choices in a watched namespace: at start (every
// interface that is up) or after a settled burst of rtnetlink notifications (the interfaces they
// touched). It first looks up the NetworkManager profile of those interfaces again (the key of a
// profile's choice; nothing is run where NetworkManager does not run), then re-applies the mode
// in force where reapply.ts says so. Each re-application is bracketed as Subflow's own change (so
// it is never reported as an external one) and becomes an 'action' event with origin
// 'remembered' saying what brought it about and what was done.
import type { ActionDetails, MultipathMode, PmEvent, Snapshot } from '../contract.js';
import { toApiError } from '../api-errors.js';
import type { KernelClient } from '../../native/kernel/kernel-client.js';
import { actionEvent } from '../monitor/action-events.js';
import type { EndpointShape } from '../monitor/endpoint-diff.js';
import type { InterfaceInfoHook } from '../monitor/endpoint-owners.js';
import { controlKernel } from './control-kernel.js';
import type { InterfaceInfo } from './interface-info.js';
import { setMultipath } from './multipath.js';
import type { HostRole } from './plan.js';
import { interfaceMode } from './read-back.js';
import { decideReapply, startComebacks } from './reapply.js';
import type { Comebacks } from './reapply.js';

/** What a pass needs of the live monitor (MonitorService is one). */
export interface ReapplyMonitor {
  readonly options: { readonly netns: string | null };
  readonly kernel: KernelClient;
  goneReason(): string | null;
  announce(event: PmEvent): void;
  refresh(): Promise<Snapshot | null>;
  interfaceInfo: InterfaceInfoHook | null;
  readonly changes: {
    begin(time?: number): string;
    end(
      id: string,
      endpoints: readonly EndpointShape[] | null,
      action: ActionDetails,
      iface?: string,
    ): void;
  };
}

/** What one pass is about. */
export interface PassRequest {
  /** 'start': every interface that is up; else the interfaces of the notifications. */
  readonly at: 'start' | 'change';
  /** The interfaces that came back, with the words of why (ignored at start). */
  readonly comebacks: Comebacks;
  /** Every interface a notification touched: its profile is looked up again. */
  readonly touched: ReadonlySet<number>;
  /** False: only follow the profiles (an unprivileged monitor cannot re-apply). */
  readonly reapply: boolean;
  readonly role: HostRole;
}

export const monitorNotice = (message: string): PmEvent => ({
  time: Date.now(),
  type: 'monitor',
  source: 'inferred',
  message,
});

/** Runs one pass. Never throws: what goes wrong becomes a monitor notice. */
export async function reapplyPass(
  monitor: ReapplyMonitor,
  info: InterfaceInfo,
  request: PassRequest,
  said: Set<string>,
): Promise<void> {
  if (monitor.goneReason() !== null) return;
  try {
    const netns = monitor.options.netns;
    const choices = await info.choicesNow();
    const mine = choices.some((c) => c.netns === netns);
    const profiles = info.profiles.active();
    if (!mine && !profiles) return;
    // Without NetworkManager, a burst that brought nothing back (downs, removals) needs no look.
    if (request.at === 'change' && request.comebacks.size === 0 && !profiles) return;
    const kernel = controlKernel(monitor.kernel);
    const sample = await kernel.call('sample', { fresh: true });
    const named = sample.interfaces.filter((i) => i.name !== 'lo');
    const looked =
      request.at === 'start' ? named : named.filter((i) => request.touched.has(i.ifindex));
    for (const problem of await info.profiles.refresh(looked.map((i) => i.name))) {
      // Said once per process: a lookup that keeps failing is not news at every notification.
      if (said.has(problem)) continue;
      said.add(problem);
      monitor.announce(monitorNotice(problem));
    }
    if (!request.reapply || !mine) return;
    const batch = request.at === 'start' ? startComebacks(sample.interfaces) : request.comebacks;
    const endpoints = await kernel.call('listEndpoints', null);
    const ownerOf = info.ownersFresh();
    let acted = false;
    for (const [ifindex, trigger] of batch) {
      const link = sample.interfaces.find((i) => i.ifindex === ifindex);
      if (!link) continue;
      const current = interfaceMode(sample.interfaces, endpoints, ifindex);
      const profile = info.profiles.profileOf(link.name);
      const owner = ownerOf(link.name);
      const decision = decideReapply({ choices, netns, link, current, owner, profile });
      if (decision.kind === 'none') continue;
      acted = true;
      const change = `${link.name}: ${current} → ${decision.choice.mode}`;
      if (decision.kind === 'leave') {
        const action = details(change, trigger, decision.reason);
        monitor.announce(actionEvent(Date.now(), action, link.name));
        continue;
      }
      await reapplyOne(monitor, link.name, decision.choice.mode, change, trigger, request.role);
    }
    if (acted) await monitor.refresh();
  } catch (err) {
    monitor.announce(
      monitorNotice(`re-applying remembered choices failed: ${toApiError(err).message}`),
    );
  }
}

async function reapplyOne(
  monitor: ReapplyMonitor,
  name: string,
  mode: MultipathMode,
  change: string,
  trigger: string,
  role: HostRole,
): Promise<void> {
  const own = monitor.changes.begin();
  let refusal: string | undefined;
  try {
    await setMultipath(controlKernel(monitor.kernel), name, mode, { role });
  } catch (err) {
    refusal = toApiError(err).message;
  }
  const action = details(change, trigger, refusal);
  const left = await monitor.kernel.call('listEndpoints', null).catch(() => null);
  monitor.changes.end(own, left, action, name);
  monitor.announce(actionEvent(Date.now(), action, name));
}

const details = (change: string, trigger: string, refusal?: string): ActionDetails => ({
  kind: 'multipath',
  origin: 'remembered',
  change,
  trigger,
  result: refusal === undefined ? 'done' : 'refused',
  ...(refusal !== undefined ? { reason: refusal } : {}),
});
