// Where `subflow serve` spends its CPU: the built CLI (dist/) on the lab with BENCH_CONNECTIONS
// (default 10, idle) held connections × 2 subflows, per thread (user and system time from /proc/PID/task/*/stat) over a
// window, and, when `perf` is on the machine and BENCH_PERF names an output directory, a
// `perf record -g` of the process over the same window summarised by symbol (kernel and user).
// Run alone as root after `npm run build`: `node --import tsx test/bench/profile-serve.ts`.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { holdConnections, labDown, labUp } from '../../native/lab/index.js';
import { table } from './measure.js';
import { BUILT_CLI, hasBuiltCli } from './serve-process.js';

const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 60);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const CLOCK_TICKS = 100;

interface ThreadTimes {
  readonly name: string;
  readonly user: number;
  readonly system: number;
}

function threads(pid: number): Map<string, ThreadTimes> {
  const out = new Map<string, ThreadTimes>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid, {
        name,
        user: (Number(fields[11]) * 1000) / CLOCK_TICKS,
        system: (Number(fields[12]) * 1000) / CLOCK_TICKS,
      });
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

async function main(): Promise<void> {
  if (!hasBuiltCli()) throw new Error('profile-serve: run `npm run build` first');
  const prefix = `sfpi${process.pid % 1000}`;
  await labUp({ prefix });
  const held = await holdConnections({ prefix, count: CONNECTIONS });
  const home = mkdtempSync(join(tmpdir(), 'subflow-profile-'));
  const child = spawn(
    process.execPath,
    [BUILT_CLI, 'serve', '--netns', `${prefix}-cli`, '--port', '0'],
    {
      env: { ...process.env, HOME: home, XDG_RUNTIME_DIR: home, XDG_STATE_HOME: home },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('Subflow is serving')) resolve();
      });
    });
    const pid = child.pid ?? 0;
    await sleep(15_000);
    const before = threads(pid);
    const perfDir = process.env.BENCH_PERF;
    const perf = perfDir
      ? spawn(
          'perf',
          ['record', '-g', '-o', join(perfDir, `serve-${CONNECTIONS}.data`), '-p', String(pid)],
          {
            stdio: 'ignore',
          },
        )
      : null;
    const t0 = performance.now();
    await sleep(WINDOW_S * 1000);
    const seconds = (performance.now() - t0) / 1000;
    perf?.kill('SIGINT');
    const after = threads(pid);
    const byName = new Map<string, { user: number; system: number }>();
    for (const [tid, a] of after) {
      const b = before.get(tid) ?? { user: 0, system: 0 };
      const sum = byName.get(a.name) ?? { user: 0, system: 0 };
      sum.user += a.user - b.user;
      sum.system += a.system - b.system;
      byName.set(a.name, sum);
    }
    const rows = [...byName]
      .map(([name, t]) => ({ name, user: t.user / seconds, system: t.system / seconds }))
      .filter((r) => r.user + r.system > 0)
      .sort((a, b) => b.user + b.system - (a.user + a.system));
    const total = rows.reduce((s, r) => s + r.user + r.system, 0);
    console.log(
      `subflow serve (dist/), ${CONNECTIONS} held connections × 2 subflows, 1 s ticks, ${seconds.toFixed(0)} s:` +
        ` ${(total / 10).toFixed(2)} % of a core (ms of CPU per second, by thread name)`,
    );
    console.log(
      table([
        ['thread', 'user', 'system', 'total'],
        ...rows.map((r) => [
          r.name,
          r.user.toFixed(2),
          r.system.toFixed(2),
          (r.user + r.system).toFixed(2),
        ]),
      ]),
    );
    if (perf && perfDir) {
      await new Promise((resolve) => perf.once('exit', resolve));
      const report = execFileSync(
        'perf',
        [
          'report',
          '-i',
          join(perfDir, `serve-${CONNECTIONS}.data`),
          '--no-children',
          '--sort',
          'sym',
          '--stdio',
          '-g',
          'none',
        ],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      );
      console.log(
        report
          .split('\n')
          .filter((l) => /^\s+\d/.test(l))
          .slice(0, 30)
          .join('\n'),
      );
    }
  } finally {
    child.kill('SIGTERM');
    await held.stop();
    await labDown({ prefix });
    rmSync(home, { recursive: true, force: true });
  }
}

await main();
