// Remembered choices keyed by NetworkManager profile, against a real NetworkManager 1.42 run in a
// lab namespace (native/lab/network-manager.ts) with a bridge it creates for two profiles of the
// same device, "Pixel hotspot" and "Home". A toggle on the bridge goes through NetworkManager
// (connection.mptcp-flags, then the kernel endpoint follows) and is remembered for the profile's
// UUID; the card shows it for the hotspot, not when the device switches to Home, and again when
// it switches back (profiles looked up on the link notifications); Forget removes that key.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InterfaceState, MultipathResult, Snapshot } from '../../electron/contract.js';
import { NODE_TSX, REPO_ROOT } from './support/as-nobody.js';
import { isExecutable, searchDirs } from '../../native/commands.js';
import { nmcliEnv, startLabNetworkManager } from '../../native/lab/network-manager.js';
import type { LabNetworkManager } from '../../native/lab/network-manager.js';

const networkManagerAvailable = (): boolean =>
  process.getuid?.() === 0 &&
  searchDirs(process.env.PATH).some((d) => isExecutable(join(d, 'NetworkManager')));

const ns = `${process.env.SUBFLOW_TEST_NS_PREFIX ?? 'sfpr'}${process.pid % 10000}-nm`;
const TOKEN = 'nm-profile-choices-test-token';
const dir = mkdtempSync(join(tmpdir(), 'sf-nm-profiles-'));
const config = join(dir, 'config');
const DEVICE = 'sfprbr0';

async function api<T>(base: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const parsed = (await res.json()) as { ok: boolean; value?: T; error?: unknown };
  if (!parsed.ok) throw new Error(`${path}: ${JSON.stringify(parsed.error)}`);
  return parsed.value as T;
}

async function cardWhen(base: string, ok: (c: InterfaceState | undefined) => boolean) {
  let card: InterfaceState | undefined;
  for (let waited = 0; waited < 8000; waited += 200) {
    const snap = await api<Snapshot>(base, '/api/snapshot');
    card = snap.interfaces.find((i) => i.name === DEVICE);
    if (ok(card)) break;
    await sleep(200);
  }
  return card;
}

/** `connection up`, then until the device is activated (100): it passes through 70 (ip-config). */
async function activate(nm: LabNetworkManager | undefined, profile: string): Promise<void> {
  await nm?.nmcli('connection', 'up', profile);
  for (let waited = 0; waited < 10_000; waited += 200) {
    if ((await nm?.nmcli('-g', 'GENERAL.STATE', 'device', 'show', DEVICE))?.startsWith('100')) {
      return;
    }
    await sleep(200);
  }
  throw new Error(`${DEVICE} did not reach the activated state with ${profile}`);
}

describe.skipIf(!networkManagerAvailable())('choices kept by NetworkManager profile', () => {
  let nm: LabNetworkManager | undefined;
  let serve: ChildProcess | undefined;
  let base = '';
  let hotspot = '';

  beforeAll(async () => {
    execFileSync('ip', ['netns', 'add', ns]);
    execFileSync('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    nm = await startLabNetworkManager({ netns: ns, device: DEVICE });
    const profile = (name: string, address: string) =>
      nm?.nmcli(
        ...['connection', 'add', 'type', 'bridge', 'ifname', DEVICE, 'con-name', name],
        ...['ipv4.method', 'manual', 'ipv4.addresses', address, 'ipv6.method', 'disabled'],
        ...['bridge.stp', 'no', 'connection.autoconnect', 'no'],
        ...['connection.mptcp-flags', 'enabled,also-without-default-route,subflow'],
      );
    await profile('Home', '192.0.2.20/24');
    await profile('Pixel hotspot', '192.0.2.10/24');
    hotspot = (
      await nm.nmcli('-g', 'connection.uuid', 'connection', 'show', 'Pixel hotspot')
    ).trim();
    await activate(nm, 'Pixel hotspot');

    serve = spawn(
      NODE_TSX[0] ?? 'node',
      [
        ...NODE_TSX.slice(1),
        ...['electron/cli.ts', 'serve', '--netns', ns, '--port', '0', '--interval', '500'],
        ...['--token', TOKEN],
      ],
      {
        cwd: REPO_ROOT,
        env: { ...nmcliEnv(nm.busAddress), SUBFLOW_CONFIG_DIR: config, SUBFLOW_RUN_DIR: dir },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    serve.stdout?.setEncoding('utf8').on('data', (c: string) => (out += c));
    serve.stderr?.setEncoding('utf8').on('data', (c: string) => (out += c));
    for (let waited = 0; waited < 30_000 && base === ''; waited += 100) {
      const m = /http:\/\/127\.0\.0\.1:(\d+)\/\?token=/.exec(out);
      if (m) base = `http://127.0.0.1:${m[1] ?? ''}`;
      else await sleep(100);
    }
    if (base === '') throw new Error(`serve did not start: ${out}`);
  }, 60_000);

  afterAll(async () => {
    if (serve && serve.exitCode === null) {
      const gone = new Promise((resolve) => serve?.once('exit', resolve));
      serve.kill('SIGTERM');
      await gone;
    }
    await nm?.stop();
    execFileSync('ip', ['netns', 'delete', ns], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  });

  it('sets backup through the profile and remembers it for the profile UUID', async () => {
    const result = await api<MultipathResult>(base, '/api/multipath', {
      interface: DEVICE,
      mode: 'backup',
    });
    expect(result.mode).toBe('backup');
    expect(result.notes[0]).toMatch(/^set through NetworkManager: profile Pixel hotspot/);
    const file = JSON.parse(readFileSync(join(config, 'multipath-choices.json'), 'utf8')) as {
      version: number;
      choices: unknown[];
    };
    expect(file).toMatchObject({
      version: 2,
      choices: [
        {
          netns: ns,
          interface: DEVICE,
          mode: 'backup',
          profile: { uuid: hotspot, name: 'Pixel hotspot' },
        },
      ],
    });
    const card = await cardWhen(base, (c) => c?.remembered !== undefined);
    expect(card?.owner?.name).toBe('NetworkManager');
    expect(card?.remembered).toMatchObject({
      mode: 'backup',
      profile: { uuid: hotspot, name: 'Pixel hotspot' },
    });
  });

  it('follows the profile: not shown on Home, shown again on the hotspot', async () => {
    await activate(nm, 'Home');
    const home = await cardWhen(base, (c) => c !== undefined && c.remembered === undefined);
    expect(home?.remembered).toBeUndefined();
    await activate(nm, 'Pixel hotspot');
    const back = await cardWhen(base, (c) => c?.remembered !== undefined);
    expect(back?.remembered?.profile?.name).toBe('Pixel hotspot');
  });

  it("forgets the profile's choice", async () => {
    const forgot = await api<{ forgotten: boolean }>(base, '/api/multipath/forget', {
      interface: DEVICE,
      profile: hotspot,
    });
    expect(forgot).toEqual({ forgotten: true });
    const file = JSON.parse(readFileSync(join(config, 'multipath-choices.json'), 'utf8')) as {
      choices: unknown[];
    };
    expect(file.choices).toEqual([]);
  });
});
