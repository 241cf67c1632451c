// Decodes the datagrams captured from Linux 6.18 by test/fixtures/capture/sock-diag.ts (lab
// sfc-cap: client 198.51.100.1 / 203.0.113.1 on blue-c = ifindex 5, server 198.51.100.2,
// MPTCP endpoint 203.0.113.1 id 1 and 2001:db8:2::1 id 2, iperf3 on ports 5201 / 5202).
import { describe, expect, it } from 'vitest';
import { decodeMptcpSubflow } from '../../../native/sock-diag/records.js';
import type { MptcpSocketRecord } from '../../../native/sock-diag/records.js';
import { mptcp, payloads, tcp } from './load-fixtures.js';

const byBytes = (a: MptcpSocketRecord, b: MptcpSocketRecord): number =>
  (b.info?.bytesSent ?? 0) - (a.info?.bytesSent ?? 0);

// Tokens of the lab's four MPTCP connections (client side / server side).
const DATA_V4 = 2778079924; // iperf3 data connection, client 198.51.100.1:45150
const CTRL_V4 = 2722550989; // iperf3 control connection, client :45134
const DATA_V4_SERVER = 4200648618;
const DATA_V6 = 1597128812; // client [2001:db8:1::1]:45716
const DATA_V6_SERVER = 3624142896;

describe('MPTCP sockets (client, IPv4, during iperf3 traffic)', () => {
  const [data, control] = mptcp('client-mptcp-v4').sort(byBytes);

  it('finds the data and the control connection', () => {
    expect(mptcp('client-mptcp-v4')).toHaveLength(2);
    expect(data?.info?.bytesSent).toBe(6291493);
    expect(control?.info?.bytesSent).toBe(185);
  });

  it('decodes the inet_diag_msg head', () => {
    expect(data).toMatchObject({
      family: 4,
      state: 'established',
      stateCode: 1,
      local: { address: '198.51.100.1', port: 45150 },
      remote: { address: '198.51.100.2', port: 5201 },
      boundInterface: 0,
      cookie: 'c13',
      uid: 0,
      inode: 56056,
      shutdown: 0,
      mark: 0,
      cgroupId: 1,
    });
    expect(data?.unknown).toBeUndefined();
  });

  it('decodes the whole 96-byte struct mptcp_info of 6.18', () => {
    expect(data?.info).toEqual({
      size: 96,
      subflows: 1,
      addAddrSignal: 0,
      addAddrAccepted: 0,
      subflowsMax: 2,
      addAddrSignalMax: 0,
      addAddrAcceptedMax: 2,
      flags: 2,
      fallback: false,
      remoteKeyReceived: true,
      token: DATA_V4,
      writeSeq: '7c400ffd6dd598ea',
      sndUna: '7c400ffd6dd598ea',
      rcvNxt: '3b8316342ad92243',
      localAddrUsed: 2,
      localAddrMax: 2,
      csumEnabled: false,
      retransmits: 0,
      bytesRetrans: 0,
      bytesSent: 6291493,
      bytesReceived: 0,
      bytesAcked: 6291493,
      subflowsTotal: 2,
      endpAddAddrMax: 0,
      lastDataSentMs: 12,
      lastDataRecvMs: 2484,
      lastAckRecvMs: 12,
    });
    expect(control?.info?.token).toBe(CTRL_V4);
  });
});

describe('MPTCP subflows (client, IPv4)', () => {
  const all = tcp('client-tcp-v4');
  const ofData = all.filter((s) => s.mptcp?.tokenLocal === DATA_V4);

  it('finds two subflows per connection, on the red and the blue path', () => {
    expect(all).toHaveLength(4);
    expect(all.every((s) => s.ulp === 'mptcp')).toBe(true);
    expect(ofData.map((s) => s.local.address).sort()).toEqual(['198.51.100.1', '203.0.113.1']);
    expect(ofData.every((s) => s.remote.address === '198.51.100.2' && s.remote.port === 5201)).toBe(
      true,
    );
  });

  it('decodes the initial (MP_CAPABLE) subflow: no remote token, ids 0', () => {
    const initial = ofData.find((s) => s.local.address === '198.51.100.1');
    expect(initial?.local.port).toBe(45150);
    expect(initial?.boundInterface).toBe(0);
    expect(initial?.mptcp).toEqual({
      tokenLocal: DATA_V4,
      tokenRemote: 0,
      localId: 0,
      remoteId: 0,
      flagBits: 0xc3,
      flags: ['mcap-remote', 'mcap-local', 'fully-established', 'connected'],
      backupLocal: false,
      backupRemote: false,
      relWriteSeq: 3186713,
      mapSeq: '3b8316342ad92243',
      mapSubflowSeq: 1,
      mapDataLen: 0,
      ssnOffset: 3544756566,
      unknown: undefined,
    });
  });

  it('decodes the joined subflow from endpoint 203.0.113.1 (id 1, bound to blue-c)', () => {
    const joined = ofData.find((s) => s.local.address === '203.0.113.1');
    expect(joined).toMatchObject({
      local: { address: '203.0.113.1', port: 58781 },
      boundInterface: 5,
      congestion: 'bbr',
      inode: 56056,
    });
    expect(joined?.mptcp).toMatchObject({
      tokenLocal: DATA_V4,
      tokenRemote: DATA_V4_SERVER,
      localId: 1,
      remoteId: 0,
      flagBits: 0xcc,
      flags: ['join-remote', 'join-local', 'fully-established', 'connected'],
    });
  });

  it('decodes the 280-byte tcp_info of 6.18', () => {
    const initial = ofData.find((s) => s.local.address === '198.51.100.1');
    expect(initial?.tcp).toMatchObject({
      size: 280,
      state: 'established',
      options: 7,
      sndWscale: 10,
      rcvWscale: 10,
      rto: 204000,
      rtoMs: 204,
      sndMss: 1448,
      rcvMss: 536,
      pmtu: 1500,
      rtt: 160,
      rttMs: 0.16,
      rttvar: 28,
      rttvarMs: 0.028,
      sndCwnd: 186,
      sndSsthresh: 138,
      advmss: 1448,
      pacingRate: 735958898,
      maxPacingRate: Infinity,
      bytesAcked: 3186713,
      bytesSent: 3186712,
      bytesReceived: 0,
      segsOut: 2261,
      segsIn: 98,
      dataSegsOut: 2259,
      deliveryRate: 479194244,
      busyTime: 4000,
      delivered: 2260,
      sndWnd: 1568768,
      rcvWnd: 64512,
      totalRto: 0,
      totalRtoTimeMs: 0,
    });
  });

  it('keeps only subflows with decodeMptcpSubflow', () => {
    expect(
      payloads('client-tcp-v4')
        .map(decodeMptcpSubflow)
        .filter((r) => r !== null),
    ).toHaveLength(4);
  });
});

describe('IPv6', () => {
  it('decodes MPTCP sockets and subflows on 2001:db8:1::/64 and 2001:db8:2::/64', () => {
    const [data] = mptcp('client-mptcp-v6').sort(byBytes);
    expect(data).toMatchObject({
      family: 6,
      local: { address: '2001:db8:1::1', port: 45716 },
      remote: { address: '2001:db8:1::2', port: 5202 },
      info: { token: DATA_V6, bytesSent: 6160421 },
    });
    const subflows = tcp('client-tcp-v6').filter((s) => s.mptcp?.tokenLocal === DATA_V6);
    expect(subflows.map((s) => `${s.local.address}:${s.local.port}`).sort()).toEqual([
      '2001:db8:1::1:45716',
      '2001:db8:2::1:57547',
    ]);
    const joined = subflows.find((s) => s.local.address === '2001:db8:2::1');
    expect(joined?.mptcp).toMatchObject({ localId: 2, remoteId: 0, tokenRemote: DATA_V6_SERVER });
    expect(joined?.tcp?.sndMss).toBe(1428);
  });

  it('reports IPV6_V6ONLY of the dual-stack listener', () => {
    const listener = mptcp('server-mptcp-v6').find((s) => s.state === 'listen');
    expect(listener).toMatchObject({
      family: 6,
      local: { address: '2001:db8:1::2', port: 5202 },
      remote: { address: '::', port: 0 },
      v6only: false,
    });
  });
});

describe('unprivileged dump (user nobody)', () => {
  it('still carries mptcp_info in full, but no SO_MARK', () => {
    const [data] = mptcp('unprivileged-client-mptcp-v4').sort(byBytes);
    expect(data?.mark).toBeUndefined();
    expect(data?.info).toMatchObject({ size: 96, token: DATA_V4, writeSeq: '7c400ffd6de598ea' });
  });

  it('gets tokens, ids and flags of subflows, but none of the sequence fields', () => {
    const subflows = tcp('unprivileged-client-tcp-v4');
    expect(subflows).toHaveLength(4);
    const joined = subflows.find(
      (s) => s.mptcp?.tokenLocal === DATA_V4 && s.local.address === '203.0.113.1',
    );
    expect(joined?.mptcp).toEqual({
      tokenLocal: DATA_V4,
      tokenRemote: DATA_V4_SERVER,
      localId: 1,
      remoteId: 0,
      flagBits: 0xcc,
      flags: ['join-remote', 'join-local', 'fully-established', 'connected'],
      backupLocal: false,
      backupRemote: false,
      relWriteSeq: undefined,
      mapSeq: undefined,
      mapSubflowSeq: undefined,
      mapDataLen: undefined,
      ssnOffset: undefined,
      unknown: undefined,
    });
    expect(joined?.tcp?.size).toBe(280);
  });
});
