// Child process of the sock-diag tests and fixture capture, meant to run unprivileged inside a
// namespace through runTsAsNobody (support/as-nobody.ts):
// `node --import tsx test/integration/support/sock-diag-child.ts MODE`. It opens its own
// NETLINK_SOCK_DIAG socket in the namespace it was started in and prints one JSON document:
//   records → { uid, mptcp: MptcpSocketRecord[], subflows: TcpSocketRecord[] }
//   raw     → { uid, dumps: { [name]: hex datagram[] } }  (for fixtures)
import { NETLINK_SOCK_DIAG, NetlinkSocket } from '../../../native/netlink/socket.js';
import type { NlMessage } from '../../../native/netlink/message.js';
import { dumpMptcpSockets, dumpMptcpSubflows } from '../../../native/sock-diag/dump.js';
import {
  encodeInetDiagRequest,
  IPPROTO_MPTCP,
  IPPROTO_TCP,
  SOCK_DIAG_BY_FAMILY,
} from '../../../native/sock-diag/request.js';

/** The distinct datagrams (as received) that carried `messages`, in order. */
export function datagramsOf(messages: readonly NlMessage[]): Uint8Array[] {
  const seen = new Set<ArrayBufferLike>();
  const out: Uint8Array[] = [];
  for (const m of messages) {
    if (seen.has(m.payload.buffer)) continue;
    seen.add(m.payload.buffer);
    out.push(new Uint8Array(m.payload.buffer));
  }
  return out;
}

/** One raw dump: every datagram that carried a reply. */
export function rawDump(sock: NetlinkSocket, family: number, protocol: number): Uint8Array[] {
  const payload = encodeInetDiagRequest({ family, protocol });
  return datagramsOf(sock.request('raw dump', SOCK_DIAG_BY_FAMILY, payload, true));
}

function main(mode: string): void {
  const sock = NetlinkSocket.open(NETLINK_SOCK_DIAG);
  try {
    const uid = process.getuid?.() ?? -1;
    if (mode === 'raw') {
      const hex = (d: Uint8Array[]): string[] => d.map((b) => Buffer.from(b).toString('hex'));
      const dumps = {
        'mptcp-v4': hex(rawDump(sock, 2, IPPROTO_MPTCP)),
        'tcp-v4': hex(rawDump(sock, 2, IPPROTO_TCP)),
        'mptcp-v6': hex(rawDump(sock, 10, IPPROTO_MPTCP)),
        'tcp-v6': hex(rawDump(sock, 10, IPPROTO_TCP)),
      };
      process.stdout.write(JSON.stringify({ uid, dumps }));
    } else {
      process.stdout.write(
        JSON.stringify({ uid, mptcp: dumpMptcpSockets(sock), subflows: dumpMptcpSubflows(sock) }),
      );
    }
  } finally {
    sock.close();
  }
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) main(process.argv[2] ?? 'records');
