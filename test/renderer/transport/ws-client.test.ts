import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StreamInvokeMessage } from '../../../electron/contract.js';
import { backoffDelay } from '../../../renderer/src/transport/backoff.js';
import type { ConnectionStatus } from '../../../renderer/src/transport/connection-status.js';
import { createWsApi } from '../../../renderer/src/transport/ws-client.js';
import { tick, T0 } from '../support/fixtures.js';
import { fakeSocketClass } from './fake-socket.js';
import type { FakeSocketClass } from './fake-socket.js';

const URL_ = 'ws://127.0.0.1:7070/api/stream';
let Socket: FakeSocketClass;

const last = () => Socket.instances[Socket.instances.length - 1]!;
const sentMessages = (i = Socket.instances.length - 1) =>
  Socket.instances[i]!.sent.map((t) => JSON.parse(t) as StreamInvokeMessage);

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
  Socket = fakeSocketClass();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('invoke', () => {
  it('queues until open, sends wire messages, and matches answers by id in any order', async () => {
    const api = createWsApi(URL_, { WebSocket: Socket });
    expect(last().url).toBe(URL_);
    const a = api.invoke('snapshot:get', {});
    const b = api.invoke('events:list', { since: 5 });
    expect(last().sent).toEqual([]);
    last().open();
    const [m1, m2] = sentMessages();
    expect(m1).toEqual({ type: 'invoke', id: m1!.id, name: 'snapshot:get', args: {} });
    expect(m2).toMatchObject({ type: 'invoke', name: 'events:list', args: { since: 5 } });
    last().receive({ type: 'result', id: m2!.id, result: { ok: true, value: [] } });
    last().receive({
      type: 'result',
      id: m1!.id,
      result: { ok: false, error: { code: 'kernel', message: 'no snapshot yet' } },
    });
    expect(await b).toEqual({ ok: true, value: [] });
    expect(await a).toEqual({ ok: false, error: { code: 'kernel', message: 'no snapshot yet' } });
    api.close();
  });

  it('answers a clear ApiError when no answer comes within 15 s', async () => {
    const api = createWsApi(URL_, { WebSocket: Socket });
    last().open();
    const answer = api.invoke('multipath:set', { interface: 'blue-c', mode: 'off' });
    vi.advanceTimersByTime(14_999);
    let done = false;
    void answer.then(() => {
      done = true;
    });
    await Promise.resolve();
    expect(done).toBe(false);
    vi.advanceTimersByTime(1);
    const result = await answer;
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('unavailable');
      expect(result.error.message).toMatch(/multipath:set got no answer .* within 15 s/);
    }
    api.close();
  });

  it('fails invokes already sent when the link drops, and sends queued ones after reconnecting', async () => {
    const api = createWsApi(URL_, { WebSocket: Socket, random: () => 0.5 });
    last().open();
    const inFlight = api.invoke('record:start', {});
    last().serverClose(1006);
    const queued = api.invoke('snapshot:get', {});
    const dropped = await inFlight;
    expect(dropped.ok).toBe(false);
    if (!dropped.ok) expect(dropped.error.message).toMatch(/dropped before record:start/);
    vi.advanceTimersByTime(500);
    expect(Socket.instances).toHaveLength(2);
    last().open();
    const [m] = sentMessages();
    expect(m?.name).toBe('snapshot:get');
    last().receive({ type: 'result', id: m!.id, result: { ok: true, value: 1 } });
    expect(await queued).toEqual({ ok: true, value: 1 });
    api.close();
  });
});

describe('server messages', () => {
  it('delivers valid pushes and ignores and counts malformed messages, never throwing', () => {
    const api = createWsApi(URL_, { WebSocket: Socket });
    last().open();
    const ticks: number[] = [];
    const off = api.on('onTick', (u) => ticks.push(u.snapshot.time));
    const bad = [
      'not json',
      '[1,2]',
      { type: 'hello' },
      { type: 'push', name: 'onNothing', payload: {} },
      { type: 'push', name: 'onTick', payload: { snapshot: { time: 'x' }, events: [] } },
      { type: 'result', id: 999, result: { ok: true, value: 1 } },
      {
        type: 'result',
        id: null,
        result: { ok: false, error: { code: 'bad-request', message: 'x' } },
      },
      { type: 'result', id: 1, result: { ok: 'maybe' } },
    ];
    for (const message of bad)
      expect(() => {
        last().receive(message);
      }).not.toThrow();
    expect(api.malformedMessages).toBe(bad.length);
    last().receive({ type: 'push', name: 'onTick', payload: tick(T0) });
    expect(ticks).toEqual([T0]);
    off();
    last().receive({ type: 'push', name: 'onTick', payload: tick(T0 + 1000) });
    expect(ticks).toEqual([T0]);
    api.close();
  });

  it('keeps delivering when one listener throws', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const api = createWsApi(URL_, { WebSocket: Socket });
    last().open();
    const seen: boolean[] = [];
    api.on('onRecording', () => {
      throw new Error('boom');
    });
    api.on('onRecording', (r) => seen.push(r.active));
    last().receive({ type: 'push', name: 'onRecording', payload: { active: true, session: null } });
    expect(seen).toEqual([true]);
    expect(error).toHaveBeenCalledOnce();
    api.close();
  });
});

describe('reconnecting', () => {
  it('backs off 0.5 s, 1 s, 2 s … up to 10 s, reports each wait, and starts over after an open', () => {
    const statuses: ConnectionStatus[] = [];
    const api = createWsApi(URL_, { WebSocket: Socket, random: () => 0.5 });
    api.onStatus((s) => statuses.push(s));
    expect(statuses).toEqual([{ kind: 'connecting' }]);
    last().open();
    expect(api.status).toEqual({ kind: 'open' });
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 7; attempt += 1) {
      last().serverClose(1006);
      const status = api.status;
      expect(status.kind).toBe('reconnecting');
      if (status.kind !== 'reconnecting') return;
      expect(status.attempt).toBe(attempt);
      expect(status.reason).toMatch(/connection dropped/);
      const delay = status.retryAt - Date.now();
      delays.push(delay);
      const before = Socket.instances.length;
      vi.advanceTimersByTime(delay - 1);
      expect(Socket.instances).toHaveLength(before);
      vi.advanceTimersByTime(1);
      expect(Socket.instances).toHaveLength(before + 1);
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
    last().open();
    last().serverClose(1001);
    const status = api.status;
    expect(status.kind === 'reconnecting' && status.attempt).toBe(1);
    expect(status.kind === 'reconnecting' && status.reason).toMatch(/restarting or shutting down/);
    api.close();
  });

  it('spreads delays by ±20 % and never above 10 s', () => {
    expect(backoffDelay(1, 0)).toBe(400);
    expect(backoffDelay(1, 0.999)).toBe(600);
    expect(backoffDelay(3, 0)).toBe(1600);
    expect(backoffDelay(20, 0.999)).toBe(10_000);
    expect(backoffDelay(20, 0)).toBe(8000);
  });

  it('stops retrying when the server refuses the page’s token', async () => {
    const checkAccess = vi.fn(() => Promise.resolve('open the URL it printed'));
    const api = createWsApi(URL_, { WebSocket: Socket, checkAccess });
    last().serverClose(1006);
    await vi.runAllTimersAsync();
    expect(checkAccess).toHaveBeenCalledOnce();
    expect(api.status).toEqual({ kind: 'failed', reason: 'open the URL it printed' });
    expect(Socket.instances).toHaveLength(1);
    api.close();
  });

  it('close() ends the link for good and fails what waits', async () => {
    const api = createWsApi(URL_, { WebSocket: Socket });
    const waiting = api.invoke('snapshot:get', {});
    api.close();
    expect(last().closedWith?.code).toBe(1000);
    const result = await waiting;
    expect(result.ok).toBe(false);
    await vi.runAllTimersAsync();
    expect(Socket.instances).toHaveLength(1);
    const after = await api.invoke('snapshot:get', {});
    expect(after.ok).toBe(false);
  });
});
