// How addresses read in the connections and events views: "a:p", IPv6 in brackets "[v6]:p",
// and a bare address when there is no port (address announcements).
import type { SocketAddress } from '../../../../electron/contract.js';

/** "198.51.100.1:5201", "[2001:db8::1]:443", or the address alone when port is 0 or absent. */
export function addressText(address: string, port?: number): string {
  if (port === undefined || port === 0) return address;
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** addressText of a SocketAddress. */
export function socketText(socket: SocketAddress): string {
  return addressText(socket.address, socket.port);
}

/** "local → remote" of a connection or subflow. */
export function pairText(local: SocketAddress, remote: SocketAddress): string {
  return `${socketText(local)} → ${socketText(remote)}`;
}

/**
 * Splits a subflow series key `${token}/${local} ${remote}` (see store/keys.ts) back into its
 * two address texts; null when the key has another shape.
 */
export function parseSubflowKey(
  key: string,
): { token: string; local: string; remote: string } | null {
  const slash = key.indexOf('/');
  const space = key.indexOf(' ', slash + 1);
  if (slash <= 0 || space < 0) return null;
  return {
    token: key.slice(0, slash),
    local: key.slice(slash + 1, space),
    remote: key.slice(space + 1),
  };
}
