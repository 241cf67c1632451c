// Decodes the server side of the captures of test/fixtures/capture/sock-diag.ts (Linux 6.18, lab
// sfc-cap, server 198.51.100.2 / 2001:db8:1::2): listeners, accepted connections, a dual-stack
// server on port 5203 with IPv4 clients, and time-wait sockets.
import { describe, expect, it } from 'vitest';
import { decodeMptcpSubflow } from '../../../native/sock-diag/records.js';
import { mptcp, payloads, tcp } from './load-fixtures.js';

// Token of the iperf3 data connection on the server (the client knows it as its remote token).
const DATA_V4_SERVER = 4200648618;

describe('server side: listeners and the peer tokens', () => {
  it('decodes the MPTCP listener', () => {
    const listener = mptcp('server-mptcp-v4').find((s) => s.state === 'listen');
    expect(listener).toMatchObject({
      stateCode: 10,
      local: { address: '198.51.100.2', port: 5201 },
      remote: { address: '0.0.0.0', port: 0 },
      rqueue: 0,
      wqueue: 4096,
      info: { size: 96, token: 0, subflows: 0 },
    });
  });

  it('decodes the listening subflow: ULP mptcp without subflow details', () => {
    const listener = tcp('server-tcp-v4').find((s) => s.state === 'listen');
    expect(listener?.ulp).toBe('mptcp');
    expect(listener?.mptcp).toBeUndefined();
    expect(listener?.tcp?.state).toBe('listen');
  });

  it("matches the client's remote tokens to the server's connection tokens", () => {
    const tokens = mptcp('server-mptcp-v4').map((s) => s.info?.token);
    expect(tokens).toContain(DATA_V4_SERVER);
    const joined = tcp('client-tcp-v4').filter((s) => s.mptcp?.flags.includes('join-local'));
    for (const s of joined) expect(tokens).toContain(s.mptcp?.tokenRemote);
  });
});

describe('dual-stack server (IPv4 clients of an AF_INET6 socket)', () => {
  it('shows IPv4-mapped addresses as plain IPv4', () => {
    const [data] = mptcp('server-mptcp-mapped').sort(
      (a, b) => (b.info?.bytesReceived ?? 0) - (a.info?.bytesReceived ?? 0),
    );
    expect(data).toMatchObject({
      family: 6,
      local: { address: '198.51.100.2', port: 5203 },
      remote: { address: '198.51.100.1', port: 38946 },
      info: { token: 2464789129, bytesReceived: 4980773 },
    });
    const subflows = tcp('server-tcp-mapped').filter((s) => s.mptcp?.tokenLocal === 2464789129);
    expect(subflows.map((s) => s.remote.address).sort()).toEqual(['198.51.100.1', '203.0.113.1']);
    // The server side keeps no remote token; it knows the client's address id of a join.
    expect(subflows.map((s) => [s.mptcp?.tokenRemote, s.mptcp?.remoteId]).sort()).toEqual([
      [0, 0],
      [0, 1],
    ]);
  });

  it('decodes the dual-stack listener on ::', () => {
    const listener = mptcp('server-mptcp-mapped').find((s) => s.state === 'listen');
    expect(listener).toMatchObject({ local: { address: '::', port: 5203 }, v6only: false });
  });

  it('decodes time-wait sockets: no tcp_info, no ULP, inode 0', () => {
    const tw = tcp('server-tcp-mapped').filter((s) => s.state === 'time-wait');
    expect(tw).toHaveLength(2);
    for (const s of tw) {
      expect(s).toMatchObject({ stateCode: 6, timer: 3, inode: 0, local: { port: 5202 } });
      expect(s.tcp).toBeUndefined();
      expect(s.ulp).toBeUndefined();
    }
    expect(
      payloads('server-tcp-mapped')
        .map(decodeMptcpSubflow)
        .filter((r) => r !== null),
    ).toHaveLength(5);
  });
});
