// Pure readers of what `ip`, `tc` and `ip netns` print (JSON or text), validated before use.
import { z } from 'zod';
import { ParseError } from '../text/errors.js';
import { parseIpMptcpLimits } from '../text/ip-mptcp-parser.js';
import { LabOutputError } from './lab-errors.js';

/** An interface of a lab namespace. */
export interface LabInterfaceInfo {
  /** Interface name. */
  readonly name: string;
  /** Administratively up. */
  readonly up: boolean;
  /** IPv4 and global IPv6 addresses with prefix length, e.g. `198.51.100.1/24`. */
  readonly addresses: readonly string[];
}

/** The root qdisc of an interface. */
export interface LabQdiscInfo {
  /** Interface name. */
  readonly interface: string;
  /** Qdisc kind, e.g. `tbf` or `noqueue`. */
  readonly kind: string;
  /** tbf rate in Mbit/s, null for other kinds. */
  readonly rateMbit: number | null;
  /** tbf bucket in bytes, null for other kinds. */
  readonly burstBytes: number | null;
}

/** An MPTCP path-manager endpoint. */
export interface LabEndpointInfo {
  /** Endpoint id. */
  readonly id: number;
  /** Endpoint address. */
  readonly address: string;
  /** Interface the endpoint is bound to, if any. */
  readonly interface: string | null;
  /** Flags set, e.g. `subflow`, `signal`, `backup`, `fullmesh`. */
  readonly flags: readonly string[];
}

/** MPTCP per-connection limits of a namespace. */
export interface LabLimits {
  /** Most additional subflows per connection. */
  readonly subflows: number;
  /** Most ADD_ADDR announcements accepted per connection. */
  readonly addAddrAccepted: number;
}

/** A policy routing rule. */
export interface LabRuleInfo {
  /** Source selector (`all` or an address). */
  readonly from: string;
  /** Table looked up. */
  readonly table: string;
}

/** A route of one table. */
export interface LabRouteInfo {
  /** Destination (`default` or CIDR). */
  readonly destination: string;
  /** Next hop, if any. */
  readonly gateway: string | null;
  /** Output interface, if any. */
  readonly interface: string | null;
}

/** Byte counters of an interface (since it was created). */
export interface LinkCounters {
  /** Bytes received. */
  readonly rxBytes: number;
  /** Bytes sent. */
  readonly txBytes: number;
}

/** Parses JSON text and checks it against a schema; `what` names the command for errors. */
export function parseJson<T>(what: string, text: string, schema: z.ZodType<T>): T {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new LabOutputError(what, `not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue === undefined ? '' : ` at ${issue.path.join('.') || 'top level'}`;
    throw new LabOutputError(what, `unexpected shape${where}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

const netnsList = z.array(z.object({ name: z.string() }));

/** `ip -j netns list` → namespace names (ip prints nothing at all when there are none). */
export function parseNetnsList(text: string): string[] {
  if (text.trim() === '') return [];
  return parseJson('ip -j netns list', text, netnsList).map((ns) => ns.name);
}

const addrShow = z.array(
  z.object({
    ifname: z.string(),
    flags: z.array(z.string()).default([]),
    addr_info: z
      .array(
        z.object({
          family: z.string(),
          local: z.string(),
          prefixlen: z.number(),
          scope: z.string().optional(),
        }),
      )
      .default([]),
  }),
);

/** `ip -j addr show` → interfaces with their addresses (link-local IPv6 left out). */
export function parseAddrShow(text: string): LabInterfaceInfo[] {
  return parseJson('ip -j addr show', text, addrShow).map((link) => ({
    name: link.ifname,
    up: link.flags.includes('UP'),
    addresses: link.addr_info
      .filter((a) => !(a.family === 'inet6' && a.scope === 'link'))
      .map((a) => `${a.local}/${String(a.prefixlen)}`),
  }));
}

const qdiscShow = z.array(
  z.object({
    kind: z.string(),
    dev: z.string(),
    root: z.boolean().optional(),
    options: z.object({ rate: z.number().optional(), burst: z.number().optional() }).optional(),
  }),
);

/** `tc -j qdisc show` → root qdiscs; tbf rates converted from bytes/s to Mbit/s. */
export function parseQdiscShow(text: string): LabQdiscInfo[] {
  return parseJson('tc -j qdisc show', text, qdiscShow)
    .filter((q) => q.root === true)
    .map((q) => {
      const tbf = q.kind === 'tbf';
      const rate = q.options?.rate;
      return {
        interface: q.dev,
        kind: q.kind,
        rateMbit: tbf && rate !== undefined ? (rate * 8) / 1e6 : null,
        burstBytes: tbf ? (q.options?.burst ?? null) : null,
      };
    });
}

const ENDPOINT_FLAGS = ['signal', 'subflow', 'backup', 'fullmesh', 'implicit', 'laminar'] as const;

const endpointShow = z.array(
  z
    .object({ id: z.number(), address: z.string(), dev: z.string().optional() })
    .catchall(z.unknown()),
);

/** `ip -j mptcp endpoint show` → endpoints (ip prints each flag as a `true` member). */
export function parseEndpointShow(text: string): LabEndpointInfo[] {
  if (text.trim() === '') return [];
  return parseJson('ip -j mptcp endpoint show', text, endpointShow).map((ep) => ({
    id: ep.id,
    address: ep.address,
    interface: ep.dev ?? null,
    flags: ENDPOINT_FLAGS.filter((flag) => ep[flag] === true),
  }));
}

/** `ip mptcp limits show` (text, e.g. `add_addr_accepted 8 subflows 8`) → limits, read by
 * native/text's parser. */
export function parseLimitsShow(text: string): LabLimits {
  const what = 'ip mptcp limits show';
  const limits = asLabOutput(what, () => parseIpMptcpLimits(text, { source: what }));
  return { subflows: limits.subflows, addAddrAccepted: limits.addAddrAccepted };
}

/** Runs a native/text parser, turning its ParseError into the lab's error for `what`. */
export function asLabOutput<T>(what: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof ParseError) throw new LabOutputError(what, err.detail);
    throw err;
  }
}

const ruleShow = z.array(z.object({ src: z.string(), table: z.string() }));

/** `ip -j rule show` → rules. */
export function parseRuleShow(text: string): LabRuleInfo[] {
  return parseJson('ip -j rule show', text, ruleShow).map((r) => ({ from: r.src, table: r.table }));
}

const routeShow = z.array(
  z.object({ dst: z.string(), gateway: z.string().optional(), dev: z.string().optional() }),
);

/** `ip -j route show table N` → routes. */
export function parseRouteShow(text: string): LabRouteInfo[] {
  if (text.trim() === '') return [];
  return parseJson('ip -j route show', text, routeShow).map((r) => ({
    destination: r.dst,
    gateway: r.gateway ?? null,
    interface: r.dev ?? null,
  }));
}

const linkStats = z
  .array(
    z.object({
      stats64: z.object({
        rx: z.object({ bytes: z.number() }),
        tx: z.object({ bytes: z.number() }),
      }),
    }),
  )
  .length(1);

/** `ip -s -j link show dev X` → its byte counters. */
export function parseLinkCounters(text: string): LinkCounters {
  const [link] = parseJson('ip -s -j link show', text, linkStats);
  if (link === undefined) throw new LabOutputError('ip -s -j link show', 'no link');
  return { rxBytes: link.stats64.rx.bytes, txBytes: link.stats64.tx.bytes };
}

/** `ip netns pids NS` (one pid a line) → pids. */
export function parsePidList(text: string): number[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const pid = Number(line);
      if (!Number.isInteger(pid) || pid <= 0)
        throw new LabOutputError('ip netns pids', `"${line}" is not a pid`);
      return pid;
    });
}
