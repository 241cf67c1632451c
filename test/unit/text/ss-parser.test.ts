// Unit tests of the `ss -tinM` parser against text captured from Linux 6.18 with iproute2 6.1 in
// two network namespaces (see the fixture names: client/server side, v4/v6, -a/-H/-O/-e -p -m).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../native/text/errors.js';
import { parseSs, parseSsEndpoint } from '../../../native/text/ss-parser.js';
import type { SsEndpoint, SsSocket } from '../../../native/text/ss-parser.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/text/${name}`, import.meta.url), 'utf8');

const ep = (e: SsEndpoint): string =>
  `${e.address.includes(':') ? `[${e.address}]` : e.address}${e.interface ? `%${e.interface}` : ''}:${e.port}`;

/** One line per socket with the fields the monitor uses, so every fixture is checked exactly. */
function summary(s: SsSocket): string {
  const head = `${s.kind} ${s.state} ${s.recvQ}/${s.sendQ} ${ep(s.local)} ${ep(s.remote)}`;
  if (s.kind === 'mptcp') {
    const i = s.info;
    if (!i) return head;
    const flags = `${i.fallback ? ' fallback' : ''}${i.remoteKey ? ' remote_key' : ''}`;
    return `${head} token=${i.token ?? '-'} sf=${i.subflows}/${i.subflowsMax} sig=${i.addAddrSignal}/${i.addAddrSignalMax} acc=${i.addAddrAccepted}/${i.addAddrAcceptedMax}${flags}`;
  }
  const i = s.info;
  const f = s.subflow;
  const tokens = f
    ? ` ulp=${s.ulp ?? '-'} [${f.rawFlags}] ${f.remoteToken ?? '-'}#${f.remoteId ?? '-'}/${f.localToken ?? '-'}#${f.localId ?? '-'}${f.backup ? ' backup' : ''}${f.seq === undefined ? ' noseq' : ''}`
    : s.ulp
      ? ` ulp=${s.ulp}`
      : '';
  return `${head} rtt=${i?.rttMs ?? '-'} cwnd=${i?.cwnd ?? '-'} acked=${i?.bytesAcked ?? '-'} rcvd=${i?.bytesReceived ?? '-'}${tokens}`;
}

const EXPECTED: Record<string, string[]> = {
  'ss-tinM-v4-client-backup.txt': [
    'tcp ESTAB 0/0 203.0.113.1%blue-c:59739 198.51.100.2:5201 rtt=0.014 cwnd=238 acked=1425224590 rcvd=- ulp=mptcp [Jjbec] e71bf7b0#0/1eba8c20#1 backup',
    'tcp ESTAB 0/131072 198.51.100.1:60060 198.51.100.2:5201 rtt=0.193 cwnd=234 acked=1744083537 rcvd=- ulp=mptcp [Mmec] 00000000#0/1eba8c20#0',
    'mptcp ESTAB 0/0 198.51.100.1:60060 198.51.100.2:5201 token=1eba8c20 sf=1/2 sig=0/0 acc=0/2 remote_key',
  ],
  'ss-tinM-v4-client-signal-fallback.txt': [
    'tcp ESTAB 0/0 198.51.100.1:50252 198.51.100.2:5202 rtt=0.806 cwnd=230 acked=6291494 rcvd=- ulp=mptcp [mc] 00000000#0/f4d55b50#0',
    'tcp ESTAB 0/0 198.51.100.1:42214 198.51.100.2:5201 rtt=0.275 cwnd=188 acked=7905761 rcvd=- ulp=mptcp [Mmec] 00000000#0/9486e027#0',
    'tcp ESTAB 0/0 203.0.113.1%blue-c:37361 198.51.100.2:5201 rtt=0.27 cwnd=190 acked=7825830 rcvd=- ulp=mptcp [Jjec] 31f5012d#0/9486e027#1',
    'mptcp ESTAB 0/0 198.51.100.1:50252 198.51.100.2:5202 token=f4d55b50 sf=0/2 sig=0/0 acc=0/2 fallback',
    'mptcp ESTAB 0/0 198.51.100.1:42214 198.51.100.2:5201 token=9486e027 sf=1/2 sig=0/0 acc=1/2 remote_key',
  ],
  'ss-tinM-v4-client-unprivileged.txt': [
    'tcp ESTAB 0/0 203.0.113.1%blue-c:59739 198.51.100.2:5201 rtt=0.014 cwnd=238 acked=1425224590 rcvd=- ulp=mptcp [Jjec] e71bf7b0#0/1eba8c20#1 noseq',
    'tcp ESTAB 0/0 198.51.100.1:60060 198.51.100.2:5201 rtt=0.003 cwnd=228 acked=1665196513 rcvd=- ulp=mptcp [Mmec] 00000000#0/1eba8c20#0 noseq',
    'mptcp ESTAB 0/0 198.51.100.1:60060 198.51.100.2:5201 token=1eba8c20 sf=1/2 sig=0/0 acc=0/2 remote_key',
  ],
  'ss-tinM-v4-client.txt': [
    'tcp ESTAB 0/0 203.0.113.1%blue-c:33691 198.51.100.2:5201 rtt=0.079 cwnd=11 acked=124 rcvd=2 ulp=mptcp [Jjec] 9d251e06#0/12d188cf#1',
    'tcp ESTAB 0/0 203.0.113.1%blue-c:59739 198.51.100.2:5201 rtt=0.014 cwnd=238 acked=1425224590 rcvd=- ulp=mptcp [Jjec] e71bf7b0#0/1eba8c20#1',
    'tcp ESTAB 0/0 198.51.100.1:60046 198.51.100.2:5201 rtt=0.186 cwnd=12 acked=42 rcvd=2 ulp=mptcp [Mmec] 00000000#0/12d188cf#0',
    'tcp ESTAB 0/0 198.51.100.1:60060 198.51.100.2:5201 rtt=0.003 cwnd=228 acked=1665196513 rcvd=- ulp=mptcp [Mmec] 00000000#0/1eba8c20#0',
    'mptcp ESTAB 0/0 198.51.100.1:60046 198.51.100.2:5201 token=12d188cf sf=1/2 sig=0/0 acc=0/2 remote_key',
    'mptcp ESTAB 0/0 198.51.100.1:60060 198.51.100.2:5201 token=1eba8c20 sf=1/2 sig=0/0 acc=0/2 remote_key',
  ],
  'ss-tinM-v4-server-remote-backup.txt': [
    'tcp ESTAB 0/0 198.51.100.2:5201 203.0.113.1:34511 rtt=1 cwnd=10 acked=- rcvd=2759133 ulp=mptcp [JBec] 00000000#1/9a5dd314#0 backup',
    'tcp ESTAB 0/0 198.51.100.2:5201 198.51.100.1:59270 rtt=0.023 cwnd=10 acked=- rcvd=4843080 ulp=mptcp [Mec] 00000000#0/9a5dd314#0',
    'mptcp ESTAB 0/0 198.51.100.2:5201 198.51.100.1:59270 token=9a5dd314 sf=1/2 sig=0/0 acc=0/2 remote_key',
  ],
  'ss-tinM-v6-client-endpoint-removed.txt': [
    'tcp ESTAB 0/0 [2001:db8:1::1]:49916 [2001:db8:1::2]:5201 rtt=0.003 cwnd=216 acked=1050126082 rcvd=- ulp=mptcp [Mmec] 00000000#0/c2b4b9b7#0',
    'mptcp ESTAB 0/0 [2001:db8:1::1]:49916 [2001:db8:1::2]:5201 token=c2b4b9b7 sf=0/2 sig=0/0 acc=0/2 remote_key',
  ],
  'ss-tinM-v6-client.txt': [
    'tcp ESTAB 0/0 [2001:db8:2::1]%blue-c:34901 [2001:db8:1::2]:5201 rtt=0.005 cwnd=230 acked=853037721 rcvd=- ulp=mptcp [Jjec] d469eb0b#0/c2b4b9b7#1',
    'tcp ESTAB 0/0 [2001:db8:1::1]:49916 [2001:db8:1::2]:5201 rtt=0.002 cwnd=230 acked=1012765026 rcvd=- ulp=mptcp [Mmec] 00000000#0/c2b4b9b7#0',
    'mptcp ESTAB 0/0 [2001:db8:1::1]:49916 [2001:db8:1::2]:5201 token=c2b4b9b7 sf=1/2 sig=0/0 acc=0/2 remote_key',
  ],
  'ss-tinMH-v4-client.txt': [
    'tcp ESTAB 0/0 203.0.113.1%blue-c:59739 198.51.100.2:5201 rtt=0.014 cwnd=238 acked=1425224590 rcvd=- ulp=mptcp [Jjec] e71bf7b0#0/1eba8c20#1',
    'tcp ESTAB 0/0 198.51.100.1:60060 198.51.100.2:5201 rtt=0.003 cwnd=228 acked=1665196513 rcvd=- ulp=mptcp [Mmec] 00000000#0/1eba8c20#0',
    'mptcp ESTAB 0/0 198.51.100.1:60060 198.51.100.2:5201 token=1eba8c20 sf=1/2 sig=0/0 acc=0/2 remote_key',
  ],
  'ss-tinMO-v4-client.txt': [
    'tcp ESTAB 0/0 203.0.113.1%blue-c:34511 198.51.100.2:5201 rtt=0.034 cwnd=200 acked=2759134 rcvd=- ulp=mptcp [Jjbec] 9a5dd314#0/a67f3f32#1 backup',
    'tcp ESTAB 0/0 198.51.100.1:59270 198.51.100.2:5201 rtt=0.116 cwnd=240 acked=4843081 rcvd=- ulp=mptcp [Mmec] 00000000#0/a67f3f32#0',
    'mptcp ESTAB 0/0 198.51.100.1:59270 198.51.100.2:5201 token=a67f3f32 sf=1/2 sig=0/0 acc=0/2 remote_key',
  ],
  'ss-tinMa-v4-server-mapped.txt': [
    'tcp TIME-WAIT 0/0 198.51.100.2:5201 203.0.113.1:33691 rtt=- cwnd=- acked=- rcvd=-',
    'tcp LISTEN 0/4096 *:5201 *:0 rtt=- cwnd=10 acked=- rcvd=- ulp=mptcp [] -#-/-#- noseq',
    'tcp ESTAB 0/0 [::ffff:198.51.100.2]:5201 [::ffff:198.51.100.1]:49562 rtt=0.055 cwnd=10 acked=- rcvd=682473213 ulp=mptcp [Mec] 00000000#0/6b8afeb8#0',
    'tcp ESTAB 0/0 [::ffff:198.51.100.2]:5201 [::ffff:203.0.113.1]:57557 rtt=1 cwnd=10 acked=- rcvd=608788416 ulp=mptcp [Jec] 00000000#1/6b8afeb8#0',
    'mptcp ESTAB 0/0 [::ffff:198.51.100.2]:5201 [::ffff:198.51.100.1]:49562 token=6b8afeb8 sf=1/2 sig=0/0 acc=0/2 remote_key',
    'mptcp LISTEN 0/4096 *:5201 *:0 token=- sf=0/0 sig=0/0 acc=0/0',
  ],
  'ss-tinMa-v4-server-signal.txt': [
    'tcp LISTEN 0/4096 198.51.100.2:5201 0.0.0.0:0 rtt=- cwnd=10 acked=- rcvd=- ulp=mptcp [] -#-/-#- noseq',
    'tcp LISTEN 0/4096 198.51.100.2:5202 0.0.0.0:0 rtt=- cwnd=10 acked=- rcvd=-',
    'tcp ESTAB 0/0 198.51.100.2:5202 198.51.100.1:50252 rtt=0.009 cwnd=10 acked=- rcvd=6422565',
    'tcp ESTAB 0/0 198.51.100.2:5201 198.51.100.1:42214 rtt=0.039 cwnd=10 acked=- rcvd=7971216 ulp=mptcp [Mec] 00000000#0/31f5012d#0',
    'mptcp ESTAB 0/0 198.51.100.2:5201 198.51.100.1:42214 token=31f5012d sf=1/2 sig=1/1 acc=0/2 remote_key',
    'mptcp LISTEN 0/4096 198.51.100.2:5201 0.0.0.0:0 token=- sf=0/0 sig=0/0 acc=0/0',
  ],
  'ss-tinMa-v6-server.txt': [
    'tcp LISTEN 0/4096 [2001:db8:1::2]:5201 [::]:0 rtt=- cwnd=10 acked=- rcvd=- ulp=mptcp [] -#-/-#- noseq',
    'tcp ESTAB 0/0 [2001:db8:1::2]:5201 [2001:db8:2::1]:34901 rtt=1 cwnd=10 acked=- rcvd=853037720 ulp=mptcp [Jec] 00000000#1/d469eb0b#0',
    'tcp ESTAB 0/0 [2001:db8:1::2]:5201 [2001:db8:1::1]:49916 rtt=0.03 cwnd=10 acked=- rcvd=1012765025 ulp=mptcp [Mec] 00000000#0/d469eb0b#0',
    'mptcp ESTAB 0/0 [2001:db8:1::2]:5201 [2001:db8:1::1]:49916 token=d469eb0b sf=1/2 sig=0/0 acc=0/2 remote_key',
    'mptcp LISTEN 0/4096 [2001:db8:1::2]:5201 *:0 token=- sf=0/0 sig=0/0 acc=0/0',
  ],
  'ss-tinMepm-v4-client.txt': [
    'tcp ESTAB 0/0 198.51.100.1:50252 198.51.100.2:5202 rtt=0.806 cwnd=230 acked=6291494 rcvd=- ulp=mptcp [mc] 00000000#0/f4d55b50#0',
    'tcp ESTAB 0/0 203.0.113.1%blue-c:37361 198.51.100.2:5201 rtt=0.27 cwnd=190 acked=7825830 rcvd=- ulp=mptcp [Jjec] 31f5012d#0/9486e027#1',
    'mptcp ESTAB 0/0 198.51.100.1:50252 198.51.100.2:5202 token=f4d55b50 sf=0/2 sig=0/0 acc=0/2 fallback',
  ],
};

describe('parseSs on captured fixtures', () => {
  for (const [name, lines] of Object.entries(EXPECTED)) {
    it(`parses ${name} exactly`, () => {
      expect(parseSs(fixture(name), { source: name }).map(summary)).toEqual(lines);
    });
  }

  it('decodes every field of a joined subflow (ss -tinM, root)', () => {
    const [socket] = parseSs(fixture('ss-tinM-v4-client.txt'));
    expect(socket).toEqual({
      kind: 'tcp',
      state: 'ESTAB',
      recvQ: 0,
      sendQ: 0,
      local: { address: '203.0.113.1', port: 33691, interface: 'blue-c' },
      remote: { address: '198.51.100.2', port: 5201 },
      line: 2,
      words: ['app_limited'],
      extra: {
        wscale: '10,10',
        bbr: '(bw:2896000000bps,mrtt:0.004,pacing_gain:2.88672,cwnd_gain:2.88672)',
      },
      info: {
        congestion: 'bbr',
        rtoMs: 204,
        rttMs: 0.079,
        rttVarMs: 0.046,
        atoMs: 40,
        mss: 1448,
        pmtu: 1500,
        rcvMss: 536,
        advMss: 1448,
        cwnd: 11,
        bytesSent: 123,
        bytesAcked: 124,
        bytesReceived: 2,
        segsOut: 5,
        segsIn: 5,
        dataSegsOut: 1,
        dataSegsIn: 2,
        sendBps: 1612962025,
        lastSendMs: 3024,
        lastReceiveMs: 3020,
        lastAckMs: 3020,
        pacingRateBps: 8276338120,
        deliveryRateBps: 2896000000,
        delivered: 2,
        rcvSpace: 14480,
        rcvSsthresh: 64088,
        minRttMs: 0.004,
        sndWnd: 64512,
      },
      ulp: 'mptcp',
      subflow: {
        flags: {
          mpCapableRemote: false,
          mpCapableLocal: false,
          joinRemote: true,
          joinLocal: true,
          backupRemote: false,
          backupLocal: false,
          fullyEstablished: true,
          connected: true,
          mapValid: false,
        },
        rawFlags: 'Jjec',
        backup: false,
        remoteToken: '9d251e06',
        remoteId: 0,
        localToken: '12d188cf',
        localId: 1,
        seq: '309491dd20092252',
        sfseq: '2',
        ssnoff: 'ce0abc85',
        maplen: '1',
      },
    });
  });

  it('decodes every field of an MPTCP socket', () => {
    const socket = parseSs(fixture('ss-tinM-v4-client.txt'))[5];
    expect(socket).toEqual({
      kind: 'mptcp',
      state: 'ESTAB',
      recvQ: 0,
      sendQ: 0,
      local: { address: '198.51.100.1', port: 60060 },
      remote: { address: '198.51.100.2', port: 5201 },
      line: 12,
      words: [],
      extra: {},
      info: {
        subflows: 1,
        addAddrSignal: 0,
        addAddrAccepted: 0,
        subflowsMax: 2,
        addAddrSignalMax: 0,
        addAddrAcceptedMax: 2,
        fallback: false,
        remoteKey: true,
        token: '1eba8c20',
        writeSeq: 'c5b70a79e107c36c',
        sndUna: 'c5b70a79e0a9c36c',
        rcvNxt: '3b3bd42765b02afa',
      },
    });
  });

  it('keeps busy, retrans and unknown tokens of a bulk subflow', () => {
    const socket = parseSs(fixture('ss-tinM-v4-client-unprivileged.txt'))[0];
    expect(socket?.kind).toBe('tcp');
    if (socket?.kind !== 'tcp') return;
    expect(socket.info).toMatchObject({
      busyMs: 1644,
      retrans: 0,
      retransTotal: 238,
      reordering: 300,
    });
    expect(socket.info?.ssthresh).toBe(715);
    expect(socket.extra).toEqual({
      wscale: '10,10',
      bbr: '(bw:130320000000bps,mrtt:0.001,pacing_gain:1.25,cwnd_gain:2)',
      sndbuf_limited: '44ms(2.7%)',
      dsack_dups: '237',
      reord_seen: '86',
    });
  });

  it('shows the sequence counters only with CAP_NET_ADMIN', () => {
    const root = parseSs(fixture('ss-tinMH-v4-client.txt'));
    const unprivileged = parseSs(fixture('ss-tinM-v4-client-unprivileged.txt'));
    for (const [index, socket] of unprivileged.entries()) {
      const twin = root[index];
      if (socket.kind !== 'tcp' || twin?.kind !== 'tcp') continue;
      expect(socket.subflow).toEqual({
        flags: twin.subflow?.flags,
        rawFlags: twin.subflow?.rawFlags,
        backup: twin.subflow?.backup,
        remoteToken: twin.subflow?.remoteToken,
        remoteId: twin.subflow?.remoteId,
        localToken: twin.subflow?.localToken,
        localId: twin.subflow?.localId,
      });
      expect(twin.subflow?.seq).toMatch(/^[0-9a-f]+$/);
    }
  });

  it('gives sockets with an empty info line (TIME-WAIT, listeners) empty info', () => {
    const [timeWait, listener, , , , mptcpListener] = parseSs(
      fixture('ss-tinMa-v4-server-mapped.txt'),
    );
    expect(timeWait).toEqual({
      kind: 'tcp',
      state: 'TIME-WAIT',
      recvQ: 0,
      sendQ: 0,
      local: { address: '198.51.100.2', port: 5201 },
      remote: { address: '203.0.113.1', port: 33691 },
      line: 2,
      words: [],
      extra: {},
      info: {},
    });
    expect(listener).toMatchObject({ kind: 'tcp', state: 'LISTEN', ulp: 'mptcp', line: 4 });
    expect(listener?.kind === 'tcp' && listener.subflow?.rawFlags).toBe('');
    expect(mptcpListener).toMatchObject({
      kind: 'mptcp',
      local: { address: '*', port: 5201 },
      remote: { address: '*', port: 0 },
      info: { subflows: 0, fallback: false, remoteKey: false },
    });
    expect(mptcpListener?.kind === 'mptcp' && mptcpListener.info?.token).toBeUndefined();
  });

  it('reads --oneline output like the two-line form', () => {
    const [subflow, , mptcp] = parseSs(fixture('ss-tinMO-v4-client.txt'));
    expect(subflow?.kind === 'tcp' && subflow.info?.congestion).toBe('bbr');
    expect(subflow?.kind === 'tcp' && subflow.subflow?.flags.backupLocal).toBe(true);
    expect(mptcp?.kind === 'mptcp' && mptcp.info?.rcvNxt).toBe('94f16ec9d0e1f725');
  });

  it('keeps -e -p -m details: process, inode, cookie, cgroup, skmem, shutdown marker', () => {
    const [subflow, , mptcp] = parseSs(fixture('ss-tinMepm-v4-client.txt'));
    expect(subflow?.process).toBe('(("iperf3",pid=6346,fd=5))');
    expect(subflow?.words).toEqual(['<->', 'ts', 'sack']);
    expect(subflow?.extra).toMatchObject({
      ino: '13612',
      sk: '1008',
      cgroup: 'unreachable:1',
      skmem: '(r0,rb131072,t0,tb546048,f0,w0,o0,bl0,d0)',
    });
    // A subflow reports the inode of its MPTCP socket: -e alone joins subflows to connections.
    expect(mptcp?.extra.ino).toBe('13612');
  });

  it('returns no sockets for empty output or a lone header', () => {
    expect(parseSs('')).toEqual([]);
    expect(
      parseSs('Netid State Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n'),
    ).toEqual([]);
  });

  it('accepts CRLF line ends', () => {
    const text = fixture('ss-tinM-v6-client.txt');
    expect(parseSs(text.replace(/\n/g, '\r\n'))).toEqual(parseSs(text));
  });

  it('uses options.kind when there is no Netid column (ss -tin)', () => {
    const text =
      'State Recv-Q Send-Q Local Address:Port Peer Address:Port\nESTAB 0 0 198.51.100.1:60060 198.51.100.2:5201\n\t cubic cwnd:10 rtt:1.5/0.75\n';
    const [socket] = parseSs(text, { kind: 'tcp' });
    expect(socket).toMatchObject({
      kind: 'tcp',
      line: 2,
      info: { congestion: 'cubic', cwnd: 10, rttMs: 1.5, rttVarMs: 0.75 },
    });
  });

  it('reads rates in ss human units and MPTCP counters of newer iproute2', () => {
    const text = [
      'tcp ESTAB 0 0 198.51.100.1:1 198.51.100.2:2',
      '\t cubic send 1.5Mbps pacing_rate 2.5Gbps/3Gbps delivery_rate 965Kbps',
      'mptcp ESTAB 0 0 198.51.100.1:1 198.51.100.2:2',
      '\t subflows:1 token:1a2b bytes_sent:10 bytes_retrans:1 bytes_received:20 bytes_acked:9 subflows_total:2 last_data_sent:5 last_data_recv:6 last_ack_recv:7 endp_laminar_max:1 write_seq:123456',
    ].join('\n');
    const [tcp, mptcp] = parseSs(text);
    expect(tcp?.kind === 'tcp' && tcp.info).toMatchObject({
      sendBps: 1.5e6,
      pacingRateBps: 2.5e9,
      pacingRateMaxBps: 3e9,
      deliveryRateBps: 965e3,
    });
    expect(mptcp?.kind === 'mptcp' && mptcp.info).toMatchObject({
      token: '00001a2b',
      bytesSent: 10,
      bytesRetrans: 1,
      bytesReceived: 20,
      bytesAcked: 9,
      subflowsTotal: 2,
      lastDataSentMs: 5,
      lastDataRecvMs: 6,
      lastAckRecvMs: 7,
      writeSeq: '123456',
    });
    expect(mptcp?.extra).toEqual({ endp_laminar_max: '1' });
  });
  it('keeps keys like __proto__ as plain data', () => {
    const [socket] = parseSs(
      'tcp ESTAB 0 0 198.51.100.1:1 198.51.100.2:2\n\t cubic __proto__:x constructor:y',
    );
    expect(Object.entries(socket?.extra ?? {})).toEqual([
      ['__proto__', 'x'],
      ['constructor', 'y'],
    ]);
  });
});

describe('parseSsEndpoint', () => {
  it.each([
    ['198.51.100.1:5201', { address: '198.51.100.1', port: 5201 }],
    ['203.0.113.1%blue-c:33691', { address: '203.0.113.1', port: 33691, interface: 'blue-c' }],
    ['[2001:db8::1]:80', { address: '2001:db8::1', port: 80 }],
    [
      '[2001:db8:2::1]%blue-c:34571',
      { address: '2001:db8:2::1', port: 34571, interface: 'blue-c' },
    ],
    ['[::ffff:198.51.100.1]:49562', { address: '::ffff:198.51.100.1', port: 49562 }],
    ['*:5201', { address: '*', port: 5201 }],
    ['*:*', { address: '*', port: 0 }],
    ['0.0.0.0:*', { address: '0.0.0.0', port: 0 }],
    ['[::]:*', { address: '::', port: 0 }],
    ['2001:db8::1:443', { address: '2001:db8::1', port: 443 }],
  ])('parses %s', (text, expected) => {
    expect(parseSsEndpoint(text)).toEqual(expected);
  });

  it.each([
    '',
    ':80',
    '198.51.100.1',
    '198.51.100.1:',
    '198.51.100.1:65536',
    '198.51.100.1:ssh',
    'localhost:80',
    '[2001:db8::1:80',
    '[198.51.100.1]:80',
    '[2001:db8::1]x:80',
    '198.51.100.1%:80',
    '999.1.1.1:80',
  ])('rejects %j', (text) => {
    expect(parseSsEndpoint(text)).toBeUndefined();
  });
});

describe('parseSs on malformed input', () => {
  const socketLine = 'tcp   ESTAB 0      0      198.51.100.1:60060 198.51.100.2:5201';
  it.each([
    ['\t bbr cwnd:10', 1, /info line without a socket line/],
    ['udp UNCONN 0 0 198.51.100.1:53 0.0.0.0:*', 1, /expected Netid 'tcp' or 'mptcp', got "udp"/],
    ['ESTAB 0 0 198.51.100.1:1 198.51.100.2:2', 1, /no Netid column/],
    ['tcp ESTAB 0 0 198.51.100.1:60060', 1, /truncated socket line/],
    ['tcp estab 0 0 198.51.100.1:1 198.51.100.2:2', 1, /expected a socket state, got "estab"/],
    ['tcp ESTAB x 0 198.51.100.1:1 198.51.100.2:2', 1, /Recv-Q: expected a byte count, got "x"/],
    [
      'tcp ESTAB 0 0 localhost:ssh 198.51.100.2:2',
      1,
      /local address: expected a numeric ADDRESS:PORT \(run ss with -n\)/,
    ],
    [`${socketLine}\n\t bbr cwnd:ten`, 2, /cwnd: expected a segment count, got "ten"/],
    [`${socketLine}\n\t bbr rtt:0.079`, 2, /rtt: expected two numbers/],
    [`${socketLine}\n\t bbr send lastsnd:5`, 2, /send: expected a rate/],
    [`${socketLine}\n\t bbr pacing_rate 1bps/2bps/3bps`, 2, /pacing_rate: expected a rate/],
    [`${socketLine}\n\t bbr busy:12`, 2, /busy: expected a duration/],
    [`${socketLine}\n\t tcp-ulp-mptcp flags:J-ec`, 2, /flags: expected letters/],
    [
      `${socketLine}\n\t tcp-ulp-mptcp token:9d251e06(id:0)/12d1`,
      2,
      /token: expected REMOTE\(id:N\)\/LOCAL\(id:N\)/,
    ],
    [`${socketLine}\n\t tcp-ulp-mptcp token:0000(id:300)/12d188cf(id:1)`, 2, /token: expected/],
    [`${socketLine}\n\t tcp-ulp-mptcp seq:xyz`, 2, /seq: expected a hex or decimal number/],
    [
      'mptcp ESTAB 0 0 198.51.100.1:1 198.51.100.2:2\n\t subflows:one',
      2,
      /subflows: expected a count/,
    ],
    [
      'mptcp ESTAB 0 0 198.51.100.1:1 198.51.100.2:2\n\t token:123456789',
      2,
      /token: expected hex digits/,
    ],
    [
      'mptcp ESTAB 0 0 198.51.100.1:1 198.51.100.2:2\n\t rcv_nxt:-1',
      2,
      /rcv_nxt: expected a hex or decimal number/,
    ],
  ])('rejects %j at line %i', (text, line, detail) => {
    let error: unknown;
    try {
      parseSs(text, { source: 'test input' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ParseError);
    expect(error).toMatchObject({ source: 'test input', line });
    expect((error as ParseError).detail).toMatch(detail);
    expect((error as ParseError).message).toContain(`test input, line ${line}:`);
  });

  it('reports the line of a socket cut short in a real capture', () => {
    const text = fixture('ss-tinM-v4-client.txt');
    const cut = text.slice(0, text.indexOf('198.51.100.2:5201', text.indexOf('60046')));
    expect(() => parseSs(cut)).toThrow(/line 6: truncated socket line/);
  });
});
