// A real NetworkManager (Debian's 1.42) owning the endpoints of a lab interface, with `subflow
// serve` watching the same namespace (sfn<pid>-cli; peer namespace -srv). NetworkManager runs in
// the namespace on a D-Bus bus of its own (native/lab/network-manager.ts) and manages only nm-c,
// through a profile with connection.mptcp-flags. Subflow must name it as the owner, carry a
// toggle through the profile (and the kernel endpoint must follow), and never undo what
// NetworkManager itself does to the endpoint; ext-c, which it does not manage, stays Subflow's.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MultipathResult, PmEvent, Snapshot } from '../../electron/contract.js';
import { parseMptcpFlags } from '../../electron/control/nm-flags.js';
import { isExecutable, searchDirs } from '../../native/commands.js';
import { nmcliEnv, startLabNetworkManager } from '../../native/lab/network-manager.js';
import type { LabNetworkManager } from '../../native/lab/network-manager.js';
import { parseIpMptcpEndpoints } from '../../native/text/ip-mptcp-parser.js';
import { NODE_TSX, REPO_ROOT } from './support/as-nobody.js';

const root = process.getuid?.() === 0;
const prefix = `sfn${process.pid % 10000}`;
const cli = `${prefix}-cli`;
const srv = `${prefix}-srv`;
const PROFILE = 'lab-uplink';
const TOKEN = 'network-manager-test-token';
const dir = mkdtempSync(join(tmpdir(), 'sfn-nm-'));
const hasNetworkManager = searchDirs(process.env.PATH).some((d) =>
  isExecutable(join(d, 'NetworkManager')),
);

const ip = (...args: string[]): string => execFileSync('ip', args, { encoding: 'utf8' });
const endpointsOfNmC = () =>
  parseIpMptcpEndpoints(ip('-n', cli, 'mptcp', 'endpoint', 'show')).filter(
    (e) => e.address === '198.51.100.1',
  );

async function waitFor<T>(get: () => T | Promise<T>, ok: (v: T) => boolean, ms: number) {
  const end = Date.now() + ms;
  let v = await get();
  while (!ok(v) && Date.now() < end) {
    await sleep(100);
    v = await get();
  }
  return v;
}

function startServe(busAddress: string): { child: ChildProcess; base: Promise<string> } {
  const child = spawn(
    NODE_TSX[0] ?? 'node',
    [
      ...NODE_TSX.slice(1),
      ...['electron/cli.ts', 'serve', '--netns', cli, '--port', '0', '--interval', '500'],
      ...['--token', TOKEN],
    ],
    {
      cwd: REPO_ROOT,
      env: { ...nmcliEnv(busAddress), SUBFLOW_CONFIG_DIR: join(dir, 'config') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (out += c));
  const base = (async () => {
    for (let waited = 0; waited < 30_000; waited += 100) {
      const m = /http:\/\/127\.0\.0\.1:(\d+)\/\?token=/.exec(out);
      if (m) return `http://127.0.0.1:${m[1] ?? ''}`;
      if (child.exitCode !== null) break;
      await sleep(100);
    }
    throw new Error(`serve did not start: ${out}`);
  })();
  return { child, base };
}

async function api<T>(base: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const parsed = JSON.parse(text) as { ok: boolean; value?: T; error?: unknown };
  if (!res.ok || !parsed.ok) throw new Error(`${path}: ${res.status} ${text}`);
  return parsed.value as T;
}

describe.skipIf(!root || !hasNetworkManager)('a real NetworkManager owns the endpoints', () => {
  let nm: LabNetworkManager | undefined;
  let serve: ChildProcess | undefined;
  let base = '';
  const profileFlags = async () =>
    parseMptcpFlags(await nm!.nmcli('-g', 'connection.mptcp-flags', 'connection', 'show', PROFILE));

  beforeAll(async () => {
    for (const ns of [cli, srv]) {
      if (ip('netns', 'list').includes(ns)) ip('netns', 'del', ns);
      ip('netns', 'add', ns);
      ip('-n', ns, 'link', 'set', 'lo', 'up');
    }
    ip('link', 'add', 'nm-c', 'netns', cli, 'type', 'veth', 'peer', 'name', 'nm-s', 'netns', srv);
    ip('-n', srv, 'address', 'add', '198.51.100.2/24', 'dev', 'nm-s');
    ip('-n', srv, 'link', 'set', 'nm-s', 'up');
    // A second uplink NetworkManager does not manage (as a VPN tunnel or a hand-made bridge):
    // its endpoints are nobody else's, so Subflow changes them itself.
    ip('link', 'add', 'ext-c', 'netns', cli, 'type', 'veth', 'peer', 'name', 'ext-s', 'netns', srv);
    ip('-n', cli, 'address', 'add', '203.0.113.1/24', 'dev', 'ext-c');
    ip('-n', cli, 'link', 'set', 'ext-c', 'up');
    ip('-n', srv, 'link', 'set', 'ext-s', 'up');
    nm = await startLabNetworkManager({ netns: cli, device: 'nm-c' });
    // NetworkManager adds endpoints only for devices with a default route unless told otherwise:
    // this uplink has none, as a second uplink often has none.
    await nm.nmcli(
      ...['connection', 'add', 'type', 'ethernet', 'ifname', 'nm-c', 'con-name', PROFILE],
      ...['ipv4.method', 'manual', 'ipv4.addresses', '198.51.100.1/24', 'ipv6.method', 'disabled'],
      ...['connection.mptcp-flags', 'enabled,also-without-default-route,subflow'],
    );
    await nm.nmcli('connection', 'up', PROFILE);
    const eps = await waitFor(endpointsOfNmC, (e) => e.length > 0, 10_000);
    expect(eps.map((e) => e.flags)).toEqual([['subflow']]);
    const started = startServe(nm.busAddress);
    serve = started.child;
    base = await started.base;
  }, 60_000);

  afterAll(async () => {
    if (serve && serve.exitCode === null) {
      const gone = new Promise((resolve) => serve?.once('exit', resolve));
      serve.kill('SIGTERM');
      await gone;
    }
    await nm?.stop();
    for (const ns of [cli, srv]) {
      try {
        ip('netns', 'del', ns);
      } catch {
        // not created
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('names NetworkManager as the owner of nm-c on its card', async () => {
    const snap = await waitFor(
      () => api<Snapshot>(base, '/api/snapshot'),
      (s) => s.interfaces.some((i) => i.name === 'nm-c' && i.owner !== undefined),
      8000,
    );
    const card = snap.interfaces.find((i) => i.name === 'nm-c');
    expect(card?.owner?.name).toBe('NetworkManager');
    expect(card?.owner?.detail).toMatch(/NetworkManager/);
  });

  it('names nobody as the owner of ext-c, which NetworkManager does not manage', async () => {
    const snap = await api<Snapshot>(base, '/api/snapshot');
    const card = snap.interfaces.find((i) => i.name === 'ext-c');
    expect(card).toBeDefined();
    expect(card?.owner).toBeUndefined();
    const result = await api<MultipathResult>(base, '/api/multipath', {
      interface: 'ext-c',
      mode: 'backup',
    });
    expect(result.mode).toBe('backup');
    expect(result.notes.join(' ')).toMatch(/NetworkManager runs here but does not manage ext-c/);
    const ext = parseIpMptcpEndpoints(ip('-n', cli, 'mptcp', 'endpoint', 'show')).filter(
      (e) => e.address === '203.0.113.1',
    );
    expect(ext.map((e) => e.flags)).toEqual([['subflow', 'backup']]);
  });

  it("re-applies ext-c's remembered backup when it comes back: NetworkManager is not its owner", async () => {
    const extEndpoints = () =>
      parseIpMptcpEndpoints(ip('-n', cli, 'mptcp', 'endpoint', 'show')).filter(
        (e) => e.address === '203.0.113.1',
      );
    const bounced = Date.now();
    ip('-n', cli, 'link', 'set', 'ext-c', 'down');
    ip('-n', cli, 'address', 'flush', 'dev', 'ext-c');
    for (const ep of extEndpoints())
      ip('-n', cli, 'mptcp', 'endpoint', 'delete', 'id', String(ep.id));
    ip('-n', cli, 'link', 'set', 'ext-c', 'up');
    ip('-n', cli, 'address', 'add', '203.0.113.1/24', 'dev', 'ext-c');
    const back = await waitFor(extEndpoints, (eps) => eps.length > 0, 5000);
    expect(back.map((e) => e.flags)).toEqual([['subflow', 'backup']]);
    const events = await waitFor(
      () => api<PmEvent[]>(base, `/api/events?since=${bounced}`),
      (es) => es.some((e) => e.action?.origin === 'remembered'),
      3000,
    );
    const reapplied = events.filter((e) => e.action?.origin === 'remembered');
    expect(reapplied.map((e) => [e.interface, e.action?.result])).toEqual([['ext-c', 'done']]);
  });

  it('switches nm-c to backup through the profile, and the kernel endpoint follows', async () => {
    const result = await api<MultipathResult>(base, '/api/multipath', {
      interface: 'nm-c',
      mode: 'backup',
    });
    expect(result.mode).toBe('backup');
    expect(result.notes.join(' ')).toMatch(/set through NetworkManager: profile lab-uplink/);
    expect(await profileFlags()).toContain('backup');
    expect(endpointsOfNmC().map((e) => e.flags)).toEqual([['subflow', 'backup']]);
  });

  it('leaves NetworkManager alone when it removes the endpoint itself: no fight over 5 s', async () => {
    const changed = Date.now();
    await nm!.nmcli('connection', 'modify', PROFILE, 'connection.mptcp-flags', 'disabled');
    await nm!.nmcli('device', 'reapply', 'nm-c');
    await waitFor(endpointsOfNmC, (e) => e.length === 0, 5000);
    const seen: string[] = [];
    for (let t = 0; t < 5000; t += 250) {
      const state = endpointsOfNmC()
        .map((e) => e.flags.join(','))
        .join(' ');
      if (seen.at(-1) !== (state || 'none')) seen.push(state || 'none');
      await sleep(250);
    }
    expect(seen).toEqual(['none']);
    const events = await api<PmEvent[]>(base, `/api/events?since=${changed}`);
    const ours = events.filter((e) => e.type === 'action' && e.action?.result === 'done');
    expect(ours).toEqual([]);
  });

  it('switches nm-c off and on again through the profile', async () => {
    await api<MultipathResult>(base, '/api/multipath', { interface: 'nm-c', mode: 'on' });
    expect(await profileFlags()).toEqual(
      expect.arrayContaining(['enabled', 'also-without-default-route', 'subflow']),
    );
    expect(endpointsOfNmC().map((e) => e.flags)).toEqual([['subflow']]);
    const off = await api<MultipathResult>(base, '/api/multipath', {
      interface: 'nm-c',
      mode: 'off',
    });
    expect(off.mode).toBe('off');
    expect(await profileFlags()).toEqual(['disabled']);
    expect(endpointsOfNmC()).toEqual([]);
  });
});
