// Run as user nobody inside a lab namespace by test/integration/mptcp-pm.test.ts, through
// runTsAsNobody (support/as-nobody.ts): `node --import tsx …/mptcp-pm-unprivileged.ts`.
// Prints one JSON object: what reading works, and how subscribing and changing fail.
import {
  getLimits,
  listEndpoints,
  resolvePathManager,
  setLimits,
  subscribeEvents,
} from '../../../native/mptcp-pm/index.js';
import { NETLINK_GENERIC, NetlinkSocket } from '../../../native/netlink/socket.js';

function outcome(
  fn: () => unknown,
): { ok: true; value: unknown } | { ok: false; name: string; message: string } {
  try {
    return { ok: true, value: fn() ?? null };
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    return { ok: false, name: e.name, message: e.message };
  }
}

const sock = NetlinkSocket.open(NETLINK_GENERIC);
try {
  const pm = resolvePathManager(sock);
  const result = {
    uid: process.getuid?.(),
    endpoints: outcome(() => listEndpoints(sock, pm)),
    limits: outcome(() => getLimits(sock, pm)),
    subscribe: outcome(() => {
      subscribeEvents(sock, pm);
    }),
    setLimits: outcome(() => {
      setLimits(sock, pm, { subflows: 1 });
    }),
  };
  process.stdout.write(JSON.stringify(result) + '\n');
} finally {
  sock.close();
}
