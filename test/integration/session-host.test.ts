// The sessions Host on the real kernel (the lab's client namespace, iperf3 running): record from
// the API, list, replay — pushes and answers come from the journal exactly, live ticks are held
// back, toggles are refused — then back to live; a replay kept to the viewer that opened it; and
// the replay-only host of `serve --replay`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Playback, RecordingState, SessionInfo, TickUpdate } from '../../electron/contract.js';
import type { HostPush } from '../../electron/host/host.js';
import { MonitorService } from '../../electron/monitor/monitor-service.js';
import { readJournal } from '../../electron/session/journal/journal-reader.js';
import type { JournalContents } from '../../electron/session/journal/journal-types.js';
import { REPLAYING } from '../../electron/session/playback-controller.js';
import { createReplayHost, createSessionHost } from '../../electron/host/session-host.js';
import type { ClosableHost } from '../../electron/host/session-host.js';
import { firstTickWithData } from '../../electron/session/replay-cursor.js';
import { labDown, listNamespaces } from '../../native/lab/index.js';
import { labUpFresh, startIperf } from './support/lab-extras.js';
import type { RunningIperf } from './support/lab-extras.js';

const root = process.getuid?.() === 0;
const prefix = `sfs${process.pid % 10000}`;
const dir = mkdtempSync(join(tmpdir(), 'sfs-host-'));

async function value<T>(result: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>) {
  const r = await result;
  if (!r.ok) throw new Error(`request failed: ${JSON.stringify(r.error)}`);
  return r.value;
}

describe.skipIf(!root)('sessions host on the real kernel', () => {
  let monitor: MonitorService;
  let session: ClosableHost | null = null;
  let iperf: RunningIperf | null = null;
  const ticks: TickUpdate[] = [];
  const playbacks: Playback[] = [];
  const recordings: RecordingState[] = [];
  let info: SessionInfo;
  let journal: JournalContents;

  beforeAll(async () => {
    await labUpFresh({ prefix });
    // A value only the lab's namespace has, to see the header read its sysctls, not ours.
    execFileSync('ip', [
      'netns',
      'exec',
      `${prefix}-cli`,
      'sysctl',
      '-q',
      'net.mptcp.add_addr_timeout=77',
    ]);
    iperf = await startIperf(prefix, { seconds: 30 });
    monitor = new MonitorService({ netns: `${prefix}-cli`, intervalMs: 200 });
    await monitor.start();
    session = createSessionHost({ monitor, role: 'client', sessionsDir: join(dir, 'sessions') });
    session.host.subscribe((p: HostPush) => {
      if (p.name === 'onTick') ticks.push(p.payload);
      if (p.name === 'onPlayback') playbacks.push(p.payload);
      if (p.name === 'onRecording') recordings.push(p.payload);
    });
  });
  afterAll(async () => {
    await session?.close();
    await monitor.stop();
    await iperf?.stop();
    await labDown({ prefix });
    rmSync(dir, { recursive: true, force: true });
  });

  it('records from the API and lists the session', async () => {
    const { host } = session!;
    const started = await value(host.invoke('record:start', {}));
    expect(started.active).toBe(true);
    await sleep(2500);
    const stopped = await value(host.invoke('record:stop', {}));
    expect(stopped.active).toBe(false);
    expect(stopped.session!.ticks).toBeGreaterThan(5);
    expect(recordings.map((r) => r.active)).toEqual([true, false]);
    const list = await value(host.invoke('sessions:list', {}));
    info = list.find((s) => s.id === stopped.session!.id)!;
    expect(info).toMatchObject({ ticks: stopped.session!.ticks, netns: `${prefix}-cli` });
    journal = await readJournal(info.path);
    expect(journal.ticks).toHaveLength(info.ticks);
    expect(journal.ticks.some((t) => t.snapshot.connections.length > 0)).toBe(true);
    expect(journal.header.sysctls['net.mptcp.enabled']).toBe('1');
    expect(journal.header.sysctls['net.mptcp.add_addr_timeout']).toBe('77');
  });

  it('replays it: pushes and answers are the recorded ticks, toggles refused', async () => {
    const { host } = session!;
    const before = ticks.length;
    const opened = await value(host.invoke('playback:open', { session: info.id }));
    expect(opened).toMatchObject({
      mode: 'replay',
      playing: false,
      position: journal.ticks[0]!.snapshot.time,
    });
    expect(await value(host.invoke('snapshot:get', {}))).toEqual(journal.ticks[0]!.snapshot);

    const third = journal.ticks[3]!;
    await value(host.invoke('playback:seek', { time: third.snapshot.time }));
    expect(await value(host.invoke('snapshot:get', {}))).toEqual(third.snapshot);
    const history = await value(host.invoke('history:get', { seconds: 60 }));
    expect(history.interfaces['red-c']?.time).toEqual(
      journal.ticks.slice(0, 4).map((t) => t.snapshot.time),
    );

    const refused = await host.invoke('multipath:set', { interface: 'red-c', mode: 'off' });
    expect(refused).toEqual({ ok: false, error: { code: 'unavailable', message: REPLAYING } });
    const limits = await host.invoke('limits:set', { subflows: 1 });
    expect(limits).toEqual({ ok: false, error: { code: 'unavailable', message: REPLAYING } });

    await value(host.invoke('playback:play', { playing: true, speed: 4 }));
    const playing = (): boolean => {
      const p = playbacks.at(-1);
      return p?.mode === 'replay' && p.playing;
    };
    for (let i = 0; i < 100 && playing(); i++) await sleep(100);
    // A live tick already on its way when playback:open ran may arrive first (it is later than
    // the journal's end); after the replay's first tick, no live tick may come in between.
    const journalEnd = journal.ticks.at(-1)!.snapshot.time;
    const firstReplayed = ticks.findIndex((t, i) => i >= before && t.snapshot.time <= journalEnd);
    const pushed = ticks.slice(firstReplayed);
    // Opened at tick 0, sought to 3, then played 4… to the end.
    expect(pushed).toEqual([journal.ticks[0], ...journal.ticks.slice(3)]);
    expect(playbacks.at(-1)).toMatchObject({ mode: 'replay', playing: false });

    expect(await value(host.invoke('playback:close', {}))).toEqual({ mode: 'live' });
    const end = journal.ticks.at(-1)!.snapshot.time;
    const live = ticks.length;
    await sleep(600);
    expect(ticks.slice(live).every((t) => t.snapshot.time > end)).toBe(true);
    expect(ticks.length).toBeGreaterThan(live);
    expect((await value(host.invoke('snapshot:get', {}))).time).toBeGreaterThan(end);
  });

  it('keeps a replay to the viewer that opened it: the other viewer stays live', async () => {
    const { host } = session!;
    const other = session!.viewer!();
    const otherTicks: TickUpdate[] = [];
    const off = other.host.subscribe((p: HostPush) => {
      if (p.name === 'onTick') otherTicks.push(p.payload);
    });
    const end = journal.ticks.at(-1)!.snapshot.time;
    const states = playbacks.length;
    try {
      const opened = await value(other.host.invoke('playback:open', { session: info.id }));
      expect(opened).toMatchObject({ mode: 'replay', session: { id: info.id } });
      const first = journal.ticks[firstTickWithData(journal.ticks)]!;
      expect(await value(other.host.invoke('snapshot:get', {}))).toEqual(first.snapshot);
      const refused = await other.host.invoke('multipath:set', { interface: 'red-c', mode: 'off' });
      expect(refused).toEqual({ ok: false, error: { code: 'unavailable', message: REPLAYING } });

      const live = ticks.length;
      const replayed = otherTicks.length;
      await sleep(800);
      // The first viewer: live ticks go on, no replay state reached it, it is still live.
      expect(ticks.length).toBeGreaterThan(live);
      expect(ticks.slice(live).every((t) => t.snapshot.time > end)).toBe(true);
      expect(playbacks.length).toBe(states);
      expect(await value(host.invoke('playback:get', {}))).toEqual({ mode: 'live' });
      expect((await value(host.invoke('snapshot:get', {}))).time).toBeGreaterThan(end);
      // The replaying viewer: no live tick after its replay began (it is paused).
      expect(otherTicks.slice(replayed)).toEqual([]);
      expect(otherTicks.at(-1)).toEqual(first);
    } finally {
      off();
      await other.close();
    }
    // Closed with its client: its replay and its live subscription are gone.
    const after = otherTicks.length;
    await sleep(500);
    expect(otherTicks.length).toBe(after);
  });

  it('serves one journal alone for serve --replay', async () => {
    const replay = await createReplayHost(info.path);
    const { host } = replay;
    try {
      expect(await value(host.invoke('snapshot:get', {}))).toEqual(journal.ticks[0]!.snapshot);
      expect(await value(host.invoke('sessions:list', {}))).toEqual([
        { ...info, startedAt: journal.header.startedAt },
      ]);
      const toggle = await host.invoke('multipath:set', { interface: 'red-c', mode: 'off' });
      expect(toggle.ok).toBe(false);
      expect(!toggle.ok && toggle.error.code).toBe('unavailable');
      expect(!toggle.ok && toggle.error.message).toContain('there is no live kernel');
      const record = await host.invoke('record:start', {});
      expect(!record.ok && record.error.code).toBe('unavailable');
      await value(host.invoke('playback:seek', { time: journal.ticks.at(-1)!.snapshot.time }));
      expect(await value(host.invoke('snapshot:get', {}))).toEqual(journal.ticks.at(-1)!.snapshot);
    } finally {
      await replay.close();
    }
  });

  it('leaves no namespace of its own behind', async () => {
    await labDown({ prefix });
    expect((await listNamespaces()).filter((n) => n.startsWith(`${prefix}-`))).toEqual([]);
  });
});
