// Benchmark: what `subflow serve` costs while it watches, in the lab, with no browser attached.
//   idle         10 held MPTCP connections × 2 subflows, 1 s ticks: CPU of the whole process
//                (user + system, every thread: main, kernel thread, event thread, V8's GC) over
//                a window, as % of one core
//   busy         900 held connections × 2 subflows, 1 s ticks: CPU per tick, beside the CPU of
//                one `ss -tinM` on the same sockets in the same run (the child's cutime+cstime)
// The backend is the one `subflow serve` starts (startLiveBackend + startServer), in this
// process, so process.cpuUsage() covers exactly it (the lab's holder runs in other processes).
// Run as root: npm run bench (prints a table; medians; never asserts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startLiveBackend } from '../../electron/cli/serve-backend.js';
import type { ServerLogger } from '../../electron/http/logger.js';
import { startServer } from '../../electron/server/server.js';
import { holdConnections, labDown, labUp } from '../../native/lab/index.js';
import { withNetns } from '../../native/netns.js';
import { noteGoal } from './goals.js';
import { median, ms, table } from './measure.js';
import { hasBuiltCli, measureBuiltServe } from './serve-process.js';

const IDLE_CONNECTIONS = 10;
const BUSY_CONNECTIONS = Number(process.env.BENCH_BUSY_CONNECTIONS ?? 900);
/** Seconds of ticks measured per phase (after a warm-up of WARMUP_S). */
const WINDOW_S = Number(process.env.BENCH_SERVE_WINDOW ?? 30);
const WARMUP_S = 5;
const SS_RUNS = Number(process.env.BENCH_RUNS ?? 15);
/** Which phases to run: "idle", "busy" or both (default), comma-separated. */
const PHASES = new Set(
  (process.env.BENCH_SERVE_PHASES ?? 'idle,busy').split(',').map((p) => p.trim()),
);

const quietLogger: ServerLogger = {
  info: () => undefined,
  warn: (m) => process.stderr.write(`bench server: ${m}\n`),
  error: (m) => process.stderr.write(`bench server: ${m}\n`),
};

/** CPU time (user + system) of this process's reaped children, in ms (from cutime/cstime). */
function childCpuMs(): number {
  const text = readFileSync('/proc/self/stat', 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
}

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

interface Phase {
  readonly ticks: number;
  readonly seconds: number;
  readonly cpuMs: number;
  /** CPU per tick of consecutive 5-tick groups, for a median that a busy moment does not sway. */
  readonly perTickMs: number[];
}

/** Runs serve's backend and server on `netns` and measures CPU over WINDOW_S seconds. */
async function measureServe(netns: string): Promise<Phase> {
  const sessionsDir = mkdtempSync(join(tmpdir(), 'subflow-bench-'));
  const backend = await startLiveBackend({
    netns,
    intervalMs: 1000,
    role: 'client',
    metrics: false,
    sessionsDir,
  });
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  try {
    server = await startServer({ host: backend.host, port: 0, logger: quietLogger, sessionsDir });
    let ticks = 0;
    const unsubscribe = backend.host.subscribe((push) => {
      if (push.name === 'onTick') ticks++;
    });
    await sleep(WARMUP_S * 1000);
    const perTickMs: number[] = [];
    const t0 = performance.now();
    const c0 = cpuMs();
    const n0 = ticks;
    let groupCpu = c0;
    let groupTicks = n0;
    while (performance.now() - t0 < WINDOW_S * 1000) {
      await sleep(250);
      if (ticks - groupTicks >= 5) {
        const c = cpuMs();
        perTickMs.push((c - groupCpu) / (ticks - groupTicks));
        groupCpu = c;
        groupTicks = ticks;
      }
    }
    const phase = {
      ticks: ticks - n0,
      seconds: (performance.now() - t0) / 1000,
      cpuMs: cpuMs() - c0,
      perTickMs,
    };
    unsubscribe();
    return phase;
  } finally {
    await server?.close();
    await backend.close();
    rmSync(sessionsDir, { recursive: true, force: true });
  }
}

/** CPU of one `ss -tinM` in `netns` (median over SS_RUNS runs of the children's CPU). */
function ssCpu(netns: string): { cpuMs: number; wallMs: number } {
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < SS_RUNS; i++) {
    const c0 = childCpuMs();
    const t0 = performance.now();
    withNetns(netns, () => spawnSync('ss', ['-tinM'], { maxBuffer: 256 << 20 }));
    wall.push(performance.now() - t0);
    cpu.push(childCpuMs() - c0);
  }
  // cutime has a 10 ms resolution: the mean over the runs is finer than any one run.
  return { cpuMs: cpu.reduce((a, b) => a + b, 0) / cpu.length, wallMs: median(wall) };
}

export async function benchServeCost(): Promise<string> {
  const prefix = process.env.BENCH_LAB_PREFIX ?? `sfbs${process.pid % 1000}`;
  const cli = `${prefix}-cli`;
  const rows: string[][] = [['what', 'figure', 'goal']];
  await labUp({ prefix });
  try {
    if (PHASES.has('idle')) {
      const held = await holdConnections({ prefix, count: IDLE_CONNECTIONS });
      let idle: Phase;
      let built: { percent: number } | null = null;
      try {
        idle = await measureServe(cli);
        if (hasBuiltCli()) built = await measureBuiltServe(cli, WARMUP_S, WINDOW_S);
      } finally {
        await held.stop();
      }
      const idlePct = (idle.cpuMs / (idle.seconds * 1000)) * 100;
      if (built) noteGoal('serve-idle', built.percent, `${built.percent.toFixed(2)} %`);
      rows.push(
        [
          `idle: ${IDLE_CONNECTIONS} connections × 2 subflows, % of a core (in-process, tsx)`,
          `${idlePct.toFixed(2)} % (${idle.ticks} ticks)`,
          '',
        ],
        [
          `idle, \`subflow serve\` as built (dist/, its own process), % of a core`,
          built ? `${built.percent.toFixed(2)} %` : 'not built (npm run build)',
          '≤ 0.5 %',
        ],
      );
    }
    if (PHASES.has('busy')) {
      const held = await holdConnections({ prefix, count: BUSY_CONNECTIONS });
      let busy: Phase;
      let ss: { cpuMs: number; wallMs: number };
      let built: { percent: number } | null = null;
      try {
        busy = await measureServe(cli);
        if (hasBuiltCli()) built = await measureBuiltServe(cli, WARMUP_S, WINDOW_S);
        ss = ssCpu(cli);
      } finally {
        await held.stop();
      }
      const busyTick = busy.cpuMs / Math.max(1, busy.ticks);
      // Fewer than 5 ticks in the window (a very busy machine): only the mean exists.
      const busyMedian = busy.perTickMs.length > 0 ? median(busy.perTickMs) : busyTick;
      if (built) {
        const ratio = (built.percent * 10) / ss.cpuMs;
        noteGoal(
          'serve-900',
          ratio,
          `${ms(built.percent * 10)} vs ${ms(ss.cpuMs)} = ${ratio.toFixed(2)}×`,
        );
      }
      rows.push(
        [
          `${BUSY_CONNECTIONS} connections × 2 subflows: CPU per tick (mean / median of 5-tick groups)`,
          `${ms(busyTick)} / ${ms(busyMedian)} (${busy.ticks} ticks)`,
          '',
        ],
        ['one ss -tinM on the same sockets, CPU (wall)', `${ms(ss.cpuMs)} (${ms(ss.wallMs)})`, ''],
        ['serve (in-process) per tick vs ss -tinM', `${(busyMedian / ss.cpuMs).toFixed(2)}×`, ''],
        // A tick every interval + the tick's own time: CPU per second ≤ CPU per tick, within 5 %.
        [
          'serve as built (dist/, own process), CPU per second at 1 s ticks, vs ss -tinM',
          built
            ? `${ms(built.percent * 10)} = ${((built.percent * 10) / ss.cpuMs).toFixed(2)}×`
            : 'not built (npm run build)',
          '≤ 0.5×',
        ],
      );
    }
    return [
      `subflow serve's backend and server in-process, 1 s ticks, no WebSocket client; ` +
        `${WINDOW_S} s measured after ${WARMUP_S} s. CPU = user + system of the process, all threads.`,
      table(rows),
    ].join('\n');
  } finally {
    await labDown({ prefix });
  }
}

// `node --expose-gc --import tsx test/bench/serve-cost.ts` runs this one alone.
if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  console.log(await benchServeCost());
}
