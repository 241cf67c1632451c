import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Playback, TickUpdate } from '../../../electron/contract.js';
import type { Handlers } from '../../../electron/host/host.js';
import { createPushBus } from '../../../electron/host/push-bus.js';
import { JournalWriter } from '../../../electron/session/journal/journal-writer.js';
import { PlaybackController, REPLAYING } from '../../../electron/session/playback-controller.js';
import { RecordingController } from '../../../electron/session/recording-controller.js';
import { sessionHandlers } from '../../../electron/session/session-handlers.js';
import { sessionPath } from '../../../electron/session/sessions-dir.js';
import { FakeMonitor } from './fake-monitor.js';
import { header, snapshot, T0, ticksOf } from './snapshots.js';

const dir = mkdtempSync(join(tmpdir(), 'sf-handlers-'));
const ID = '2026-11-22T05-10-00Z-lab-host-sfs-cli.sfj';
const recorded = ticksOf(
  Array.from({ length: 5 }, (_, i) => [{ token: 'a1b2c3d4', red: 1000 * i, blue: 10 }]),
  1000,
  { 2: [{ time: T0 + 1500, type: 'created', source: 'kernel', token: 'a1b2c3d4' }] },
);
const liveSnapshot = snapshot(T0 + 100_000, [{ token: 'ffffffff', red: 1, blue: 1 }]);
const liveEvents = [{ time: T0 + 99_000, type: 'closed', source: 'kernel', token: 'x' }] as const;

beforeAll(() => {
  const w = JournalWriter.open(join(dir, ID), header());
  for (const t of recorded) w.append(t);
  w.close();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function setup() {
  const monitor = new FakeMonitor(liveSnapshot);
  const bus = createPushBus();
  const ticks: TickUpdate[] = [];
  const states: Playback[] = [];
  bus.subscribe((p) => {
    if (p.name === 'onTick') ticks.push(p.payload);
    if (p.name === 'onPlayback') states.push(p.payload);
  });
  const toggled: string[] = [];
  const live: Handlers = {
    'snapshot:get': () => Promise.resolve(liveSnapshot),
    'events:list': () => Promise.resolve([...liveEvents]),
    'history:get': () => Promise.resolve({ interfaces: {}, connections: {}, subflows: {} }),
    'multipath:set': (args) => {
      toggled.push(args.interface);
      return Promise.resolve({
        interface: args.interface,
        mode: args.mode,
        endpoints: [],
        notes: [],
      });
    },
    'limits:set': () => Promise.resolve({ subflows: 2, addAddrAccepted: 2 }),
  };
  const playback = new PlaybackController({
    bus,
    live: monitor,
    resolve: (id) => sessionPath(dir, id),
  });
  const recording = new RecordingController({ monitor, sessionsDir: dir, bus });
  const h = sessionHandlers({ live, playback, recording, sessionsDir: dir });
  return { monitor, h, ticks, states, toggled, playback };
}

describe('sessionHandlers', () => {
  it('delegates to the live handlers and forwards live ticks while live', async () => {
    const { h, monitor, ticks } = setup();
    expect(await h['snapshot:get']!({})).toBe(liveSnapshot);
    expect(await h['events:list']!({})).toEqual(liveEvents);
    expect(await h['playback:get']!({})).toEqual({ mode: 'live' });
    monitor.push({ snapshot: liveSnapshot, events: [] });
    expect(ticks).toEqual([{ snapshot: liveSnapshot, events: [] }]);
  });

  it('answers from the replay while one is open and refuses live-only requests', async () => {
    const { h, monitor, ticks, states, toggled } = setup();
    const opened = await h['playback:open']!({ session: ID });
    expect(opened).toMatchObject({
      mode: 'replay',
      position: T0,
      playing: false,
      speed: 1,
      session: { id: ID, ticks: 5, startedAt: T0, endedAt: T0 + 4000, hostname: 'lab-host' },
    });
    expect(ticks).toEqual([recorded[0]]);
    monitor.push({ snapshot: liveSnapshot, events: [] });
    expect(ticks).toEqual([recorded[0]]);

    const seeked = await h['playback:seek']!({ time: T0 + 2500 });
    expect(seeked).toMatchObject({ mode: 'replay', position: T0 + 2000 });
    expect(ticks.at(-1)).toEqual(recorded[2]);
    expect(await h['snapshot:get']!({})).toEqual(recorded[2]!.snapshot);
    expect(await h['events:list']!({})).toEqual(recorded[2]!.events);
    const history = await h['history:get']!({ seconds: 10 });
    expect(history.interfaces['red-c']?.time).toEqual([T0, T0 + 1000, T0 + 2000]);

    await expect(h['multipath:set']!({ interface: 'red-c', mode: 'off' })).rejects.toMatchObject({
      code: 'unavailable',
      message: REPLAYING,
    });
    await expect(h['limits:set']!({ subflows: 1 })).rejects.toMatchObject({ code: 'unavailable' });
    expect(toggled).toEqual([]);

    expect(await h['playback:close']!({})).toEqual({ mode: 'live' });
    expect(ticks.at(-1)).toEqual({ snapshot: liveSnapshot, events: [] });
    expect(states.map((s) => s.mode)).toEqual(['replay', 'replay', 'live']);
    expect(await h['snapshot:get']!({})).toBe(liveSnapshot);
    await h['multipath:set']!({ interface: 'red-c', mode: 'off' });
    expect(toggled).toEqual(['red-c']);
  });

  it('refuses session ids that are paths or unknown', async () => {
    const { h } = setup();
    await expect(h['playback:open']!({ session: '..sfj' })).rejects.toMatchObject({
      code: 'bad-request',
      message: '"..sfj" is not a session id: pass a journal file name from sessions:list',
    });
    await expect(h['playback:open']!({ session: 'nope.sfj' })).rejects.toThrow(
      /no session "nope.sfj" in .*: pick one from sessions:list/,
    );
    await expect(h['playback:seek']!({ time: 1 })).rejects.toThrow(/no recorded session is open/);
  });

  it('lists sessions, the one being recorded first', async () => {
    const { h, monitor } = setup();
    const state = await h['record:start']!({});
    monitor.push(recorded[0]!);
    const list = await h['sessions:list']!({});
    expect(list.map((s) => s.id)).toEqual([state.session!.id, ID]);
    expect(list[0]).toMatchObject({ ticks: 1 });
    expect((await h['record:stop']!({})).active).toBe(false);
    expect((await h['record:status']!({})).session?.id).toBe(state.session!.id);
  });
});
