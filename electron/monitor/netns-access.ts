// Whether the watched namespace can be entered and acted on, and the sentences that say why not
// and what to do: checked once at start (so `serve --netns X` without the right fails at once,
// not with a "sampling failed" every second) and before every change (a deleted namespace must
// never be changed through the orphan the kernel thread still holds).
import { existsSync } from 'node:fs';
import { NetnsError } from '../../native/errors.js';
import { KernelFailure } from '../../native/kernel/wire-error.js';
import { subflowCommand } from '../../native/invocation.js';
import { netnsPath, withNetns } from '../../native/netns.js';
import type { PmEvent, Snapshot } from '../contract.js';
import { monitorEvent } from './kernel-events.js';

/** Why a namespace cannot be entered, with both ways to do it. */
export function howToEnter(ns: string, detail: string): string {
  const cmd = subflowCommand();
  return `${detail} (sudo ${cmd} … --netns ${ns}), or run Subflow inside it: sudo ip netns exec ${ns} ${cmd} …`;
}

/**
 * Throws NetnsError, saying what to do, when `ns` does not exist or this process cannot enter
 * it. Entering it once costs a setns pair; finding out from the kernel thread's first sample
 * costs seconds, and every command would look alive until then.
 */
export function assertEnterable(ns: string): void {
  if (!existsSync(netnsPath(ns))) {
    throw new NetnsError(ns, `${netnsPath(ns)} does not exist (list them with 'ip netns list')`);
  }
  try {
    withNetns(ns, () => undefined);
  } catch (err) {
    if (err instanceof NetnsError) throw new NetnsError(ns, howToEnter(ns, err.detail));
    throw err;
  }
}

/** Why the namespace cannot be acted on now (it was deleted), or null when it can. */
export function namespaceGoneReason(ns: string | null): string | null {
  if (ns === null || existsSync(netnsPath(ns))) return null;
  return (
    `network namespace ${ns} was deleted (${netnsPath(ns)} is gone): nothing was changed; ` +
    `recreate it (ip netns add ${ns}) and Subflow picks it up again`
  );
}

/**
 * When the watched namespace was deleted: the last snapshot, marked stale with `reason` (its
 * figures stay on screen for reference, as the last ones read), and the event saying so.
 */
export function markGone(
  ns: string,
  reason: string,
  snapshot: Snapshot | null,
  now: number,
): { snapshot: Snapshot | null; event: PmEvent } {
  return {
    snapshot: snapshot ? { ...snapshot, stale: { since: now, reason } } : null,
    event: monitorEvent(now, `network namespace ${ns} was deleted; waiting for it to come back`),
  };
}

/** The error to throw when a first sample failed because the namespace cannot be entered. */
export function enterFailure(ns: string, failure: unknown): NetnsError | null {
  if (!(failure instanceof KernelFailure) || failure.code !== 'netns') return null;
  return new NetnsError(
    ns,
    howToEnter(ns, failure.message.replace(/^cannot enter network namespace '[^']*': /, '')),
  );
}
