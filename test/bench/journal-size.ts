// Benchmark: the size of a session journal for one hour of 20 MPTCP connections × 2 subflows at
// 1 s (the target: ≤ 50 MB), written through the real JournalWriter, and what reading
// it back costs. Ticks are the monitor's own snapshots (buildSnapshot over SyntheticHost samples)
// made realistic where the synthetic host is too tidy: the sample clock jitters by a few ms (so
// rates are fractions, as on a real host), RTTs and congestion windows move every tick. Two
// runs: no churn, and 1 connection in 20 replaced every 10 s (new connections are whole objects
// in the deltas, the costliest case).
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Snapshot, TickUpdate } from '../../electron/contract.js';
import { inferEvents } from '../../electron/monitor/infer-events.js';
import { buildSnapshot } from '../../electron/monitor/snapshot.js';
import type { MonitorState } from '../../electron/monitor/snapshot.js';
import { readJournal } from '../../electron/session/journal/journal-reader.js';
import { JournalWriter } from '../../electron/session/journal/journal-writer.js';
import { journalHeader } from '../../electron/session/journal-recorder.js';
import type { RawSample } from '../../native/kernel/sample.js';
import { table } from './measure.js';
import { SyntheticHost, seededRandom } from './synthetic-sample.js';

const TICKS = Number(process.env.BENCH_JOURNAL_TICKS ?? 3600);
const CONNECTIONS = 20;
const TICK_MS = 1000;

const gc = (globalThis as { gc?: () => void }).gc;
/** A full GC when node runs with --expose-gc (npm run bench does), so heap figures are real. */
const collect = (): void => {
  gc?.();
  gc?.();
};

interface SizeRun {
  readonly label: string;
  readonly bytes: number;
  readonly keyframeBytes: number;
  readonly writeUsPerTick: number;
  readonly readMs: number;
  readonly heapMb: number;
}

/** The sample with the clock, RTTs and windows moved as a real host's would. */
function roughen(sample: RawSample, random: () => number, tick: number): RawSample {
  return {
    ...sample,
    monotonicMs: sample.monotonicMs + tick * 0.0137 + random() * 4,
    subflows: sample.subflows.map((s) =>
      s.tcp
        ? {
            ...s,
            tcp: {
              ...s.tcp,
              rttMs: Math.round((s.tcp.rttMs ?? 1) * (800 + 400 * random())) / 1000,
              sndCwnd: 10 + Math.floor(random() * 90),
            },
          }
        : s,
    ),
  };
}

async function sizeRun(label: string, churn: number, dir: string): Promise<SizeRun> {
  const host = new SyntheticHost({ connections: CONNECTIONS, churn, tickMs: TICK_MS, seed: 7 });
  const random = seededRandom(11);
  const ctx = { netns: 'bench', hostname: hostname(), intervalMs: TICK_MS };
  let state: MonitorState | null = null;
  let previous: Snapshot | null = null;
  let writer: JournalWriter | null = null;
  let writeUs = 0;
  let keyframeBytes = 0;
  const path = join(dir, `${label.replace(/\W+/g, '-')}.sfj`);
  for (let tick = 0; tick <= TICKS; tick++) {
    const built = buildSnapshot(state, roughen(host.next(), random, tick), ctx);
    state = built.state;
    const update: TickUpdate = {
      snapshot: built.snapshot,
      events: inferEvents(previous, built.snapshot),
    };
    previous = built.snapshot;
    if (tick === 0) {
      // The first sample has no rates yet; the recording starts at the second, as a live one would.
      writer = JournalWriter.open(path, journalHeader(built.snapshot, {}, built.snapshot.time));
      keyframeBytes = Buffer.byteLength(JSON.stringify(built.snapshot));
      continue;
    }
    const t0 = performance.now();
    writer?.append(update);
    writeUs += (performance.now() - t0) * 1000;
  }
  writer?.close();
  const bytes = (await stat(path)).size;
  collect();
  const h0 = process.memoryUsage().heapUsed;
  const r0 = performance.now();
  const contents = await readJournal(path);
  const readMs = performance.now() - r0;
  collect();
  // Heap the read-back journal holds (snapshots share their unchanged parts).
  const heapMb = (process.memoryUsage().heapUsed - h0) / 1e6;
  if (contents.ticks.length !== TICKS) throw new Error(`read ${contents.ticks.length} ticks back`);
  return { label, bytes, keyframeBytes, writeUsPerTick: writeUs / TICKS, readMs, heapMb };
}

export async function benchJournalSize(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'subflow-bench-journal-'));
  try {
    const runs = [
      await sizeRun('20 conns, no churn', 0, dir),
      await sizeRun('20 conns, 1 replaced / 10 s', 0.005, dir),
    ];
    const hour = 3600 / ((TICKS * TICK_MS) / 1000);
    return table([
      ['run', 'MB/hour', 'bytes/tick', 'keyframe', 'write/tick', 'read hour', 'heap of read hour'],
      ...runs.map((r) => [
        r.label,
        ((r.bytes * hour) / 1e6).toFixed(1),
        (r.bytes / TICKS).toFixed(0),
        `${(r.keyframeBytes / 1000).toFixed(1)} kB`,
        `${r.writeUsPerTick.toFixed(0)} µs`,
        `${((r.readMs * hour) / 1000).toFixed(2)} s`,
        `${(r.heapMb * hour).toFixed(0)} MB`,
      ]),
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  console.log(await benchJournalSize());
}
