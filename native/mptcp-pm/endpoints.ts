// Requests and replies of the in-kernel path manager's endpoint and limit commands (ADD_ADDR,
// DEL_ADDR, GET_ADDR, FLUSH_ADDRS, SET/GET_LIMITS, SET_FLAGS). Pure: the encoders return the
// generic netlink payload (genlmsghdr + attributes) for the family id resolved at run time.
import { DecodeError } from '../errors.js';
import { AF_INET, AF_INET6, formatIPv4, formatIPv6, parseAddress } from '../ip-address.js';
import type { AddressFamily } from '../ip-address.js';
import {
  attrMap,
  attrNested,
  attrS32,
  attrU16,
  attrU32,
  attrU8,
  encodeAttr,
  encodeNested,
  encodeS32,
  encodeU16,
  encodeU32,
  encodeU8,
} from '../netlink/attrs.js';
import type { NlAttr } from '../netlink/attrs.js';
import { decodeGenl, encodeGenl } from '../netlink/genl.js';
import type { NlMessage } from '../netlink/message.js';
import {
  ENDPOINT_FLAG_BITS,
  MPTCP_PM_VERSION,
  PM_ENDPOINT_ADDR,
  PmAddrAttr,
  PmAttr,
  PmCmd,
  endpointFlagBits,
  endpointFlagNames,
} from './constants.js';
import type { EndpointFlag } from './constants.js';

/** An attribute this build does not know, kept as hex so nothing the kernel says is lost. */
export interface UnknownAttr {
  readonly type: number;
  readonly hex: string;
}

/** One path-manager endpoint as the kernel reports it (GET_ADDR). */
export interface PmEndpoint {
  /** Endpoint id, 1–255 (0 is the connection's initial address, never an endpoint). */
  readonly id: number;
  readonly address: string;
  readonly family: AddressFamily;
  /** Port for `signal` endpoints with their own port; absent when 0 / not set. */
  readonly port?: number;
  /** Interface index the endpoint is bound to (`dev`); absent when not set. */
  readonly ifindex?: number;
  /** Known flags in bit order. */
  readonly flags: EndpointFlag[];
  /** The flag bits exactly as sent (includes bits newer than this build). */
  readonly rawFlags: number;
  readonly unknown: UnknownAttr[];
}

/** What to create with ADD_ADDR. */
export interface EndpointSpec {
  /** IPv4 or IPv6 text. */
  readonly address: string;
  /** 1–255; the kernel picks one when absent. */
  readonly id?: number;
  /** Only meaningful with `signal`: a port to announce and listen on. */
  readonly port?: number;
  /** Bind subflows to this interface (`ip mptcp endpoint add … dev X`). */
  readonly ifindex?: number;
  readonly flags: readonly EndpointFlag[];
}

/** Which endpoint SET_FLAGS / DEL_ADDR address: by id, or by address when id is absent or 0. */
export interface EndpointTarget {
  readonly id?: number;
  readonly address?: string;
  readonly port?: number;
}

/** The two flags SET_FLAGS can change on an in-kernel PM endpoint. */
export interface EndpointFlagChange {
  readonly backup: boolean;
  readonly fullmesh: boolean;
}

/** Path-manager limits (`ip mptcp limits`): counts per connection. */
export interface PmLimits {
  /** Additional subflows a connection may have (besides the initial one). */
  readonly subflows: number;
  /** ADD_ADDR announcements from the peer that are accepted. */
  readonly addAddrAccepted: number;
}

export const toHex = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');

function checkInt(what: string, v: number, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new RangeError(`${what} must be an integer from ${min} to ${max}, got ${v}`);
  }
  return v;
}

function addressAttrs(address: string): Uint8Array[] {
  const parsed = parseAddress(address);
  if (!parsed) throw new RangeError(`not an IPv4 or IPv6 address: '${address}'`);
  return parsed.family === 4
    ? [encodeU16(PmAddrAttr.FAMILY, AF_INET), encodeAttr(PmAddrAttr.ADDR4, parsed.bytes)]
    : [encodeU16(PmAddrAttr.FAMILY, AF_INET6), encodeAttr(PmAddrAttr.ADDR6, parsed.bytes)];
}

function targetAttrs(target: EndpointTarget): Uint8Array[] {
  const out: Uint8Array[] = [];
  if (target.id !== undefined)
    out.push(encodeU8(PmAddrAttr.ID, checkInt('endpoint id', target.id, 0, 255)));
  if (target.address !== undefined) out.push(...addressAttrs(target.address));
  else if (!target.id) throw new RangeError('an endpoint is named by a non-zero id or an address');
  if (target.port !== undefined)
    out.push(encodeU16(PmAddrAttr.PORT, checkInt('port', target.port, 0, 65535)));
  return out;
}

/** ADD_ADDR: create an endpoint. */
export function encodeAddEndpoint(spec: EndpointSpec, version = MPTCP_PM_VERSION): Uint8Array {
  const inner = addressAttrs(spec.address);
  if (spec.id !== undefined)
    inner.push(encodeU8(PmAddrAttr.ID, checkInt('endpoint id', spec.id, 1, 255)));
  if (spec.port !== undefined)
    inner.push(encodeU16(PmAddrAttr.PORT, checkInt('port', spec.port, 0, 65535)));
  if (spec.ifindex !== undefined) {
    inner.push(encodeS32(PmAddrAttr.IF_IDX, checkInt('ifindex', spec.ifindex, 0, 0x7fffffff)));
  }
  inner.push(encodeU32(PmAddrAttr.FLAGS, endpointFlagBits(spec.flags)));
  return encodeGenl(PmCmd.ADD_ADDR, version, [encodeNested(PM_ENDPOINT_ADDR, inner)]);
}

/** DEL_ADDR: remove an endpoint by id (id 0 needs the address: it removes the initial one). */
export function encodeDeleteEndpoint(
  target: EndpointTarget,
  version = MPTCP_PM_VERSION,
): Uint8Array {
  return encodeGenl(PmCmd.DEL_ADDR, version, [encodeNested(PM_ENDPOINT_ADDR, targetAttrs(target))]);
}

/** GET_ADDR (do): one endpoint by id. */
export function encodeGetEndpoint(id: number, version = MPTCP_PM_VERSION): Uint8Array {
  return encodeGenl(PmCmd.GET_ADDR, version, [
    encodeNested(PM_ENDPOINT_ADDR, [encodeU8(PmAddrAttr.ID, checkInt('endpoint id', id, 1, 255))]),
  ]);
}

/** GET_ADDR (dump): every endpoint; send with the dump flag. */
export const encodeDumpEndpoints = (version = MPTCP_PM_VERSION): Uint8Array =>
  encodeGenl(PmCmd.GET_ADDR, version, []);

/** FLUSH_ADDRS: remove every endpoint. */
export const encodeFlushEndpoints = (version = MPTCP_PM_VERSION): Uint8Array =>
  encodeGenl(PmCmd.FLUSH_ADDRS, version, []);

/** SET_LIMITS: a limit left out keeps its current value (the kernel allows 0–8 for each). */
export function encodeSetLimits(limits: Partial<PmLimits>, version = MPTCP_PM_VERSION): Uint8Array {
  const attrs: Uint8Array[] = [];
  if (limits.addAddrAccepted !== undefined) {
    attrs.push(
      encodeU32(
        PmAttr.RCV_ADD_ADDRS,
        checkInt('addAddrAccepted', limits.addAddrAccepted, 0, 0xffffffff),
      ),
    );
  }
  if (limits.subflows !== undefined) {
    attrs.push(encodeU32(PmAttr.SUBFLOWS, checkInt('subflows', limits.subflows, 0, 0xffffffff)));
  }
  return encodeGenl(PmCmd.SET_LIMITS, version, attrs);
}

/** GET_LIMITS. */
export const encodeGetLimits = (version = MPTCP_PM_VERSION): Uint8Array =>
  encodeGenl(PmCmd.GET_LIMITS, version, []);

/**
 * SET_FLAGS: the in-kernel PM takes the new state of `backup` and `fullmesh` (other bits are
 * ignored) and sends MP_PRIO on live subflows whose backup state changes.
 */
export function encodeSetEndpointFlags(
  target: EndpointTarget,
  change: EndpointFlagChange,
  version = MPTCP_PM_VERSION,
): Uint8Array {
  const bits =
    (change.backup ? ENDPOINT_FLAG_BITS.backup : 0) |
    (change.fullmesh ? ENDPOINT_FLAG_BITS.fullmesh : 0);
  return encodeGenl(PmCmd.SET_FLAGS, version, [
    encodeNested(PmAttr.ADDR, [...targetAttrs(target), encodeU32(PmAddrAttr.FLAGS, bits)]),
  ]);
}

// ---- replies ----

function decodeAddress(
  inner: Map<number, NlAttr>,
  where: string,
): { family: AddressFamily; address: string } {
  const famAttr = inner.get(PmAddrAttr.FAMILY);
  const family = famAttr ? attrU16(famAttr, where) : undefined;
  const a4 = inner.get(PmAddrAttr.ADDR4);
  const a6 = inner.get(PmAddrAttr.ADDR6);
  if ((family === AF_INET || family === undefined) && a4) {
    return { family: 4, address: formatIPv4(a4.data) };
  }
  if ((family === AF_INET6 || family === undefined) && a6) {
    return { family: 6, address: formatIPv6(a6.data) };
  }
  throw new DecodeError(where, 0, `no address for family ${family ?? 'unset'}`);
}

const KNOWN_ADDR_ATTRS = new Set<number>(Object.values(PmAddrAttr));

/** One GET_ADDR reply (do or dump part) → the endpoint it describes. */
export function decodeEndpoint(msg: NlMessage): PmEndpoint {
  const where = 'mptcp_pm endpoint';
  const outer = decodeGenl(msg, where).attrs;
  const unknown: UnknownAttr[] = [];
  let nest: NlAttr | undefined;
  for (const a of outer) {
    if (a.type === PM_ENDPOINT_ADDR) nest = a;
    else unknown.push({ type: a.type, hex: toHex(a.data) });
  }
  if (!nest) throw new DecodeError(where, 0, 'address attribute missing');
  const innerList = attrNested(nest, where);
  const inner = attrMap(innerList);
  for (const a of innerList) {
    if (!KNOWN_ADDR_ATTRS.has(a.type)) unknown.push({ type: a.type, hex: toHex(a.data) });
  }
  const idAttr = inner.get(PmAddrAttr.ID);
  if (!idAttr) throw new DecodeError(where, 0, 'endpoint id missing');
  const flagsAttr = inner.get(PmAddrAttr.FLAGS);
  const rawFlags = flagsAttr ? attrU32(flagsAttr, where) : 0;
  const portAttr = inner.get(PmAddrAttr.PORT);
  const port = portAttr ? attrU16(portAttr, where) : 0;
  const ifAttr = inner.get(PmAddrAttr.IF_IDX);
  const ifindex = ifAttr ? attrS32(ifAttr, where) : 0;
  return {
    id: attrU8(idAttr, where),
    ...decodeAddress(inner, where),
    ...(port !== 0 ? { port } : {}),
    ...(ifindex > 0 ? { ifindex } : {}),
    flags: endpointFlagNames(rawFlags),
    rawFlags,
    unknown,
  };
}

/** The GET_LIMITS reply. */
export function decodeLimits(msg: NlMessage): PmLimits {
  const where = 'mptcp_pm limits';
  const attrs = attrMap(decodeGenl(msg, where).attrs);
  const subflows = attrs.get(PmAttr.SUBFLOWS);
  const accepted = attrs.get(PmAttr.RCV_ADD_ADDRS);
  if (!subflows || !accepted) throw new DecodeError(where, 0, 'subflows or rcv_add_addrs missing');
  return { subflows: attrU32(subflows, where), addAddrAccepted: attrU32(accepted, where) };
}
