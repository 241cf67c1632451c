// Parses the text of `ip mptcp endpoint show` and `ip mptcp limits show` (iproute2), and re-exports
// the `ip mptcp monitor` parser: a fallback without netlink FFI, an oracle for our mptcp_pm decoders.
import { isIP } from 'node:net';
import { ENDPOINT_FLAG_NAMES } from '../mptcp-pm/constants.js';
import type { EndpointFlag as PmEndpointFlag } from '../mptcp-pm/constants.js';
import { ParseError, quote } from './errors.js';

export * from './ip-mptcp-monitor.js';

/** Endpoint flags as `ip mptcp endpoint` names them (the mptcp_pm decoder's names). */
export type EndpointFlag = PmEndpointFlag;

const ENDPOINT_FLAGS: ReadonlySet<string> = new Set<EndpointFlag>(ENDPOINT_FLAG_NAMES);

/** One line of `ip mptcp endpoint show`. */
export interface IpMptcpEndpoint {
  /** Endpoint (address) id, 1–255. */
  id: number;
  /** Numeric IPv4 or IPv6 address. */
  address: string;
  /** Port of a signal endpoint added with `port`; absent when none. */
  port?: number;
  /** Interface name printed after `dev`; absent when the endpoint has none. */
  interface?: string;
  /** Named flags, in the order printed. */
  flags: EndpointFlag[];
  /** Flag bits ip could not name (`rawflags 40`); absent when there are none. */
  rawFlags?: number;
  /** Words this parser does not know, in order, kept so that nothing is lost. */
  unknown: string[];
  /** 1-based line in the parsed text. */
  line: number;
}

/** `ip mptcp limits show`. */
export interface IpMptcpLimits {
  /** Maximum number of additional subflows per connection. */
  subflows: number;
  /** Maximum number of ADD_ADDR announcements accepted per connection. */
  addAddrAccepted: number;
  /** Any other `name value` pair, value as printed. */
  extra: Record<string, string>;
}

/** Names the input in error messages. */
export interface IpParseOptions {
  source?: string;
}

function lines(text: string): { raw: string; line: number }[] {
  return text
    .split(/\r?\n/)
    .map((raw, index) => ({ raw, line: index + 1 }))
    .filter(({ raw }) => raw.trim() !== '');
}

function failAt(source: string, line: number): (detail: string) => never {
  return (detail) => {
    throw new ParseError({ source, line, detail });
  };
}

const uint = (text: string | undefined, max: number): number | undefined =>
  text !== undefined && /^\d{1,10}$/.test(text) && Number(text) <= max ? Number(text) : undefined;

/** Parses `ip mptcp endpoint show` (empty text: no endpoints). */
export function parseIpMptcpEndpoints(
  text: string,
  options: IpParseOptions = {},
): IpMptcpEndpoint[] {
  const source = options.source ?? 'ip mptcp endpoint show';
  return lines(text).map(({ raw, line }) => {
    const fail = failAt(source, line);
    const words = raw.trim().split(/\s+/);
    const address = words[0] ?? '';
    if (isIP(address) === 0) fail(`expected an IP address first, got ${quote(address)}`);
    const endpoint: IpMptcpEndpoint = { id: 0, address, flags: [], unknown: [], line };
    let hasId = false;
    for (let i = 1; i < words.length; i++) {
      const word = words[i] ?? '';
      const value = words[i + 1];
      if (word === 'id' || word === 'port' || word === 'dev' || word === 'rawflags') {
        if (value === undefined) fail(`${quote(word)} without a value`);
        i++;
      }
      if (word === 'id') {
        endpoint.id = uint(value, 255) ?? fail(`id: expected 0–255, got ${quote(value ?? '')}`);
        hasId = true;
      } else if (word === 'port') {
        endpoint.port =
          uint(value, 65535) ?? fail(`port: expected a port, got ${quote(value ?? '')}`);
      } else if (word === 'dev') {
        endpoint.interface = value;
      } else if (word === 'rawflags') {
        if (!/^[0-9a-f]{1,8}$/i.test(value ?? ''))
          fail(`rawflags: expected hex, got ${quote(value ?? '')}`);
        endpoint.rawFlags = parseInt(value ?? '0', 16);
      } else if (ENDPOINT_FLAGS.has(word)) {
        endpoint.flags.push(word as EndpointFlag);
      } else {
        endpoint.unknown.push(word);
      }
    }
    if (!hasId) fail(`no "id N" in ${quote(raw.trim())}`);
    return endpoint;
  });
}

/** Parses `ip mptcp limits show`: one line of `name value` pairs. */
export function parseIpMptcpLimits(text: string, options: IpParseOptions = {}): IpMptcpLimits {
  const source = options.source ?? 'ip mptcp limits show';
  const found = lines(text);
  const first = found[0];
  if (!first) throw new ParseError({ source, line: 0, detail: 'empty output, expected limits' });
  const fail = failAt(source, first.line);
  if (found[1]) failAt(source, found[1].line)(`expected one line, got ${quote(found[1].raw)}`);
  const words = first.raw.trim().split(/\s+/);
  if (words.length % 2 !== 0) fail(`expected "name value" pairs, got ${quote(first.raw.trim())}`);
  const extra: Record<string, string> = Object.create(null) as Record<string, string>;
  let subflows: number | undefined;
  let addAddrAccepted: number | undefined;
  for (let i = 0; i < words.length; i += 2) {
    const [name, value] = [words[i] ?? '', words[i + 1] ?? ''];
    if (name === 'subflows' || name === 'add_addr_accepted') {
      const n = uint(value, 0xffffffff) ?? fail(`${name}: expected a count, got ${quote(value)}`);
      if (name === 'subflows') subflows = n;
      else addAddrAccepted = n;
    } else {
      extra[name] = value;
    }
  }
  if (subflows === undefined || addAddrAccepted === undefined) {
    return fail(`expected both "subflows N" and "add_addr_accepted N", got ${quote(first.raw)}`);
  }
  return { subflows, addAddrAccepted, extra };
}
