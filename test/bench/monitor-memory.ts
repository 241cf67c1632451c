// Benchmark: the monitor's memory and CPU over 1 hour of simulated ticks, without waiting an hour.
//   synthetic   1,000 MPTCP connections × 2 subflows, 1 % of connections replaced per tick (new
//               tokens, cookies, ports), counters growing; 3,600 ticks of 1,000 ms + 600 past the hour
//   lab replay  one real sample of 1,000 held lab connections, replayed with only its counters
//               advancing (no churn: every series lives the whole hour)
// Each tick does what MonitorService.runTick does after the kernel read: buildSnapshot with the
// previous MonitorState, interface lookups, monitor notices, inferEvents on the previous and next
// Snapshot, History.record, and keeping the last 2,000 events. Memory is read after a full GC
// (run node with --expose-gc: `npm run bench` does); CPU is process.cpuUsage around each part.
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PmEvent, Snapshot } from '../../electron/contract.js';
import { History } from '../../electron/monitor/history.js';
import type { HistoryStats } from '../../electron/monitor/history.js';
import { inferEvents } from '../../electron/monitor/infer-events.js';
import { interfaceLookups } from '../../electron/monitor/kernel-events.js';
import { monitorNotices } from '../../electron/monitor/monitor-notices.js';
import { buildSnapshot } from '../../electron/monitor/snapshot.js';
import type { MonitorState } from '../../electron/monitor/snapshot.js';
import { KernelClient } from '../../native/kernel/kernel-client.js';
import type { RawSample } from '../../native/kernel/sample.js';
import { holdConnections, labDown, labUp } from '../../native/lab/index.js';
import { median, percentile, table } from './measure.js';
import { CounterReplay, SyntheticHost } from './synthetic-sample.js';

const TICKS = Number(process.env.BENCH_TICKS ?? 3600);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 1000);
const TICK_MS = 1000;
const CHURN = 0.01;
/** MonitorService keeps this many recent events. */
const EVENT_CAPACITY = 2_000;
/** The WebSocket hub's JSON.stringify of a tick is timed every this many ticks. */
const SERIALIZE_EVERY = 60;
/** Ticks run past the hour, to see whether memory stays flat once the coarse window is full. */
const PAST_TICKS = Number(process.env.BENCH_PAST_TICKS ?? 600);
const CHECKPOINTS = [0, 600, 1200, 1800, 2400, 3000, 3600, TICKS + PAST_TICKS].filter(
  (t, i, all) => t <= TICKS + PAST_TICKS && all.indexOf(t) === i,
);

interface Checkpoint {
  readonly tick: number;
  readonly rssBytes: number;
  readonly heapBytes: number;
  /** ArrayBuffer memory outside the JS heap (the history's typed arrays live there). */
  readonly arrayBufferBytes: number;
  readonly history: HistoryStats;
}

interface RunResult {
  readonly label: string;
  readonly checkpoints: Checkpoint[];
  /** Per tick, µs of CPU (user + system, all threads) of each part and of the whole tick. */
  readonly cpu: Record<'build' | 'infer' | 'record' | 'total', number[]>;
  readonly wallMs: number[];
  readonly serializeMs: number[];
  readonly serializedBytes: number;
  readonly events: number;
  readonly sampleSeconds: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

function checkpoint(tick: number, history: History): Checkpoint {
  if (gc) {
    gc();
    gc();
  }
  const m = process.memoryUsage();
  return {
    tick,
    rssBytes: m.rss,
    heapBytes: m.heapUsed,
    arrayBufferBytes: m.arrayBuffers,
    history: history.stats(),
  };
}

/** µs of CPU between two process.cpuUsage() readings. */
const spent = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage): number =>
  b.user - a.user + (b.system - a.system);

/** Feeds `ticks` samples through the monitor's per-tick work. */
function run(label: string, next: () => RawSample, ticks: number): RunResult {
  const ctx = { netns: 'bench', hostname: hostname(), intervalMs: TICK_MS };
  const history = new History({ intervalMs: TICK_MS });
  const cpu = {
    build: [] as number[],
    infer: [] as number[],
    record: [] as number[],
    total: [] as number[],
  };
  const wallMs: number[] = [];
  const serializeMs: number[] = [];
  let serializedBytes = 0;
  let state: MonitorState | null = null;
  let previous: Snapshot | null = null;
  let problems: string[] = [];
  const recent: PmEvent[] = [];
  let events = 0;
  let sampleMs = 0;
  const checkpoints: Checkpoint[] = [checkpoint(0, history)];
  for (let tick = 1; tick <= ticks; tick++) {
    const s0 = performance.now();
    const sample = next();
    sampleMs += performance.now() - s0;

    const w0 = performance.now();
    const c0 = process.cpuUsage();
    const built = buildSnapshot(state, sample, ctx);
    state = built.state;
    const snapshot = built.snapshot;
    interfaceLookups(snapshot.interfaces);
    const c1 = process.cpuUsage();
    const tickEvents = [
      ...monitorNotices(previous, snapshot, problems, sample.problems),
      ...inferEvents(previous, snapshot),
    ];
    problems = sample.problems;
    const c2 = process.cpuUsage();
    history.record(snapshot);
    recent.push(...tickEvents);
    if (recent.length > EVENT_CAPACITY) recent.splice(0, recent.length - EVENT_CAPACITY);
    const c3 = process.cpuUsage();
    wallMs.push(performance.now() - w0);
    cpu.build.push(spent(c0, c1));
    cpu.infer.push(spent(c1, c2));
    cpu.record.push(spent(c2, c3));
    cpu.total.push(spent(c0, c3));
    events += tickEvents.length;

    if (tick % SERIALIZE_EVERY === 0) {
      // What the WebSocket hub does once per tick when a client is connected (not counted above).
      const j0 = performance.now();
      const text = JSON.stringify({ type: 'tick', payload: { snapshot, events: tickEvents } });
      serializeMs.push(performance.now() - j0);
      serializedBytes = Buffer.byteLength(text);
    }
    previous = snapshot;
    if (CHECKPOINTS.includes(tick)) checkpoints.push(checkpoint(tick, history));
  }
  return {
    label,
    checkpoints,
    cpu,
    wallMs,
    serializeMs,
    serializedBytes,
    events,
    sampleSeconds: sampleMs / 1000,
  };
}

/**
 * labDown, retried once: it can trip (ENOENT) over the pid file of a lab process that has just
 * ended and is being removed (native/lab recordedPids reads the files it listed a moment ago).
 */
async function tearDown(prefix: string): Promise<void> {
  try {
    await labDown({ prefix });
  } catch {
    await sleep(300);
    await labDown({ prefix });
  }
}

/** One sample of CONNECTIONS idle connections held in a lab (torn down before returning). */
async function captureLabSample(): Promise<RawSample> {
  const prefix = `sfm${process.pid % 1000}`;
  await labUp({ prefix });
  try {
    const held = await holdConnections({ prefix, count: CONNECTIONS });
    const client = new KernelClient({ netns: `${prefix}-cli` });
    try {
      return await client.call('sample', null);
    } finally {
      await client.close();
      await held.stop();
    }
  } finally {
    await tearDown(prefix);
  }
}

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const us = (v: number): string =>
  v >= 1000 ? `${(v / 1000).toFixed(2)} ms` : `${v.toFixed(0)} µs`;
const signedMb = (bytes: number): string => `${bytes >= 0 ? '+' : ''}${mb(bytes)}`;

function memoryTable(r: RunResult): string {
  return table([
    [
      'tick (simulated time)',
      'RSS',
      'heap used',
      'ArrayBuffers',
      'series if/conn/sub',
      'points',
      'history bytes',
      'refused',
    ],
    ...r.checkpoints.map((c) => {
      const s = c.history.series;
      return [
        `${c.tick} (${((c.tick * TICK_MS) / 60_000).toFixed(0)} min)`,
        mb(c.rssBytes),
        mb(c.heapBytes),
        mb(c.arrayBufferBytes),
        `${s.interface}/${s.connection}/${s.subflow}`,
        String(c.history.points),
        mb(c.history.bytes),
        String(c.history.refused),
      ];
    }),
  ]);
}

/** JS heap + ArrayBuffers (the history's typed arrays): what the monitor's data costs. */
const dataBytes = (c: Checkpoint): number => c.heapBytes + c.arrayBufferBytes;

/**
 * Growth between checkpoints: while the fine window fills (to tick 600), while the coarse window
 * fills (to tick 3600), and after both are full. "Flat" = under 2 MB or 2 % after both filled.
 */
function flatness(r: RunResult): string {
  const at = (tick: number): Checkpoint | undefined => r.checkpoints.find((c) => c.tick === tick);
  const steps = [0, 600, 1800, 3600, TICKS + PAST_TICKS]
    .map(at)
    .filter((c): c is Checkpoint => c !== undefined);
  const parts: string[] = [];
  for (let i = 1; i < steps.length; i++) {
    const a = steps[i - 1]!;
    const b = steps[i]!;
    parts.push(`${a.tick}→${b.tick} ${signedMb(dataBytes(b) - dataBytes(a))}`);
  }
  const full = at(3600);
  const end = steps[steps.length - 1]!;
  let verdict = 'not run long enough to tell';
  if (full && end.tick > full.tick) {
    const growth = dataBytes(end) - dataBytes(full);
    const flat = Math.abs(growth) < 2 * 2 ** 20 || Math.abs(growth) < 0.02 * dataBytes(full);
    verdict =
      `${flat ? 'FLAT' : 'GROWING'} after both windows filled ` +
      `(heap + ArrayBuffers ${signedMb(growth)}, RSS ${signedMb(end.rssBytes - full.rssBytes)} ` +
      `from tick ${full.tick} to ${end.tick})`;
  }
  return `${r.label}: heap + ArrayBuffers ${parts.join(', ')}; ${verdict}`;
}

function cpuRow(r: RunResult): string[] {
  const s = r.serializeMs;
  return [
    r.label,
    `${us(median(r.cpu.total))} / ${us(percentile(r.cpu.total, 95))}`,
    us(median(r.cpu.build)),
    us(median(r.cpu.infer)),
    us(median(r.cpu.record)),
    `${median(r.wallMs).toFixed(2)} / ${percentile(r.wallMs, 95).toFixed(2)} ms`,
    `${median(s).toFixed(2)} ms, ${mb(r.serializedBytes)}`,
    (r.events / r.wallMs.length).toFixed(1),
  ];
}

export async function benchMonitorMemory(): Promise<string> {
  const notes: string[] = [];
  if (!gc)
    notes.push('global.gc is not exposed (run node with --expose-gc): memory read without a GC.');
  const results: RunResult[] = [];

  const host = new SyntheticHost({ connections: CONNECTIONS, churn: CHURN, tickMs: TICK_MS });
  results.push(run(`synthetic, ${CHURN * 100} % churn`, () => host.next(), TICKS + PAST_TICKS));
  notes.push(`synthetic: ${host.replaced} connections replaced over the run.`);

  let base: RawSample | null = null;
  const captured0 = performance.now();
  try {
    base = await captureLabSample();
  } catch (err) {
    notes.push(`lab replay skipped: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (base) {
    notes.push(
      `lab replay: ${base.mptcpSockets.length} MPTCP sockets and ${base.subflows.length} subflows ` +
        `captured in ${((performance.now() - captured0) / 1000).toFixed(1)} s (lab up, hold, sample, down).`,
    );
    const replay = new CounterReplay(base, TICK_MS);
    base = null;
    results.push(run('lab replay, no churn', () => replay.next(), TICKS + PAST_TICKS));
  }

  const out: string[] = [
    `${TICKS} ticks of ${TICK_MS} ms (${((TICKS * TICK_MS) / 3_600_000).toFixed(2)} h simulated) ` +
      `+ ${PAST_TICKS} past the hour, ` +
      `${CONNECTIONS} connections × 2 subflows. History: 10-min fine window, 1-h coarse window ` +
      '(10-s buckets), caps 2,500 connection / 5,000 subflow series.',
  ];
  for (const r of results) {
    out.push('', `-- Memory, ${r.label} (after a full GC)`, memoryTable(r));
  }
  out.push(
    '',
    `-- CPU per tick (median over ${TICKS + PAST_TICKS} ticks; total also p95; µs of process CPU, all threads)`,
    table([
      [
        'run',
        'CPU/tick p50 / p95',
        'snapshot',
        'events',
        'history',
        'wall p50 / p95',
        'JSON for /api/stream',
        'events/tick',
      ],
      ...results.map(cpuRow),
    ]),
    '',
    ...results.map(flatness),
    ...notes,
  );
  return out.join('\n');
}
