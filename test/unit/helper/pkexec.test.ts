// Starting the privileged helper: the launch plan, and pkexec's ways of failing, with a fake
// `pkexec` script first on PATH (pass-through, dismissed, no agent, not authorised, missing).
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { HelperLaunch } from '../../../electron/helper/pkexec.js';
import {
  HelperStartError,
  INSTALLED_HELPER,
  describeHelperEnd,
  findOnPath,
  helperCommandLine,
  planHelperLaunch,
  startPrivilegedHelper,
} from '../../../electron/helper/pkexec.js';
import type { ChildEnd } from '../../../electron/helper/stdio-link.js';

const STUB = fileURLToPath(new URL('./support/stub-helper.ts', import.meta.url));
const temp = mkdtempSync(join(tmpdir(), 'subflow-pkexec-'));
afterAll(() => {
  rmSync(temp, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** Puts a directory whose only program is a `pkexec` with this body first on PATH. */
function fakePkexecOnPath(name: string, body: string | null): void {
  const dir = join(temp, name);
  mkdirSync(dir, { recursive: true });
  if (body !== null) {
    writeFileSync(join(dir, 'pkexec'), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, 'pkexec'), 0o755);
  }
  // Only the fake directory and /bin (for sh): no real pkexec can be found.
  vi.stubEnv('PATH', `${dir}:/bin`);
}

const stubLaunch = (...extra: string[]): HelperLaunch => ({
  pkexec: 'pkexec',
  helper: [process.execPath, '--import', 'tsx', STUB, ...extra],
  netns: 'lab-cli',
});

async function startFailure(launch: HelperLaunch): Promise<HelperStartError> {
  try {
    const remote = await startPrivilegedHelper(launch);
    remote.close();
  } catch (err) {
    expect(err).toBeInstanceOf(HelperStartError);
    return err as HelperStartError;
  }
  throw new Error('the helper started');
}

describe('the launch plan', () => {
  const base = { appPath: '/src/subflow', uid: 1000, env: { PATH: '/usr/bin:/bin' } };

  it('runs the installed wrapper through pkexec from a package', () => {
    const plan = planHelperLaunch({
      ...base,
      packaged: true,
      exists: (p) => p === INSTALLED_HELPER,
    });
    expect(plan).toEqual({
      ok: true,
      launch: { pkexec: 'pkexec', helper: [INSTALLED_HELPER], netns: null },
    });
    if (plan.ok) {
      expect(helperCommandLine(plan.launch)).toEqual({
        file: 'pkexec',
        args: [INSTALLED_HELPER, '--stdio'],
      });
    }
  });

  it('says what to do when the package has no helper (the AppImage)', () => {
    const plan = planHelperLaunch({ ...base, packaged: true, exists: () => false });
    expect(plan.ok).toBe(false);
    if (!plan.ok) {
      expect(plan.message).toContain(INSTALLED_HELPER);
      expect(plan.message).toContain('.deb');
      expect(plan.message).toContain('SUBFLOW_AGENT_URL');
    }
  });

  it("runs a checkout's CLI under node in development", () => {
    const exists = (p: string) =>
      p === '/usr/bin/node' || p === '/src/subflow/dist/electron/cli.js';
    const plan = planHelperLaunch({ ...base, packaged: false, netns: 'lab', exists });
    expect(plan).toEqual({
      ok: true,
      launch: {
        pkexec: 'pkexec',
        helper: ['/usr/bin/node', '/src/subflow/dist/electron/cli.js', 'helper'],
        netns: 'lab',
      },
    });
    if (plan.ok) {
      expect(helperCommandLine(plan.launch).args).toEqual([
        '/usr/bin/node',
        '/src/subflow/dist/electron/cli.js',
        'helper',
        '--stdio',
        '--netns',
        'lab',
      ]);
    }
    const unbuilt = planHelperLaunch({
      ...base,
      packaged: false,
      exists: (p) => p === '/usr/bin/node',
    });
    expect(unbuilt.ok ? '' : unbuilt.message).toContain('npm run build');
  });

  it('honours SUBFLOW_HELPER and SUBFLOW_PKEXEC, and skips pkexec as root', () => {
    const env = { SUBFLOW_HELPER: ' /opt/x/helper  run ', SUBFLOW_PKEXEC: '/usr/local/bin/pkexec' };
    expect(planHelperLaunch({ ...base, env, packaged: true, exists: () => false })).toEqual({
      ok: true,
      launch: { pkexec: '/usr/local/bin/pkexec', helper: ['/opt/x/helper', 'run'], netns: null },
    });
    const root = planHelperLaunch({ ...base, env, uid: 0, packaged: true });
    expect(root.ok && helperCommandLine(root.launch)).toEqual({
      file: '/opt/x/helper',
      args: ['run', '--stdio'],
    });
  });

  it('finds programs on absolute PATH entries only', () => {
    const exists = (p: string) => p === '/b/node' || p === 'rel/node';
    expect(findOnPath('node', 'rel:/a:/b', exists)).toBe('/b/node');
    expect(findOnPath('node', '', exists)).toBeNull();
  });
});

describe('what a failed start means', () => {
  const launch = stubLaunch();
  const end = (over: Partial<ChildEnd>): ChildEnd => ({
    code: null,
    signal: null,
    stderr: '',
    closedByUs: false,
    ...over,
  });

  it('explains each pkexec exit and how to recover', () => {
    expect(describeHelperEnd(end({ code: 126 }), launch)).toContain('dismissed');
    const agent = describeHelperEnd(
      end({
        code: 127,
        stderr: 'Error executing command as another user: No authentication agent found.\n',
      }),
      launch,
    );
    expect(agent).toContain('no polkit authentication agent');
    expect(agent).toContain('apt install');
    expect(describeHelperEnd(end({ code: 127, stderr: 'Not authorized\n' }), launch)).toContain(
      'does not allow this user',
    );
    const enoent = Object.assign(new Error('spawn pkexec ENOENT'), { code: 'ENOENT' });
    expect(describeHelperEnd(end({ spawnError: enoent }), launch)).toContain('apt install pkexec');
    expect(describeHelperEnd(end({ code: 3, stderr: 'x\nboom\n\n' }), launch)).toBe(
      'the privileged helper stopped unexpectedly (exit 3: boom); try again',
    );
    expect(describeHelperEnd(end({ signal: 'SIGKILL' }), launch)).toContain('SIGKILL');
  });

  it('does not read 126/127 as pkexec answers when there is no pkexec', () => {
    const direct = { ...launch, pkexec: null };
    expect(describeHelperEnd(end({ code: 126 }), direct)).toContain(
      'stopped unexpectedly (exit 126',
    );
  });
});

describe('starting the helper through a fake pkexec', () => {
  it('passes the helper and its options through and talks to it', async () => {
    fakePkexecOnPath('pass', 'exec "$@"');
    const remote = await startPrivilegedHelper(stubLaunch());
    // The stub reports its arguments as the hostname.
    const snapshot = await remote.invoke('snapshot:get', {});
    expect(snapshot).toMatchObject({ ok: true, value: { hostname: '--stdio --netns lab-cli' } });
    const ticks: string[] = [];
    remote.subscribe((push) => ticks.push(push.name));
    for (let i = 0; i < 100 && ticks.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(ticks[0]).toBe('onTick');
    remote.close();
    expect(await remote.closed).toBeNull();
  });

  it('maps a dismissed password dialog (126)', async () => {
    fakePkexecOnPath(
      'dismissed',
      'echo "Error executing command as another user: Request dismissed" >&2; exit 126',
    );
    const err = await startFailure(stubLaunch());
    expect(err.code).toBe('permission');
    expect(err.message).toContain('password dialog was dismissed');
  });

  it('maps a missing polkit agent (127)', async () => {
    fakePkexecOnPath(
      'no-agent',
      'echo "Error executing command as another user: No authentication agent found." >&2; exit 127',
    );
    expect((await startFailure(stubLaunch())).message).toContain('no polkit authentication agent');
  });

  it('maps a refusal by polkit (127)', async () => {
    fakePkexecOnPath(
      'refused',
      'printf "Error executing command as another user: Not authorized\\n\\nThis incident has been reported.\\n" >&2; exit 127',
    );
    expect((await startFailure(stubLaunch())).message).toContain('does not allow this user');
  });

  it('maps pkexec not being installed', async () => {
    fakePkexecOnPath('missing', null);
    expect((await startFailure(stubLaunch())).message).toContain('pkexec is not installed');
  });

  it('reports a helper that crashes on start with its last words', async () => {
    fakePkexecOnPath('crash', 'exec "$@"');
    const err = await startFailure(stubLaunch('--crash'));
    expect(err.message).toBe(
      'the privileged helper stopped unexpectedly (exit 3: subflow: cannot open the kernel thread: boom); try again',
    );
  });
});
