// Reasons from the real kernel, watched in the lab's client namespace: an MPTCP client talking to
// a plain-TCP server falls back (mptcp_info FALLBACK) and Subflow names the MPTcpExt counter that
// rose; a subflow reset by a firewall in the server namespace closes with ECONNRESET in words; and
// a subflow the server's kernel aborts is reset with an MP_TCPRST option, whose reason code the
// sub-closed event carries.
import { execFileSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PmEvent, Snapshot } from '../../electron/contract.js';
import { renderSnapshot } from '../../electron/cli/snapshot-text.js';
import { MonitorService } from '../../electron/monitor/monitor-service.js';
import {
  BLUE_PATH,
  LAB_SERVER_ADDRESS,
  labDown,
  labNamespaces,
  listNamespaces,
  resolveLabConfig,
} from '../../native/lab/index.js';
import { endChild, spawnInNamespace } from '../../native/lab/lab-processes.js';
import { labUpFresh, netnsExec, startIperf, waitForListener } from './support/lab-extras.js';
import type { RunningIperf } from './support/lab-extras.js';

const root = process.getuid?.() === 0;
const prefix = `sfr${process.pid % 10000}`;
const PLAIN_PORT = 5299;

/** Collects every event the monitor publishes, and its latest snapshot. */
function watch(monitor: MonitorService): { events: PmEvent[]; latest: () => Snapshot | null } {
  const events: PmEvent[] = [];
  monitor.subscribe((u) => events.push(...u.events));
  return { events, latest: () => monitor.latest() };
}

async function until<T>(what: string, fn: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  for (let waited = 0; waited <= timeoutMs; waited += 100) {
    const value = fn();
    if (value !== undefined) return value;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const blueSubflow = (s: Snapshot | null): boolean =>
  s?.connections.some((c) => c.subflows.some((f) => f.local.address === BLUE_PATH.clientAddress)) ??
  false;

const nft = (ns: string, ...args: string[]): string =>
  execFileSync('ip', ['netns', 'exec', ns, 'nft', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

describe.skipIf(!root)('close reasons and TCP fallback from the real kernel', () => {
  const { client, server } = labNamespaces(prefix);
  const children: ChildProcess[] = [];
  let iperf: RunningIperf | null = null;
  let monitor: MonitorService | null = null;

  beforeAll(async () => {
    await labUpFresh({ prefix });
  });
  afterEach(async () => {
    await monitor?.stop();
    monitor = null;
    await iperf?.stop();
    iperf = null;
    await Promise.all(children.splice(0).map((c) => endChild(c)));
    try {
      nft(server, 'delete', 'table', 'inet', 'sfreset');
    } catch {
      // Not there.
    }
  });
  afterAll(async () => {
    await labDown({ prefix });
  });

  it('marks a connection to a plain-TCP server as fallen back, with the reason', async () => {
    monitor = new MonitorService({ netns: client, intervalMs: 250 });
    const seen = watch(monitor);
    await monitor.start();
    // An MPTCP transfer for contrast, then an MPTCP client to a server without mptcpize.
    iperf = await startIperf(prefix, { seconds: 30, rate: '5M' });
    const runDir = resolveLabConfig({ prefix }).runDir;
    const plainServer = await spawnInNamespace(
      server,
      ['iperf3', '-s', '-1', '-p', String(PLAIN_PORT), '-B', LAB_SERVER_ADDRESS],
      { mptcp: false, runDir, role: 'plain-iperf-server' },
    );
    children.push(plainServer);
    await waitForListener(server, PLAIN_PORT);
    const plainClient = await spawnInNamespace(
      client,
      ['iperf3', '-c', LAB_SERVER_ADDRESS, '-p', String(PLAIN_PORT), '-t', '20', '-b', '2M'],
      { mptcp: true, runDir, role: 'mptcp-iperf-client' },
    );
    children.push(plainClient);

    const snapshot = await until('both transfers in one snapshot', () => {
      const s = seen.latest();
      const plain = s?.connections.filter((c) => c.remote.port === PLAIN_PORT) ?? [];
      const mptcp = s?.connections.filter((c) => c.remote.port === 5201) ?? [];
      return plain.length > 0 && mptcp.length > 0 ? s : undefined;
    });
    const plain = snapshot?.connections.filter((c) => c.remote.port === PLAIN_PORT) ?? [];
    const mptcp = snapshot?.connections.filter((c) => c.remote.port === 5201) ?? [];
    console.log(
      JSON.stringify(
        snapshot?.connections.map((c) => ({
          remote: `${c.remote.address}:${c.remote.port}`,
          state: c.state,
          subflows: c.subflows.length,
          fallback: c.fallback,
          fallbackReason: c.fallbackReason,
        })),
        null,
        2,
      ),
    );
    expect(plain.length).toBeGreaterThan(0);
    for (const c of plain) {
      expect(c.fallback).toBe(true);
      expect(c.fallbackReason).toMatch(
        /the peer did not answer MP_CAPABLE.*MPCapableFallbackSYNACK/,
      );
    }
    for (const c of mptcp) {
      expect(c.fallback).toBe(false);
      expect(c.fallbackReason).toBeUndefined();
    }
    const text = renderSnapshot(snapshot as Snapshot);
    expect(text).toContain('TCP fallback: the peer did not answer MP_CAPABLE');
  });

  it('gives ECONNRESET in words when a firewall resets a subflow', async () => {
    monitor = new MonitorService({ netns: client, intervalMs: 250 });
    const seen = watch(monitor);
    await monitor.start();
    expect(monitor.eventSource.kind).toBe('kernel');
    iperf = await startIperf(prefix, { seconds: 30 });
    await until('the blue subflow', () => (blueSubflow(seen.latest()) ? true : undefined));
    // The server namespace answers whatever arrives on blue with a TCP reset.
    nft(server, 'add', 'table', 'inet', 'sfreset');
    nft(server, 'add', 'chain', 'inet', 'sfreset', 'in', '{ type filter hook input priority 0 ; }');
    nft(
      ...[server, 'add', 'rule', 'inet', 'sfreset', 'in', 'iifname', BLUE_PATH.serverInterface],
      ...['tcp', 'dport', '5201', 'reject', 'with', 'tcp', 'reset'],
    );
    const closed = await until('a sub-closed on blue', () =>
      seen.events.find(
        (e) =>
          e.type === 'sub-closed' &&
          e.source === 'kernel' &&
          e.local?.address === BLUE_PATH.clientAddress,
      ),
    );
    console.log(JSON.stringify(closed));
    expect(closed.error).toBe(104);
    expect(closed.reason).toMatch(/^ECONNRESET: reset by the peer/);
  });

  it('gives the MP_TCPRST reason the peer sent when it aborts a subflow', async () => {
    monitor = new MonitorService({ netns: client, intervalMs: 250 });
    const seen = watch(monitor);
    await monitor.start();
    iperf = await startIperf(prefix, { seconds: 30 });
    await until('the blue subflow', () => (blueSubflow(seen.latest()) ? true : undefined));
    // The server's kernel aborts its end of the blue subflow (sock_diag destroy): the reset it
    // sends carries an MP_TCPRST option, whose reason the client's sub-closed event reports.
    netnsExec(server, 'ss', '-K', '-tn', 'dst', BLUE_PATH.clientAddress);
    const closed = await until('a sub-closed on blue', () =>
      seen.events.find(
        (e) =>
          e.type === 'sub-closed' &&
          e.source === 'kernel' &&
          e.local?.address === BLUE_PATH.clientAddress,
      ),
    );
    console.log(JSON.stringify(closed));
    expect(closed.error).toBe(104);
    expect(closed.resetReason).toBe(0);
    expect(closed.resetFlags).toBe(0);
    expect(closed.reason).toMatch(
      /^ECONNRESET: .*; the peer reset it: unspecified \(MPTCP_RST_EUNSPEC\)$/,
    );
  });

  it('leaves no namespace of its own behind', async () => {
    await labDown({ prefix });
    expect((await listNamespaces()).filter((n) => n.startsWith(`${prefix}-`))).toEqual([]);
  });
});
