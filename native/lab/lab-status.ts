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
import type {
  LabEndpointInfo,
  LabLimits,
  LabRouteInfo,
  LabRuleInfo,
  LinkCounters,
} from './lab-parse.js';
import { checkLab } from './lab-check.js';
import { namespacePids } from './lab-processes.js';

/** An interface of a lab namespace with its shaping. */
export interface LabInterfaceStatus {
  /** Interface name. */
  readonly name: string;
  /** Administratively up. */
  readonly up: boolean;
  /** Addresses with prefix length. */
  readonly addresses: readonly string[];
  /** Root qdisc kind (`tbf`, `noqueue`…), null when none is reported. */
  readonly qdisc: string | null;
  /** tbf rate in Mbit/s, null when not shaped by tbf. */
  readonly rateMbit: number | null;
}

/** One namespace of the lab as found. */
export interface LabNamespaceStatus {
  /** Namespace name. */
  readonly name: string;
  /** Whether it exists. The fields below are empty/null when it does not. */
  readonly exists: boolean;
  /** net.mptcp.enabled inside it. */
  readonly mptcpEnabled: boolean | null;
  /** Interfaces, lo included. */
  readonly interfaces: readonly LabInterfaceStatus[];
  /** MPTCP endpoints. */
  readonly endpoints: readonly LabEndpointInfo[];
  /** MPTCP limits. */
  readonly limits: LabLimits | null;
  /** Policy rules. */
  readonly rules: readonly LabRuleInfo[];
  /** Routes of the lab's source-routing table. */
  readonly sourceRoutes: readonly LabRouteInfo[];
  /** Processes running inside it. */
  readonly pids: readonly number[];
}

/** What exists of a lab. */
export interface LabStatus {
  /** The lab's prefix. */
  readonly prefix: string;
  /** Both namespaces exist and look as `up` makes them (any rates). */
  readonly up: boolean;
  /** Client namespace. */
  readonly client: LabNamespaceStatus;
  /** Server namespace. */
  readonly server: LabNamespaceStatus;
  /** What differs from a complete lab, one line each; empty when up. */
  readonly problems: readonly string[];
}

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
