// The human rendering of a Snapshot for `subflow snapshot`: a header line, endpoints,
// interfaces (nload-style rates) and connections with their subflows (in the spirit of ss).
import type { Connection, ProcessInfo, Snapshot } from '../contract.js';
import { columns, formatBitRate, formatBytes } from './format.js';

const addr = (a: { address: string; port: number }): string =>
  a.address.includes(':') ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;

export function renderSnapshot(s: Snapshot): string {
  const k = s.kernel;
  const lines: string[] = [];
  lines.push(
    [
      `${s.hostname}${s.netns ? ` (netns ${s.netns})` : ''}`,
      `kernel ${k.release}`,
      `MPTCP ${k.mptcp === 'unavailable' ? 'unavailable' : k.enabled ? 'enabled' : 'disabled'}`,
      ...(k.pathManager ? [`path manager ${k.pathManager}`] : []),
      ...(k.scheduler ? [`scheduler ${k.scheduler}`] : []),
      s.privileged ? 'privileged' : 'unprivileged (events inferred, toggles disabled)',
    ].join(' · '),
  );
  if (k.reason) lines.push(`! ${k.reason}`);
  lines.push(
    `limits: subflows ${s.limits.subflows}, add_addr_accepted ${s.limits.addAddrAccepted}`,
  );

  lines.push('', 'Endpoints:');
  if (s.endpoints.length === 0) lines.push('  none');
  else
    lines.push(
      ...columns(
        s.endpoints.map((e) => [
          `  ${e.id}`,
          e.port ? `${e.address} port ${e.port}` : e.address,
          e.interface ?? '-',
          e.flags.join(',') || '-',
        ]),
      ),
    );

  lines.push('', 'Interfaces:');
  lines.push(
    ...columns([
      ['  NAME', 'STATE', 'MULTIPATH', 'RX', 'TX', 'RX TOTAL', 'TX TOTAL', 'ADDRESSES'],
      ...s.interfaces.map((i) => [
        `  ${i.name}`,
        i.up ? 'up' : 'down',
        i.multipath,
        formatBitRate(i.rxRate),
        formatBitRate(i.txRate),
        formatBytes(i.rxBytes),
        formatBytes(i.txBytes),
        i.addresses.join(' ') || '-',
      ]),
    ]),
  );

  lines.push('', `Connections: ${s.connections.length}`);
  if (s.processNote) lines.push(`  ! ${s.processNote}`);
  for (const c of s.connections) lines.push(...renderConnection(c));
  return lines.join('\n');
}

/** `iperf3 (pid 4242, root)`, `+2 more` after it when forked processes share the socket. */
export function processLabel(p: ProcessInfo | null | undefined): string {
  if (p === undefined) return '';
  if (p === null) return '  app ?';
  const more = p.others ? ` +${p.others} more` : '';
  return `  ${p.name} (pid ${p.pid}, ${p.user ?? `uid ${p.uid}`}${more})`;
}

function renderConnection(c: Connection): string[] {
  const head =
    `  ${addr(c.local)} → ${addr(c.remote)}${processLabel(c.process)}  ${c.state}  token ${c.token}  ` +
    `tx ${formatBitRate(c.txRate)}  rx ${formatBitRate(c.rxRate)}  ${c.subflows.length} subflow${c.subflows.length === 1 ? '' : 's'}`;
  // A fallen-back connection is plain TCP: say so first, with the kernel's reason.
  const fallback = c.fallback ? [`    TCP fallback: ${c.fallbackReason ?? 'reason unknown'}`] : [];
  const rows = c.subflows.map((f) => [
    `    ${f.interface ?? '?'}`,
    `${addr(f.local)} → ${addr(f.remote)}`,
    `id ${f.localId}/${f.remoteId}`,
    f.backup ? 'backup' : 'active',
    f.state,
    `rtt ${f.rttMs.toFixed(1)} ms`,
    `cwnd ${f.cwnd}`,
    `tx ${formatBitRate(f.txRate)}`,
    `rx ${formatBitRate(f.rxRate)}`,
  ]);
  return [head, ...fallback, ...columns(rows)];
}
