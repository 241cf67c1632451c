// Puts sock_diag records and `ss -tinM` sockets (native/text/ss-parser.ts) in one shape, so tests
// can compare the two: sockets keyed by their two ends, tokens as ss prints them.

/** An address and port, as both the sock_diag records and parseSs give them. */
interface Endpoint {
  readonly address: string;
  readonly port: number;
}

/** ss prints the IPv4 peers of dual-stack sockets as ::ffff:a.b.c.d; sock_diag shows plain IPv4. */
export function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.')
    ? address.slice('::ffff:'.length)
    : address;
}

/** `LOCAL:PORT REMOTE:PORT`, IPv4-mapped addresses as plain IPv4. */
export function socketKey(local: Endpoint, remote: Endpoint): string {
  return `${plainAddress(local.address)}:${String(local.port)} ${plainAddress(remote.address)}:${String(remote.port)}`;
}

/** A numeric token (sock_diag) as ss prints it: 8 lowercase hex digits. */
export function tokenHex(token: number | undefined): string | undefined {
  return token?.toString(16).padStart(8, '0');
}
