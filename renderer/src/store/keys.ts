// Identities the renderer keys its series by: the same strings as electron/monitor/keys.ts
// (and so as RateHistory from history:get), rebuilt here because the renderer imports only the
// contract.
import type { SocketAddress, Subflow } from '../../../electron/contract.js';

/** "address:port", with IPv6 in brackets ("[2001:db8::1]:443"). */
export function socketAddressKey(a: SocketAddress): string {
  return a.address.includes(':') ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
}

/** `${token}/${local} ${remote}`: the key of a subflow's series in the store and in history. */
export function subflowKey(token: string, s: Pick<Subflow, 'local' | 'remote'>): string {
  return `${token}/${socketAddressKey(s.local)} ${socketAddressKey(s.remote)}`;
}

/** Whether a subflow series key belongs to connection `token`. */
export function isSubflowKeyOf(key: string, token: string): boolean {
  return key.startsWith(`${token}/`);
}
