// Reading `ip mptcp endpoint show` and `ip mptcp monitor` text (iproute2 6.1) into shapes the
// integration test compares with the native decoders' output.
import type { PmEndpoint } from '../../../native/mptcp-pm/index.js';

/** `ip mptcp endpoint show` lines → comparable records ("ADDR [port P] id N FLAGS… [dev X]"). */
export function parseEndpointShow(
  text: string,
): { address: string; id: number; port?: number; flags: string[]; dev?: string }[] {
  return text
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((w) => w.length > 1)
    .map((w) => {
      const at = (k: string): string | undefined => {
        const i = w.indexOf(k);
        return i >= 0 ? w[i + 1] : undefined;
      };
      const skip = new Set(['port', 'id', 'dev']);
      const flags = w.slice(1).filter((x, i, all) => !skip.has(x) && !skip.has(all[i - 1] ?? ''));
      const port = at('port');
      const dev = at('dev');
      return {
        address: w[0] ?? '',
        id: Number(at('id')),
        ...(port !== undefined ? { port: Number(port) } : {}),
        flags,
        ...(dev !== undefined ? { dev } : {}),
      };
    });
}

/** Our endpoint in the same shape, with the interface name looked up by index. */
export function asShown(
  ep: PmEndpoint,
  ifname: (i: number) => string,
): ReturnType<typeof parseEndpointShow>[number] {
  return {
    address: ep.address,
    id: ep.id,
    ...(ep.port !== undefined ? { port: ep.port } : {}),
    flags: ep.flags,
    ...(ep.ifindex !== undefined ? { dev: ifname(ep.ifindex) } : {}),
  };
}

const MONITOR_NAMES: Record<string, string> = {
  CREATED: 'created',
  ESTABLISHED: 'established',
  CLOSED: 'closed',
  SF_ESTABLISHED: 'sub-established',
  SF_CLOSED: 'sub-closed',
  SF_PRIO: 'sub-priority',
  ANNOUNCED: 'announced',
  REMOVED: 'removed',
};

/** `ip mptcp monitor` lines that carry a token → [event name, token]. */
export function parseMonitorTokens(text: string): [string, number][] {
  return text
    .split('\n')
    .map((l) => /^\[\s*([A-Z_]+)\]\s+token=([0-9a-f]+)/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [MONITOR_NAMES[m[1] ?? ''] ?? m[1] ?? '', parseInt(m[2] ?? '', 16)]);
}
