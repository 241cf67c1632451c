// rtnetlink policy-routing rules (RTM_NEWRULE / struct fib_rule_hdr): the dump request and a
// decoder for what a source-routing check needs (priority, from, to, table, action). Pure.
import { AF_INET, AF_INET6, formatAddress } from '../ip-address.js';
import type { AddressFamily } from '../ip-address.js';
import { attrMap, attrString, attrU32, parseAttrs } from '../netlink/attrs.js';
import type { NlMessage } from '../netlink/message.js';
import { fixedHeader, unknownAbove } from './shared.js';
import type { UnknownAttr } from './shared.js';

/** sizeof(struct fib_rule_hdr). */
export const FIB_RULE_HDR_LEN = 12;

const FRA_DST = 1;
const FRA_SRC = 2;
const FRA_IIFNAME = 3;
const FRA_GOTO = 4;
const FRA_PRIORITY = 6;
const FRA_FWMARK = 10;
const FRA_TABLE = 15;
const FRA_FWMASK = 16;
const FRA_OIFNAME = 17;
/** The last FRA_* this decoder knows (FRA_DSCP_MASK); anything above is kept as unknown. */
const FRA_MAX_KNOWN = 30;
const FIB_RULE_INVERT = 0x2;

const ACTIONS: Readonly<Record<number, string>> = {
  1: 'table',
  2: 'goto',
  3: 'nop',
  6: 'blackhole',
  7: 'unreachable',
  8: 'prohibit',
};

export interface Rule {
  readonly family: AddressFamily;
  /** Lower runs first; 0 when the kernel omitted FRA_PRIORITY (the local rule). */
  readonly priority: number;
  /** Table to look up when action is 'table' (254 main, 255 local, 253 default). */
  readonly table: number;
  /** 'table', 'goto', 'nop', 'blackhole', 'unreachable', 'prohibit', or the number as text. */
  readonly action: string;
  /** Source prefix address the rule matches ("from"); null for "from all". */
  readonly from: string | null;
  readonly fromLength: number;
  /** Destination prefix address ("to"); null for any. */
  readonly to: string | null;
  readonly toLength: number;
  readonly iif?: string;
  readonly oif?: string;
  readonly fwmark?: number;
  readonly fwmask?: number;
  /** Target priority of a 'goto' rule. */
  readonly goto?: number;
  /** The rule matches when the selector does NOT ("not from …"). */
  readonly invert: boolean;
  readonly unknown: readonly UnknownAttr[];
}

/** The payload of an RTM_GETRULE dump: family 0 (all), 2 (IPv4) or 10 (IPv6). */
export function encodeRuleDumpRequest(family: 0 | 2 | 10 = 0): Uint8Array {
  const out = new Uint8Array(FIB_RULE_HDR_LEN);
  out[0] = family;
  return out;
}

/** Decodes one RTM_NEWRULE message; null for families other than IPv4/IPv6. */
export function decodeRule(msg: NlMessage): Rule | null {
  const where = 'rtnetlink rule';
  const head = fixedHeader(msg.payload, FIB_RULE_HDR_LEN, where);
  const kernelFamily = head.getUint8(0);
  if (kernelFamily !== AF_INET && kernelFamily !== AF_INET6) return null;
  const list = parseAttrs(msg.payload.subarray(FIB_RULE_HDR_LEN), where);
  const attrs = attrMap(list);
  const ip = (type: number): string | null => {
    const a = attrs.get(type);
    return a ? formatAddress(kernelFamily, a.data) : null;
  };
  const u32 = (type: number): number | undefined => {
    const a = attrs.get(type);
    return a ? attrU32(a, where) : undefined;
  };
  const str = (type: number): string | undefined => {
    const a = attrs.get(type);
    return a ? attrString(a) : undefined;
  };
  const actionNumber = head.getUint8(7);
  const iif = str(FRA_IIFNAME);
  const oif = str(FRA_OIFNAME);
  const fwmark = u32(FRA_FWMARK);
  const fwmask = u32(FRA_FWMASK);
  const gotoTarget = u32(FRA_GOTO);
  return {
    family: kernelFamily === AF_INET ? 4 : 6,
    priority: u32(FRA_PRIORITY) ?? 0,
    table: u32(FRA_TABLE) ?? head.getUint8(4),
    action: ACTIONS[actionNumber] ?? String(actionNumber),
    from: ip(FRA_SRC),
    fromLength: head.getUint8(2),
    to: ip(FRA_DST),
    toLength: head.getUint8(1),
    ...(iif !== undefined ? { iif } : {}),
    ...(oif !== undefined ? { oif } : {}),
    ...(fwmark !== undefined ? { fwmark } : {}),
    ...(fwmask !== undefined ? { fwmask } : {}),
    ...(gotoTarget !== undefined ? { goto: gotoTarget } : {}),
    invert: (head.getUint32(8, true) & FIB_RULE_INVERT) !== 0,
    unknown: unknownAbove(list, FRA_MAX_KNOWN),
  };
}
