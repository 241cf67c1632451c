// Re-applies remembered multipath choices of one watched namespace: once at start (an interface
// already up whose remembered mode is not in force is converged, as if it had just come back)
// and whenever an interface or its address comes back, driven by rtnetlink notifications (no
// polling). The same notifications say when a device's NetworkManager profile may have changed,
// so profiles are looked up then and never per tick. Interfaces whose endpoints another program
// owns (mptcpd, NetworkManager) are left to it, with an event saying so, so that Subflow never
// re-creates an endpoint its owner just deleted. One pass is in reapply-pass.ts.
import { toApiError } from '../api-errors.js';
import { onLinkOrAddressChange } from '../../native/kernel/link-watch.js';
import type { LinkOrAddressChange, LinkWatch } from '../../native/kernel/link-watch.js';
import type { ChoiceStore } from './choices-file.js';
import { InterfaceInfo } from './interface-info.js';
import type { HostRole } from './plan.js';
import { monitorNotice, reapplyPass } from './reapply-pass.js';
import type { PassRequest, ReapplyMonitor } from './reapply-pass.js';
import { comebacks, mergeComebacks } from './reapply.js';
import type { Comebacks } from './reapply.js';

export type { ReapplyMonitor } from './reapply-pass.js';

/** Notifications come in bursts (link up, then each address): act once the burst is over. */
const SETTLE_MS = 300;

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
 * Shows remembered modes and owners on the monitor's interfaces, converges the remembered modes
 * once (awaited: the first snapshot a client gets already tells the truth) and starts following
 * notifications. Without the right to listen (or in an environment without netlink) the cards
 * still show the choices and, where re-applying was asked for, the monitor gets a notice saying
 * it is off and why.
 */
export async function rememberChoices(
  monitor: ReapplyMonitor,
  store: ChoiceStore,
  options: RememberOptions,
): Promise<RememberedChoices> {
  const netns = monitor.options.netns;
  const reapply = options.reapply !== false;
  const info = options.info ?? new InterfaceInfo(store, netns);
  monitor.interfaceInfo = {
    decorate: (s) => info.decorate(s),
    reload: () => info.choicesNow(),
    owner: (iface) => info.toggleOwnerFresh(iface),
    profile: (iface) => info.profiles.profileOf(iface),
    profileInForce: async (iface) => (await info.keyInForce(iface)).profile,
  };
  await info.choicesNow();
  let pending: Comebacks = new Map();
  let touched = new Set<number>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  let closed = false;
  const said = new Set<string>();
  const pass = (request: Omit<PassRequest, 'reapply' | 'role'>): Promise<void> => {
    running = running.then(() =>
      reapplyPass(monitor, info, { ...request, reapply, role: options.role }, said),
    );
    return running;
  };

  const flush = (): void => {
    timer = null;
    const request = { at: 'change' as const, comebacks: pending, touched };
    pending = new Map();
    touched = new Set();
    void pass(request);
  };
  const onChanges = (_time: number, changes: readonly LinkOrAddressChange[]): void => {
    if (closed || changes.length === 0) return;
    pending = mergeComebacks(pending, comebacks(changes));
    for (const c of changes) touched.add(c.ifindex);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, SETTLE_MS);
  };

  let watch: LinkWatch | null = null;
  // Only showing (unprivileged) needs the notifications only to follow NetworkManager profiles:
  // without NetworkManager there, no thread is started for it (as before profiles).
  const listen = reapply || info.profiles.active();
  if (listen) {
    try {
      // Listening first: a change during the start pass is then not missed.
      watch = await (options.watch ?? onLinkOrAddressChange)(netns, {
        onChanges,
        onError: (err) => {
          monitor.announce(
            monitorNotice(
              `remembered choices are no longer ${reapply ? 're-applied' : 'followed'}: ${err.message}`,
            ),
          );
        },
      });
    } catch (err) {
      const what = reapply
        ? 'remembered multipath choices are shown but not re-applied when interfaces come back'
        : 'the NetworkManager profile of each interface (the key of its remembered mode) is ' +
          'read at start only and may be out of date';
      monitor.announce(
        monitorNotice(
          `${what}: listening to interface changes failed (${toApiError(err).message})`,
        ),
      );
    }
  }
  await pass({ at: 'start', comebacks: new Map(), touched: new Set() });
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
