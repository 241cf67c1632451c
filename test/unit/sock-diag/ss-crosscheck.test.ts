// Cross-checks the decoded fixtures against `ss -tinMH` text captured in the same instant by
// test/fixtures/capture/sock-diag.ts: same sockets, addresses, ports, tokens, ids and flags.
import { describe, expect, it } from 'vitest';
import { decodeMptcpSocket, decodeMptcpSubflow } from '../../../native/sock-diag/records.js';
import type { SubflowFlagName } from '../../../native/sock-diag/subflow-ulp.js';
import { parseSs } from '../../../native/text/ss-parser.js';
import { socketKey as key, tokenHex } from '../../support/ss-compare.js';
import { payloads, ssText } from './load-fixtures.js';

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

describe.each(CASES)('$mptcp + $tcp against ss -tinMH ($ss)', (c) => {
  const ss = parseSs(ssText(c.ss), { source: `${c.ss}.ss.txt` });
  const mptcp = payloads(c.mptcp)
    .map(decodeMptcpSocket)
    .filter((s) => s.state === 'established');
  const subflows = payloads(c.tcp)
    .map(decodeMptcpSubflow)
    .filter((s) => s !== null && s.state === 'established');

  it('lists the same MPTCP connections with the same tokens', () => {
    const fromSs = ss.filter((s) => s.kind === 'mptcp' && s.state === 'ESTAB');
    expect(fromSs.length).toBe(mptcp.length);
    expect(new Map(mptcp.map((s) => [key(s.local, s.remote), tokenHex(s.info?.token)]))).toEqual(
      new Map(
        fromSs.map((s) => [key(s.local, s.remote), s.kind === 'mptcp' ? s.info?.token : null]),
      ),
    );
  });

  it('lists the same subflows with the same tokens, ids and flags', () => {
    const fromSs = ss.flatMap((s) =>
      s.kind === 'tcp' && s.subflow !== undefined ? [{ ...s, subflow: s.subflow }] : [],
    );
    expect(fromSs.length).toBe(subflows.length);
    const ours = new Map(
      subflows.map((s) => [
        key(s!.local, s!.remote),
        [
          tokenHex(s!.mptcp?.tokenRemote),
          s!.mptcp?.remoteId,
          tokenHex(s!.mptcp?.tokenLocal),
          s!.mptcp?.localId,
          s!.mptcp?.flags.map((f) => LETTERS[f]).join(''),
        ],
      ]),
    );
    const theirs = new Map(
      fromSs.map((s) => [
        key(s.local, s.remote),
        [
          s.subflow.remoteToken,
          s.subflow.remoteId,
          s.subflow.localToken,
          s.subflow.localId,
          s.subflow.rawFlags,
        ],
      ]),
    );
    expect(ours).toEqual(theirs);
  });

  it('names the bound interface where ss prints %dev', () => {
    const bound = ss.filter((s) => s.kind === 'tcp' && s.local.interface !== undefined);
    // The client's joined subflows are bound to blue-c; the server binds none.
    if (c.ss.startsWith('client-')) expect(bound.length).toBeGreaterThan(0);
    for (const b of bound) {
      const ours = subflows.find((s) => key(s!.local, s!.remote) === key(b.local, b.remote));
      expect(ours?.boundInterface).toBeGreaterThan(0);
    }
  });
});
