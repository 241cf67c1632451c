// Benchmark helper: the CPU of `subflow serve` as shipped, the built CLI (dist/electron/cli.js)
// in a child process, over a window. The in-process figure of serve-cost.ts runs the TypeScript
// through tsx, whose module-hook thread each worker thread carries too (an isolate and a GC
// apiece): at idle that adds more than the goal itself, so it says little about the product.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

/** The built CLI, when `npm run build` has made it. */
export const BUILT_CLI = fileURLToPath(new URL('../../dist/electron/cli.js', import.meta.url));

export const hasBuiltCli = (): boolean => existsSync(BUILT_CLI);

/** User + system CPU of process `pid` (all its threads), in ms, from /proc/PID/stat. */
function processCpuMs(pid: number): number {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/**
 * Starts `subflow serve --netns NETNS --port 0` from dist/ with its data, config and runtime
 * directories in a temporary one, waits until it prints its URL and `warmupS` more seconds,
 * then measures its CPU over `windowS` seconds; % of one core.
 */
export async function measureBuiltServe(
  netns: string,
  warmupS: number,
  windowS: number,
): Promise<{ readonly percent: number; readonly seconds: number }> {
  const home = mkdtempSync(join(tmpdir(), 'subflow-bench-home-'));
  const env = {
    ...process.env,
    HOME: home,
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_STATE_HOME: join(home, 'state'),
    XDG_RUNTIME_DIR: home,
  };
  const child = spawn(process.execPath, [BUILT_CLI, 'serve', '--netns', netns, '--port', '0'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  try {
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Subflow is serving')) resolve();
      });
      child.once('exit', (code) => {
        reject(new Error(`subflow serve exited (${code}) before serving: ${stderr.trim()}`));
      });
    });
    const pid = child.pid;
    if (pid === undefined) throw new Error('subflow serve has no pid');
    await sleep(warmupS * 1000);
    const c0 = processCpuMs(pid);
    const t0 = performance.now();
    await sleep(windowS * 1000);
    const cpu = processCpuMs(pid) - c0;
    const seconds = (performance.now() - t0) / 1000;
    return { percent: (cpu / (seconds * 1000)) * 100, seconds };
  } finally {
    child.kill('SIGTERM');
    await exited;
    rmSync(home, { recursive: true, force: true });
  }
}
