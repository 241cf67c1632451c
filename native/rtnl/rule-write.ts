// The RTM_NEWRULE request that adds a source-routing rule (`ip rule add from ADDR/LEN table T`):
// struct fib_rule_hdr plus FRA_SRC and FRA_TABLE. Pure: the caller sends it with
// NLM_F_CREATE | NLM_F_EXCL and reads the rules back. No priority is sent, so the kernel
// places the rule just before the second rule (usually main), exactly as `ip rule add` does.
import { AF_INET, AF_INET6, parseAddress } from '../ip-address.js';
import type { AddressFamily } from '../ip-address.js';
import { concatBytes, encodeAttr, encodeU32 } from '../netlink/attrs.js';
import { FIB_RULE_HDR_LEN } from './rule.js';

const FRA_SRC = 2;
const FRA_TABLE = 15;
const FR_ACT_TO_TBL = 1;

/** A rule sending traffic from one source prefix to one routing table. */
export interface SourceRuleSpec {
  /** Source address (the prefix's first address), IPv4 or IPv6 text. */
  readonly from: string;
  /** Prefix length in bits: 32 (IPv4) or 128 (IPv6) for one address. */
  readonly fromLength: number;
  /** Routing table id, 1–4294967295, not one of the built-in 253–255 (default, main, local). */
  readonly table: number;
}

/** Throws RangeError (saying what is wrong) unless `table` is a routing table of its own. */
export function checkUserTable(table: number): void {
  if (!Number.isInteger(table) || table < 1 || table > 0xffffffff) {
    throw new RangeError(`routing table ${table} is not a table id (1–4294967295)`);
  }
  if (table >= 253 && table <= 255) {
    throw new RangeError(`table ${table} is a built-in table: use a table of its own`);
  }
}

/** Parses an address and checks a prefix length for it; throws RangeError saying what is wrong. */
export function prefixBytes(
  address: string,
  length: number,
): { family: AddressFamily; bytes: Uint8Array } {
  const parsed = parseAddress(address);
  if (!parsed) throw new RangeError(`'${address}' is not an IPv4 or IPv6 address`);
  const bits = parsed.family === 4 ? 32 : 128;
  if (!Number.isInteger(length) || length < 0 || length > bits) {
    throw new RangeError(`prefix length ${length} does not fit IPv${parsed.family}`);
  }
  return parsed;
}

/** The payload of RTM_NEWRULE for `ip rule add from FROM/LEN table T`. */
export function encodeSourceRule(spec: SourceRuleSpec): Uint8Array {
  if (spec.fromLength < 1) throw new RangeError('a source rule needs a prefix length of 1 or more');
  const { family, bytes } = prefixBytes(spec.from, spec.fromLength);
  checkUserTable(spec.table);
  const head = new Uint8Array(FIB_RULE_HDR_LEN);
  head[0] = family === 4 ? AF_INET : AF_INET6;
  head[1] = 0; // dst_len: any destination
  head[2] = spec.fromLength;
  head[3] = 0; // tos
  // The header's table is a u8; larger ids travel only in FRA_TABLE (as iproute2 does).
  head[4] = spec.table < 256 ? spec.table : 0;
  head[7] = FR_ACT_TO_TBL;
  return concatBytes([head, encodeAttr(FRA_SRC, bytes), encodeU32(FRA_TABLE, spec.table)]);
}
