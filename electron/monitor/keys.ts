// Identities the monitor uses across ticks: the token as text, and stable keys for connections
// and subflows in a Snapshot (what inferred events and history series are keyed by). Pure.
import type { Connection, SocketAddress, Subflow } from '../contract.js';

/** The token of a connection whose token is unknown (the kernel's own "no token" value). */
export const NO_TOKEN = '00000000';

/** A 32-bit MPTCP token as 8 lowercase hex digits. */
export const tokenHex = (token: number): string => (token >>> 0).toString(16).padStart(8, '0');

/** "address:port", with IPv6 in brackets ("[2001:db8::1]:80"). */
export function socketAddressText(a: SocketAddress): string {
  return a.address.includes(':') ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
}

/**
 * The identity of a connection across snapshots: its token (unique among live connections of a
 * namespace), or its addresses when the token is unknown.
 */
export function connectionKey(c: Pick<Connection, 'token' | 'local' | 'remote'>): string {
  return c.token !== NO_TOKEN
    ? c.token
    : `${socketAddressText(c.local)} ${socketAddressText(c.remote)}`;
}

/** The identity of a subflow inside its connection: its two socket addresses. */
export const subflowKeyInConnection = (s: Pick<Subflow, 'local' | 'remote'>): string =>
  `${socketAddressText(s.local)} ${socketAddressText(s.remote)}`;

/** The identity of a subflow across snapshots (connection key + its own addresses). */
export const subflowKey = (
  c: Pick<Connection, 'token' | 'local' | 'remote'>,
  s: Pick<Subflow, 'local' | 'remote'>,
): string => `${connectionKey(c)}/${subflowKeyInConnection(s)}`;
