// `subflow serve --metrics` scraped by Debian's real Prometheus (1 s scrapes, storage in a temp
// dir, loopback) while the lab carries traffic: rates, subflows, a backup switch and the series
// count with 1,000 connections, all read back through Prometheus's HTTP API.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { holdConnections, labDown, labTraffic } from '../../native/lab/index.js';
import type { HeldConnections } from '../../native/lab/index.js';
import { labUpFresh } from './support/lab-extras.js';
import { NODE_TSX, REPO_ROOT } from './support/as-nobody.js';

const root = process.getuid?.() === 0;
const PROMETHEUS = '/usr/bin/prometheus';
const prefix = `sfx${process.pid % 10000}`;
const cli = `${prefix}-cli`;
const ACCESS_TOKEN = 'metrics-test-access-token';

const Vector = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.string(),
    result: z.array(
      z.object({
        metric: z.record(z.string(), z.string()),
        value: z.tuple([z.number(), z.string()]),
      }),
    ),
  }),
});
type Series = z.infer<typeof Vector>['data']['result'];

/** A free loopback TCP port (closed again before it is used). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen({ host: '127.0.0.1', port: 0 }, () => {
      const a = s.address();
      s.close(() => {
        resolve(typeof a === 'object' && a !== null ? a.port : 0);
      });
    });
  });
}

/** Collects a child's stdout and waits for a pattern in it. */
function watch(child: ChildProcess): (pattern: RegExp, ms?: number) => Promise<RegExpExecArray> {
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (out += c));
  return async (pattern, ms = 30_000) => {
    for (let waited = 0; waited < ms; waited += 100) {
      const m = pattern.exec(out);
      if (m) return m;
      if (child.exitCode !== null) break;
      await sleep(100);
    }
    throw new Error(`no ${String(pattern)} in the output: ${out}`);
  };
}

async function end(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 8_000);
  await gone;
  clearTimeout(timer);
}

describe.skipIf(!root)('Prometheus scrapes subflow serve --metrics in the lab', () => {
  let serve: ChildProcess | undefined;
  let prometheus: ChildProcess | undefined;
  let held: HeldConnections | undefined;
  let dir = '';
  let promBase = '';
  let apiBase = '';
  let listenerUrl = '';

  const query = async (expr: string, time?: number): Promise<Series> => {
    const params = new URLSearchParams({
      query: expr,
      ...(time ? { time: String(time / 1000) } : {}),
    });
    const res = await fetch(`${promBase}/api/v1/query?${params.toString()}`);
    const body: unknown = await res.json();
    if (!res.ok) throw new Error(`${expr}: ${JSON.stringify(body)}`);
    return Vector.parse(body).data.result;
  };
  const scalar = async (expr: string, time?: number): Promise<number> => {
    const result = await query(expr, time);
    if (result.length !== 1) throw new Error(`${expr}: ${JSON.stringify(result)}`);
    return Number(result[0]?.value[1]);
  };
  /** Polls `expr` until it equals `want` (the next scrapes bring it); returns the last value. */
  const until = async (expr: string, want: number, ms = 15_000): Promise<number> => {
    let last = NaN;
    for (let waited = 0; waited < ms; waited += 250) {
      last = await scalar(expr).catch(() => NaN);
      if (last === want) return last;
      await sleep(250);
    }
    return last;
  };

  beforeAll(async () => {
    if (!existsSync(PROMETHEUS)) {
      throw new Error(
        `${PROMETHEUS} is missing: install Debian's prometheus package (bash .ci/run does)`,
      );
    }
    await labUpFresh({ prefix });
    dir = mkdtempSync(join(tmpdir(), 'subflow-prom-'));
    serve = spawn(
      NODE_TSX[0] ?? 'node',
      [
        ...NODE_TSX.slice(1),
        ...['electron/cli.ts', 'serve', '--netns', cli, '--port', '0', '--interval', '200'],
        ...['--token', ACCESS_TOKEN, '--metrics', '--metrics-listen', '127.0.0.1:0'],
      ],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const wait = watch(serve);
    const [, mainPort = ''] = await wait(/http:\/\/127\.0\.0\.1:(\d+)\/\?token=/);
    const metricsLines = await wait(
      /Prometheus metrics at:\n {2}(\S+) {2}\(Authorization: Bearer (\S+)\)\n {2}(\S+) {2}\(no token\)\n/,
    );
    const [, mainMetricsUrl = '', metricsToken = '', plainUrl = ''] = metricsLines;
    apiBase = `http://127.0.0.1:${mainPort}`;
    listenerUrl = plainUrl;
    expect(mainMetricsUrl).toBe(`${apiBase}/metrics`);
    writeFileSync(join(dir, 'token'), metricsToken);
    const promPort = await freePort();
    promBase = `http://127.0.0.1:${promPort}`;
    const target = (url: string) => new URL(url).host;
    writeFileSync(
      join(dir, 'prometheus.yml'),
      [
        'global: { scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s }',
        'scrape_configs:',
        '  - job_name: main',
        `    authorization: { credentials_file: ${join(dir, 'token')} }`,
        `    static_configs: [{ targets: ['${target(mainMetricsUrl)}'] }]`,
        '  - job_name: plain',
        `    static_configs: [{ targets: ['${target(plainUrl)}'] }]`,
        '',
      ].join('\n'),
    );
    prometheus = spawn(
      PROMETHEUS,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const logs = watch(prometheus);
    for (let waited = 0; ; waited += 200) {
      const ready = await fetch(`${promBase}/-/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) break;
      if (waited > 30_000) await logs(/never/, 0);
      await sleep(200);
    }
  });

  afterAll(async () => {
    await held?.stop().catch(() => undefined);
    await end(prometheus);
    await end(serve);
    await labDown({ prefix });
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('scrapes both endpoints: the main port with the metrics token, the plain listener', async () => {
    expect(await until('up{job="main"}', 1)).toBe(1);
    expect(await until('up{job="plain"}', 1)).toBe(1);
    expect(await scalar('subflow_mptcp_limit_subflows{job="main"}')).toBe(8);
    expect(await scalar('subflow_monitor_info{job="main"}')).toBe(1);
    const info = await query('subflow_monitor_info{job="main"}');
    expect(info[0]?.metric).toMatchObject({ netns: cli, event_source: 'kernel' });
    // The monitor's own ticks (every 200 ms) are measured.
    const ticks = await scalar('subflow_monitor_tick_duration_seconds_count{job="main"}');
    expect(ticks).toBeGreaterThan(5);
  });

  it('tx rates match the shaping, and each connection has 2 subflows during traffic', async () => {
    const started = Date.now();
    const traffic = labTraffic({ prefix, seconds: 10 });
    await sleep(5_000);
    const duringSubflows = await query('sum by (interface) (subflow_mptcp_subflows{job="main"})');
    const duringConnections = await scalar(
      'sum(subflow_mptcp_connections{job="main",state="established"})',
    );
    const moved = await traffic;
    await sleep(1_500); // the scrapes of the window's end are in
    // A 6 s window well inside the 10 s of traffic (iperf3 starts ~0.5 s after the call).
    const at = started + 8_500;
    const rate = (iface: string) =>
      scalar(
        `rate(subflow_interface_transmit_bytes_total{job="main",interface="${iface}"}[6s]) * 8 / 1e6`,
        at,
      );
    const figures = {
      redMbit: await rate('red-c'),
      blueMbit: await rate('blue-c'),
      labSteady: moved.paths.map((p) => `${p.interface} ${String(p.steadyMbitPerSecond)}`),
    };
    console.log(`metrics rates (Mbit/s): ${JSON.stringify(figures)}`);
    expect(Math.abs(figures.redMbit - 40), JSON.stringify(figures)).toBeLessThanOrEqual(40 * 0.05);
    expect(Math.abs(figures.blueMbit - 20), JSON.stringify(figures)).toBeLessThanOrEqual(20 * 0.05);
    // iperf3 has a control and a data connection, both MPTCP: each has a subflow on each path.
    const byInterface: Record<string, number> = {};
    for (const s of duringSubflows) byInterface[s.metric.interface ?? ''] = Number(s.value[1]);
    console.log(
      `during traffic: ${duringConnections} connections, subflows ${JSON.stringify(byInterface)}`,
    );
    expect(duringConnections).toBeGreaterThanOrEqual(1);
    expect(byInterface).toMatchObject({ 'red-c': duringConnections, 'blue-c': duringConnections });
    const perConnection =
      '(sum(subflow_mptcp_subflows{job="main"}) / sum(subflow_mptcp_connections{job="main",state="established"}))';
    expect(await scalar(perConnection, started + 5_000)).toBe(2);
    expect(
      await scalar(
        'sum(increase(subflow_pm_events_total{job="main",type="sub-established"}[30s]))',
      ),
    ).toBeGreaterThan(0);
  });

  it('keeps the series count small with 1,000 connections, on the wire and in Prometheus', async () => {
    held = await holdConnections({ prefix, count: 1000 });
    expect(
      await until('sum(subflow_mptcp_connections{job="main",state="established"})', 1000, 20_000),
    ).toBe(1000);
    const text = await (await fetch(listenerUrl)).text();
    const lines = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    const stored = await scalar('count({job="main"})');
    console.log(
      `series with 1,000 connections: ${lines.length} in the exposition, ${stored} in Prometheus`,
    );
    expect(lines.length).toBeLessThan(300);
    expect(stored).toBeLessThan(300);
    expect(text).not.toMatch(/token="|port="|address="/);
  });

  it('shows blue-c switched to backup: mode, endpoint flag and backup subflows', async () => {
    const res = await fetch(`${apiBase}/api/multipath`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ACCESS_TOKEN}` },
      body: JSON.stringify({ interface: 'blue-c', mode: 'backup' }),
    });
    expect(res.status).toBe(200);
    const mode = 'subflow_interface_multipath_mode{job="main",interface="blue-c"';
    expect(await until(`${mode},mode="backup"}`, 1)).toBe(1);
    expect(await scalar(`${mode},mode="on"}`)).toBe(0);
    expect(await until('subflow_mptcp_endpoint_flags{job="main",flag="backup"}', 1)).toBe(1);
    // Held connections' blue subflows get MP_PRIO: they show as backup ones.
    const backupSubflows = 'subflow_mptcp_subflows{job="main",interface="blue-c",backup="true"}';
    expect(await until(backupSubflows, 1000, 20_000)).toBe(1000);
    expect(
      await scalar('sum(increase(subflow_mptcp_mib_total{job="main",counter="MPPrioTx"}[1m]))'),
    ).toBeGreaterThan(0);
  });

  it('answers every query of the Grafana dashboard', async () => {
    const file = new URL('../../build/grafana/subflow-dashboard.json', import.meta.url);
    const Dashboard = z.object({
      panels: z.array(z.object({ targets: z.array(z.object({ expr: z.string() })).optional() })),
    });
    const dashboard = Dashboard.parse(JSON.parse(readFileSync(file, 'utf8')));
    const exprs = dashboard.panels.flatMap((p) =>
      (p.targets ?? []).map((t) =>
        t.expr
          .replaceAll('$__rate_interval', '5s')
          .replaceAll('$__range', '2m')
          .replaceAll('$instance', '.*')
          .replaceAll('$interface', '.*'),
      ),
    );
    expect(exprs.length).toBeGreaterThan(10);
    const empty: string[] = [];
    for (const expr of exprs) {
      const result = await query(expr); // throws on a PromQL error
      if (result.length === 0) empty.push(expr);
    }
    // Only the failover panels may be empty: nothing failed over in this lab.
    expect(empty.filter((e) => !e.includes('failover_last_gap'))).toEqual([]);
  });
});
