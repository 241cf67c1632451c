// Pure checks and rendering of a lab's state: is it what `up` makes, and a human summary.
import {
  BLUE_PATH,
  LAB_MPTCP_LIMITS,
  LAB_PATHS,
  LAB_SOURCE_ROUTE_TABLE,
  RED_PATH,
} from './lab-constants.js';
import type { LabPathName } from './lab-constants.js';
import type { LabNamespaceStatus, LabStatus } from './lab-status-types.js';

/** The parts of a LabStatus the checks read. */
export type LabState = Pick<LabStatus, 'prefix' | 'client' | 'server'>;

/** Relative difference tolerated between a configured and a reported rate (tc rounds). */
const RATE_TOLERANCE = 0.005;

function checkNamespace(
  ns: LabNamespaceStatus,
  side: 'client' | 'server',
  rates: Readonly<Partial<Record<LabPathName, number>>>,
): string[] {
  if (!ns.exists) return [`namespace ${ns.name} does not exist`];
  const problems: string[] = [];
  if (ns.mptcpEnabled !== true) problems.push(`MPTCP is not enabled in ${ns.name}`);
  const { subflows, addAddrAccepted } = LAB_MPTCP_LIMITS;
  if (ns.limits?.subflows !== subflows || ns.limits.addAddrAccepted !== addAddrAccepted) {
    problems.push(
      `MPTCP limits in ${ns.name} are not subflows ${subflows} add_addr_accepted ${addAddrAccepted}`,
    );
  }
  if (ns.interfaces.find((i) => i.name === 'lo')?.up !== true)
    problems.push(`lo is down in ${ns.name}`);
  for (const path of LAB_PATHS) {
    const name = side === 'client' ? path.clientInterface : path.serverInterface;
    const address = side === 'client' ? path.clientAddress : path.serverAddress;
    const link = ns.interfaces.find((i) => i.name === name);
    if (link === undefined) {
      problems.push(`${name} is missing in ${ns.name}`);
      continue;
    }
    if (!link.up) problems.push(`${name} is down`);
    const cidr = `${address}/${String(path.prefixLength)}`;
    if (!link.addresses.includes(cidr)) problems.push(`${name} lacks ${cidr}`);
    const wanted = rates[path.name];
    if (link.qdisc !== 'tbf' || link.rateMbit === null) {
      problems.push(`${name} is not shaped with tbf`);
    } else if (wanted !== undefined && Math.abs(link.rateMbit - wanted) > wanted * RATE_TOLERANCE) {
      problems.push(`${name} is shaped to ${formatMbit(link.rateMbit)}, not ${formatMbit(wanted)}`);
    }
  }
  return problems;
}

function checkClientRouting(ns: LabNamespaceStatus): string[] {
  if (!ns.exists) return [];
  const problems: string[] = [];
  const blue = BLUE_PATH;
  const endpoint = ns.endpoints.find((e) => e.address === blue.clientAddress);
  if (endpoint?.flags.includes('subflow') !== true || endpoint.interface !== blue.clientInterface) {
    problems.push(
      `no subflow endpoint ${blue.clientAddress} dev ${blue.clientInterface} in ${ns.name}`,
    );
  }
  const table = String(LAB_SOURCE_ROUTE_TABLE);
  if (!ns.rules.some((r) => r.from === blue.clientAddress && r.table === table)) {
    problems.push(`no rule "from ${blue.clientAddress} table ${table}" in ${ns.name}`);
  }
  const route = ns.sourceRoutes.find((r) => r.destination === RED_PATH.subnet);
  if (route?.gateway !== blue.serverAddress || route.interface !== blue.clientInterface) {
    problems.push(
      `no route ${RED_PATH.subnet} via ${blue.serverAddress} dev ${blue.clientInterface} in table ${table}`,
    );
  }
  return problems;
}

/**
 * What differs from the lab `up` makes; empty when it matches. With `rates` (Mbit/s), the
 * shaping must match them too.
 */
export function checkLab(
  state: LabState,
  rates: Readonly<Partial<Record<LabPathName, number>>> = {},
): string[] {
  return [
    ...checkNamespace(state.client, 'client', rates),
    ...checkClientRouting(state.client),
    ...checkNamespace(state.server, 'server', rates),
  ];
}

/** A rate for people, e.g. `40 Mbit/s`. */
export function formatMbit(rateMbit: number): string {
  return `${String(Math.round(rateMbit * 100) / 100)} Mbit/s`;
}

function renderNamespace(role: string, ns: LabNamespaceStatus): string[] {
  if (!ns.exists) return [`  ${role} ${ns.name}: absent`];
  const limits =
    ns.limits === null
      ? 'limits ?'
      : `limits subflows ${ns.limits.subflows} add_addr_accepted ${ns.limits.addAddrAccepted}`;
  const mptcp = ns.mptcpEnabled === true ? 'MPTCP on' : 'MPTCP off';
  const lines = [`  ${role} ${ns.name}: ${mptcp}, ${limits}`];
  const width = Math.max(...ns.interfaces.map((i) => i.name.length));
  for (const link of ns.interfaces) {
    const shaping =
      link.rateMbit === null ? (link.qdisc ?? '-') : `tbf ${formatMbit(link.rateMbit)}`;
    const addresses = link.addresses.join(' ') || '-';
    lines.push(
      `    ${link.name.padEnd(width)}  ${link.up ? 'up  ' : 'down'}  ${addresses}  ${shaping}`,
    );
  }
  for (const ep of ns.endpoints) {
    const dev = ep.interface === null ? '' : ` dev ${ep.interface}`;
    lines.push(
      `    endpoint ${String(ep.id)}: ${ep.address}${dev} ${ep.flags.join(' ')}`.trimEnd(),
    );
  }
  for (const rule of ns.rules.filter((r) => r.from !== 'all')) {
    lines.push(`    rule: from ${rule.from} table ${rule.table}`);
  }
  for (const route of ns.sourceRoutes) {
    const via = route.gateway === null ? '' : ` via ${route.gateway}`;
    const dev = route.interface === null ? '' : ` dev ${route.interface}`;
    lines.push(`    table ${String(LAB_SOURCE_ROUTE_TABLE)}: ${route.destination}${via}${dev}`);
  }
  lines.push(`    processes: ${ns.pids.length === 0 ? 'none' : ns.pids.join(' ')}`);
  return lines;
}

/** A lab's state as a few lines of text. */
export function renderLabStatus(status: LabStatus): string {
  const absent = !status.client.exists && !status.server.exists;
  const head = absent
    ? `Lab "${status.prefix}": down (nothing exists)`
    : `Lab "${status.prefix}": ${status.up ? 'up' : 'incomplete'}`;
  if (absent) return head;
  return [
    head,
    ...renderNamespace('client', status.client),
    ...renderNamespace('server', status.server),
    ...status.problems.map((p) => `  ! ${p}`),
  ].join('\n');
}
