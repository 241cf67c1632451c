import { beforeEach, describe, expect, it } from 'vitest';
import type { MultipathResult, RateHistory } from '../../../electron/contract.js';
import { subflowKey } from '../../../renderer/src/store/keys.js';
import { resetSubflowStore, useSubflowStore } from '../../../renderer/src/store/store.js';
import {
  LONG_WINDOW_MS,
  MAX_EVENTS,
  SHORT_SERIES_POINTS,
  VANISHED_AFTER_MS,
} from '../../../renderer/src/store/tick.js';
import { createFakeApi, ok } from '../support/fake-api.js';
import { connection, event, iface, snapshot, T0, tick } from '../support/fixtures.js';

const store = () => useSubflowStore.getState();

/** Lets pending promise callbacks run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  localStorage.clear();
  resetSubflowStore();
});

describe('applyTick', () => {
  it('changes the store with exactly one set() per tick', () => {
    let notified = 0;
    const off = useSubflowStore.subscribe(() => {
      notified += 1;
    });
    for (let i = 0; i < 5; i += 1) store().applyTick(tick(T0 + i * 1000, {}, [event(T0 + i)]));
    off();
    expect(notified).toBe(5);
    expect(store().snapshot?.time).toBe(T0 + 4000);
  });

  it('prepends events newest first and keeps at most MAX_EVENTS', () => {
    store().applyTick(tick(T0, {}, [event(T0 - 2, 'created'), event(T0 - 1, 'established')]));
    expect(store().events.map((e) => e.type)).toEqual(['established', 'created']);
    const many = Array.from({ length: MAX_EVENTS + 20 }, (_, i) => event(T0 + i));
    store().applyTick(tick(T0 + 1000, {}, many));
    expect(store().events).toHaveLength(MAX_EVENTS);
    expect(store().events[0]?.time).toBe(T0 + MAX_EVENTS + 19);
  });

  it('bounds interface series to 10 minutes and connection series to 120 points', () => {
    const ticks = LONG_WINDOW_MS / 1000 + 30;
    for (let i = 0; i < ticks; i += 1) store().applyTick(tick(T0 + i * 1000));
    const red = store().interfaceSeries['red-c']!;
    expect(red.time[red.time.length - 1]! - red.time[0]!).toBeLessThanOrEqual(LONG_WINDOW_MS);
    expect(red.time.length).toBe(LONG_WINDOW_MS / 1000 + 1);
    expect(red.tx[0]).toBe(5_000_000);
    expect(store().connectionSeries['0a0b0c0d']!.time).toHaveLength(SHORT_SERIES_POINTS);
    const c = connection('0a0b0c0d');
    const key = subflowKey('0a0b0c0d', c.subflows[0]!);
    expect(store().subflowSeries[key]!.time).toHaveLength(SHORT_SERIES_POINTS);
  });

  it('keeps 10 minutes of subflow series for the expanded connection', () => {
    store().setExpanded('0a0b0c0d'); // no api: the history fetch fails quietly into a notice
    for (let i = 0; i < 300; i += 1) store().applyTick(tick(T0 + i * 1000));
    const key = subflowKey('0a0b0c0d', connection('0a0b0c0d').subflows[1]!);
    expect(store().subflowSeries[key]!.time).toHaveLength(300);
  });

  it('drops the series of vanished entities after 60 s', () => {
    store().applyTick(tick(T0));
    const gone = { connections: [], interfaces: [iface('red-c')] };
    store().applyTick(tick(T0 + 1000, gone));
    expect(store().interfaceSeries['blue-c']).toBeDefined();
    expect(store().connectionSeries['0a0b0c0d']).toBeDefined();
    store().applyTick(tick(T0 + VANISHED_AFTER_MS, gone));
    expect(store().connectionSeries['0a0b0c0d']).toBeDefined();
    store().applyTick(tick(T0 + VANISHED_AFTER_MS + 1001, gone));
    expect(store().interfaceSeries['blue-c']).toBeUndefined();
    expect(store().connectionSeries['0a0b0c0d']).toBeUndefined();
    expect(Object.keys(store().subflowSeries)).toEqual([]);
    expect(Object.keys(store().interfaceSeries)).toEqual(['red-c']);
  });

  it('clears a pending toggle when a tick shows the requested mode', () => {
    useSubflowStore.setState({ pending: { 'blue-c': 'backup', 'red-c': 'on' } });
    store().applyTick(tick(T0)); // blue-c is 'on', red-c 'off': both still pending
    expect(store().pending).toEqual({ 'blue-c': 'backup', 'red-c': 'on' });
    store().applyTick(
      tick(T0 + 1000, { interfaces: [iface('red-c'), iface('blue-c', { multipath: 'backup' })] }),
    );
    expect(store().pending).toEqual({ 'red-c': 'on' });
  });
});

describe('setMultipath', () => {
  const result: MultipathResult = {
    interface: 'blue-c',
    mode: 'backup',
    endpoints: [],
    notes: ['backup: new subflows on blue-c are used only when others fail'],
  };

  it('sets pending, invokes multipath:set, then stores the notes and the read-back mode', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const api = createFakeApi({
      'multipath:set': async () => {
        await gate;
        return ok(result);
      },
    });
    useSubflowStore.setState({ api, snapshot: snapshot(T0) });
    const done = store().setMultipath('blue-c', 'backup');
    expect(store().pending).toEqual({ 'blue-c': 'backup' });
    expect(api.calls).toEqual([
      { name: 'multipath:set', args: { interface: 'blue-c', mode: 'backup' } },
    ]);
    release();
    await done;
    expect(store().pending).toEqual({});
    expect(store().toggleNotes['blue-c']).toEqual(result.notes);
    expect(store().snapshot?.interfaces.find((i) => i.name === 'blue-c')?.multipath).toBe('backup');
  });

  it('stores the error sentence and clears pending when the host refuses', async () => {
    const api = createFakeApi({
      'multipath:set': () => ({
        ok: false,
        error: { code: 'permission', message: 'Changing endpoints needs CAP_NET_ADMIN.' },
      }),
    });
    useSubflowStore.setState({ api, toggleNotes: { 'blue-c': ['old'] } });
    await store().setMultipath('blue-c', 'off');
    expect(store().pending).toEqual({});
    expect(store().toggleErrors).toEqual({ 'blue-c': 'Changing endpoints needs CAP_NET_ADMIN.' });
  });

  it('says it is not connected when there is no api', async () => {
    await store().setMultipath('blue-c', 'on');
    expect(store().toggleErrors['blue-c']).toMatch(/Not connected/);
  });
});

describe('attach and load', () => {
  const history: RateHistory = {
    interfaces: { 'red-c': { time: [T0 - 2000, T0 - 1000], rx: [1, 2], tx: [3, 4] } },
    connections: {},
    subflows: {},
  };

  it('loads snapshot, events, history, recording, playback and monitor state', async () => {
    const api = createFakeApi({
      'snapshot:get': () => ok(snapshot(T0)),
      'events:list': () => ok([event(T0 - 5, 'created'), event(T0 - 4, 'established')]),
      'history:get': () => ok(history),
      'record:status': () => ok({ active: false, session: null }),
      'playback:get': () => ok({ mode: 'live' as const }),
      'monitor:configure': () => ok({ intervalMs: 1000, paused: false }),
    });
    const detach = store().attach(api);
    await settle();
    expect(api.calls.map((c) => c.name).sort()).toEqual([
      'events:list',
      'history:get',
      'monitor:configure',
      'playback:get',
      'record:status',
      'snapshot:get',
    ]);
    expect(store().snapshot?.time).toBe(T0);
    expect(store().events.map((e) => e.type)).toEqual(['established', 'created']);
    expect(store().interfaceSeries['red-c']?.time).toEqual([T0 - 2000, T0 - 1000, T0]);
    expect(store().recording).toEqual({ active: false, session: null });
    expect(store().monitor).toEqual({ intervalMs: 1000, paused: false });
    expect(store().notice).toBeNull();

    api.push('onTick', tick(T0 + 1000));
    expect(store().snapshot?.time).toBe(T0 + 1000);
    detach();
    expect(api.listenerCount('onTick')).toBe(0);
    expect(store().api).toBeNull();
  });

  it('marks requests the host does not offer as unavailable instead of raising a notice', async () => {
    const api = createFakeApi({ 'snapshot:get': () => ok(snapshot(T0)) });
    store().attach(api);
    await settle();
    expect(store().unavailable['record:status']).toMatch(/not offered/);
    expect(store().notice).toBeNull();
  });

  it('fills the expanded connection subflow series from history:get {connection}', async () => {
    const c = connection('0a0b0c0d');
    const key = subflowKey('0a0b0c0d', c.subflows[0]!);
    const times = Array.from({ length: 300 }, (_, i) => T0 - 300_000 + i * 1000);
    const api = createFakeApi({
      'history:get': (args) =>
        ok({
          interfaces: {},
          connections: {},
          subflows:
            args.connection === '0a0b0c0d'
              ? { [key]: { time: times, rx: times.map(() => 0), tx: times.map(() => 9) } }
              : {},
        }),
    });
    useSubflowStore.setState({ api });
    store().setExpanded('0a0b0c0d');
    await settle();
    expect(api.calls).toEqual([
      { name: 'history:get', args: { seconds: 600, connection: '0a0b0c0d' } },
    ]);
    expect(store().subflowSeries[key]?.time).toHaveLength(300);
  });

  it('empties and reloads when the host switches to a replay', async () => {
    const session = {
      id: 's1.jsonl',
      path: '/tmp/s1.jsonl',
      startedAt: T0 - 60_000,
      endedAt: T0,
      ticks: 60,
      bytes: 1000,
      hostname: 'lab-host',
      netns: null,
    };
    const api = createFakeApi({ 'snapshot:get': () => ok(snapshot(T0 - 60_000)) });
    store().attach(api);
    await settle();
    store().applyTick(tick(T0 + 5000));
    const before = api.calls.length;
    api.push('onPlayback', {
      mode: 'replay',
      session,
      position: T0 - 60_000,
      playing: false,
      speed: 1,
    });
    expect(store().playback.mode).toBe('replay');
    expect(store().interfaceSeries).toEqual({});
    await settle();
    expect(api.calls.length).toBeGreaterThan(before);
    expect(store().snapshot?.time).toBe(T0 - 60_000);
  });
});

describe('settings', () => {
  it('are remembered across a reload of the page', () => {
    store().setSettings({ units: 'bytes', windowSeconds: 300 });
    resetSubflowStore();
    expect(store().settings).toEqual({ units: 'bytes', windowSeconds: 300 });
  });
});
