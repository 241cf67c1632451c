// Processes the lab starts inside its namespaces: spawning, pid files under /run/subflow-lab, ending.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LabToolMissingError } from './lab-errors.js';
import { isErrnoException, runCommand } from './lab-exec.js';
import { parsePidList } from './lab-parse.js';

/** How to start a process inside a lab namespace. */
export interface NamespaceSpawnOptions {
  /** Run it under `mptcpize run`, so its TCP sockets are MPTCP sockets. */
  readonly mptcp?: boolean;
  /** Open-files limit (soft and hard) for the process only, set with `prlimit`. */
  readonly maxOpenFiles?: number;
  /** Pid-file directory of the lab; the pid is recorded there while the process lives. */
  readonly runDir: string;
  /** Short name of the process's job, used in the pid file name (e.g. `traffic-server`). */
  readonly role: string;
}

/**
 * Starts `args` inside namespace `ns` (`ip netns exec` and `mptcpize run` both exec, so the
 * child's pid is the program's own) and records its pid until it exits.
 */
export async function spawnInNamespace(
  ns: string,
  args: readonly string[],
  options: NamespaceSpawnOptions,
): Promise<ChildProcess> {
  const limit =
    options.maxOpenFiles === undefined
      ? []
      : [
          'prlimit',
          `--nofile=${String(options.maxOpenFiles)}:${String(options.maxOpenFiles)}`,
          '--',
        ];
  const wrapper = options.mptcp === true ? ['mptcpize', 'run'] : [];
  await mkdir(options.runDir, { recursive: true });
  const child = spawn('ip', ['netns', 'exec', ns, ...limit, ...wrapper, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) {
    const [err] = (await once(child, 'error')) as [unknown];
    throw isErrnoException(err) && err.code === 'ENOENT' ? new LabToolMissingError('ip') : err;
  }
  // Errors after a successful spawn (a closed pipe) show up as the exit the callers wait for.
  child.on('error', () => undefined);
  const file = join(options.runDir, `${options.role}-${String(pid)}.pid`);
  const written = (async () => {
    const start = await processStartTime(pid);
    await writeFile(file, `${String(pid)} ${start ?? '?'}\n`);
  })();
  child.once('exit', () => {
    void written.then(() => rm(file, { force: true })).catch(() => undefined);
  });
  try {
    await written;
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return child;
}

/** Resolves when the child exits (at once if it has); never rejects. */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
}

/** Resolves when the child has exited (at once if it already has). */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

/** Resolves when the child has exited and its output streams are closed (all output read). */
export function waitForClose(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const streamsDone =
    child.stdout?.readableEnded !== false && child.stderr?.readableEnded !== false;
  if ((child.exitCode !== null || child.signalCode !== null) && streamsDone) {
    return Promise.resolve(true);
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('close', onClose);
      resolve(false);
    }, timeoutMs);
    const onClose = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('close', onClose);
  });
}

/** Hard limit of open files of this process (children inherit it), from /proc/self/limits. */
export async function hardOpenFilesLimit(): Promise<number> {
  const limits = await readFile('/proc/self/limits', 'utf8');
  const match = /^Max open files\s+\S+\s+(\S+)/m.exec(limits);
  const value = match?.[1];
  return value === undefined || value === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(value);
}

/** Ends a child we started: SIGTERM, then SIGKILL after `graceMs`; resolves once it is gone. */
export async function endChild(child: ChildProcess, graceMs = 2_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  if (await waitForExit(child, graceMs)) return;
  child.kill('SIGKILL');
  await waitForExit(child, 5_000);
}

/** Start time of a process in clock ticks since boot (field 22 of /proc/PID/stat), if it lives. */
export async function processStartTime(pid: number): Promise<string | undefined> {
  try {
    const stat = await readFile(`/proc/${String(pid)}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') return undefined;
    return fields[19];
  } catch {
    return undefined;
  }
}

/**
 * Pids recorded under `runDir` (optionally only those of roles starting with `rolePrefix`)
 * whose process still lives and is the same process (same start time), so a recycled pid is
 * never signalled.
 */
export async function recordedPids(runDir: string, rolePrefix = ''): Promise<number[]> {
  let names: string[];
  try {
    names = await readdir(runDir);
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const name of names.filter((n) => n.startsWith(rolePrefix) && n.endsWith('.pid'))) {
    let text: string;
    try {
      text = await readFile(join(runDir, name), 'utf8');
    } catch (err) {
      // A process that just exited removes its own pid file between readdir and here.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    const [pidText, start] = text.trim().split(' ');
    const pid = Number(pidText);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    if (start !== undefined && start === (await processStartTime(pid))) pids.push(pid);
  }
  return pids;
}

/** Pids of the processes inside a namespace (`ip netns pids`). */
export async function namespacePids(ns: string): Promise<number[]> {
  return parsePidList((await runCommand(['ip', 'netns', 'pids', ns])).stdout);
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

/** Ends processes by pid: SIGTERM, then SIGKILL for those still there after `graceMs`. */
export async function endPids(pids: readonly number[], graceMs = 2_000): Promise<void> {
  const alive = async (): Promise<number[]> => {
    const found: number[] = [];
    for (const pid of pids) if ((await processStartTime(pid)) !== undefined) found.push(pid);
    return found;
  };
  for (const pid of pids) signal(pid, 'SIGTERM');
  for (let waited = 0; waited < graceMs; waited += 50) {
    if ((await alive()).length === 0) return;
    await sleep(50);
  }
  for (const pid of await alive()) signal(pid, 'SIGKILL');
  for (let waited = 0; waited < 5_000; waited += 50) {
    if ((await alive()).length === 0) return;
    await sleep(50);
  }
}
