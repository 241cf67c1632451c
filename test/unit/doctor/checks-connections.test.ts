// A live connection stuck at one subflow, with its likely reason (limit, missing endpoint, joins
// refused by the peer or unanswered), and parts of the state that could not be read.
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../electron/doctor/run-checks.js';
import type { RawSample } from '../../../native/kernel/sample.js';
import { TOKEN, conn, endpoint, mptcpSocket } from '../../fixtures/monitor/samples.js';
import { finding, ids, labInput } from './inputs.js';

const ID = `single-subflow:${TOKEN.toString(16)}`;

/** The lab connection with its blue join gone (only the initial red subflow left). */
function single(parts: Partial<RawSample> = {}): RawSample {
  const s = conn(0);
  return { ...s, subflows: s.subflows.filter((f) => f.local.address !== '203.0.113.1'), ...parts };
}

const reason = (input: ReturnType<typeof labInput>): string =>
  finding(runChecks(input), ID).summary;

describe('single-subflow', () => {
  it('is quiet for a connection with its two subflows', () => {
    expect(runChecks(labInput(conn(0))).some((f) => f.check === 'single-subflow')).toBe(false);
  });

  it('blames the limit first', () => {
    const input = labInput(single({ limits: { subflows: 0, addAddrAccepted: 0 } }));
    expect(reason(input)).toMatch(/likely because the subflows limit is 0/);
    expect(finding(runChecks(input), ID).severity).toBe('warning');
  });

  it('names a missing endpoint when the only one is the connection’s own address', () => {
    const input = labInput(single({ endpoints: [endpoint(1, '198.51.100.1', ['subflow'], 3)] }));
    expect(reason(input)).toMatch(
      /no subflow endpoint exists for another IPv4 address than its own 198.51.100.1/,
    );
  });

  it('reads refused joins from the MPJoin counters', () => {
    const refused = { MPJoinSynTx: 3, MPJoinSynAckRx: 3, MPRstTx: 3, MPRstRx: 0 };
    expect(reason(labInput(single({ counters: refused })))).toMatch(/peer refused joins/);
    const lost = { MPJoinSynTx: 5, MPJoinSynAckRx: 1, MPRstTx: 0, MPRstRx: 0 };
    expect(reason(labInput(single({ counters: lost })))).toMatch(
      /4 of the 5 MP_JOIN SYNs .* got no answer/,
    );
    const local = { MPJoinSynTx: 0, MPJoinSynAckRx: 0, MPJoinSynTxBindErr: 2 };
    expect(reason(labInput(single({ counters: local })))).toMatch(/2 joins failed on this host/);
    expect(reason(labInput(single({ counters: {} })))).toMatch(/no join was refused/);
  });

  it('skips connections this host accepted (their port is a listener’s) and hosts without subflow endpoints', () => {
    const listener = mptcpSocket({ port: 40000, cookie: 'l', inode: 2, state: 'listen' });
    const accepted = single();
    const withListener = labInput({
      ...accepted,
      mptcpSockets: [...accepted.mptcpSockets, listener],
    });
    expect(ids(runChecks(withListener))).not.toContain(ID);
    expect(ids(runChecks(labInput(single({ endpoints: [] }))))).not.toContain(ID);
  });
});

describe('readable', () => {
  it('turns every part that could not be read into a warning', () => {
    const findings = runChecks(
      labInput({ problems: ['MPTCP sockets: timed out'] }, { problems: ['rp_filter: ENOENT'] }),
    );
    expect(finding(findings, 'readable:mptcp-sockets').summary).toBe(
      'Could not read MPTCP sockets: timed out, so the checks that need it were skipped.',
    );
    expect(ids(findings)).toContain('readable:rp_filter');
  });
});
