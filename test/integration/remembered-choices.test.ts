// Remembered multipath choices on the real kernel (lab namespaces sfr<pid>-cli/-srv): blue-c is
// set to backup through `subflow multipath` (which remembers it), `subflow serve` is started
// after that (a restart: the choice lives in the file, not in the process), then blue-c is taken
// down, its address and endpoint flushed, and brought back with its address. Within 5 s the
// endpoint is back as backup, re-created by serve on the rtnetlink notifications, and an action
// event (origin 'remembered') says so. Forgetting the choice through the API stops it. A choice
// whose endpoint was deleted while nothing of Subflow ran is converged when serve starts.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PmEvent, Snapshot } from '../../electron/contract.js';
import { labDown } from '../../native/lab/index.js';
import { parseIpMptcpEndpoints } from '../../native/text/ip-mptcp-parser.js';
import { NODE_TSX, REPO_ROOT, runChild } from './support/as-nobody.js';
import { labUpFresh } from './support/lab-extras.js';

const root = process.getuid?.() === 0;
// SUBFLOW_TEST_NS_PREFIX: a prefix of one's own when several people share the machine.
const prefix = `${process.env.SUBFLOW_TEST_NS_PREFIX ?? 'sfr'}${process.pid % 10000}`;
const cli = `${prefix}-cli`;
const TOKEN = 'remembered-choices-test-token';
const dir = mkdtempSync(join(tmpdir(), 'sfr-choices-'));
const dirs = { SUBFLOW_CONFIG_DIR: join(dir, 'config'), SUBFLOW_RUN_DIR: join(dir, 'run') };

const ipCli = (...args: string[]): string =>
  execFileSync('ip', ['-n', cli, ...args], { encoding: 'utf8' });
const blueEndpoints = () =>
  parseIpMptcpEndpoints(ipCli('mptcp', 'endpoint', 'show')).filter(
    (e) => e.address === '203.0.113.1',
  );

function startServe(): { child: ChildProcess; base: Promise<string> } {
  const child = spawn(
    NODE_TSX[0] ?? 'node',
    [
      ...NODE_TSX.slice(1),
      ...['electron/cli.ts', 'serve', '--netns', cli, '--port', '0', '--interval', '500'],
      ...['--token', TOKEN],
    ],
    { cwd: REPO_ROOT, env: { ...process.env, ...dirs }, stdio: ['ignore', 'pipe', 'pipe'] },
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

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 8_000);
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
  if (!res.ok) throw new Error(`${path}: ${res.status} ${text}`);
  const parsed = JSON.parse(text) as { ok: boolean; value?: T; error?: unknown };
  if (!parsed.ok) throw new Error(`${path}: ${text}`);
  return parsed.value as T;
}

/** blue-c down, its address and endpoint gone, then up again with its address. */
function bounceBlue(): void {
  ipCli('link', 'set', 'blue-c', 'down');
  ipCli('address', 'flush', 'dev', 'blue-c');
  for (const ep of blueEndpoints()) ipCli('mptcp', 'endpoint', 'delete', 'id', String(ep.id));
  expect(blueEndpoints()).toEqual([]);
  ipCli('link', 'set', 'blue-c', 'up');
  ipCli('address', 'add', '203.0.113.1/24', 'dev', 'blue-c');
}

async function waitFor<T>(get: () => T | Promise<T>, ok: (v: T) => boolean, ms: number) {
  const end = Date.now() + ms;
  let v = await get();
  while (!ok(v) && Date.now() < end) {
    await sleep(100);
    v = await get();
  }
  return v;
}

describe.skipIf(!root)('remembered multipath choices come back with their interface', () => {
  let serve: ChildProcess | undefined;
  let base = '';

  beforeAll(async () => {
    await labUpFresh({ prefix });
  });
  afterAll(async () => {
    await stop(serve);
    await labDown({ prefix });
    rmSync(dir, { recursive: true, force: true });
  });

  it('re-applies backup within 5 s after a restart of serve, and says so', async () => {
    // The choice is made by another process (the command), before serve starts.
    const set = await runChild(
      [...NODE_TSX, 'electron/cli.ts', 'multipath', 'blue-c', 'backup', '--netns', cli],
      { env: dirs },
    );
    expect(set.code, set.stderr).toBe(0);
    expect(blueEndpoints().map((e) => e.flags)).toEqual([['subflow', 'backup']]);

    const started = startServe();
    serve = started.child;
    base = await started.base;
    const first = await api<Snapshot>(base, '/api/snapshot');
    const card = first.interfaces.find((i) => i.name === 'blue-c');
    expect(card?.remembered?.mode).toBe('backup');
    expect(card?.owner).toBeUndefined();

    const bounced = Date.now();
    bounceBlue();
    const back = await waitFor(blueEndpoints, (eps) => eps.length > 0, 5000);
    const took = Date.now() - bounced;
    expect(back.map((e) => [e.address, e.flags])).toEqual([['203.0.113.1', ['subflow', 'backup']]]);
    expect(took).toBeLessThan(5000);
    console.log(`blue-c's backup endpoint was back ${took} ms after the interface came back`);

    const events = await waitFor(
      () => api<PmEvent[]>(base, `/api/events?since=${bounced}`),
      (es) => es.some((e) => e.action?.origin === 'remembered'),
      3000,
    );
    const reapplied = events.filter((e) => e.action?.origin === 'remembered');
    expect(reapplied).toHaveLength(1);
    expect(reapplied[0]).toMatchObject({
      type: 'action',
      source: 'user',
      interface: 'blue-c',
      action: { kind: 'multipath', change: 'blue-c: off → backup', result: 'done' },
    });
    expect(reapplied[0]?.message).toMatch(/re-applying the remembered choice because/);
    // Serve's own re-application is not mistaken for someone else's change.
    const external = events.filter((e) => e.type === 'external-change' && e.time > bounced + 50);
    expect(external.filter((e) => e.endpoint?.after !== null)).toEqual([]);
  });

  it('forgets the choice on request: the next comeback is left alone', async () => {
    const forgot = await api<{ forgotten: boolean }>(base, '/api/multipath/forget', {
      interface: 'blue-c',
    });
    expect(forgot).toEqual({ forgotten: true });
    const snap = await api<Snapshot>(base, '/api/snapshot');
    expect(snap.interfaces.find((i) => i.name === 'blue-c')?.remembered).toBeUndefined();
    const bounced = Date.now();
    bounceBlue();
    await sleep(2000);
    expect(blueEndpoints()).toEqual([]);
    const events = await api<PmEvent[]>(base, `/api/events?since=${bounced}`);
    expect(events.filter((e) => e.action?.origin === 'remembered')).toEqual([]);
  });

  it('converges at start: an endpoint deleted while nothing ran comes back, one event', async () => {
    await stop(serve);
    const set = await runChild(
      [...NODE_TSX, 'electron/cli.ts', 'multipath', 'blue-c', 'backup', '--netns', cli],
      { env: dirs },
    );
    expect(set.code, set.stderr).toBe(0);
    // Nothing of Subflow runs now: the endpoint goes, the interface stays up with its address.
    for (const ep of blueEndpoints()) ipCli('mptcp', 'endpoint', 'delete', 'id', String(ep.id));
    expect(blueEndpoints()).toEqual([]);

    const started = Date.now();
    const restarted = startServe();
    serve = restarted.child;
    base = await restarted.base;
    const back = await waitFor(blueEndpoints, (eps) => eps.length > 0, 5000);
    expect(back.map((e) => [e.address, e.flags])).toEqual([['203.0.113.1', ['subflow', 'backup']]]);
    console.log(`blue-c's backup endpoint was back ${Date.now() - started} ms after serve started`);

    const events = await api<PmEvent[]>(base, '/api/events?since=0');
    const reapplied = events.filter((e) => e.action?.origin === 'remembered');
    expect(reapplied).toHaveLength(1);
    expect(reapplied[0]).toMatchObject({
      type: 'action',
      interface: 'blue-c',
      action: {
        kind: 'multipath',
        change: 'blue-c: off → backup',
        result: 'done',
        trigger: 'at start, blue-c was up with 203.0.113.1',
      },
    });
    expect(reapplied[0]?.message).toMatch(/re-applying the remembered choice because at start/);
    const external = events.filter((e) => e.type === 'external-change');
    expect(external.filter((e) => e.endpoint?.after !== null)).toEqual([]);
    const card = (await api<Snapshot>(base, '/api/snapshot')).interfaces.find(
      (i) => i.name === 'blue-c',
    );
    expect(card).toMatchObject({ multipath: 'backup', remembered: { mode: 'backup' } });
    expect(card?.remembered?.profile).toBeUndefined();
  });
});
