// A real mptcpd (Debian's 0.12 with its addr_adv plugin from mptcpd-plugins) owning the
// endpoints of a lab namespace (sfd<pid>-cli, peer -srv), with `subflow serve` watching it.
// mptcpd gives every address an endpoint with its one global --addr-flags. Subflow must name it as
// the owner, may still switch an interface when asked (and says mptcpd will undo it when the
// address comes back), and must never fight it: after the interface goes away and comes back,
// the endpoint is mptcpd's, once, and stays so for 30 s while Subflow remembers another mode.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MultipathResult, PmEvent, Snapshot } from '../../electron/contract.js';
import { parseIpMptcpEndpoints } from '../../native/text/ip-mptcp-parser.js';
import { NODE_TSX, REPO_ROOT } from './support/as-nobody.js';

const MPTCPD = '/usr/libexec/mptcpd';
const root = process.getuid?.() === 0;
const prefix = `sfd${process.pid % 10000}`;
const cli = `${prefix}-cli`;
const srv = `${prefix}-srv`;
const ADDRESS = '192.0.2.1';
const TOKEN = 'mptcpd-test-token';
const dir = mkdtempSync(join(tmpdir(), 'sfd-mptcpd-'));

const ip = (...args: string[]): string => execFileSync('ip', args, { encoding: 'utf8' });
const endpointsOfMdC = () =>
  parseIpMptcpEndpoints(ip('-n', cli, 'mptcp', 'endpoint', 'show')).filter(
    (e) => e.address === ADDRESS,
  );
const flagsNow = (): string =>
  endpointsOfMdC()
    .map((e) => e.flags.join(','))
    .join(' ') || 'none';

async function waitFor<T>(get: () => T | Promise<T>, ok: (v: T) => boolean, ms: number) {
  const end = Date.now() + ms;
  let v = await get();
  while (!ok(v) && Date.now() < end) {
    await sleep(100);
    v = await get();
  }
  return v;
}

function spawnLogged(argv: string[], env?: NodeJS.ProcessEnv) {
  const [program = 'node', ...args] = argv;
  const child = spawn(program, args, {
    cwd: REPO_ROOT,
    env: env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (out += c));
  return { child, output: () => out };
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
  await gone;
  clearTimeout(timer);
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

describe.skipIf(!root || !existsSync(MPTCPD))('a real mptcpd owns the endpoints', () => {
  let mptcpd: ChildProcess | undefined;
  let serve: ChildProcess | undefined;
  let base = '';

  beforeAll(async () => {
    for (const ns of [cli, srv]) {
      if (ip('netns', 'list').includes(ns)) ip('netns', 'del', ns);
      ip('netns', 'add', ns);
      ip('-n', ns, 'link', 'set', 'lo', 'up');
    }
    ip('link', 'add', 'md-c', 'netns', cli, 'type', 'veth', 'peer', 'name', 'md-s', 'netns', srv);
    ip('-n', srv, 'address', 'add', '192.0.2.2/24', 'dev', 'md-s');
    ip('-n', srv, 'link', 'set', 'md-s', 'up');
    ip('-n', cli, 'address', 'add', `${ADDRESS}/24`, 'dev', 'md-c');
    ip('-n', cli, 'link', 'set', 'md-c', 'up');
    // mptcpd 0.12 skips an existing address whose link is not running yet, and does not look
    // again when it starts running (the carrier follows `up` by a moment).
    await waitFor(
      () => ip('-n', cli, '-o', 'link', 'show', 'md-c'),
      (line) => line.includes('state UP'),
      5000,
    );
    // As Debian's mptcp.service runs it, but logging here; `existing` covers the address above.
    const daemon = spawnLogged([
      ...['ip', 'netns', 'exec', cli, MPTCPD, '--log=stderr', '--load-plugins=addr_adv'],
      ...['--addr-flags=subflow', '--notify-flags=existing,skip_link_local,skip_loopback'],
    ]);
    mptcpd = daemon.child;
    const first = await waitFor(endpointsOfMdC, (e) => e.length > 0, 10_000);
    expect(
      first.map((e) => e.flags),
      daemon.output(),
    ).toEqual([['subflow']]);

    const served = spawnLogged(
      [
        ...NODE_TSX,
        ...['electron/cli.ts', 'serve', '--netns', cli, '--port', '0', '--interval', '500'],
        ...['--token', TOKEN],
      ],
      { ...process.env, SUBFLOW_CONFIG_DIR: join(dir, 'config') },
    );
    serve = served.child;
    const url = await waitFor(
      () => /http:\/\/127\.0\.0\.1:(\d+)\/\?token=/.exec(served.output()),
      (m) => m !== null || served.child.exitCode !== null,
      30_000,
    );
    if (!url) throw new Error(`serve did not start: ${served.output()}`);
    base = `http://127.0.0.1:${url[1] ?? ''}`;
  }, 60_000);

  afterAll(async () => {
    await stop(serve);
    await stop(mptcpd);
    for (const ns of [cli, srv]) {
      try {
        ip('netns', 'del', ns);
      } catch {
        // not created
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('names mptcpd as the owner of md-c on its card', async () => {
    const snap = await waitFor(
      () => api<Snapshot>(base, '/api/snapshot'),
      (s) => s.interfaces.some((i) => i.name === 'md-c' && i.owner !== undefined),
      8000,
    );
    const card = snap.interfaces.find((i) => i.name === 'md-c');
    expect(card?.owner?.name).toBe('mptcpd');
    expect(card?.owner?.detail).toMatch(/^mptcpd runs in this namespace \(pid \d+\)/);
  });

  it('switches md-c to backup when asked, and says mptcpd will give it its own flags back', async () => {
    const result = await api<MultipathResult>(base, '/api/multipath', {
      interface: 'md-c',
      mode: 'backup',
    });
    expect(result.mode).toBe('backup');
    expect(result.notes.join(' ')).toMatch(/mptcpd manages the endpoints here/);
    expect(flagsNow()).toBe('subflow,backup');
  });

  it('does not fight mptcpd when md-c comes back: no flapping over 30 s', async () => {
    const bounced = Date.now();
    ip('-n', cli, 'link', 'set', 'md-c', 'down');
    ip('-n', cli, 'address', 'flush', 'dev', 'md-c');
    ip('-n', cli, 'mptcp', 'endpoint', 'flush');
    ip('-n', cli, 'link', 'set', 'md-c', 'up');
    ip('-n', cli, 'address', 'add', `${ADDRESS}/24`, 'dev', 'md-c');
    const seen: string[] = [];
    for (let t = 0; t < 30_000; t += 200) {
      const state = flagsNow();
      if (seen.at(-1) !== state) seen.push(state);
      await sleep(200);
    }
    // mptcpd's endpoint appears (once) and stays as mptcpd made it.
    expect(seen.at(-1)).toBe('subflow');
    expect(seen.filter((s) => s !== 'none')).toEqual(['subflow']);
    const events = await api<PmEvent[]>(base, `/api/events?since=${bounced}`);
    const remembered = events.filter((e) => e.action?.origin === 'remembered');
    expect(remembered.every((e) => e.action?.result === 'refused')).toBe(true);
    expect(remembered.map((e) => e.action?.reason ?? '').join(' ')).toMatch(
      /mptcpd manages the endpoints of md-c/,
    );
  }, 45_000);
});
