import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RecordingState } from '../../../electron/contract.js';
import type { HostPush } from '../../../electron/host/host.js';
import { createPushBus } from '../../../electron/host/push-bus.js';
import { readJournal } from '../../../electron/session/journal/journal-reader.js';
import { Recorder } from '../../../electron/session/journal-recorder.js';
import { RecordingController } from '../../../electron/session/recording-controller.js';
import { listSessions } from '../../../electron/session/session-list.js';
import { FakeMonitor } from './fake-monitor.js';
import { snapshot, T0, ticksOf } from './snapshots.js';

const dir = mkdtempSync(join(tmpdir(), 'sf-recorder-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const ticks = ticksOf(
  Array.from({ length: 8 }, (_, i) => [{ token: 'a1b2c3d4', red: 100 * i, blue: 5 }]),
  1000,
  { 2: [{ time: T0 + 1900, type: 'created', source: 'kernel', token: 'a1b2c3d4' }] },
);
const sysctls = (): Record<string, string> => ({ 'net.mptcp.enabled': '1' });

describe('Recorder', () => {
  it('writes a header from the latest snapshot and every tick after start', async () => {
    const monitor = new FakeMonitor(snapshot(T0 - 1000, []));
    const path = join(dir, 'a.sfj');
    const recorder = await Recorder.start({ monitor, path, sysctls });
    for (const t of ticks) monitor.push(t);
    recorder.stop();
    monitor.push(ticks[0]!);
    const back = await readJournal(path);
    expect(back.header).toMatchObject({
      version: 1,
      hostname: 'lab-host',
      netns: 'sfs-cli',
      intervalMs: 1000,
      limits: { subflows: 8, addAddrAccepted: 8 },
      sysctls: { 'net.mptcp.enabled': '1' },
    });
    expect(back.header.writer).toMatch(/^subflow \d+\.\d+\.\d+/);
    expect(back.ticks).toEqual(ticks);
    expect(monitor.listenerCount).toBe(0);
    expect(recorder.info()).toMatchObject({ id: 'a.sfj', ticks: 8, endedAt: T0 + 7000 });
  });

  it('fails at start when the kernel has no snapshot', async () => {
    const monitor = new FakeMonitor(null);
    await expect(Recorder.start({ monitor, path: join(dir, 'b.sfj'), sysctls })).rejects.toThrow(
      /cannot start recording: the kernel could not be sampled yet/,
    );
  });
});

describe('RecordingController', () => {
  it('records into the sessions directory, pushes its state and lists the session', async () => {
    const sessions = join(dir, 'sessions');
    const monitor = new FakeMonitor(snapshot(T0, []));
    const bus = createPushBus();
    const pushed: RecordingState[] = [];
    bus.subscribe((p: HostPush) => {
      if (p.name === 'onRecording') pushed.push(p.payload);
    });
    const rec = new RecordingController({ monitor, sessionsDir: sessions, bus });
    const started = await rec.start();
    expect(started.active).toBe(true);
    expect(started.session?.id).toMatch(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ-lab-host-sfs-cli\.sfj$/);
    expect(await rec.start()).toEqual(rec.status());
    for (const t of ticks) monitor.push(t);
    const stopped = rec.stop();
    expect(stopped).toMatchObject({ active: false, session: { ticks: 8 } });
    expect(stopped.error).toBeUndefined();
    expect(pushed.map((s) => s.active)).toEqual([true, false]);

    const second = await rec.start();
    expect(second.session?.id).not.toBe(started.session?.id);
    rec.stop();
    const listed = await listSessions(sessions);
    expect(listed.map((s) => s.id).sort()).toEqual(
      [started.session?.id, second.session?.id].sort(),
    );
    const first = listed.find((s) => s.id === started.session?.id);
    expect(first).toMatchObject({ ticks: 8, endedAt: T0 + 7000, hostname: 'lab-host' });
  });

  it('says why it cannot start when the sessions directory cannot be made', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const monitor = new FakeMonitor(snapshot(T0, []));
    const bus = createPushBus();
    const pushed: RecordingState[] = [];
    bus.subscribe((p) => {
      if (p.name === 'onRecording') pushed.push(p.payload);
    });
    const rec = new RecordingController({ monitor, sessionsDir: join(file, 'sessions'), bus });
    await expect(rec.start()).rejects.toThrow(/part of that path is a file/);
    expect(pushed).toEqual([
      {
        active: false,
        session: null,
        error: expect.stringMatching(/part of that path is a file/) as unknown,
      },
    ]);
  });
});
