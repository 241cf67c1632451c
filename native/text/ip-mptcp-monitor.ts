// Parses the text of `ip mptcp monitor` (iproute2), one line at a time or a whole capture, into
// path-manager events named as the kernel's netlink spec names them (DESIGN.md's PmEvent.type).
import { isIP } from 'node:net';
import { PM_EVENT_NAMES } from '../mptcp-pm/constants.js';
import type { PmEventName } from '../mptcp-pm/constants.js';
import { ParseError, quote } from './errors.js';

/** Path-manager event names of the kernel's netlink spec (mptcp_pm.yaml), as DESIGN.md uses. */
export const PM_EVENT_TYPES: readonly PmEventName[] = [...PM_EVENT_NAMES.values()];

/** A path-manager event name (the mptcp_pm decoder's PmEventName). */
export type PmEventType = PmEventName;

/** True when an event type is one of the kernel's spec names. */
export function isPmEventType(type: string): type is PmEventType {
  return (PM_EVENT_TYPES as readonly string[]).includes(type);
}

/** Monitor names as iproute2 prints them → spec names ('SF_PRIORITY' tolerated). */
const PRINTED_NAMES = new Map<string, PmEventType>([
  ['CREATED', 'created'],
  ['ESTABLISHED', 'established'],
  ['CLOSED', 'closed'],
  ['ANNOUNCED', 'announced'],
  ['REMOVED', 'removed'],
  ['SF_ESTABLISHED', 'sub-established'],
  ['SF_CLOSED', 'sub-closed'],
  ['SF_PRIO', 'sub-priority'],
  ['SF_PRIORITY', 'sub-priority'],
  ['LISTENER_CREATED', 'listener-created'],
  ['LISTENER_CLOSED', 'listener-closed'],
]);

/** An address and port of an event: s* attributes are local, d* remote. */
export interface IpMptcpEventAddress {
  address: string;
  port?: number;
}

/** One event line of `ip mptcp monitor`. */
export interface IpMptcpMonitorEvent {
  /** A PmEventType when known (see isPmEventType); otherwise the name exactly as ip printed it. */
  type: string;
  /** The name as printed: 'SF_PRIO', 'UNKNOWN 15', … */
  name: string;
  /** Connection token, 8 lowercase hex digits. */
  token?: string;
  remoteId?: number;
  localId?: number;
  /** saddr4|saddr6 with sport. */
  local?: IpMptcpEventAddress;
  /** daddr4|daddr6 with dport (for announced: the address the peer announced). */
  remote?: IpMptcpEventAddress;
  backup?: boolean;
  /** errno of a failed or closed subflow (111: connection refused). */
  error?: number;
  /** Event flags (MPTCP_PM_EV_FLAG_*), printed in hex. */
  flags?: number;
  /** Set when flags are printed: bit 1, this side accepted the connection. */
  serverSide?: boolean;
  /** Timeout of an announced address, seconds. */
  timeout?: number;
  /** Interface index of the subflow. */
  ifindex?: number;
  resetReason?: number;
  resetFlags?: number;
  /** Time printed by `ip -t` / `ip -ts`, as printed (local time, no zone). */
  timestamp?: string;
  /** Any other key=value, value as printed. */
  extra: Record<string, string>;
  /** 1-based line in the parsed text. */
  line: number;
}

/** One line of monitor output: an event, a `Timestamp:` line of `ip -t`, or nothing. */
export type MonitorLine =
  | { kind: 'event'; event: IpMptcpMonitorEvent }
  | { kind: 'timestamp'; timestamp: string }
  | { kind: 'blank' };

function failAt(source: string, line: number): (detail: string) => never {
  return (detail) => {
    throw new ParseError({ source, line, detail });
  };
}

const uint = (text: string, max: number): number | undefined =>
  /^\d{1,10}$/.test(text) && Number(text) <= max ? Number(text) : undefined;

/** Maps a monitor name ('SF_PRIO', 'UNKNOWN 15', …) to its spec name, or returns it as-is. */
export function monitorEventType(name: string): string {
  const known = PRINTED_NAMES.get(name);
  if (known) return known;
  // iproute2 6.1 prints `[UNKNOWN 15]` for event numbers (enum mptcp_event_type) it has no name for.
  const unknown = /^UNKNOWN (\d{1,5})$/.exec(name);
  return (unknown && PM_EVENT_NAMES.get(Number(unknown[1]))) ?? name;
}

const SHORT_STAMP = /^\[(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?)\]\s*/;
const LONG_STAMP = /^Timestamp: (.+)$/;
const EVENT = /^\[\s*([A-Za-z0-9_ ]*?)\s*\](.*)$/;

/** Parses one line of `ip mptcp monitor` (also with `ip -t` or `ip -ts`). */
export function parseIpMptcpMonitorLine(
  raw: string,
  at: { line?: number; source?: string } = {},
): MonitorLine {
  const line = at.line ?? 1;
  const fail = failAt(at.source ?? 'ip mptcp monitor', line);
  const text = raw.trim();
  if (text === '') return { kind: 'blank' };
  const long = LONG_STAMP.exec(text);
  if (long) return { kind: 'timestamp', timestamp: long[1] ?? '' };
  const short = SHORT_STAMP.exec(text);
  const rest = short ? text.slice(short[0].length) : text;
  const m = EVENT.exec(rest);
  const name = m?.[1] ?? '';
  if (!m || name === '') return fail(`expected "[EVENT] key=value …", got ${quote(text)}`);
  const extra = Object.create(null) as Record<string, string>;
  const event: IpMptcpMonitorEvent = { type: monitorEventType(name), name, extra, line };
  if (short) event.timestamp = short[1];
  const fields = new Map<string, string>();
  for (const token of (m[2] ?? '').trim().split(/\s+/)) {
    if (token === '') continue;
    const eq = token.indexOf('=');
    if (eq <= 0) fail(`expected key=value, got ${quote(token)}`);
    fields.set(token.slice(0, eq), token.slice(eq + 1));
  }
  for (const [key, value] of fields) decodeEventField(event, key, value, fail);
  for (const [side, prefix] of [
    ['local', 's'],
    ['remote', 'd'],
  ] as const) {
    const address = fields.get(`${prefix}addr4`) ?? fields.get(`${prefix}addr6`);
    const port = fields.get(`${prefix}port`);
    // A port without an address has no side to belong to: keep it as printed.
    if (address === undefined && port !== undefined) extra[`${prefix}port`] = port;
    if (address === undefined) continue;
    event[side] = port === undefined ? { address } : { address, port: Number(port) };
  }
  return { kind: 'event', event };
}

function decodeEventField(
  event: IpMptcpMonitorEvent,
  key: string,
  value: string,
  fail: (detail: string) => never,
): void {
  const bad = (what: string): never => fail(`${key}: expected ${what}, got ${quote(value)}`);
  switch (key) {
    case 'token':
      if (!/^[0-9a-f]{1,8}$/i.test(value)) bad('hex digits');
      event.token = value.toLowerCase().padStart(8, '0');
      return;
    case 'remid':
    case 'locid':
      event[key === 'remid' ? 'remoteId' : 'localId'] = uint(value, 255) ?? bad('an id 0–255');
      return;
    case 'saddr4':
    case 'daddr4':
    case 'saddr6':
    case 'daddr6':
      if (isIP(value) !== (key.endsWith('4') ? 4 : 6)) bad(`an IPv${key.slice(-1)} address`);
      return;
    case 'sport':
    case 'dport':
      if (uint(value, 65535) === undefined) bad('a port');
      return;
    case 'backup':
      event.backup = (uint(value, 255) ?? bad('0 or 1')) !== 0;
      return;
    case 'flags':
      if (!/^[0-9a-f]{1,4}$/i.test(value)) bad('hex flags');
      event.flags = parseInt(value, 16);
      event.serverSide = (event.flags & 2) !== 0;
      return;
    case 'error':
    case 'timeout':
    case 'reset_reason':
      event[key === 'reset_reason' ? 'resetReason' : key] =
        uint(value, 0xffffffff) ?? bad('a number');
      return;
    case 'ifindex':
      if (!/^-?\d{1,10}$/.test(value)) bad('an interface index');
      event.ifindex = Number(value);
      return;
    case 'reset_flags':
      if (!/^0x[0-9a-f]{1,8}$/i.test(value)) bad('hex like 0x1');
      event.resetFlags = parseInt(value, 16);
      return;
    default:
      event.extra[key] = value;
  }
}

/** Parses captured `ip mptcp monitor` output; `Timestamp:` lines of `ip -t` go to the next event. */
export function parseIpMptcpMonitor(
  text: string,
  options: { source?: string } = {},
): IpMptcpMonitorEvent[] {
  const source = options.source ?? 'ip mptcp monitor';
  const events: IpMptcpMonitorEvent[] = [];
  let stamp: string | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const parsed = parseIpMptcpMonitorLine(raw, { line: index + 1, source });
    if (parsed.kind === 'timestamp') stamp = parsed.timestamp;
    if (parsed.kind !== 'event') return;
    if (stamp !== undefined && parsed.event.timestamp === undefined) parsed.event.timestamp = stamp;
    stamp = undefined;
    events.push(parsed.event);
  });
  return events;
}
