// Dashboard benchmark (issue 4): the built renderer in Debian's Chromium, fed through the real
// server and WebSocket by a synthetic stream of 200 MPTCP connections × 2 subflows (the same
// synthetic host as the monitor benchmarks, through buildSnapshot and inferEvents as the monitor
// does). Measures, at 1 s ticks for 60 s: frame intervals (rAF), main-thread time from a tick's
// arrival to the next frame, long tasks (PerformanceObserver), and the JS heap after GC before
// and after 10 minutes' worth of ticks (600, pushed faster than real time).
// Diagnosis aids, not figures: BENCH_PROFILE=file writes the CPU profile's top functions and the
// components' inclusive time over 10 ticks (use an unminified BENCH_RENDERER for names);
// BENCH_TRACE=file writes where 10 ticks' main-thread time goes (script, style, layout, paint).
import { writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CDPSession, Page } from 'playwright-core';
import type { PmEvent, Snapshot, TickUpdate } from '../../electron/contract.js';
import { createHost } from '../../electron/host/create-host.js';
import { inferEvents } from '../../electron/monitor/infer-events.js';
import { buildSnapshot } from '../../electron/monitor/snapshot.js';
import type { MonitorState } from '../../electron/monitor/snapshot.js';
import { createPushBus } from '../../electron/host/push-bus.js';
import { startServer } from '../../electron/server/server.js';
import { launchChromium } from '../e2e/support/browser.js';
import { noteGoal } from './goals.js';
import { median, percentile, table } from './measure.js';
import { SyntheticHost } from './synthetic-sample.js';

const CONNECTIONS = 200;
const TICK_MS = 1000;

/** Builds successive TickUpdates of the synthetic host, as the monitor would push them. */
export function tickSource(connections = CONNECTIONS, churn = 0.01): () => TickUpdate {
  const synthetic = new SyntheticHost({ connections, churn, tickMs: TICK_MS });
  let state: MonitorState | null = null;
  let previous: Snapshot | null = null;
  return () => {
    const sample = synthetic.next();
    const built = buildSnapshot(
      state,
      { ...sample, time: Date.now() },
      {
        netns: 'bench',
        hostname: hostname(),
        intervalMs: TICK_MS,
      },
    );
    state = built.state;
    const events: PmEvent[] = inferEvents(previous, built.snapshot);
    previous = built.snapshot;
    return { snapshot: built.snapshot, events };
  };
}

/**
 * Injected before the page loads (plain JS: it runs in the page): records frame intervals,
 * tick→frame times and long tasks while `__bench.measuring` is true.
 */
const INSTRUMENT = `(() => {
  const bench = { frames: [], tickToFrame: [], longTasks: [], measuring: false };
  window.__bench = bench;
  let last = 0;
  const loop = (t) => {
    if (bench.measuring && last > 0) bench.frames.push(t - last);
    last = t;
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (bench.measuring) bench.longTasks.push(e.duration);
  }).observe({ type: 'longtask' });
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      // Runs before the page's own handler; the frame after that handler shows the tick.
      this.addEventListener('message', () => {
        const start = performance.now();
        requestAnimationFrame(() => setTimeout(() => {
          if (bench.measuring) bench.tickToFrame.push(performance.now() - start);
        }, 0));
      });
    }
  };
})();`;

/** Writes the top self-time functions over 10 ticks to `file` (a diagnosis aid, not a figure). */
async function profileTicks(cdp: CDPSession, push: () => void, file: string): Promise<void> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  for (let i = 0; i < 10; i++) {
    push();
    await sleep(TICK_MS);
  }
  const { profile } = (await cdp.send('Profiler.stop')) as {
    profile: {
      nodes: {
        id: number;
        callFrame: { functionName: string; url: string; lineNumber: number };
        children?: number[];
      }[];
      samples: number[];
      timeDeltas: number[];
    };
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = byId.get(id)?.callFrame;
    const key = f
      ? `${f.functionName || '(anon)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber}`
      : '?';
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  // Inclusive time of React components (capitalised names; an unminified build keeps them,
  // e.g. `vite build --minify false` into BENCH_RENDERER): which ones render per tick, how long.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  profile.samples.forEach((leaf, i) => {
    const seen = new Set<string>();
    for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) {
      const name = byId.get(id)?.callFrame.functionName ?? '';
      if (/^[A-Z][A-Za-z]+$/.test(name)) seen.add(name);
    }
    for (const name of seen) {
      inclusive.set(name, (inclusive.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
    }
  });
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 40);
  const components = [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 25);
  const lines = (rows: [string, number][]) => rows.map(([k, v]) => `${v.toFixed(1)} ms  ${k}`);
  await writeFile(
    file,
    ['self time, 10 ticks', ...lines(top), '', 'components, inclusive', ...lines(components)].join(
      '\n',
    ) + '\n',
  );
}

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts?: number;
  readonly dur?: number;
  readonly args?: { readonly name?: string };
}

/** Trace events whose time the summary sums (the main thread's own work, by kind). */
const TRACED = [
  'RunTask',
  'FunctionCall',
  'EventDispatch',
  'TimerFire',
  'FireAnimationFrame',
  'UpdateLayoutTree',
  'Layout',
  'PrePaint',
  'Paint',
  'Layerize',
  'Commit',
  'HitTest',
  'MinorGC',
  'MajorGC',
];

/**
 * Traces `ticks` ticks and writes, per kind of main-thread work (script, style, layout, paint…),
 * the mean ms per tick to `file`: where a tick's time goes beyond the script the CPU profile
 * sees. Kinds nest (RunTask holds the rest), so the rows do not add up.
 */
async function traceTicks(
  cdp: CDPSession,
  push: () => void,
  ticks: number,
  file: string,
): Promise<void> {
  const events: TraceEvent[] = [];
  // playwright-core types CDPSession's events as 'close' | 'event'; the protocol's own events
  // are emitted by name all the same.
  const session = cdp as unknown as {
    on(name: string, listener: (data: { value: TraceEvent[] }) => void): void;
    once(name: string, listener: () => void): void;
  };
  session.on('Tracing.dataCollected', (data) => {
    events.push(...data.value);
  });
  const done = new Promise<void>((resolve) => {
    session.once('Tracing.tracingComplete', () => {
      resolve();
    });
  });
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: {
      includedCategories: [
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'v8',
        'blink',
      ],
    },
  });
  for (let i = 0; i < ticks; i++) {
    push();
    await sleep(TICK_MS);
  }
  await cdp.send('Tracing.end');
  await done;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const own = events.filter(
    (e) => main !== undefined && e.pid === main.pid && e.tid === main.tid && e.ph === 'X',
  );
  // The tick's tasks (message, React's scheduler, the frame after): those over 5 ms; the
  // bench's own rAF loop makes many tiny ones that would drown them.
  const big = own
    .filter((e) => e.name === 'RunTask' && (e.dur ?? 0) > 5000)
    .map((e) => [e.ts ?? 0, (e.ts ?? 0) + (e.dur ?? 0)] as const);
  const inBig = (ts: number) => big.some(([from, to]) => ts >= from && ts < to);
  const all = new Map<string, number>();
  const tick = new Map<string, number>();
  for (const e of own) {
    if (!TRACED.includes(e.name)) continue;
    const ms = (e.dur ?? 0) / 1000 / ticks;
    all.set(e.name, (all.get(e.name) ?? 0) + ms);
    if (inBig(e.ts ?? 0)) tick.set(e.name, (tick.get(e.name) ?? 0) + ms);
  }
  const cell = (m: Map<string, number>, name: string) => (m.get(name) ?? 0).toFixed(2).padStart(8);
  const rows = TRACED.map((name) => `${cell(all, name)} ms ${cell(tick, name)} ms  ${name}`);
  await writeFile(
    file,
    `main thread, mean ms per tick over ${ticks} ticks: all tasks, tasks over 5 ms ` +
      `(${(big.length / ticks).toFixed(1)} per tick)\n${rows.join('\n')}\n`,
  );
}

/** Main-thread time counters of the page (seconds, cumulative), from CDP Performance.getMetrics. */
interface ThreadMetrics {
  readonly task: number;
  readonly script: number;
  readonly style: number;
  readonly layout: number;
  /** CPU time of the main thread. */
  readonly thread: number;
  /** CPU time of the whole renderer process (all its threads). */
  readonly process: number;
}

async function threadMetrics(cdp: CDPSession): Promise<ThreadMetrics> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
  return {
    task: get('TaskDuration'),
    script: get('ScriptDuration'),
    style: get('RecalcStyleDuration'),
    layout: get('LayoutDuration'),
    thread: get('ThreadTime'),
    process: get('ProcessTime'),
  };
}

/** Per-tick main-thread work between two readings, in ms. */
function perTick(before: ThreadMetrics, after: ThreadMetrics, ticks: number): ThreadMetrics {
  const each = (key: keyof ThreadMetrics) => ((after[key] - before[key]) * 1000) / ticks;
  return {
    task: each('task'),
    script: each('script'),
    style: each('style'),
    layout: each('layout'),
    thread: each('thread'),
    process: each('process'),
  };
}

async function heapMb(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  return usage.usedSize / 1e6;
}

interface BenchResult {
  frames: number[];
  tickToFrame: number[];
  longTasks: number[];
}

const readBench = (page: Page): Promise<BenchResult> =>
  page.evaluate<BenchResult>('window.__bench');

const setMeasuring = (page: Page, on: boolean) =>
  page.evaluate(`window.__bench.measuring = ${String(on)}`);

export async function benchDashboard(options: { seconds?: number; heapTicks?: number } = {}) {
  const seconds = options.seconds ?? 60;
  const heapTicks = options.heapTicks ?? 600;
  const next = tickSource();
  let latest = next();
  const bus = createPushBus();
  const host = createHost({
    handlers: [
      {
        'snapshot:get': () => Promise.resolve(latest.snapshot),
        'events:list': () => Promise.resolve([...latest.events]),
        'history:get': () => Promise.resolve({ interfaces: {}, connections: {}, subflows: {} }),
        'monitor:configure': () => Promise.resolve({ intervalMs: TICK_MS, paused: false }),
        'record:status': () => Promise.resolve({ active: false, session: null }),
        'playback:get': () => Promise.resolve({ mode: 'live' as const }),
      },
    ],
    pushes: bus.subscribe,
  });
  const server = await startServer({
    host,
    port: 0,
    staticDir:
      process.env.BENCH_RENDERER ?? join(import.meta.dirname, '..', '..', 'dist', 'renderer'),
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.addInitScript({ content: INSTRUMENT });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    await page.goto(server.url);
    const push = () => {
      latest = next();
      bus.emit({ name: 'onTick', payload: latest });
    };
    for (let i = 0; i < 5; i++) {
      push();
      await sleep(TICK_MS);
    }
    await setMeasuring(page, true);
    const metricsBefore = await threadMetrics(cdp);
    for (let i = 0; i < seconds; i++) {
      push();
      await sleep(TICK_MS);
    }
    const work = perTick(metricsBefore, await threadMetrics(cdp), seconds);
    await setMeasuring(page, false);
    const inDom = await page.evaluate<string>(
      `document.querySelectorAll('tr.connection-row').length + ' connection rows, ' + ` +
        `document.querySelectorAll('.event-row').length + ' event rows, ' + ` +
        `document.getElementsByTagName('*').length + ' elements'`,
    );
    const live = await readBench(page);
    if (process.env.BENCH_PROFILE) await profileTicks(cdp, push, process.env.BENCH_PROFILE);
    if (process.env.BENCH_TRACE) await traceTicks(cdp, push, 10, process.env.BENCH_TRACE);
    const longest = live.longTasks.length > 0 ? Math.max(...live.longTasks) : 0;
    noteGoal(
      'dashboard-long-tasks',
      longest,
      live.longTasks.length > 0
        ? `${longest.toFixed(0)} ms (${live.longTasks.length} over 50 ms in ${seconds} s)`
        : `none over 50 ms in ${seconds} s`,
    );
    const toFrame = percentile(live.tickToFrame, 95);
    noteGoal('dashboard-tick-to-frame', toFrame, `${toFrame.toFixed(1)} ms`);
    const heapBefore = await heapMb(cdp);
    const heapSteps: string[] = [];
    for (let i = 1; i <= heapTicks; i++) {
      push();
      await sleep(100);
      if (i % 150 === 0)
        heapSteps.push(`${(i / 60).toFixed(1)} min: ${(await heapMb(cdp)).toFixed(1)} MB`);
    }
    const heapAfter = await heapMb(cdp);
    const ms = (v: number) => `${v.toFixed(1)} ms`;
    const row = (name: string, values: readonly number[]) =>
      values.length === 0
        ? [name, '-', '-', '-', '0']
        : [
            name,
            ms(median(values)),
            ms(percentile(values, 95)),
            ms(Math.max(...values)),
            String(values.length),
          ];
    return (
      table([
        ['measure (200 conns × 2 subflows, 1 s ticks)', 'p50', 'p95', 'max', 'count'],
        row('frame interval (rAF)', live.frames),
        row('tick arrival → frame done', live.tickToFrame),
        row('long tasks (> 50 ms)', live.longTasks),
      ]) +
      `\nMain thread per tick (mean): ${ms(work.task)} in tasks (script ${ms(work.script)}, ` +
      `style ${ms(work.style)}, layout ${ms(work.layout)}); CPU ${ms(work.thread)} on the main ` +
      `thread, ${ms(work.process)} in the renderer process; in the DOM: ${inDom}` +
      `\nJS heap after GC: ${heapBefore.toFixed(1)} MB after ${seconds + 5} ticks → ` +
      `${heapAfter.toFixed(1)} MB after ${heapTicks} more (${heapSteps.join(', ')})`
    );
  } finally {
    await browser.close();
    await server.close();
  }
}

/**
 * CPU of the page's renderer process (all its threads, from CDP's ProcessTime) with 10
 * connections × 2 subflows at 1 s ticks: `seconds` visible, then `seconds` with the page told it
 * is hidden (headless Chromium never hides a page itself, so its timers are not throttled as a
 * real hidden tab's are: an upper bound). Figures in % of one core.
 */
export async function benchDashboardCpu(options: { seconds?: number } = {}) {
  const seconds = options.seconds ?? 30;
  const next = tickSource(10, 0);
  let latest = next();
  const bus = createPushBus();
  const host = createHost({
    handlers: [
      {
        'snapshot:get': () => Promise.resolve(latest.snapshot),
        'events:list': () => Promise.resolve([...latest.events]),
        'history:get': () => Promise.resolve({ interfaces: {}, connections: {}, subflows: {} }),
        'monitor:configure': () => Promise.resolve({ intervalMs: TICK_MS, paused: false }),
        'record:status': () => Promise.resolve({ active: false, session: null }),
        'playback:get': () => Promise.resolve({ mode: 'live' as const }),
      },
    ],
    pushes: bus.subscribe,
  });
  const server = await startServer({
    host,
    port: 0,
    staticDir:
      process.env.BENCH_RENDERER ?? join(import.meta.dirname, '..', '..', 'dist', 'renderer'),
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  const ticker = setInterval(() => {
    latest = next();
    bus.emit({ name: 'onTick', payload: latest });
  }, TICK_MS);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    await page.goto(server.url);
    await sleep(5 * TICK_MS);
    const cpuPercent = async () => {
      const before = await threadMetrics(cdp);
      const t0 = performance.now();
      await sleep(seconds * 1000);
      const after = await threadMetrics(cdp);
      return (100 * (after.process - before.process) * 1000) / (performance.now() - t0);
    };
    const visible = await cpuPercent();
    await page.evaluate(`(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
      document.dispatchEvent(new Event('visibilitychange'));
    })()`);
    await sleep(TICK_MS);
    const hidden = await cpuPercent();
    const pct = (v: number) => `${v.toFixed(2)} %`;
    noteGoal('page-visible', visible, pct(visible));
    noteGoal('page-hidden', hidden, pct(hidden));
    return table([
      ['dashboard page, 10 conns × 2 subflows, 1 s ticks', 'renderer CPU (% of a core)'],
      [`visible (${seconds} s)`, pct(visible)],
      [`hidden (${seconds} s; slow tick every 10 s)`, pct(hidden)],
    ]);
  } finally {
    clearInterval(ticker);
    await browser.close();
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  if (process.env.BENCH_CPU_ONLY) {
    console.log(await benchDashboardCpu({ seconds: Number(process.env.BENCH_SECONDS ?? 30) }));
    process.exit(0);
  }
  const seconds = Number(process.env.BENCH_SECONDS ?? 60);
  const heapTicks = Number(process.env.BENCH_HEAP_TICKS ?? 600);
  console.log(await benchDashboard({ seconds, heapTicks }));
  console.log(await benchDashboardCpu());
}
