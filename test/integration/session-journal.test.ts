// `subflow record` on the real kernel (the machine's own namespace, read only): a journal that
// survives kill -9, a torn tail, a directory it may not write (as nobody, since root ignores mode
// bits), a read-only XDG_DATA_HOME, --out onto things that are not regular files (refused), and a
// full disk in the middle (a tiny tmpfs in a private mount namespace), reported at once as a
// recording error and a monitor event.
import { execFileSync, spawn } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../electron/session/journal/journal-reader.js';
import { NODE_TSX, REPO_ROOT, runChild } from './support/as-nobody.js';

const root = process.getuid?.() === 0;
const dir = mkdtempSync(join(tmpdir(), 'sfs-journal-'));
chmodSync(dir, 0o755);

/**
 * `subflow record ARGS…`: the command module run as electron/cli.ts runs it (errors as one
 * `subflow: …` line, exit 1), so the test does not depend on its registration there.
 */
const RECORD = [
  ...NODE_TSX,
  '--input-type=module',
  '-e',
  `const { recordCommand } = await import('./electron/cli/record-command.ts');
   try { process.exitCode = await recordCommand.run(process.argv.slice(1)); }
   catch (err) { process.stderr.write('subflow: ' + err.message + '\\n'); process.exitCode = 1; }`,
  '--',
];
const NOBODY = ['setpriv', '--reuid', 'nobody', '--regid', 'nogroup', '--clear-groups'];

const completeLines = (path: string): number => {
  const text = readFileSync(path, 'utf8');
  return text.split('\n').length - 1;
};

describe.skipIf(!root)('subflow record on the real kernel', () => {
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves a readable journal with every written tick after kill -9, and tolerates a torn tail', async () => {
    const path = join(dir, 'killed.sfj');
    const [program = 'node', ...args] = RECORD;
    const child = spawn(program, [...args, '--interval', '100', '--out', path], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    for (let waited = 0; ; waited += 100) {
      await sleep(100);
      if (out.includes('Recording to') && completeLines(path) >= 15) break;
      if (waited > 30_000 || child.exitCode !== null) throw new Error(`recorder: ${out}`);
    }
    expect(out).toContain(`Recording to ${path} every 100 ms`);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;

    const lines = completeLines(path);
    const journal = await readJournal(path);
    expect(journal.torn).toBe(false);
    expect(journal.ticks).toHaveLength(lines - 1);
    expect(journal.header.intervalMs).toBe(100);
    const times = journal.ticks.map((t) => t.snapshot.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));

    appendFileSync(path, '{"t":17953253,"d":{"time":1795');
    const torn = await readJournal(path);
    expect(torn.torn).toBe(true);
    expect(torn.ticks).toEqual(journal.ticks);
  });

  it('stops on Ctrl-C with exit 0 and says what it recorded', async () => {
    const path = join(dir, 'interrupted.sfj');
    const [program = 'node', ...args] = RECORD;
    const child = spawn(program, [...args, '--interval', '200', '--out', path], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    for (let waited = 0; !out.includes('Recording to'); waited += 100) {
      if (waited > 30_000 || child.exitCode !== null) throw new Error(`recorder: ${out}`);
      await sleep(100);
    }
    await sleep(1500);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    const journal = await readJournal(path);
    expect(journal.ticks.length).toBeGreaterThan(3);
    expect(out).toContain(`Recorded ${journal.ticks.length} ticks (`);
  });

  it('says at once that a directory it may not write is not writable (as nobody)', async () => {
    const locked = mkdtempSync(join(dir, 'locked-'));
    chmodSync(locked, 0o755);
    const out = await runChild([
      ...NOBODY,
      ...RECORD,
      '--duration',
      '5',
      '--out',
      join(locked, 'x.sfj'),
    ]);
    expect(out.code).toBe(1);
    expect(out.stderr.trim()).toBe(
      `subflow: cannot write the journal ${join(locked, 'x.sfj')}: permission denied; choose a directory you can write to`,
    );
    const sessions = await runChild([...NOBODY, ...RECORD, '--duration', '5'], {
      env: { XDG_DATA_HOME: locked },
    });
    expect(sessions.code).toBe(1);
    expect(sessions.stderr.trim()).toBe(
      `subflow: cannot create the sessions directory ${join(locked, 'subflow/sessions')}: permission denied; set XDG_DATA_HOME to a writable directory`,
    );
  });

  it('refuses --out onto a device, a FIFO or a symbolic link, leaving each as it was', async () => {
    const spot = mkdtempSync(join(dir, 'special-'));
    const victim = join(spot, 'victim');
    writeFileSync(victim, 'precious\n');
    execFileSync('mknod', [join(spot, 'full'), 'c', '1', '7']);
    execFileSync('mkfifo', [join(spot, 'fifo')]);
    symlinkSync(victim, join(spot, 'link'));
    const cases = [
      ['full', 'a character device'],
      ['fifo', 'a FIFO (named pipe)'],
      ['link', 'a symbolic link'],
    ] as const;
    for (const [name, kind] of cases) {
      const target = join(spot, name);
      const before = lstatSync(target);
      const out = await runChild([...RECORD, '--duration', '1', '--out', target]);
      expect(out.code).toBe(1);
      expect(out.stderr.trim()).toBe(
        `subflow: refusing to write the journal to ${target}: it is ${kind}, and Subflow writes only regular files; give the path of a new file or of a regular file to replace`,
      );
      const after = lstatSync(target);
      expect([after.ino, after.mode, after.rdev]).toEqual([before.ino, before.mode, before.rdev]);
    }
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(readdirSync(spot).sort()).toEqual(['fifo', 'full', 'link', 'victim']);
  });

  it('says which level of the sessions directory a read-only file system refuses', async () => {
    const ro = mkdtempSync(join(dir, 'ro-'));
    // A read-only tmpfs as XDG_DATA_HOME, in a mount namespace of its own (no trace).
    const out = await runChild(
      [
        ...['unshare', '--mount', '--propagation', 'private', 'sh', '-c'],
        `mount -t tmpfs -o ro sfs-ro "$0" && exec "$@"`,
        ro,
        ...RECORD,
        '--duration',
        '1',
      ],
      { env: { XDG_DATA_HOME: ro } },
    );
    expect(out.code).toBe(1);
    expect(out.stderr.trim()).toBe(
      `subflow: cannot create the sessions directory ${join(ro, 'subflow/sessions')}: read-only file system; set XDG_DATA_HOME to a writable directory`,
    );
  });

  it('stops and reports a disk that fills up during recording: error state and monitor event', async () => {
    const full = mkdtempSync(join(dir, 'tmpfs-'));
    // A session host recording into an 8 kB tmpfs, in a mount namespace of its own (no trace).
    const code = `
      const { MonitorService } = await import('./electron/monitor/monitor-service.ts');
      const { createSessionHost } = await import('./electron/host/session-host.ts');
      const monitor = new MonitorService({ netns: null, intervalMs: 100 });
      await monitor.start();
      const { host, close } = createSessionHost({ monitor, role: 'client', sessionsDir: '${full}/sessions' });
      let failed = null;
      let event = null;
      host.subscribe((p) => {
        if (p.name === 'onRecording' && p.payload.error) failed = p.payload;
        if (p.name === 'onTick') event ??= p.payload.events.find((e) => e.type === 'monitor' && /recording stopped/.test(e.message ?? '')) ?? null;
      });
      const started = await host.invoke('record:start', {});
      for (let i = 0; i < 300 && (failed === null || event === null); i++) await new Promise((r) => setTimeout(r, 100));
      const status = await host.invoke('record:status', {});
      await close();
      await monitor.stop();
      console.log(JSON.stringify({ started, failed, event, status }));`;
    const out = await runChild([
      ...['unshare', '--mount', '--propagation', 'private', 'sh', '-c'],
      `mount -t tmpfs -o size=8k sfs-full "$0" && exec "$@"`,
      full,
      ...NODE_TSX,
      '--input-type=module',
      '-e',
      code,
    ]);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const result = JSON.parse(out.stdout.trim().split('\n').at(-1) ?? '') as {
      started: { ok: boolean };
      failed: { active: boolean; error: string; session: { ticks: number } } | null;
      event: { message: string } | null;
      status: { ok: true; value: { active: boolean; error?: string } };
    };
    expect(result.started.ok).toBe(true);
    expect(result.failed?.active).toBe(false);
    expect(result.failed?.error).toMatch(
      /^recording stopped: cannot write the journal .*\.sfj: the disk is full \(ENOSPC\); free some space and record again$/,
    );
    expect(result.failed?.session.ticks).toBeGreaterThan(0);
    expect(result.event?.message).toBe(result.failed?.error);
    expect(result.status.value).toMatchObject({ active: false, error: result.failed?.error });
  });
});
