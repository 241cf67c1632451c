// A DoctorInput assembled from state captured from the real kernel in the lab's client
// namespace: rtnetlink links, addresses, routes and rules (test/fixtures/rtnl), mptcp_pm
// endpoints and limits (test/fixtures/mptcp-pm), rp_filter, MPTCP sysctls and MPTcpExt counters
// (test/fixtures/procfs/lab-client), and the MPTCP sockets of a transfer (test/fixtures/monitor).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { doctorInputFrom } from '../../../electron/doctor/doctor-input.js';
import type { DoctorInput } from '../../../electron/doctor/doctor-input.js';
import type { DoctorKernelState } from '../../../native/kernel/doctor-ops.js';
import { decodeEndpoint, decodeLimits } from '../../../native/mptcp-pm/endpoints.js';
import { parseMessages } from '../../../native/netlink/message.js';
import type { NlMessage } from '../../../native/netlink/message.js';
import { readMptcpCounters } from '../../../native/procfs/netstat.js';
import { readRpFilter } from '../../../native/procfs/rp-filter.js';
import { readMptcpSysctls } from '../../../native/procfs/sysctl.js';
import { decodeAddress } from '../../../native/rtnl/address.js';
import type { InterfaceAddress } from '../../../native/rtnl/address.js';
import { interfacesFrom } from '../../../native/rtnl/interfaces.js';
import { decodeLink } from '../../../native/rtnl/link.js';
import { decodeRoute } from '../../../native/rtnl/route.js';
import type { Route } from '../../../native/rtnl/route.js';
import { decodeRule } from '../../../native/rtnl/rule.js';
import type { Rule } from '../../../native/rtnl/rule.js';
import {
  RTM_NEWADDR,
  RTM_NEWLINK,
  RTM_NEWROUTE,
  RTM_NEWRULE,
} from '../../../native/rtnl/shared.js';
import { loadSample } from '../../fixtures/monitor/load.js';

const fixtures = new URL('../../fixtures/', import.meta.url);
const messages = (path: string): NlMessage[] =>
  parseMessages(new Uint8Array(readFileSync(new URL(path, fixtures))));
const all = (prefix: string, n: number, type: number): NlMessage[] =>
  Array.from({ length: n }, (_, i) => messages(`rtnl/${prefix}-${i}.bin`))
    .flat()
    .filter((m) => m.type === type);
const notNull = <T>(v: T | null): v is T => v !== null;

export const PROC_LAB_CLIENT = fileURLToPath(new URL('procfs/lab-client', fixtures));

/** Routes and rules as the kernel dumped them in the lab client. */
export const fixtureRoutes = (): Route[] =>
  all('cli-route-dump', 2, RTM_NEWROUTE).map(decodeRoute).filter(notNull);
export const fixtureRules = (): Rule[] =>
  all('cli-rule-dump', 1, RTM_NEWRULE).map(decodeRule).filter(notNull);

export function fixtureState(parts: Partial<DoctorKernelState> = {}): DoctorKernelState {
  return {
    routes: fixtureRoutes(),
    rules: fixtureRules(),
    sysctls: readMptcpSysctls(PROC_LAB_CLIENT),
    rpFilter: readRpFilter(PROC_LAB_CLIENT),
    processes: [],
    problems: [],
    ...parts,
  };
}

/** The lab client as captured, examined as namespace "lab-cli". */
export function fixtureInput(parts: Partial<DoctorKernelState> = {}): DoctorInput {
  const links = all('cli-link-dump', 3, RTM_NEWLINK).map(decodeLink);
  const addresses = all('cli-addr-dump', 2, RTM_NEWADDR)
    .map(decodeAddress)
    .filter((a): a is InterfaceAddress => a !== null);
  const transfer = loadSample('transfer-1');
  const [limits] = messages('mptcp-pm/cli-get-limits.bin');
  if (!limits) throw new Error('mptcp-pm/cli-get-limits.bin holds no message');
  const sample = {
    ...transfer,
    interfaces: interfacesFrom(links, addresses),
    endpoints: messages('mptcp-pm/cli-get-addr-dump.bin').map(decodeEndpoint),
    limits: decodeLimits(limits),
    counters: readMptcpCounters(PROC_LAB_CLIENT),
  };
  return doctorInputFrom(sample, fixtureState(parts), { netns: 'lab-cli' });
}
