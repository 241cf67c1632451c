// The kernel boundary as the product uses it: a kernel thread inside a lab namespace samples
// sockets, subflows and interfaces while shaped MPTCP traffic runs; an event thread receives
// path-manager events. Cross-checked against `ss -tinM` and `ip mptcp monitor` on the same
// state, and repeated as an unprivileged user.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KernelClient } from '../../native/kernel/kernel-client.js';
import type { RawSample } from '../../native/kernel/sample.js';
import { labDown, labTraffic, labUp } from '../../native/lab/index.js';
import { parseNetstat } from '../../native/procfs/netstat.js';
import { parseIpMptcpMonitor } from '../../native/text/ip-mptcp-parser.js';
import { parseSs } from '../../native/text/ss-parser.js';
import { runTsAsNobody } from './support/as-nobody.js';
import { collectPmEvents } from './support/mptcp-pm-events.js';

const run = promisify(execFile);
const root = process.getuid?.() === 0;
const prefix = `sfk${process.pid % 10000}`;
const cli = `${prefix}-cli`;
const srv = `${prefix}-srv`;
const hex = (token: number): string => token.toString(16).padStart(8, '0');
const fastcloses = (): number => {
  const text = execFileSync('ip', ['netns', 'exec', cli, 'cat', '/proc/net/netstat'], {
    encoding: 'utf8',
  });
  return parseNetstat(text).MPTcpExt?.MPFastcloseRx ?? 0;
};

describe.skipIf(!root)('kernel client in the lab', () => {
  let client: KernelClient;

  beforeAll(async () => {
    await labUp({ prefix });
    client = new KernelClient({ netns: cli });
  });

  afterAll(async () => {
    await client.close();
    await labDown({ prefix });
  });

  it('samples one connection with 2 subflows on red-c and blue-c, as ss -tinM sees it', async () => {
    const traffic = labTraffic({ prefix, seconds: 5 });
    let sample: RawSample | undefined;
    let ssText = '';
    for (let i = 0; i < 40; i++) {
      await sleep(250);
      sample = await client.call('sample', null);
      ssText = execFileSync('ip', ['netns', 'exec', cli, 'ss', '-tinMH'], { encoding: 'utf8' });
      const data = sample.mptcpSockets.filter((s) => (s.info?.bytesSent ?? 0) > 1_000_000);
      if (data.length === 1 && sample.subflows.filter((s) => s.state === 'established').length >= 4)
        break;
    }
    await traffic;
    expect(sample).toBeDefined();
    const s = sample!;
    // iperf3 opens a control and a data connection; the data one has sent megabytes.
    const data = s.mptcpSockets.filter((m) => (m.info?.bytesSent ?? 0) > 1_000_000);
    expect(data).toHaveLength(1);
    const conn = data[0]!;
    expect(conn.local.address).toBe('198.51.100.1');
    expect(conn.remote).toMatchObject({ address: '198.51.100.2', port: 5201 });
    const token = conn.info!.token!;
    const subflows = s.subflows.filter((f) => f.mptcp?.tokenLocal === token);
    expect(subflows).toHaveLength(2);

    const ifnameOf = new Map<string, string>();
    for (const i of s.interfaces) for (const a of i.addresses) ifnameOf.set(a, i.name);
    const paths = subflows
      .map((f) => `${ifnameOf.get(f.local.address) ?? '?'} ${f.local.address}>${f.remote.address}`)
      .sort();
    expect(paths).toEqual(['blue-c 203.0.113.1>198.51.100.2', 'red-c 198.51.100.1>198.51.100.2']);
    expect(subflows.every((f) => (f.tcp?.bytesAcked ?? 0) > 0)).toBe(true);

    // The same state through ss: same token, same subflow 4-tuples.
    const ss = parseSs(ssText);
    const ssConn = ss.find((x) => x.kind === 'mptcp' && x.info?.token === hex(token));
    expect(ssConn?.local).toMatchObject({ address: '198.51.100.1', port: conn.local.port });
    const ssSubflows = ss
      .filter((x) => x.kind === 'tcp' && x.subflow?.localToken === hex(token))
      .map((x) => `${x.local.address}:${x.local.port}>${x.remote.address}:${x.remote.port}`)
      .sort();
    const ours = subflows
      .map((f) => `${f.local.address}:${f.local.port}>${f.remote.address}:${f.remote.port}`)
      .sort();
    expect(ssSubflows).toEqual(ours);

    expect(s.endpoints.map((e) => [e.address, e.flags])).toEqual([['203.0.113.1', ['subflow']]]);
    expect(s.kernel).toMatchObject({ mptcp: 'upstream', enabled: true });
    expect(s.problems).toEqual([]);
  });

  it('lists MPTCP listeners in a fresh sample only: a tick spares the kernel its listener walk', async () => {
    const listener = spawn(
      'ip',
      ['netns', 'exec', cli, 'mptcpize', 'run', 'iperf3', '-s', '-p', '5301'],
      {
        stdio: 'ignore',
      },
    );
    try {
      const listening = (x: RawSample) =>
        x.mptcpSockets.filter((m) => m.state === 'listen' && m.local.port === 5301);
      let fresh: RawSample | undefined;
      for (let i = 0; i < 40 && (fresh === undefined || listening(fresh).length === 0); i++) {
        await sleep(100);
        fresh = await client.call('sample', { fresh: true });
      }
      expect(listening(fresh!)).not.toEqual([]);
      const tick = await client.call('sample', null);
      expect(tick.mptcpSockets.filter((m) => m.state === 'listen')).toEqual([]);
      expect(tick.subflows.filter((f) => f.state === 'listen')).toEqual([]);
      expect(tick.problems).toEqual([]);
    } finally {
      listener.kill('SIGKILL');
    }
  });

  it('receives created → established → sub-established → closed, as ip mptcp monitor does', async () => {
    const stream = await collectPmEvents(cli);
    const { events } = stream;
    const monitor = spawn('ip', ['-n', cli, 'mptcp', 'monitor'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let monitorText = '';
    monitor.stdout.on('data', (d: Buffer) => (monitorText += d.toString()));
    await sleep(300);
    await labTraffic({ prefix, seconds: 2 });
    // Connections close a moment after iperf3 reports: wait for every 'closed', bounded.
    const allClosed = (): boolean => {
      const created = events.filter((e) => e.type === 'created').map((e) => e.token);
      const closed = new Set(events.filter((e) => e.type === 'closed').map((e) => e.token));
      return created.length >= 2 && created.every((t) => closed.has(t));
    };
    for (let waited = 0; waited < 5_000 && !allClosed(); waited += 100) await sleep(100);
    await sleep(300); // let ip mptcp monitor print the same events
    monitor.kill();
    await stream.close();
    expect(stream.errors).toEqual([]);

    const tokens = [...new Set(events.filter((e) => e.type === 'created').map((e) => e.token!))];
    expect(tokens.length).toBeGreaterThanOrEqual(2); // iperf3 control + data
    for (const token of tokens) {
      const kinds = events.filter((e) => e.token === token).map((e) => e.type);
      expect(kinds[0]).toBe('created');
      expect(kinds).toContain('established');
      expect(kinds).toContain('sub-established');
      expect(kinds.indexOf('established')).toBeLessThan(kinds.indexOf('sub-established'));
      // A connection the peer ends with MP_FASTCLOSE gets no 'closed' event from the kernel
      // (seen on 6.18 with iperf3's one-shot server); that must show in MPTcpExt instead.
      if (kinds.at(-1) !== 'closed') expect(fastcloses()).toBeGreaterThan(0);
    }
    const subEst = events.find((e) => e.type === 'sub-established');
    expect(subEst?.local?.address).toBe('203.0.113.1');

    // ip mptcp monitor saw the same connection-level events for the same tokens.
    const theirs = parseIpMptcpMonitor(monitorText)
      .filter((e) => e.token !== undefined && tokens.map(hex).includes(e.token))
      .map((e) => `${e.type} ${e.token ?? ''}`)
      .sort();
    const ours = events
      .filter((e) => e.token !== undefined)
      .map((e) => `${e.type} ${hex(e.token!)}`)
      .sort();
    expect(theirs).toEqual(ours);
  });

  it('lets the peer see sub-priority when the client endpoint becomes backup', async () => {
    const stream = await collectPmEvents(srv);
    const seen = stream.events;
    const traffic = labTraffic({ prefix, seconds: 4 });
    await sleep(1500);
    await run('ip', ['-n', cli, 'mptcp', 'endpoint', 'change', 'id', '1', 'backup']);
    await traffic;
    await stream.close();
    await run('ip', ['-n', cli, 'mptcp', 'endpoint', 'change', 'id', '1', 'nobackup']);
    const prio = seen.find((e) => e.type === 'sub-priority');
    expect(prio).toMatchObject({ backup: true });
    expect(prio?.remote?.address).toBe('203.0.113.1');
  });

  it('samples unprivileged, and refuses the event subscription with a permission error', async () => {
    // Long enough to outlast the child's start-up (node + tsx as nobody, no compile cache).
    const traffic = labTraffic({ prefix, seconds: 8 });
    await sleep(1000);
    const child = runTsAsNobody<{
      uid: number;
      privileged: boolean;
      connections: number;
      subflows: number;
      subflowTokens: (number | null)[];
      endpoints: number;
      problems: string[];
      subscribe: { ok: boolean; code?: string; message?: string };
    }>(cli, ['test/integration/support/kernel-client-child.ts']);
    const [r] = await Promise.all([child, traffic]);
    expect(r.uid).not.toBe(0);
    expect(r.privileged).toBe(false);
    expect(r.connections).toBeGreaterThanOrEqual(1);
    expect(r.subflows).toBeGreaterThanOrEqual(2);
    expect(r.subflowTokens.every((t) => typeof t === 'number')).toBe(true);
    expect(r.endpoints).toBe(1);
    expect(r.problems).toEqual([]);
    expect(r.subscribe).toMatchObject({ ok: false, code: 'permission' });
    expect(r.subscribe.message).toMatch(/CAP_NET_ADMIN/);
  });
});
