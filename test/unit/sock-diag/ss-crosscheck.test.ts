// Cross-checks the decoded fixtures against `ss -tinMH` text captured in the same instant by
// test/fixtures/capture/sock-diag.ts: same sockets, addresses, ports, tokens, ids and flags.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMessages } from '../../../native/netlink/message.js';
import { decodeMptcpSocket, decodeMptcpSubflow } from '../../../native/sock-diag/records.js';
import { SOCK_DIAG_BY_FAMILY } from '../../../native/sock-diag/request.js';
import type { SubflowFlagName } from '../../../native/sock-diag/subflow-ulp.js';
import { parseSsTinM } from '../../integration/support/sock-diag-ss.js';

const DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'sock-diag');

function payloads(dump: string): Uint8Array[] {
  return readdirSync(DIR)
    .filter((f) => new RegExp(`^${dump}-\\d+\\.bin$`).test(f))
    .flatMap((f) =>
      parseMessages(new Uint8Array(readFileSync(join(DIR, f))))
        .filter((m) => m.type === SOCK_DIAG_BY_FAMILY)
        .map((m) => m.payload),
    );
}

/** ss's letters for MPTCP_SUBFLOW_FLAG_* (iproute2 misc/ss.c). */
const LETTERS: Record<SubflowFlagName, string> = {
  'mcap-remote': 'M',
  'mcap-local': 'm',
  'join-remote': 'J',
  'join-local': 'j',
  'backup-remote': 'B',
  'backup-local': 'b',
  'fully-established': 'e',
  connected: 'c',
  'map-valid': 'v',
};

const CASES = [
  { ss: 'client-v4', mptcp: 'client-mptcp-v4', tcp: 'client-tcp-v4' },
  { ss: 'client-v6', mptcp: 'client-mptcp-v6', tcp: 'client-tcp-v6' },
  { ss: 'server-v4', mptcp: 'server-mptcp-v4', tcp: 'server-tcp-v4' },
  { ss: 'server-mapped', mptcp: 'server-mptcp-mapped', tcp: 'server-tcp-mapped' },
];

const key = (l: { address: string; port: number }, r: { address: string; port: number }): string =>
  `${l.address}:${l.port} ${r.address}:${r.port}`;

describe.each(CASES)('$mptcp + $tcp against ss -tinMH ($ss)', (c) => {
  const ss = parseSsTinM(readFileSync(join(DIR, `${c.ss}.ss.txt`), 'utf8'));
  const mptcp = payloads(c.mptcp)
    .map(decodeMptcpSocket)
    .filter((s) => s.state === 'established');
  const subflows = payloads(c.tcp)
    .map(decodeMptcpSubflow)
    .filter((s) => s !== null && s.state === 'established');

  it('lists the same MPTCP connections with the same tokens', () => {
    const fromSs = ss.filter((s) => s.kind === 'mptcp' && s.state === 'ESTAB');
    expect(fromSs.length).toBe(mptcp.length);
    expect(new Map(mptcp.map((s) => [key(s.local, s.remote), s.info?.token]))).toEqual(
      new Map(fromSs.map((s) => [key(s.local, s.remote), s.token])),
    );
  });

  it('lists the same subflows with the same tokens, ids and flags', () => {
    const fromSs = ss.filter((s) => s.kind === 'tcp' && s.subflowFlags !== undefined);
    expect(fromSs.length).toBe(subflows.length);
    const ours = new Map(
      subflows.map((s) => [
        key(s!.local, s!.remote),
        [
          s!.mptcp?.tokenRemote,
          s!.mptcp?.remoteId,
          s!.mptcp?.tokenLocal,
          s!.mptcp?.localId,
          s!.mptcp?.flags.map((f) => LETTERS[f]).join(''),
        ],
      ]),
    );
    const theirs = new Map(
      fromSs.map((s) => [
        key(s.local, s.remote),
        [s.tokenRemote, s.remoteId, s.tokenLocal, s.localId, s.subflowFlags],
      ]),
    );
    expect(ours).toEqual(theirs);
  });

  it('names the bound interface where ss prints %dev', () => {
    const bound = ss.filter((s) => s.kind === 'tcp' && s.local.iface !== undefined);
    for (const b of bound) {
      const ours = subflows.find((s) => key(s!.local, s!.remote) === key(b.local, b.remote));
      expect(ours?.boundInterface).toBeGreaterThan(0);
    }
  });
});
