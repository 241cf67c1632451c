// Unit tests of the iperf3 report reader and of how the lab counts `ss` output, on output captured
// from a real lab.
import { describe, expect, it } from 'vitest';
import { LabOutputError } from '../../../native/lab/lab-errors.js';
import { tallyHeldPool } from '../../../native/lab/lab-hold.js';
import { parseIperfReport, readSs } from '../../../native/lab/lab-parse-tools.js';

// `mptcpize run iperf3 -c 198.51.100.2 -t 1 -J`, trimmed to the members read.
const IPERF_OK = String.raw`{"start":{"version":"iperf 3.12","test_start":{"protocol":"TCP","num_streams":1,"duration":1}},"end":{"sum_sent":{"start":0,"end":1.000263,"seconds":1.000263,"bytes":6381840,"bits_per_second":51041296.139115416,"retransmits":0,"sender":true},"sum_received":{"start":0,"end":1.001201,"seconds":1.001201,"bytes":4905128,"bits_per_second":39193952.06357165,"sender":true}}}`;

// iperf3 -J with no server listening.
const IPERF_REFUSED = `{
\t"start":\t{
\t\t"connected":\t[],
\t\t"version":\t"iperf 3.12"
\t},
\t"intervals":\t[],
\t"end":\t{
\t},
\t"error":\t"unable to connect to server: Connection refused"
}`;

// `ss -HMni` and `ss -Htn` in the client namespace while the holder ran.
const SS_MPTCP = [
  'ESTAB 0      0      198.51.100.1:59416 198.51.100.2:6000',
  '\t subflows:1 subflows_max:8 add_addr_accepted_max:8 remote_key token:f8908010 write_seq:600d7394f5f230f snd_una:600d7394f5f230f rcv_nxt:5ca0fe073455b7    ',
  'ESTAB 0      0      198.51.100.1:32822 198.51.100.2:6000',
  '\t subflows_max:8 add_addr_accepted_max:8 remote_key token:e8060029 write_seq:2c8a9eaad9af585e',
  '',
].join('\n');
const SS_TCP = [
  'ESTAB 0      0      203.0.113.1%blue-c:32801 198.51.100.2:6000',
  'ESTAB 0      0      198.51.100.1:59416 198.51.100.2:6000',
  'LISTEN 0      4096   198.51.100.2:5301 0.0.0.0:*',
  '',
].join('\n');

describe('parseIperfReport', () => {
  it('reads what the receiver got', () => {
    expect(parseIperfReport(IPERF_OK)).toEqual({
      bytes: 4905128,
      sentBytes: 6381840,
      bitsPerSecond: 39193952.06357165,
      seconds: 1.001201,
      retransmits: 0,
    });
  });

  it('returns the error iperf3 reported', () => {
    expect(parseIperfReport(IPERF_REFUSED)).toEqual({
      error: 'unable to connect to server: Connection refused',
    });
  });

  it('rejects reports without sums, malformed JSON and truncated output', () => {
    expect(() => parseIperfReport('{"end":{}}')).toThrow(LabOutputError);
    expect(() => parseIperfReport('{"end":{"sum_sent":{"bytes":"x"}}}')).toThrow(LabOutputError);
    expect(() => parseIperfReport(IPERF_OK.slice(0, -20))).toThrow(/not JSON/);
  });
});

// The lab reads `ss` with native/text's parser (its cases live in test/unit/text/ss-parser.test.ts);
// these check what the lab makes of it.
describe('tallyHeldPool', () => {
  it('counts the connections, subflows per interface and connections with both subflows', () => {
    expect(tallyHeldPool(SS_MPTCP, SS_TCP, 6000)).toEqual({
      connections: 2,
      subflows: 2,
      subflowsPerInterface: { 'blue-c': 1, 'red-c': 1 },
      connectionsWithTwoSubflows: 1,
    });
  });

  it('counts only established sockets to the pool port', () => {
    expect(tallyHeldPool(SS_MPTCP, SS_TCP, 5301)).toEqual({
      connections: 0,
      subflows: 0,
      subflowsPerInterface: {},
      connectionsWithTwoSubflows: 0,
    });
    expect(tallyHeldPool('', '', 6000).connections).toBe(0);
  });
});

describe('readSs', () => {
  it('turns malformed ss output into a lab error naming the command', () => {
    expect(() => readSs('ss -Htn', 'ESTAB 0 0 198.51.100.1:1\n', 'tcp')).toThrow(LabOutputError);
    expect(() => readSs('ss -Htn', 'ESTAB 0 0 198.51.100.1 x\n', 'tcp')).toThrow(
      /Could not read the output of ss -Htn/,
    );
  });
});
