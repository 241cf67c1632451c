import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readHeaderSysctls } from '../../../electron/session/mptcp-sysctls.js';
import { listSessions } from '../../../electron/session/session-list.js';
import {
  defaultSessionsDir,
  ensureSessionsDir,
  isSessionFile,
  sessionFileName,
} from '../../../electron/session/sessions-dir.js';
import { sessionIdSchema } from '../../../electron/validation.js';
import { snapshot, T0 } from './snapshots.js';

const dir = mkdtempSync(join(tmpdir(), 'sf-dir-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the sessions directory', () => {
  it('follows XDG_DATA_HOME, else ~/.local/share, and ignores a relative XDG_DATA_HOME', () => {
    expect(defaultSessionsDir({ XDG_DATA_HOME: '/data', HOME: '/home/a' })).toBe(
      '/data/subflow/sessions',
    );
    expect(defaultSessionsDir({ HOME: '/home/a' })).toBe('/home/a/.local/share/subflow/sessions');
    expect(defaultSessionsDir({ XDG_DATA_HOME: 'rel', HOME: '/home/a' })).toBe(
      '/home/a/.local/share/subflow/sessions',
    );
  });

  it('is created owner-only', async () => {
    const made = await ensureSessionsDir(join(dir, 'a/subflow/sessions'));
    expect(statSync(made).mode & 0o777).toBe(0o700);
  });

  it('names sessions by start time, host and namespace, as valid session ids', () => {
    const name = sessionFileName(T0, 'my host/evil', 'sfs-cli');
    expect(name).toBe('2026-11-22T05-10-00Z-my-host-evil-sfs-cli.sfj');
    expect(sessionFileName(T0, '..', null, 3)).toBe('2026-11-22T05-10-00Z-x-host-3.sfj');
    expect(sessionIdSchema.safeParse(name).success).toBe(true);
    expect(isSessionFile(name)).toBe(true);
    expect(isSessionFile('../x.sfj')).toBe(false);
    expect(isSessionFile('x.txt')).toBe(false);
  });

  it('lists only readable journals', async () => {
    const sessions = join(dir, 'list');
    await ensureSessionsDir(sessions);
    writeFileSync(join(sessions, 'junk.sfj'), 'not a journal\n');
    writeFileSync(join(sessions, 'notes.txt'), 'x');
    expect(await listSessions(sessions)).toEqual([]);
    expect(await listSessions(join(dir, 'none'))).toEqual([]);
  });
});

describe('readHeaderSysctls', () => {
  it('names the files net.mptcp.* with their values trimmed', async () => {
    const read = () => Promise.resolve({ scheduler: 'default\n', enabled: '1\n' });
    expect(await readHeaderSysctls(snapshot(T0, []), read)).toEqual({
      'net.mptcp.enabled': '1',
      'net.mptcp.scheduler': 'default',
    });
  });

  it('falls back to the snapshot, saying so, when /proc/sys cannot be read', async () => {
    const read = () => Promise.reject(new Error('the kernel thread could not enter sfs-cli'));
    expect(await readHeaderSysctls(snapshot(T0, []), read)).toEqual({
      'subflow.sysctls-source':
        'from the snapshot (could not read /proc/sys/net/mptcp: the kernel thread could not enter sfs-cli)',
      'net.mptcp.enabled': '1',
      'net.mptcp.path_manager': 'kernel',
    });
  });
});
