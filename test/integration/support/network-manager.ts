// A real NetworkManager for a lab namespace: its own mount namespace (a tmpfs on /run, its state
// under a temporary directory, so nothing of the machine's /run, /etc or /var is touched), its
// own D-Bus system bus on a socket in that directory, keyfile profiles there too. nmcli reaches
// it through DBUS_SYSTEM_BUS_ADDRESS. Without udev it manages only the software devices it
// creates itself (a bridge works; veths stay unmanaged), which is enough for profiles.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const NM_BINARY = '/usr/sbin/NetworkManager';
const SYSTEM_BUS = '/usr/share/dbus-1/system.conf';

/** Whether this machine has what it takes (root, NetworkManager, dbus-daemon, nmcli). */
export const networkManagerAvailable = (): boolean =>
  process.getuid?.() === 0 &&
  existsSync(NM_BINARY) &&
  existsSync(SYSTEM_BUS) &&
  ['/usr/bin/dbus-daemon', '/usr/bin/nmcli'].every((p) => existsSync(p));

export interface LabNetworkManager {
  /** Environment for nmcli and for a Subflow that should reach this NetworkManager. */
  readonly env: Record<string, string>;
  nmcli(...args: string[]): string;
  stop(): Promise<void>;
}

/** Starts NetworkManager in the existing namespace `netns`, files under `dir`. */
export async function startNetworkManager(netns: string, dir: string): Promise<LabNetworkManager> {
  mkdirSync(join(dir, 'conns'), { recursive: true });
  mkdirSync(join(dir, 'var'), { recursive: true });
  const bus = join(dir, 'bus');
  const busConf = readFileSync(SYSTEM_BUS, 'utf8')
    .replace(/<listen>.*<\/listen>/, `<listen>unix:path=${bus}</listen>`)
    .replace(/<user>.*<\/user>/, '')
    .replace(/<pidfile>.*<\/pidfile>/, '')
    .replace(
      '<includedir>system.d</includedir>',
      '<includedir>/usr/share/dbus-1/system.d</includedir>',
    );
  writeFileSync(join(dir, 'bus.conf'), busConf);
  writeFileSync(
    join(dir, 'nm.conf'),
    `[main]\nplugins=keyfile\ndhcp=internal\n[keyfile]\npath=${join(dir, 'conns')}\n`,
  );
  const script = [
    'set -e',
    'mount -t tmpfs tmpfs /run',
    'mkdir -p /run/dbus',
    `export DBUS_SYSTEM_BUS_ADDRESS=unix:path=${bus}`,
    `mount --bind ${join(dir, 'var')} /var/lib/NetworkManager`,
    `dbus-daemon --config-file=${join(dir, 'bus.conf')} --fork --print-pid > ${join(dir, 'dbus.pid')}`,
    `exec ${NM_BINARY} -n --debug --config=${join(dir, 'nm.conf')} --state-file=${join(dir, 'state')}` +
      ` --pid-file=${join(dir, 'nm.pid')} > ${join(dir, 'nm.log')} 2>&1`,
  ].join('\n');
  writeFileSync(join(dir, 'run.sh'), script, { mode: 0o755 });
  const env = { DBUS_SYSTEM_BUS_ADDRESS: `unix:path=${bus}` };
  const child: ChildProcess = spawn(
    'ip',
    ['netns', 'exec', netns, 'unshare', '-m', join(dir, 'run.sh')],
    {
      stdio: 'ignore',
    },
  );
  const nmcli = (...args: string[]): string =>
    execFileSync('nmcli', args, {
      encoding: 'utf8',
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
      await gone;
      clearTimeout(timer);
    }
    const pidFile = join(dir, 'dbus.pid');
    const dbus = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : NaN;
    if (Number.isInteger(dbus) && dbus > 1) {
      try {
        process.kill(dbus, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  };
  for (let waited = 0; waited < 20_000; waited += 250) {
    try {
      nmcli('general', 'status');
      return { env, nmcli, stop };
    } catch {
      if (child.exitCode !== null) break;
      await sleep(250);
    }
  }
  await stop().catch(() => undefined);
  const log = existsSync(join(dir, 'nm.log')) ? readFileSync(join(dir, 'nm.log'), 'utf8') : '';
  throw new Error(`NetworkManager did not start in ${netns}: ${log.slice(-2000)}`);
}
