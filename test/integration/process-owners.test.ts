// The process behind each connection, on the real kernel in a lab (namespaces sfioNNN-*): an
// iperf3 under mptcpize is named iperf3 with its pid, a python3 client on IPPROTO_MPTCP sockets
// is named python3; as user nobody, its own python3 is named and root's processes are not, with
// the note saying why.
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection, Snapshot } from '../../electron/contract.js';
import { buildSnapshot } from '../../electron/monitor/snapshot.js';
import { KernelClient } from '../../native/kernel/kernel-client.js';
import {
  LAB_SERVER_ADDRESS,
  labDown,
  labNamespaces,
  listNamespaces,
  resolveLabConfig,
} from '../../native/lab/index.js';
import { endChild, spawnInNamespace } from '../../native/lab/lab-processes.js';
import { UNPRIVILEGED_NOTE } from '../../native/procfs/socket-owners.js';
import { runTsAsNobody } from './support/as-nobody.js';
import { labUpFresh, startIperf, waitForListener } from './support/lab-extras.js';
import type { RunningIperf } from './support/lab-extras.js';

const prefix = `sfio${process.pid % 1000}`;
const lab = labNamespaces(prefix);
const PY_PORT = 5311;
const PEER = new URL('./support/mptcp-peer.py', import.meta.url).pathname;
let iperf: RunningIperf | undefined;
const children: ChildProcess[] = [];

async function python(ns: string, args: string[], ready: string): Promise<ChildProcess> {
  const child = await spawnInNamespace(ns, ['/usr/bin/python3', PEER, ...args], {
    runDir: resolveLabConfig({ prefix }).runDir,
    role: `py-${args[0] ?? ''}`,
  });
  children.push(child);
  const [line] = (await once(child.stdout!.setEncoding('utf8'), 'data')) as [string];
  if (!line.includes(ready)) throw new Error(`python3 ${args.join(' ')} said: ${line}`);
  return child;
}

async function clientSnapshot(): Promise<Snapshot> {
  const client = new KernelClient({ netns: lab.client });
  try {
    let sample = await client.call('sample', null);
    // The first look at /proc may be spread over a few samples (SocketOwners' time budget).
    for (let i = 0; i < 100 && sample.processNote?.startsWith('still looking up'); i++) {
      sample = await client.call('sample', null);
    }
    return buildSnapshot(null, sample, {
      netns: lab.client,
      hostname: hostname(),
      intervalMs: 1000,
    }).snapshot;
  } finally {
    await client.close();
  }
}

const toPort = (snap: Snapshot, port: number): Connection[] =>
  snap.connections.filter((c) => c.state === 'established' && c.remote.port === port);

let pyClient: ChildProcess;
let plainClient: ChildProcess;
const PLAIN_PORT = 5202;

/** iperf3 without mptcpize: its connections are plain TCP. */
async function plainIperf(): Promise<ChildProcess> {
  const runDir = resolveLabConfig({ prefix }).runDir;
  const server = await spawnInNamespace(
    lab.server,
    ['iperf3', '-s', '-1', '-p', String(PLAIN_PORT)],
    {
      runDir,
      role: 'plain-iperf-server',
    },
  );
  children.push(server);
  await waitForListener(lab.server, PLAIN_PORT);
  const client = await spawnInNamespace(
    lab.client,
    ['iperf3', '-c', LAB_SERVER_ADDRESS, '-p', String(PLAIN_PORT), '-t', '30', '-b', '2M'],
    { runDir, role: 'plain-iperf-client' },
  );
  children.push(client);
  return client;
}

beforeAll(async () => {
  await labUpFresh({ prefix });
  await python(lab.server, ['server', String(PY_PORT)], 'listening');
  await waitForListener(lab.server, PY_PORT);
  pyClient = await python(
    lab.client,
    ['client', LAB_SERVER_ADDRESS, String(PY_PORT), '2'],
    'connected',
  );
  plainClient = await plainIperf();
}, 60_000);

afterAll(async () => {
  await iperf?.stop();
  await Promise.all(children.map((c) => endChild(c)));
  await labDown({ prefix });
  expect((await listNamespaces()).filter((n) => n.startsWith(`${prefix}-`))).toEqual([]);
}, 60_000);

describe('process per connection (root)', () => {
  it('names iperf3 under mptcpize and a python3 client, with their pids and user', async () => {
    iperf = await startIperf(prefix, { seconds: 30, rate: '2M' });
    let snap = await clientSnapshot();
    // iperf3 opens its control connection first and its data connection a moment later.
    for (let i = 0; i < 50 && toPort(snap, 5201).length < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      snap = await clientSnapshot();
    }
    const iperfConns = toPort(snap, 5201);
    expect(iperfConns).toHaveLength(2);
    for (const c of iperfConns) {
      expect(c.process).toMatchObject({
        pid: iperf.client.pid,
        name: 'iperf3',
        uid: 0,
        user: 'root',
      });
      expect(c.process?.cmdline).toContain(`-c ${LAB_SERVER_ADDRESS}`);
    }
    const pyConns = toPort(snap, PY_PORT);
    expect(pyConns).toHaveLength(2);
    for (const c of pyConns) {
      expect(c.process).toMatchObject({ pid: pyClient.pid, name: 'python3', user: 'root' });
      expect(c.process?.others).toBeUndefined();
    }
    expect(snap.processNote).toBeUndefined();
  }, 30_000);
});

describe('apps using plain TCP', () => {
  it('lists an iperf3 run without mptcpize there, and not among the MPTCP connections', async () => {
    let snap = await clientSnapshot();
    const plain = () => snap.plainTcpApps?.find((a) => a.pid === plainClient.pid);
    // Two ticks apart, so its rate is measured.
    const client = new KernelClient({ netns: lab.client });
    try {
      const ctx = { netns: lab.client, hostname: hostname(), intervalMs: 1000 };
      let built = buildSnapshot(null, await client.call('sample', null), ctx);
      for (
        let i = 0;
        i < 50 &&
        (built.snapshot.plainTcpApps ?? []).every(
          (a) => a.pid !== plainClient.pid || a.connections < 2,
        );
        i++
      ) {
        await new Promise((r) => setTimeout(r, 100));
        built = buildSnapshot(built.state, await client.call('sample', null), ctx);
      }
      await new Promise((r) => setTimeout(r, 1000));
      snap = buildSnapshot(built.state, await client.call('sample', null), ctx).snapshot;
    } finally {
      await client.close();
    }
    expect(plain()).toMatchObject({ name: 'iperf3', connections: 2, user: 'root' });
    expect(plain()?.cmdline).toContain(`-p ${PLAIN_PORT}`);
    // 2 Mbit/s = 250,000 B/s; the tbf-shaped lab carries it as asked.
    expect(plain()?.txRate).toBeGreaterThan(100_000);
    expect(plain()?.txRate).toBeLessThan(400_000);
    expect(snap.connections.filter((c) => c.remote.port === PLAIN_PORT)).toEqual([]);
    expect(snap.plainTcpApps?.some((a) => a.name === 'python3')).toBe(false);
  }, 30_000);
});

describe('process per connection (as nobody)', () => {
  it("names the user's own python3, not root's processes, and says why", async () => {
    const r = await runTsAsNobody<{
      uid: number;
      peerPid: number;
      connections: { remotePort: number; process: Connection['process'] }[];
      processNote: string | null;
    }>(lab.client, [
      'test/integration/support/process-owners-child.ts',
      LAB_SERVER_ADDRESS,
      String(PY_PORT),
    ]);
    expect(r.uid).not.toBe(0);
    const own = r.connections.filter((c) => c.process?.pid === r.peerPid);
    expect(own).toHaveLength(1);
    expect(own[0]!.process).toMatchObject({ name: 'python3', user: 'nobody', uid: r.uid });
    const roots = r.connections.filter((c) => c.remotePort === 5201 || c.process === null);
    expect(roots.length).toBeGreaterThanOrEqual(4); // root's 2 iperf3 + 2 python3 connections
    for (const c of roots) expect(c.process).toBeNull();
    expect(r.processNote).toBe(UNPRIVILEGED_NOTE);
  }, 60_000);
});
