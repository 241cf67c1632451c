// The README's first commands as an ordinary user on this machine: a throwaway account
// (`useradd -m`) clones the checkout into its own home, runs `npm install`, then
// `npx subflow snapshot --json` and `npx subflow serve`, both unprivileged. The account and
// everything it started are removed afterwards. Needs root (to make the account) and the npm
// registry (the account's npm cache starts empty). The clone holds what is committed.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/as-nobody.js';

const USER = `sfuser${process.pid % 100_000}`;
const HOME = `/home/${USER}`;
const CLONE = `${HOME}/subflow`;
const INSTALL_MS = 15 * 60_000;
/** npx and Node start slowly on a busy 2-core machine (73 s was seen for a snapshot). */
const COMMAND_MS = 240_000;

/** The command line of `argv` run as the account, in its clone, with its own HOME and PATH. */
function asUser(argv: readonly string[]): [string, string[]] {
  return [
    'setpriv',
    [
      `--reuid=${USER}`,
      `--regid=${USER}`,
      '--init-groups',
      '--inh-caps=-all',
      '--',
      'env',
      '-i',
      `HOME=${HOME}`,
      `USER=${USER}`,
      `LOGNAME=${USER}`,
      // An ordinary user's PATH: no sbin, and no checkout's node_modules/.bin.
      `PATH=${process.execPath.replace(/\/node$/, '')}:/usr/local/bin:/usr/bin:/bin`,
      ...(process.env.LANG ? [`LANG=${process.env.LANG}`] : []),
      ...argv,
    ],
  ];
}

function runAsUser(argv: readonly string[], timeoutMs: number): string {
  const [program, args] = asUser(argv);
  return execFileSync(program, args, {
    cwd: CLONE,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function removeAccount(): void {
  try {
    execFileSync('pkill', ['-KILL', '-u', USER], { stdio: 'ignore' });
  } catch {
    // no process left: nothing to end
  }
  try {
    execFileSync('userdel', ['-r', '-f', USER], { stdio: 'ignore' });
  } catch {
    // no such account (a previous run's cleanup, or useradd failed)
  }
}

const isRoot = process.getuid?.() === 0;

describe.skipIf(!isRoot)('the README as an ordinary user', () => {
  beforeAll(() => {
    removeAccount();
    execFileSync('useradd', ['-m', '-s', '/bin/bash', USER]);
    // The user clones what root can read: the clone is made by root, then given to the user,
    // who owns every file of it (as after a `git clone` of their own).
    execFileSync('git', ['clone', '--quiet', '--no-hardlinks', REPO_ROOT, CLONE]);
    execFileSync('chown', ['-R', `${USER}:${USER}`, CLONE]);
  }, 60_000);

  afterAll(removeAccount, 120_000);

  it(
    'installs with npm install',
    () => {
      runAsUser(['npm', 'install', '--no-audit', '--no-fund'], INSTALL_MS);
      expect(existsSync(`${CLONE}/dist/electron/cli.js`)).toBe(true);
      expect(existsSync(`${CLONE}/dist/renderer/index.html`)).toBe(true);
    },
    INSTALL_MS + 60_000,
  );

  it(
    'prints an unprivileged snapshot with npx subflow snapshot --json',
    () => {
      const out = runAsUser(
        ['npx', 'subflow', 'snapshot', '--json', '--interval', '300'],
        COMMAND_MS,
      );
      const snapshot = JSON.parse(out) as {
        privileged: boolean;
        netns: string | null;
        kernel: { mptcp: string };
        interfaces: { name: string }[];
        connections: unknown[];
        command?: string;
      };
      expect(snapshot.privileged).toBe(false);
      expect(snapshot.netns).toBeNull();
      expect(snapshot.kernel.mptcp).toBe('upstream');
      // The machine's own interfaces (loopback is left out), each one the kernel really has.
      expect(snapshot.interfaces.length).toBeGreaterThan(0);
      for (const { name } of snapshot.interfaces)
        expect(existsSync(`/sys/class/net/${name}`)).toBe(true);
      expect(Array.isArray(snapshot.connections)).toBe(true);
      // From a checkout, hints must say `npx subflow`: plain `subflow` is not on this user's PATH.
      expect(snapshot.command).toBe('npx subflow');
    },
    COMMAND_MS + 30_000,
  );

  it(
    'serves the dashboard and its API with npx subflow serve',
    async () => {
      const [program, args] = asUser(['npx', 'subflow', 'serve', '--port', '0']);
      const child: ChildProcess = spawn(program, args, {
        cwd: CLONE,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        const url = await new Promise<string>((resolve, reject) => {
          const timer = setTimeout(() => {
            reject(new Error(`serve printed no URL within ${COMMAND_MS / 1000} s`));
          }, COMMAND_MS);
          child.once('exit', (code) => {
            reject(new Error(`serve exited with ${String(code)} before printing a URL`));
          });
          const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
          lines.on('line', (line) => {
            const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(line);
            if (m?.[1] !== undefined) {
              clearTimeout(timer);
              resolve(m[1]);
            }
          });
        });
        const { origin, searchParams } = new URL(url);
        const token = searchParams.get('token') ?? '';
        const page = await fetch(url, { redirect: 'manual' });
        expect([200, 303]).toContain(page.status);
        const api = await fetch(`${origin}/api/snapshot`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(api.status).toBe(200);
        const body = (await api.json()) as { ok: boolean; value?: { privileged: boolean } };
        expect(body.ok).toBe(true);
        expect(body.value?.privileged).toBe(false);
      } finally {
        child.kill('SIGINT');
        await new Promise((resolve) => {
          child.once('exit', resolve);
          setTimeout(resolve, 5000);
        });
      }
    },
    COMMAND_MS + 60_000,
  );
});
