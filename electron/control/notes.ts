// The sentences a multipath change reports beside its result: what 'off' does not stop, and
// which endpoints were left alone or re-created. Pure.
import type { PmEndpoint } from '../../native/mptcp-pm/endpoints.js';
import type { MultipathPlan } from './plan.js';
import { requiredFlags } from './plan.js';
import type { HostRole } from './plan.js';

/** What 'off' means for traffic, in one plain sentence. */
export const offNote = (name: string): string =>
  `${name} starts no new MPTCP subflows now; plain TCP and traffic that routing sends there ` +
  'still use it';

/** Notes for an upstream change that ran `plan`. */
export function planNotes(
  plan: MultipathPlan,
  role: HostRole,
  readBack: readonly PmEndpoint[],
): string[] {
  const notes: string[] = [];
  if (plan.actions.length === 0)
    notes.push(`${plan.interface} already was ${plan.mode}; nothing changed`);
  if (plan.mode === 'off') {
    notes.push(offNote(plan.interface));
    const ids = plan.actions.flatMap((a) => (a.kind === 'delete' ? [a.id] : []));
    if (ids.length > 0) {
      notes.push(
        `the kernel closed the MPTCP subflows that used the deleted endpoint` +
          `${ids.length > 1 ? 's' : ''} (id ${ids.join(', ')})`,
      );
    }
  }
  for (const ep of plan.recreated) {
    const missing = requiredFlags(role).filter((f) => !ep.flags.includes(f));
    notes.push(
      `endpoint id ${ep.id} (${ep.address}) lacked the ${missing.join(' and ')} flag, which ` +
        'cannot be changed in place: it was deleted and added again, closing its subflows',
    );
  }
  if (plan.mode !== 'off') for (const ep of plan.stale) notes.push(staleNote(plan.interface, ep));
  // An implicit endpoint on an address that got a real endpoint was replaced by the kernel.
  const stillImplicit = new Set(
    readBack.filter((ep) => ep.flags.includes('implicit')).map((ep) => ep.id),
  );
  for (const ep of plan.implicit) {
    if (!stillImplicit.has(ep.id)) continue;
    notes.push(
      `endpoint id ${ep.id} (${ep.address}) is implicit: the kernel made it for a subflow that ` +
        'used this address without an endpoint, and manages it itself',
    );
  }
  return notes;
}

/** An endpoint bound to the interface whose address is gone from it. */
export const staleNote = (name: string, ep: PmEndpoint): string =>
  `endpoint id ${ep.id} (${ep.address}) is bound to ${name} but that address is no longer on ` +
  `it; it was left as it is (remove it with 'ip mptcp endpoint delete id ${ep.id}' or subflow doctor)`;
