// Reads what exists of a lab (namespaces, interfaces, qdiscs, MPTCP settings, processes).
import { LAB_SOURCE_ROUTE_TABLE } from './lab-constants.js';
import { resolveLabConfig } from './lab-config.js';
import type { LabConfig, LabTarget } from './lab-config.js';
import { assertRoot, runCommand, tryCommand } from './lab-exec.js';
import {
  parseAddrShow,
  parseEndpointShow,
  parseLimitsShow,
  parseLinkCounters,
  parseNetnsList,
  parseQdiscShow,
  parseRouteShow,
  parseRuleShow,
} from './lab-parse.js';
import type { LinkCounters } from './lab-parse.js';
import type { LabNamespaceStatus, LabStatus } from './lab-status-types.js';
import { checkLab } from './lab-check.js';
import { namespacePids } from './lab-processes.js';

export type { LabInterfaceStatus, LabNamespaceStatus, LabStatus } from './lab-status-types.js';

/** Byte counters of an interface inside a namespace (`ip -n NS -s -j link show dev X`). */
export async function readLinkCounters(ns: string, device: string): Promise<LinkCounters> {
  const out = await runCommand(['ip', '-n', ns, '-s', '-j', 'link', 'show', 'dev', device]);
  return parseLinkCounters(out.stdout);
}

/** Names of all network namespaces (`ip netns list`). */
export async function listNamespaces(): Promise<string[]> {
  return parseNetnsList((await runCommand(['ip', '-j', 'netns', 'list'])).stdout);
}

function missing(name: string): LabNamespaceStatus {
  return {
    name,
    exists: false,
    mptcpEnabled: null,
    interfaces: [],
    endpoints: [],
    limits: null,
    rules: [],
    sourceRoutes: [],
    pids: [],
  };
}

async function readNamespace(name: string): Promise<LabNamespaceStatus> {
  const ip = async (...args: string[]): Promise<string> =>
    (await runCommand(['ip', '-n', name, ...args])).stdout;
  const [addr, qdisc, endpoints, limits, enabled, rules, routes] = await Promise.all([
    ip('-j', 'addr', 'show'),
    runCommand(['tc', '-n', name, '-j', 'qdisc', 'show']).then((out) => out.stdout),
    ip('-j', 'mptcp', 'endpoint', 'show'),
    ip('mptcp', 'limits', 'show'),
    tryCommand(['ip', 'netns', 'exec', name, 'sysctl', '-n', 'net.mptcp.enabled']),
    ip('-j', 'rule', 'show'),
    // An empty table makes ip fail on some versions; treat that as no routes.
    tryCommand(['ip', '-n', name, '-j', 'route', 'show', 'table', String(LAB_SOURCE_ROUTE_TABLE)]),
  ]);
  // Read after the commands above have ended, so they are not listed among the lab's processes.
  const pids = await namespacePids(name);
  const qdiscs = parseQdiscShow(qdisc);
  return {
    name,
    exists: true,
    mptcpEnabled: enabled === undefined ? null : enabled.stdout.trim() === '1',
    interfaces: parseAddrShow(addr).map((link) => {
      const q = qdiscs.find((entry) => entry.interface === link.name);
      return { ...link, qdisc: q?.kind ?? null, rateMbit: q?.rateMbit ?? null };
    }),
    endpoints: parseEndpointShow(endpoints),
    limits: parseLimitsShow(limits),
    rules: parseRuleShow(rules),
    sourceRoutes: routes === undefined ? [] : parseRouteShow(routes.stdout),
    pids,
  };
}

/** Reads a lab's state for an already validated configuration. */
export async function readLabStatus(config: LabConfig): Promise<LabStatus> {
  const existing = new Set(await listNamespaces());
  const read = (name: string): Promise<LabNamespaceStatus> =>
    existing.has(name) ? readNamespace(name) : Promise.resolve(missing(name));
  const [client, server] = await Promise.all([
    read(config.namespaces.client),
    read(config.namespaces.server),
  ]);
  const partial = { prefix: config.prefix, client, server };
  const problems = checkLab(partial);
  return { ...partial, up: problems.length === 0, problems };
}

/** What exists of the lab with this prefix (needs root). */
export async function labStatus(options: LabTarget = {}): Promise<LabStatus> {
  assertRoot();
  return readLabStatus(resolveLabConfig(options));
}
