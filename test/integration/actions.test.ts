// Own actions and external changes on the real kernel (the lab's client namespace): toggles in
// quick succession are four action events and never an external change; an endpoint added with
// `ip` behind Subflow's back is exactly one external-change event; the `subflow multipath`
// command is recognised through the shared action log; a recorded action reaches the report;
// a deleted namespace makes the snapshot stale and toggles refused until it is back; and
// `serve`/`events --netns` without the right to enter it fail at once with one line.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PmEvent } from '../../electron/contract.js';
import { MonitorService } from '../../electron/monitor/monitor-service.js';
import { createSessionHost } from '../../electron/host/session-host.js';
import type { ClosableHost } from '../../electron/host/session-host.js';
import { labDown } from '../../native/lab/index.js';
import { NODE_TSX, REPO_ROOT, runAsNobody, runChild } from './support/as-nobody.js';
import { labUpFresh } from './support/lab-extras.js';

const root = process.getuid?.() === 0;
const prefix = `sfa${process.pid % 10000}`;
const cli = `${prefix}-cli`;
const srv = `${prefix}-srv`;
const dir = mkdtempSync(join(tmpdir(), 'sfa-actions-'));
const runDir = join(dir, 'run');

async function value<T>(result: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>) {
  const r = await result;
  if (!r.ok) throw new Error(`request failed: ${JSON.stringify(r.error)}`);
  return r.value;
}

describe.skipIf(!root)('actions and external changes on the real kernel', () => {
  let monitor: MonitorService;
  let session: ClosableHost | null = null;
  const events: PmEvent[] = [];
  const since = (t: number) => events.filter((e) => e.time >= t);
  const waitFor = async (what: () => boolean, ms = 5000) => {
    const end = Date.now() + ms;
    while (!what() && Date.now() < end) await sleep(50);
  };

  beforeAll(async () => {
    process.env.SUBFLOW_RUN_DIR = runDir;
    await labUpFresh({ prefix });
    monitor = new MonitorService({ netns: cli, intervalMs: 200 });
    await monitor.start();
    session = createSessionHost({ monitor, role: 'client', sessionsDir: join(dir, 'sessions') });
    session.host.subscribe((p) => {
      if (p.name === 'onTick') events.push(...p.payload.events);
    });
  });
  afterAll(async () => {
    await session?.close();
    await monitor.stop();
    await labDown({ prefix });
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows four quick toggles as four actions and no external change', async () => {
    const { host } = session!;
    await value(host.invoke('multipath:set', { interface: 'blue-c', mode: 'on' }));
    await sleep(500);
    const t0 = Date.now();
    for (const mode of ['backup', 'on', 'off', 'on'] as const) {
      await value(host.invoke('multipath:set', { interface: 'blue-c', mode }, 'dashboard'));
    }
    const took = Date.now() - t0;
    expect(took).toBeLessThan(4000);
    await sleep(2500); // past several ticks
    const after = since(t0);
    const actions = after.filter((e) => e.type === 'action');
    expect(actions.map((e) => e.action?.change)).toEqual([
      'blue-c: on → backup',
      'blue-c: backup → on',
      'blue-c: on → off',
      'blue-c: off → on',
    ]);
    expect(actions.every((e) => e.source === 'user' && e.action?.origin === 'dashboard')).toBe(
      true,
    );
    expect(actions.every((e) => e.action?.result === 'done')).toBe(true);
    expect(after.filter((e) => e.type === 'external-change')).toEqual([]);
    expect(after.filter((e) => /something else/i.test(e.message ?? ''))).toEqual([]);
    console.log(`4 toggles took ${took} ms`);
  });

  it('reports an endpoint added with ip behind its back, once, naming id 9', async () => {
    const t0 = Date.now();
    execFileSync('ip', ['-n', cli, 'mptcp', 'endpoint', 'add', '192.0.2.9', 'id', '9', 'subflow']);
    await waitFor(() => since(t0).some((e) => e.type === 'external-change'));
    await sleep(1000); // later ticks must not repeat it
    const external = since(t0).filter((e) => e.type === 'external-change');
    expect(external).toHaveLength(1);
    expect(external[0]).toMatchObject({
      source: 'inferred',
      endpoint: { id: 9, address: '192.0.2.9', before: null, after: ['subflow'] },
    });
    expect(external[0]?.message).toMatch(/^endpoint id 9 192\.0\.2\.9 added \(subflow\)/);
    console.log(`external change: ${external[0]?.message ?? ''}`);
    execFileSync('ip', ['-n', cli, 'mptcp', 'endpoint', 'delete', 'id', '9']);
    await sleep(600);
  });

  it('shows a change by the subflow multipath command as an action from the CLI', async () => {
    const t0 = Date.now();
    const child = await runChild(
      [...NODE_TSX, 'electron/cli.ts', 'multipath', 'blue-c', 'backup', '--netns', cli],
      { env: { SUBFLOW_RUN_DIR: runDir }, cwd: REPO_ROOT },
    );
    expect(child.stderr).toBe('');
    expect(child.code).toBe(0);
    await waitFor(() => since(t0).some((e) => e.type === 'action'));
    await sleep(1000);
    const after = since(t0);
    const actions = after.filter((e) => e.type === 'action');
    expect(actions).toHaveLength(1);
    expect(actions[0]?.action).toEqual({
      kind: 'multipath',
      origin: 'cli',
      change: 'blue-c: on → backup',
      result: 'done',
    });
    expect(after.filter((e) => e.type === 'external-change')).toEqual([]);
  });

  it('records an action in a journal, and the JSON and HTML reports show it', async () => {
    const { host } = session!;
    const started = await value(host.invoke('record:start', {}, 'dashboard'));
    await sleep(600);
    await value(host.invoke('multipath:set', { interface: 'blue-c', mode: 'on' }, 'dashboard'));
    await sleep(600);
    await value(host.invoke('record:stop', {}, 'dashboard'));
    const id = started.session!.id;
    const json = await value(host.invoke('report:export', { session: id, format: 'json' }));
    const report = JSON.parse(readFileSync(json.path, 'utf8')) as {
      timeline: { type: string; source: string; text: string }[];
    };
    const toggled = report.timeline.filter((t) => t.type === 'action');
    expect(toggled.map((t) => t.text)).toContain(
      'change made through Subflow on blue-c: blue-c: backup → on (from the dashboard): done',
    );
    expect(toggled.every((t) => t.source === 'user')).toBe(true);
    const html = await value(host.invoke('report:export', { session: id, format: 'html' }));
    const text = readFileSync(html.path, 'utf8');
    expect(text).toContain('blue-c: backup → on (from the dashboard): done');
    expect(text).not.toContain('No path-manager event was recorded');
  });

  it('marks the snapshot stale when the namespace is deleted, refuses toggles, says when back', async () => {
    const { host } = session!;
    execFileSync('ip', ['netns', 'del', cli]);
    await waitFor(() => monitor.latest()?.stale !== undefined);
    const snapshot = await value(host.invoke('snapshot:get', {}));
    expect(snapshot.stale?.reason).toMatch(new RegExp(`network namespace ${cli} was deleted`));
    const toggle = await host.invoke('multipath:set', { interface: 'blue-c', mode: 'off' });
    expect(toggle.ok).toBe(false);
    if (!toggle.ok) expect(toggle.error.code).toBe('netns');
    const limits = await host.invoke('limits:set', { subflows: 3 });
    expect(limits.ok ? 'ok' : limits.error.code).toBe('netns');
    const t0 = Date.now();
    execFileSync('ip', ['netns', 'add', cli]);
    // Re-entering starts new kernel threads: seconds on a loaded machine.
    await waitFor(() => since(t0).some((e) => /is back/.test(e.message ?? '')), 30_000);
    expect(
      since(t0)
        .filter((e) => e.type === 'monitor')
        .map((e) => e.message),
    ).toContain(`network namespace ${cli} is back`);
    await waitFor(() => monitor.latest()?.stale === undefined, 10_000);
    expect((await value(host.invoke('snapshot:get', {}))).stale).toBeUndefined();
  });

  it('fails at once with one line when serve or events may not enter the namespace', async () => {
    const help = Date.now();
    await runAsNobody(srv, [...NODE_TSX, 'electron/cli.ts', 'events', '--help']);
    const startup = Date.now() - help;
    for (const command of [
      ['serve', '--netns', cli, '--port', '0'],
      ['events', '--netns', cli],
    ]) {
      const t = Date.now();
      const r = await runAsNobody(srv, [...NODE_TSX, 'electron/cli.ts', ...command], {
        timeoutMs: 30_000,
      });
      const took = Date.now() - t;
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(
        new RegExp(`^subflow: cannot enter network namespace '${cli}': setns needs CAP_SYS_ADMIN`),
      );
      // Node and tsx start-up (measured with --help) are not the command's doing.
      console.log(`${command[0] ?? ''}: ${took} ms, --help: ${startup} ms`);
      expect(took - startup).toBeLessThan(2000);
    }
  });
});
