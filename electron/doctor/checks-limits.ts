// Checks of the in-kernel path manager's limits: no extra subflow allowed (or fewer than the
// endpoints could add), and ADD_ADDR announcements refused on a host whose peers announce
// addresses (the upstream default, add_addr_accepted = 0). Pure.
import { LIMIT_MAX } from '../control/limits.js';
import { count, diagnosis, usesKernelPm } from './check.js';
import type { Check } from './check.js';
import type { DoctorInput } from './doctor-input.js';

const isListenerPort = (input: DoctorInput, port: number): boolean =>
  input.listeners.some((l) => l.port === port);

export const limitsSubflows: Check = {
  name: 'limits-subflows',
  applies: (input) => usesKernelPm(input) && input.limits !== null,
  run: ({ input, facts }) => {
    const limits = input.limits;
    if (!limits) return [];
    const wanted = facts.active.length;
    const current = limits.subflows;
    if (current > 0 && current >= wanted) return [];
    const target = Math.min(LIMIT_MAX, current === 0 ? Math.max(2, wanted) : wanted);
    const summary =
      current === 0
        ? 'The subflows limit is 0, so no connection gets more than its first subflow (none ' +
          'is opened here and none is accepted from the peer).'
        : `The subflows limit is ${current} but ${count(wanted, 'endpoint')} could each add a ` +
          `subflow, so connections stop at ${current + 1} subflows.`;
    return [
      diagnosis(input, {
        check: 'limits-subflows',
        key: 'limits',
        subject: 'subflows',
        severity: current === 0 ? 'error' : 'warning',
        summary,
        plan: {
          description: `Raises the subflows limit from ${current} to ${target} (add_addr_accepted stays ${limits.addAddrAccepted}).`,
          actions: [{ kind: 'limits', subflows: target }],
        },
      }),
    ];
  },
};

/** Signs that peers announce addresses to this host: ADD_ADDR counters, or joins to them. */
export function announcementsSeen(input: DoctorInput): string | null {
  const received = input.counters?.AddAddr ?? 0;
  const dropped = input.counters?.AddAddrDrop ?? 0;
  if (received > 0 || dropped > 0) {
    return `${count(received, 'ADD_ADDR')} received and ${dropped} dropped (MPTcpExt AddAddr, AddAddrDrop)`;
  }
  const outgoing = input.connections.filter((c) => !isListenerPort(input, c.local.port));
  if (outgoing.some((c) => c.subflows.some((s) => s.remoteId > 0))) {
    return 'a live connection has a subflow to an address its peer announced';
  }
  return null;
}

export const addAddrAccepted: Check = {
  name: 'add-addr-accepted',
  applies: (input) => usesKernelPm(input) && input.limits !== null && input.role !== 'server',
  run: ({ input }) => {
    const limits = input.limits;
    if (!limits || limits.addAddrAccepted > 0) return [];
    const seen = announcementsSeen(input);
    const target = Math.min(LIMIT_MAX, Math.max(2, limits.subflows));
    return [
      diagnosis(input, {
        check: 'add-addr-accepted',
        key: 'limits',
        subject: 'add_addr_accepted',
        severity: seen !== null ? 'warning' : 'info',
        summary:
          seen !== null
            ? `add_addr_accepted is 0 although peers announce addresses here (${seen}), so no ` +
              'subflow is ever opened to those addresses.'
            : 'add_addr_accepted is 0 (the upstream default): addresses a server announces are ' +
              'ignored, which matters only if your servers announce them.',
        plan: {
          description: `Raises add_addr_accepted from 0 to ${target} (the subflows limit stays ${limits.subflows}).`,
          actions: [{ kind: 'limits', addAddrAccepted: target }],
        },
      }),
    ];
  },
};
