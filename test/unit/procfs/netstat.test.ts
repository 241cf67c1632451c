import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../native/errors.js';
import {
  mptcpCountersFrom,
  parseNetstat,
  parseNetstatGroup,
  readMptcpCounters,
  readNetstat,
} from '../../../native/procfs/netstat.js';
import { seededRandom, unexpectedError } from '../../support/fuzz.js';

// upstream/: this host's /proc/net/netstat; lab-client/: the lab client namespace's, read from a
// thread inside it right after an MPTCP iperf3 run (test/fixtures/capture/rtnl.ts).
const tree = (name: string): string =>
  fileURLToPath(new URL(`../../fixtures/procfs/${name}`, import.meta.url));
const labText = readFileSync(`${tree('lab-client')}/thread-self/net/netstat`, 'utf8');

describe('readNetstat', () => {
  it('parses every group of a 6.18 kernel', () => {
    const groups = readNetstat(tree('upstream'));
    expect(Object.keys(groups)).toEqual(['TcpExt', 'IpExt', 'MPTcpExt']);
    expect(Object.keys(groups.MPTcpExt ?? {})).toHaveLength(76);
    expect(groups.TcpExt?.SyncookiesSent).toBeTypeOf('number');
  });

  it('keeps every MPTcpExt counter this kernel has, by its own name', () => {
    const c = readMptcpCounters(tree('upstream'));
    for (const name of [
      'MPCapableSYNRX',
      'MPJoinSynRx',
      'MPJoinAckRx',
      'AddAddr',
      'RmAddr',
      'MPPrioTx',
      'MPPrioRx',
      'MPFailTx',
      'MPFailRx',
      'MPFastcloseTx',
      'MPFastcloseRx',
      'MPRstTx',
      'MPRstRx',
      'MPCurrEstab',
      'Blackhole',
    ]) {
      expect(c?.[name], name).toBe(0);
    }
  });

  it("shows the lab client's MPTCP activity: two connections, each with one join", () => {
    const c = readMptcpCounters(tree('lab-client'));
    // iperf3 opens a control and a data connection, both MPTCP through mptcpize; the subflow
    // endpoint on blue-c adds one MP_JOIN to each.
    expect(c?.MPCapableSYNTX).toBe(2);
    expect(c?.MPCapableSYNACKRX).toBe(2);
    expect(c?.MPJoinSynTx).toBe(2);
    expect(c?.MPJoinSynAckRx).toBe(2);
    expect(c?.MPCurrEstab).toBe(0);
    expect(c?.MPCapableSYNRX).toBe(0); // the client never accepts
  });

  it('has no MPTcpExt on kernels without upstream MPTCP', () => {
    expect(readMptcpCounters(tree('unavailable'))).toBeNull();
    expect(readMptcpCounters(tree('legacy'))).toBeNull();
    expect(readNetstat(tree('legacy')).TcpExt).toBeDefined();
  });
});

describe('parseNetstat', () => {
  it('parses /proc/net/snmp style negatives and ignores blank lines', () => {
    const g = parseNetstat('Tcp: RtoAlgorithm MaxConn\nTcp: 1 -1\n\nUdp: InDatagrams\nUdp: 5\n');
    expect(g).toEqual({ Tcp: { RtoAlgorithm: 1, MaxConn: -1 }, Udp: { InDatagrams: 5 } });
    expect(mptcpCountersFrom(g)).toBeNull();
    expect(parseNetstat('')).toEqual({});
  });

  it('rejects mismatched pairs, counts and values with DecodeError', () => {
    expect(() => parseNetstat('A: x y\nA: 1\n')).toThrow(DecodeError);
    expect(() => parseNetstat('A: x\nB: 1\n')).toThrow(DecodeError);
    expect(() => parseNetstat('A: x\n')).toThrow(DecodeError);
    expect(() => parseNetstat('A: x\nA: one\n')).toThrow(DecodeError);
    expect(() => parseNetstat('garbage\nA: 1\n')).toThrow(DecodeError);
  });

  it('parses or rejects every truncation and random damage of a real file', () => {
    for (let n = 0; n <= labText.length; n += 7) {
      expect(unexpectedError(() => parseNetstat(labText.slice(0, n)))).toBeUndefined();
    }
    const rand = seededRandom(7);
    const alphabet = ' :\n0123456789-abcXYZ';
    for (let i = 0; i < 500; i++) {
      const chars = Array.from(labText);
      for (let k = 0; k < 4; k++) {
        chars[Math.floor(rand() * chars.length)] =
          alphabet[Math.floor(rand() * alphabet.length)] ?? ' ';
      }
      expect(unexpectedError(() => parseNetstat(chars.join('')))).toBeUndefined();
    }
  });
});

describe('parseNetstatGroup', () => {
  it('gives the same counters as the full parse, for every group of a real file', () => {
    const all = parseNetstat(labText);
    expect(Object.keys(all)).toContain('MPTcpExt');
    for (const [group, counters] of Object.entries(all)) {
      expect(parseNetstatGroup(labText, group)).toEqual(counters);
    }
  });

  it('is null for a group the file lacks, and rejects a damaged pair', () => {
    expect(parseNetstatGroup('Tcp: A\nTcp: 1\n', 'MPTcpExt')).toBeNull();
    expect(() => parseNetstatGroup('MPTcpExt: A B\nMPTcpExt: 1\n', 'MPTcpExt')).toThrow(
      DecodeError,
    );
    expect(() => parseNetstatGroup('MPTcpExt: A\n', 'MPTcpExt')).toThrow(DecodeError);
  });
});
