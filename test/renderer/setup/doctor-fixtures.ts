// DoctorReports shaped like what the doctor reports on the lab's client namespace (lab-cli):
// texts and commands as electron/doctor renders them, privileged and not.
import type { DoctorFinding, DoctorReport } from '../../../electron/contract.js';

export const CHECKS = [
  'readable',
  'mptcp-unavailable',
  'mptcp-disabled',
  'userspace-pm-no-daemon',
  'endpoint-manager',
  'limits-subflows',
  'add-addr-accepted',
  'endpoint-missing',
  'endpoint-stale',
  'endpoint-no-flags',
  'signal-without-listener',
  'source-routing',
  'rp-filter',
  'single-subflow',
] as const;

export const T = Date.UTC(2025, 0, 2, 14, 3, 12);

export const limitsError: DoctorFinding = {
  id: 'limits-subflows:limits',
  check: 'limits-subflows',
  severity: 'error',
  summary:
    'The subflows limit is 0, so no connection gets more than its first subflow (none is opened here and none is accepted from the peer).',
  subject: 'subflows',
  fix: {
    description: 'Raises the subflows limit from 0 to 2 (add_addr_accepted stays 0).',
    commands: ['ip -n lab-cli mptcp limits set subflows 2'],
    applicable: true,
  },
};

/** endpoint-missing on `iface`; applicable unless `privileged` is false. */
export function endpointMissing(iface: 'red-c' | 'blue-c', privileged = true): DoctorFinding {
  const address = iface === 'red-c' ? '198.51.100.1' : '203.0.113.1';
  const id = `endpoint-missing:${iface}`;
  return {
    id,
    check: 'endpoint-missing',
    severity: 'warning',
    summary: `${iface} (${address}) has an address and a route but no MPTCP endpoint, so no subflow is ever opened from it: multipath is silently off there.`,
    subject: iface,
    fix: {
      description: `Adds an endpoint for ${address} on ${iface} with the subflow flag.`,
      commands: [`ip -n lab-cli mptcp endpoint add ${address} dev ${iface} subflow`],
      applicable: privileged,
      ...(privileged
        ? {}
        : {
            notApplicableReason: `applying it needs CAP_NET_ADMIN, which this process lacks: run the commands as root, or 'subflow doctor --netns lab-cli --apply ${id}' as root`,
          }),
    },
  };
}

export const sourceRouting: DoctorFinding = {
  id: 'source-routing:203.0.113.1',
  check: 'source-routing',
  severity: 'warning',
  summary:
    "No rule sends traffic from 203.0.113.1 to a routing table of blue-c ('ip rule add from 203.0.113.1 table T'), so its subflows leave by whatever interface the main table picks and the second path is not really used.",
  subject: '203.0.113.1',
  fix: {
    description:
      "Creates table 100 with routes out of blue-c and the rule 'from 203.0.113.1 lookup 100'.",
    commands: [
      'ip -n lab-cli route add 203.0.113.0/24 dev blue-c table 100',
      'ip -n lab-cli rule add from 203.0.113.1 table 100',
    ],
    applicable: true,
  },
};

export const addAddrNote: DoctorFinding = {
  id: 'add-addr-accepted:limits',
  check: 'add-addr-accepted',
  severity: 'info',
  summary:
    'add_addr_accepted is 0 (the upstream default): addresses a server announces are ignored, which matters only if your servers announce them.',
  subject: 'add_addr_accepted',
  fix: {
    description: 'Raises add_addr_accepted from 0 to 2 (the subflows limit stays 0).',
    commands: ['ip -n lab-cli mptcp limits set add_addr_accepted 2'],
    applicable: true,
  },
};

export const nmNote: DoctorFinding = {
  id: 'endpoint-manager:NetworkManager',
  check: 'endpoint-manager',
  severity: 'info',
  summary: 'NetworkManager runs here and may replace endpoints that Subflow sets.',
};

export function report(findings: readonly DoctorFinding[], privileged = true): DoctorReport {
  return { time: T, netns: 'lab-cli', privileged, checks: [...CHECKS], findings: [...findings] };
}
