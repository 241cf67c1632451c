// The real privileged helper (`subflow helper --stdio`) on the lab, started the way the app
// starts it — through a pass-through `pkexec` first on PATH — and used as the app uses it:
// a RemoteHost for snapshots with kernel events, a multipath change read back with `ip`,
// refusals of what it must not do, and its end when the app closes the pipe.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PmEvent } from '../../electron/contract.js';
import { startPrivilegedHelper } from '../../electron/helper/pkexec.js';
import type { RemoteHost } from '../../electron/helper/remote-host.js';
import { holdConnections, labDown, labNamespaces } from '../../native/lab/index.js';
import { labUpFresh } from './support/lab-extras.js';

const prefix = `sfhp${process.pid % 10000}`;
const { client } = labNamespaces(prefix);
const ENTRY = fileURLToPath(new URL('../unit/helper/support/helper-entry.ts', import.meta.url));
const temp = mkdtempSync(join(tmpdir(), 'subflow-helper-it-'));
let remote: RemoteHost | null = null;

beforeAll(async () => {
  await labUpFresh({ prefix });
  const bin = join(temp, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'pkexec'), '#!/bin/sh\nexec "$@"\n');
  chmodSync(join(bin, 'pkexec'), 0o755);
  vi.stubEnv('PATH', `${bin}:${process.env.PATH ?? ''}`);
});

afterAll(async () => {
  remote?.close();
  if (remote) await remote.closed;
  vi.unstubAllEnvs();
  await labDown({ prefix });
  rmSync(temp, { recursive: true, force: true });
});

const endpointsText = () =>
  execFileSync('ip', ['-n', client, 'mptcp', 'endpoint', 'show'], { encoding: 'utf8' });

describe('the privileged helper on the lab', () => {
  it('starts through pkexec and serves privileged snapshots of the namespace it was given', async () => {
    remote = await startPrivilegedHelper({
      pkexec: 'pkexec',
      helper: [process.execPath, '--import', 'tsx', ENTRY],
      netns: client,
    });
    const snapshot = await remote.invoke('snapshot:get', {});
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    expect(snapshot.value.netns).toBe(client);
    expect(snapshot.value.privileged).toBe(true);
    expect(snapshot.value.interfaces.map((i) => i.name)).toEqual(
      expect.arrayContaining(['red-c', 'blue-c']),
    );
  });

  it('pushes ticks carrying kernel path-manager events', async () => {
    const events: PmEvent[] = [];
    const stop = remote!.subscribe((push) => {
      if (push.name === 'onTick') events.push(...push.payload.events);
    });
    const held = await holdConnections({ prefix, count: 3 });
    try {
      for (let i = 0; i < 100 && !events.some((e) => e.type === 'sub-established'); i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await held.stop();
      stop();
    }
    const established = events.filter((e) => e.type === 'sub-established');
    expect(established.length).toBeGreaterThanOrEqual(3);
    expect(established.every((e) => e.source === 'kernel')).toBe(true);
  });

  it('changes endpoints (read back with ip) and refuses what it must not do', async () => {
    const result = await remote!.invoke('multipath:set', { interface: 'blue-c', mode: 'backup' });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.mode).toBe('backup');
    expect(endpointsText()).toMatch(/203\.0\.113\.1 .*backup/);

    const bad = await remote!.invoke('multipath:set', { interface: 'blue-c; reboot', mode: 'on' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    const sessions = await remote!.invoke('record:start', {});
    expect(sessions).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(sessions.ok ? '' : sessions.error.message).toContain('sessions are kept by the app');
    expect(endpointsText()).toMatch(/203\.0\.113\.1 .*backup/);

    const back = await remote!.invoke('multipath:set', { interface: 'blue-c', mode: 'on' });
    expect(back).toMatchObject({ ok: true, value: { mode: 'on' } });
  });

  it('exits when the app closes its stdin', async () => {
    remote!.close();
    expect(await remote!.closed).toBeNull();
    expect(await remote!.invoke('snapshot:get', {})).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
    // closed === null: the helper exited with code 0 after the app closed the pipe.
    remote = null;
  });
});

describe('the helper refuses a namespace that does not exist', () => {
  it('fails to start with the reason', async () => {
    await expect(
      startPrivilegedHelper({
        pkexec: 'pkexec',
        helper: [process.execPath, '--import', 'tsx', ENTRY],
        netns: `${prefix}-nowhere`,
      }),
    ).rejects.toThrow(new RegExp(`stopped unexpectedly \\(exit 1: subflow: .*${prefix}-nowhere`));
  });
});
