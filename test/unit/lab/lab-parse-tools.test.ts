// Unit tests of the iperf3 report and `ss` readers, on output captured from a real lab.
import { describe, expect, it } from 'vitest';
import { LabOutputError } from '../../../native/lab/lab-errors.js';
import {
  mptcpSubflowCount,
  parseIperfReport,
  parseSsEndpoint,
  parseSsSockets,
} from '../../../native/lab/lab-parse-tools.js';

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

describe('parseSsEndpoint', () => {
  it('reads IPv4, bound-interface, IPv6 and wildcard forms', () => {
    expect(parseSsEndpoint('198.51.100.1:59416')).toEqual({
      address: '198.51.100.1',
      port: 59416,
      interface: null,
    });
    expect(parseSsEndpoint('203.0.113.1%blue-c:32801')).toEqual({
      address: '203.0.113.1',
      port: 32801,
      interface: 'blue-c',
    });
    expect(parseSsEndpoint('[2001:db8::1]:443')).toEqual({
      address: '2001:db8::1',
      port: 443,
      interface: null,
    });
    expect(parseSsEndpoint('[fe80::1%red-c]:22')).toEqual({
      address: 'fe80::1',
      port: 22,
      interface: 'red-c',
    });
    expect(parseSsEndpoint('0.0.0.0:*')).toEqual({ address: '0.0.0.0', port: 0, interface: null });
  });

  it('rejects text without a port', () => {
    expect(() => parseSsEndpoint('198.51.100.1')).toThrow(LabOutputError);
    expect(() => parseSsEndpoint('198.51.100.1:99999')).toThrow(LabOutputError);
  });
});

describe('parseSsSockets', () => {
  it('reads MPTCP sockets with their info lines', () => {
    const sockets = parseSsSockets(SS_MPTCP);
    expect(sockets).toHaveLength(2);
    expect(sockets[0]?.peer).toEqual({ address: '198.51.100.2', port: 6000, interface: null });
    expect(sockets.map((s) => mptcpSubflowCount(s.info))).toEqual([2, 1]);
  });

  it('reads TCP subflows with their bound interface', () => {
    const sockets = parseSsSockets(SS_TCP);
    expect(sockets.map((s) => [s.state, s.local.address, s.local.interface])).toEqual([
      ['ESTAB', '203.0.113.1', 'blue-c'],
      ['ESTAB', '198.51.100.1', null],
      ['LISTEN', '198.51.100.2', null],
    ]);
    expect(sockets.every((s) => s.info === '')).toBe(true);
  });

  it('reads empty output and rejects short lines', () => {
    expect(parseSsSockets('')).toEqual([]);
    expect(() => parseSsSockets('ESTAB 0 0 198.51.100.1:1\n')).toThrow(LabOutputError);
  });
});

describe('mptcpSubflowCount', () => {
  it('counts the initial subflow plus the joined ones', () => {
    expect(mptcpSubflowCount('subflows:3 subflows_max:8')).toBe(4);
    expect(mptcpSubflowCount('subflows_max:8')).toBe(1);
    expect(mptcpSubflowCount('')).toBe(1);
  });
});
