// Benchmark: the desktop app as a whole, as far as this machine allows (Electron cannot run
// here). Each process measured on its own, in the lab, 1 s ticks:
//   main      the Host the app's main process starts (startHost, role desktop) in a process of
//             its own (desktop-main.ts), with the server standing in for Electron's IPC;
//   helper    with "helper running": `subflow helper --stdio`, started by main as the app starts
//             it (without pkexec) after a change that needed administrator rights; the window's
//             kernel side is then the helper's and main's monitor follows it instead of sampling;
//   renderer  the built dashboard in Debian's Chromium, on main's page (CDP ProcessTime of the
//             page's renderer process).
// CPU = user + system of every thread, over WINDOW_S s after WARMUP_S s, as % of one core.
// Both main and helper run as root here: main must enter the lab's namespace, where on a laptop
// it runs as the user in its own namespace and reads less (no path-manager events).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CDPSession } from 'playwright-core';
import { holdConnections, labDown, labUp } from '../../native/lab/index.js';
import { launchChromium } from '../e2e/support/browser.js';
import { table } from './measure.js';

const ROOT = join(import.meta.dirname, '..', '..');
const COUNTS = (process.env.BENCH_DESKTOP_CONNECTIONS ?? '10,200').split(',').map(Number);
const WINDOW_S = Number(process.env.BENCH_DESKTOP_WINDOW ?? 30);
const WARMUP_S = 5;
const CLOCK_TICKS = 100;

/** utime + stime of a process (all its threads), in ms. */
function processCpuMs(pid: number): number {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

async function rendererCpuMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'ProcessTime')?.value ?? Number.NaN) * 1000;
}

function startNode(args: readonly string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
}

async function firstLine(child: ChildProcess): Promise<string> {
  if (!child.stdout) throw new Error('no stdout');
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) return line;
  throw new Error('desktop main ended before it served');
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.stdin?.end();
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
  await gone;
  clearTimeout(timer);
}

interface Row {
  readonly connections: number;
  /** Whether the helper ran (the app's monitor following it). */
  readonly helper: boolean;
  readonly main: number;
  readonly helperCpu: number;
  readonly renderer: number;
}

/** The pids of a process's children (from every thread's children list). */
function childrenOf(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
    readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8')
      .split(' ')
      .filter((p) => p !== '')
      .map(Number),
  );
}

async function measure(netns: string, connections: number, withHelper: boolean): Promise<Row> {
  const main = startNode([
    'test/bench/desktop-main.ts',
    netns,
    ...(withHelper ? ['--helper'] : []),
  ]);
  const browser = await launchChromium();
  try {
    const { url } = JSON.parse(await firstLine(main)) as { url: string };
    main.stdout?.resume();
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    await page.goto(url);
    await sleep(WARMUP_S * 1000);
    const helper = withHelper ? (childrenOf(main.pid ?? 0)[0] ?? null) : null;
    const cpu = async () => [
      processCpuMs(main.pid ?? 0),
      helper === null ? 0 : processCpuMs(helper),
      await rendererCpuMs(cdp),
    ];
    const before = await cpu();
    const t0 = performance.now();
    await sleep(WINDOW_S * 1000);
    const after = await cpu();
    const wall = performance.now() - t0;
    const pct = (i: number) => ((after[i]! - before[i]!) / wall) * 100;
    return { connections, helper: withHelper, main: pct(0), helperCpu: pct(1), renderer: pct(2) };
  } finally {
    await browser.close();
    await stop(main);
  }
}

export async function benchDesktopCost(): Promise<string> {
  const prefix = `sfbd${process.pid % 1000}`;
  await labUp({ prefix });
  const rows: Row[] = [];
  try {
    for (const count of COUNTS) {
      const held = await holdConnections({ prefix, count });
      try {
        rows.push(await measure(`${prefix}-cli`, count, false));
        rows.push(await measure(`${prefix}-cli`, count, true));
      } finally {
        await held.stop();
      }
    }
  } finally {
    await labDown({ prefix });
  }
  const pct = (v: number) => `${v.toFixed(2)} %`;
  return [
    `main (startHost desktop + server for IPC), helper (subflow helper --stdio) and the ` +
      `dashboard in Chromium, each its own process; 1 s ticks; ${WINDOW_S} s after ${WARMUP_S} s.`,
    table([
      ['connections × 2 subflows', 'main', 'helper', 'renderer', 'whole app'],
      ...rows.map((r) => [
        `${r.connections}${r.helper ? ', helper running' : ', no helper'}`,
        pct(r.main),
        r.helper ? pct(r.helperCpu) : '—',
        pct(r.renderer),
        pct(r.main + r.helperCpu + r.renderer),
      ]),
    ]),
  ].join('\n');
}

// `node --expose-gc --import tsx test/bench/desktop-cost.ts` runs this one alone.
if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  console.log(await benchDesktopCost());
}
