// Reasons in words: the errno of a closed subflow and the MP_TCPRST reason its peer sent, as the
// kernel's sub-closed event carries them (decoded from captured and built datagrams), and the
// "unknown" of inferred closes.
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../electron/contract.js';
import {
  INFERRED_CLOSE_REASON,
  errnoText,
  resetReasonText,
  subClosedReason,
} from '../../../electron/monitor/close-reasons.js';
import { inferEvents } from '../../../electron/monitor/infer-events.js';
import { fromKernelEvent } from '../../../electron/monitor/kernel-events.js';
import { decodeEvent } from '../../../native/mptcp-pm/events.js';
import { fixtureMessage } from '../../fixtures/mptcp-pm/load.js';
import { conn, run } from '../../fixtures/monitor/samples.js';

describe('reasons in words', () => {
  it('names the errno values a subflow closes with', () => {
    expect(errnoText(104)).toBe(
      'ECONNRESET: reset by the peer (a TCP reset from the peer or from a box on the path)',
    );
    expect(errnoText(-110)).toBe('ETIMEDOUT: timed out: the path stopped answering');
    expect(errnoText(42)).toBe('error 42');
  });

  it('names every MP_TCPRST reason of include/uapi/linux/mptcp.h, and the transient flag', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((r) => resetReasonText(r))).toEqual([
      'unspecified (MPTCP_RST_EUNSPEC)',
      'MPTCP-specific error (MPTCP_RST_EMPTCP)',
      'lack of resources (MPTCP_RST_ERESOURCE)',
      'administratively prohibited (MPTCP_RST_EPROHIBIT)',
      'too much outstanding data (MPTCP_RST_EWQ2BIG)',
      'path performs badly (MPTCP_RST_EBADPERF)',
      'middlebox interference (MPTCP_RST_EMIDDLEBOX)',
    ]);
    expect(resetReasonText(5, 1)).toBe('path performs badly (MPTCP_RST_EBADPERF, transient)');
    expect(resetReasonText(9, 0)).toBe('unknown reason (code 9)');
  });

  it('joins the error and the reset reason', () => {
    expect(subClosedReason({ error: 104, resetReason: 3, resetFlags: 0 })).toBe(
      'ECONNRESET: reset by the peer (a TCP reset from the peer or from a box on the path); ' +
        'the peer reset it: administratively prohibited (MPTCP_RST_EPROHIBIT)',
    );
    expect(subClosedReason({})).toMatch(/^the kernel gave no error and no reset reason/);
  });
});

describe('sub-closed events from the kernel carry their reason', () => {
  it('a captured sub-closed of an endpoint removal: no error, said so', () => {
    const ev = fromKernelEvent(
      decodeEvent(fixtureMessage('event-25-cli-sub-closed.bin')),
      1,
      new Map(),
    );
    expect(ev.type).toBe('sub-closed');
    expect(ev.error).toBeUndefined();
    expect(ev.resetReason).toBeUndefined();
    expect(ev.reason).toMatch(/^the kernel gave no error and no reset reason/);
  });

  it('a sub-closed with error, reset reason and flags keeps them and says why', () => {
    const ev = fromKernelEvent(
      {
        type: 'sub-closed',
        cmd: 11,
        token: 0xdeadbeef,
        error: 104,
        resetReason: 6,
        resetFlags: 1,
        unknown: [],
      },
      1,
      new Map(),
    );
    expect(ev).toMatchObject({ error: 104, resetReason: 6, resetFlags: 1, token: 'deadbeef' });
    expect(ev.reason).toBe(
      'ECONNRESET: reset by the peer (a TCP reset from the peer or from a box on the path); ' +
        'the peer reset it: middlebox interference (MPTCP_RST_EMIDDLEBOX, transient)',
    );
  });

  it('other kernel events get no reason', () => {
    const ev = fromKernelEvent(
      decodeEvent(fixtureMessage('event-29-cli-closed.bin')),
      1,
      new Map(),
    );
    expect(ev.type).toBe('closed');
    expect(ev.reason).toBeUndefined();
  });
});

describe('inferred closes say the reason is unknown', () => {
  it('for a subflow and for a connection', () => {
    const [a, b] = run(conn(0), conn(1000));
    const withoutBlue: Snapshot = {
      ...(b as Snapshot),
      connections: b!.connections.map((c) => ({ ...c, subflows: c.subflows.slice(0, 1) })),
    };
    const subClosed = inferEvents(a!, withoutBlue).filter((e) => e.type === 'sub-closed');
    expect(subClosed).toHaveLength(1);
    expect(subClosed[0]?.reason).toBe(INFERRED_CLOSE_REASON);
    const gone = inferEvents(a!, { ...(b as Snapshot), connections: [] });
    expect(gone.map((e) => [e.type, e.reason])).toEqual([['closed', INFERRED_CLOSE_REASON]]);
    expect(INFERRED_CLOSE_REASON).toMatch(/^unknown: /);
  });
});
