// Re-applies remembered multipath choices of one watched namespace when an interface or its
// address comes back, driven by rtnetlink notifications (no polling). Each re-application is
// bracketed as Subflow's own change (so it is never reported as an external one) and becomes an
// 'action' event with origin 'remembered' saying what came back and what was done. Interfaces
// whose endpoints another program owns (mptcpd, NetworkManager) are left to it, with an event
// saying so, so that Subflow never re-creates an endpoint its owner just deleted.
import type { ActionDetails, MultipathMode, PmEvent, Snapshot } from '../contract.js';
import { toApiError } from '../api-errors.js';
import { onLinkOrAddressChange } from '../../native/kernel/link-watch.js';
import type { LinkOrAddressChange, LinkWatch } from '../../native/kernel/link-watch.js';
import type { KernelClient } from '../../native/kernel/kernel-client.js';
import { actionEvent } from '../monitor/action-events.js';
import type { EndpointShape } from '../monitor/endpoint-diff.js';
import type { InterfaceInfoHook } from '../monitor/endpoint-owners.js';
import type { ChoiceStore } from './choices-file.js';
import { controlKernel } from './control-kernel.js';
import { InterfaceInfo } from './interface-info.js';
import { setMultipath } from './multipath.js';
import type { HostRole } from './plan.js';
import { interfaceMode } from './read-back.js';
import { comebacks, decideReapply, mergeComebacks } from './reapply.js';
import type { Comebacks } from './reapply.js';

/** Notifications come in bursts (link up, then each address): act once the burst is over. */
const SETTLE_MS = 300;

/** What the watch needs of the live monitor (MonitorService is one). */
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

export interface RememberedChoices {
  readonly info: InterfaceInfo;
  /** Resolves when the re-applications asked for so far are done (tests wait on it). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export interface RememberOptions {
  readonly role: HostRole;
  /** False: only show the remembered modes (an unprivileged monitor cannot re-apply them). */
  readonly reapply?: boolean;
  /** Injectable for tests. */
  readonly watch?: typeof onLinkOrAddressChange;
  readonly info?: InterfaceInfo;
}

/**
 * Shows remembered modes and owners on the monitor's interfaces and starts re-applying choices.
 * Without the right to listen (or in an environment without netlink) the cards still show the
 * choices and the monitor gets a notice saying re-application is off and why.
 */
export async function rememberChoices(
  monitor: ReapplyMonitor,
  store: ChoiceStore,
  options: RememberOptions,
): Promise<RememberedChoices> {
  const netns = monitor.options.netns;
  const info = options.info ?? new InterfaceInfo(store, netns);
  monitor.interfaceInfo = {
    decorate: (s) => info.decorate(s),
    reload: () => info.choicesNow(),
    owner: (iface) => (iface === 'lo' ? null : info.ownerFresh()),
  };
  await info.choicesNow();
  let pending: Comebacks = new Map();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  let closed = false;

  const flush = (): void => {
    timer = null;
    const batch = pending;
    pending = new Map();
    running = running.then(() => reapplyBatch(monitor, info, batch, options.role));
  };
  const onChanges = (_time: number, changes: readonly LinkOrAddressChange[]): void => {
    const back = comebacks(changes);
    if (closed || back.size === 0) return;
    pending = mergeComebacks(pending, back);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, SETTLE_MS);
  };

  let watch: LinkWatch | null = null;
  if (options.reapply === false) return handle(info, () => Promise.resolve(), monitor);
  try {
    watch = await (options.watch ?? onLinkOrAddressChange)(netns, {
      onChanges,
      onError: (err) => {
        monitor.announce(notice(`remembered choices are no longer re-applied: ${err.message}`));
      },
    });
  } catch (err) {
    monitor.announce(
      notice(
        `remembered multipath choices are shown but not re-applied: listening to interface ` +
          `changes failed (${toApiError(err).message})`,
      ),
    );
  }
  const settled = async (): Promise<void> => {
    while (timer !== null) await new Promise((r) => setTimeout(r, SETTLE_MS));
    await running;
  };
  return {
    info,
    settled,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await watch?.close();
      await running;
      monitor.interfaceInfo = null;
    },
  };
}

function handle(
  info: InterfaceInfo,
  settled: () => Promise<void>,
  monitor: ReapplyMonitor,
): RememberedChoices {
  return {
    info,
    settled,
    close: () => {
      monitor.interfaceInfo = null;
      return Promise.resolve();
    },
  };
}

const notice = (message: string): PmEvent => ({
  time: Date.now(),
  type: 'monitor',
  source: 'inferred',
  message,
});

/** Re-applies what a settled burst of notifications calls for. Never throws. */
async function reapplyBatch(
  monitor: ReapplyMonitor,
  info: InterfaceInfo,
  batch: Comebacks,
  role: HostRole,
): Promise<void> {
  if (monitor.goneReason() !== null) return;
  try {
    const choices = await info.choicesNow();
    if (!choices.some((c) => c.netns === monitor.options.netns)) return;
    const kernel = controlKernel(monitor.kernel);
    const sample = await kernel.call('sample', { fresh: true });
    const endpoints = await kernel.call('listEndpoints', null);
    const owner = info.ownerFresh();
    let acted = false;
    for (const [ifindex, trigger] of batch) {
      const link = sample.interfaces.find((i) => i.ifindex === ifindex);
      if (!link) continue;
      const current = interfaceMode(sample.interfaces, endpoints, ifindex);
      const decision = decideReapply({
        choices,
        netns: monitor.options.netns,
        link,
        current,
        owner,
      });
      if (decision.kind === 'none') continue;
      acted = true;
      const change = `${link.name}: ${current} → ${decision.choice.mode}`;
      if (decision.kind === 'leave') {
        announce(monitor, link.name, change, trigger, { reason: decision.reason });
        continue;
      }
      await reapplyOne(monitor, link.name, decision.choice.mode, change, trigger, role);
    }
    if (acted) await monitor.refresh();
  } catch (err) {
    monitor.announce(notice(`re-applying remembered choices failed: ${toApiError(err).message}`));
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

function announce(
  monitor: ReapplyMonitor,
  name: string,
  change: string,
  trigger: string,
  outcome: { reason: string },
): void {
  monitor.announce(actionEvent(Date.now(), details(change, trigger, outcome.reason), name));
}

const details = (change: string, trigger: string, refusal?: string): ActionDetails => ({
  kind: 'multipath',
  origin: 'remembered',
  change,
  trigger,
  result: refusal === undefined ? 'done' : 'refused',
  ...(refusal !== undefined ? { reason: refusal } : {}),
});
