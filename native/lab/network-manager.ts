// A real NetworkManager inside a lab namespace, for tests: Debian's NetworkManager (1.42) runs
// in the namespace with a D-Bus bus of its own and its state on tmpfs, in a private mount
// namespace, so nothing of the machine's own NetworkManager (if any) or its files is touched.
//
// Two things make it manage a veth here:
// - NetworkManager waits for udev to announce a device ("platform-init") when /sys is writable;
//   there is no udev in a lab namespace, so /sys is remounted read-only in its mount namespace
//   and NetworkManager then treats every link as initialised;
// - `unmanaged-devices` lists every device except the one under test, so it leaves the others
//   (and the loopback) as they are.
// nmcli reaches it through DBUS_SYSTEM_BUS_ADDRESS (see nmcliEnv).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LabError } from './lab-errors.js';
import { runCommand } from './lab-exec.js';

/** A NetworkManager running in a lab namespace. */
export interface LabNetworkManager {
  /** The D-Bus address nmcli must use (DBUS_SYSTEM_BUS_ADDRESS). */
  readonly busAddress: string;
  /** Pid of the NetworkManager process (it runs in the namespace). */
  readonly pid: number;
  /** Runs nmcli against it; rejects with what nmcli printed. */
  nmcli(...args: string[]): Promise<string>;
  /** Stops NetworkManager and its bus, and removes their files. */
  stop(): Promise<void>;
}

export interface LabNetworkManagerOptions {
  /** The namespace it runs in. */
  readonly netns: string;
  /** The only device it manages. */
  readonly device: string;
  /** How long to wait for its D-Bus name (default 15 s). */
  readonly timeoutMs?: number;
}

const busConfig = (socket: string): string => `<!DOCTYPE busconfig PUBLIC
 "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=${socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="root"/>
    <allow own="*"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
`;

/** NetworkManager.conf: keyfile profiles, no automatic profiles, no polkit, one device. */
export const networkManagerConf = (device: string): string => `[main]
plugins=keyfile
no-auto-default=*
auth-polkit=false
[keyfile]
unmanaged-devices=except:interface-name:${device}
`;

/** The shell run in the private mount namespace: tmpfs state, read-only /sys, bus, daemon. */
const startScript = (dir: string): string =>
  [
    'set -e',
    'mount -o remount,bind,ro /sys',
    'for d in /run/NetworkManager /var/lib/NetworkManager /etc/NetworkManager; do',
    '  mkdir -p "$d"; mount -t tmpfs subflow-lab "$d"',
    'done',
    'mkdir -p /etc/NetworkManager/system-connections',
    `cp ${dir}/NetworkManager.conf /etc/NetworkManager/NetworkManager.conf`,
    `dbus-daemon --config-file=${dir}/bus.conf --fork --print-pid=3 3>${dir}/bus.pid`,
    `export DBUS_SYSTEM_BUS_ADDRESS=unix:path=${dir}/bus`,
    'exec NetworkManager --no-daemon',
  ].join('\n');

/** The environment that sends nmcli to the lab's NetworkManager. */
export const nmcliEnv = (busAddress: string): NodeJS.ProcessEnv => ({
  ...process.env,
  DBUS_SYSTEM_BUS_ADDRESS: busAddress,
});

/** Starts NetworkManager in `netns`, managing `device` only; resolves once nmcli answers. */
export async function startLabNetworkManager(
  options: LabNetworkManagerOptions,
): Promise<LabNetworkManager> {
  const dir = mkdtempSync(join(tmpdir(), 'subflow-nm-'));
  writeFileSync(join(dir, 'bus.conf'), busConfig(join(dir, 'bus')));
  writeFileSync(join(dir, 'NetworkManager.conf'), networkManagerConf(options.device));
  const busAddress = `unix:path=${join(dir, 'bus')}`;
  const child = spawn(
    'ip',
    ['netns', 'exec', options.netns, 'unshare', '--mount', '--propagation', 'private'],
    { stdio: ['pipe', 'ignore', 'pipe'] },
  );
  // unshare runs the shell given on stdin: the script never appears in a process listing.
  child.stdin.end(`exec sh -c '${startScript(dir).replaceAll("'", "'\\''")}'\n`);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));

  const viaBus = ['env', `DBUS_SYSTEM_BUS_ADDRESS=${busAddress}`, 'nmcli'];
  const nmcli = async (...args: string[]): Promise<string> =>
    (await runCommand([...viaBus, ...args])).stdout;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    }
    try {
      process.kill(Number(readFileSync(join(dir, 'bus.pid'), 'utf8').trim()), 'SIGTERM');
    } catch {
      // the bus never started, or is gone already
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const until = Date.now() + (options.timeoutMs ?? 15_000);
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new LabError(
        'step-failed',
        `NetworkManager did not start in ${options.netns} (exit ${child.exitCode}): ` +
          `${stderr.trim() || 'no message'}; is the network-manager package installed?`,
      );
    }
    const probe = await runCommand([...viaBus, '-t', '-f', 'RUNNING', 'general'], {
      timeoutMs: 2000,
    }).catch(() => null);
    if (probe?.stdout.trim() === 'running') break;
    if (Date.now() > until) {
      await stop();
      throw new LabError(
        'step-failed',
        `NetworkManager in ${options.netns} did not answer on D-Bus within ` +
          `${(options.timeoutMs ?? 15_000) / 1000} s: ${stderr.trim() || 'no message'}`,
      );
    }
    await sleep(100);
  }
  return { busAddress, pid: child.pid ?? 0, nmcli, stop };
}
