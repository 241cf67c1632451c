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

// Every tick the history, the failover watch and the inferred events key each of thousands of
// subflows by text. The address objects of a socket that did not change are the same objects
// from tick to tick (the kernel thread reuses them), so the texts are remembered by object.
const pairTexts = new WeakMap<SocketAddress, { readonly remote: SocketAddress; text: string }>();
const fullKeys = new WeakMap<
  SocketAddress,
  { readonly remote: SocketAddress; readonly connection: string; readonly text: string }
>();

/** The identity of a subflow inside its connection: its two socket addresses. */
export function subflowKeyInConnection(s: Pick<Subflow, 'local' | 'remote'>): string {
  const hit = pairTexts.get(s.local);
  if (hit?.remote === s.remote) return hit.text;
  const text = `${socketAddressText(s.local)} ${socketAddressText(s.remote)}`;
  pairTexts.set(s.local, { remote: s.remote, text });
  return text;
}

/** The identity of a subflow across snapshots (connection key + its own addresses). */
export function subflowKey(
  c: Pick<Connection, 'token' | 'local' | 'remote'>,
  s: Pick<Subflow, 'local' | 'remote'>,
): string {
  const connection = connectionKey(c);
  const hit = fullKeys.get(s.local);
  if (hit?.remote === s.remote && hit.connection === connection) return hit.text;
  const text = `${connection}/${subflowKeyInConnection(s)}`;
  fullKeys.set(s.local, { remote: s.remote, connection, text });
  return text;
}
