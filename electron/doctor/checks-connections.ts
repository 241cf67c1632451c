// Checks of what actually happened: a live connection this host opened that has one subflow
// although endpoints say it should have more, with the likely reason (limit, endpoint missing,
// joins refused by the peer per the MPJoin counters); and parts of the state that could not be
// read, so a clean report never hides a skipped check. Pure.
import type { Connection } from '../contract.js';
import { count, diagnosis, usesKernelPm } from './check.js';
import type { Check, CheckContext } from './check.js';
import { familyOf, plainAddress } from './facts.js';

/** Why a connection likely has one subflow, as a clause after "likely because". */
function likelyReason(context: CheckContext, c: Connection): string {
  const { input, facts } = context;
  if (input.limits?.subflows === 0) return 'the subflows limit is 0 (see limits-subflows)';
  const local = plainAddress(c.local.address);
  const family = familyOf(c.remote.address);
  const usable = facts.active.filter(
    (ep) =>
      ep.flags.includes('subflow') &&
      familyOf(ep.address) === family &&
      ep.address !== local &&
      facts.ownerOf(ep.address) !== undefined,
  );
  if (usable.length === 0) {
    return (
      `no subflow endpoint exists for another IPv${family} address than its own ${local}, ` +
      'so an endpoint is missing'
    );
  }
  const k = input.counters ?? {};
  const sent = k.MPJoinSynTx ?? 0;
  const answered = k.MPJoinSynAckRx ?? 0;
  const resets = (k.MPRstTx ?? 0) + (k.MPRstRx ?? 0);
  // A peer at its subflows limit answers the join and then resets it (seen on Linux 6.18).
  if (sent > 0 && resets > 0) {
    return (
      `the peer refused joins: of ${sent} MP_JOIN SYNs sent from this namespace ${answered} ` +
      `were answered and ${resets} subflows were reset (MPJoinSynTx, MPJoinSynAckRx, ` +
      "MPRstTx + MPRstRx), as happens when the peer's subflows limit is reached"
    );
  }
  if (sent > answered) {
    return (
      `${sent - answered} of the ${sent} MP_JOIN SYNs sent from this namespace got no answer ` +
      '(MPJoinSynTx, MPJoinSynAckRx): something on the way drops them (routing, rp_filter, a ' +
      'firewall) or the peer ignores them'
    );
  }
  const localErrors =
    (k.MPJoinSynTxCreatSkErr ?? 0) + (k.MPJoinSynTxBindErr ?? 0) + (k.MPJoinSynTxConnectErr ?? 0);
  if (localErrors > 0) {
    return `${count(localErrors, 'join')} failed on this host before leaving it (MPJoinSynTx*Err counters)`;
  }
  return (
    'no join was refused or failed here (MPJoin counters), so look at the routing and ' +
    "rp_filter findings and at the peer's limits"
  );
}

export const singleSubflow: Check = {
  name: 'single-subflow',
  applies: (input) => usesKernelPm(input) && input.endpoints !== null,
  run: (context) => {
    const { input, facts } = context;
    const subflowEndpoints = facts.active.filter((ep) => ep.flags.includes('subflow'));
    if (subflowEndpoints.length === 0) return [];
    const listenerPorts = new Set(input.listeners.map((l) => l.port));
    return input.connections
      .filter(
        (c) =>
          c.state === 'established' &&
          !listenerPorts.has(c.local.port) &&
          c.subflows.filter((s) => s.state === 'established').length === 1,
      )
      .map((c) =>
        diagnosis(input, {
          check: 'single-subflow',
          key: c.token,
          subject: c.token,
          severity: 'warning',
          summary:
            `Connection ${c.token} (${c.local.address}:${c.local.port} → ${c.remote.address}:` +
            `${c.remote.port}) has one subflow although ${count(subflowEndpoints.length, 'subflow endpoint')} ` +
            `should add more, likely because ${likelyReason(context, c)}.`,
        }),
      );
  },
};

export const readProblems: Check = {
  name: 'readable',
  applies: () => true,
  run: ({ input }) =>
    input.problems.map((problem) => {
      const part = problem.split(':')[0] ?? problem;
      return diagnosis(input, {
        check: 'readable',
        key: part.replaceAll(' ', '-').toLowerCase(),
        severity: 'warning',
        summary: `Could not read ${problem}, so the checks that need it were skipped.`,
      });
    }),
};
