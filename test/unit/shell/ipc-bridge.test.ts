// IPC as an adapter onto the Host: sender frames, names and arguments are checked before the
// Host sees anything; pushes go to the window while it lives.
import { describe, expect, it } from 'vitest';
import type { Result } from '../../../electron/contract.js';
import type { InvokeEvent } from '../../../electron/shell/ipc-bridge.js';
import {
  answerInvoke,
  bridgeIpc,
  forwardPushes,
  watchWindowVisibility,
} from '../../../electron/shell/ipc-bridge.js';
import { createViewerTicks } from '../../../electron/http/viewer-ticks.js';
import { EventEmitter } from 'node:events';
import { createHost } from '../../../electron/host/create-host.js';
import { createPushBus } from '../../../electron/host/push-bus.js';
import { INVOKE_CHANNEL, PUSH_CHANNEL } from '../../../electron/shell/ipc-channels.js';
import { FakeHost, SNAPSHOT } from '../server/fake-host.js';

const PAGE = 'app://subflow/index.html';

type Listener = (event: InvokeEvent, ...args: unknown[]) => Promise<Result<unknown>>;

function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  return {
    handlers,
    handle(channel: string, listener: Listener) {
      handlers.set(channel, listener);
    },
    removeHandler(channel: string) {
      handlers.delete(channel);
    },
  };
}

describe('answerInvoke', () => {
  it('runs a valid request from the app page', async () => {
    const host = new FakeHost();
    expect(await answerInvoke(host, PAGE, 'snapshot:get', {})).toEqual({
      ok: true,
      value: SNAPSHOT,
    });
    expect(host.calls).toEqual([{ name: 'snapshot:get', args: {} }]);
    expect(host.origins).toEqual(['desktop']); // Electron IPC: the desktop app
  });

  it('refuses foreign or unknown frames without reaching the Host', async () => {
    const host = new FakeHost();
    for (const sender of ['https://evil.example/', 'file:///tmp/x.html', 'app://other/', null]) {
      const result = await answerInvoke(host, sender, 'snapshot:get', {});
      expect(result).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    expect(host.calls).toEqual([]);
  });

  it('refuses unknown names and invalid arguments without reaching the Host', async () => {
    const host = new FakeHost();
    const unknown = await answerInvoke(host, PAGE, 'shell:exec', { cmd: 'id' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(unknown.ok ? '' : unknown.error.message).toContain('unknown request');
    const invalid = await answerInvoke(host, PAGE, 'multipath:set', {
      interface: 'a b',
      mode: 'on',
    });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await answerInvoke(host, PAGE, 42, {})).toMatchObject({ ok: false });
    expect(host.calls).toEqual([]);
  });

  it('turns a Host that throws into an error result', async () => {
    const host = new FakeHost();
    host.throwOnInvoke = new Error('kaput');
    expect(await answerInvoke(host, PAGE, 'snapshot:get', {})).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Error: kaput' },
    });
  });
});

describe('bridgeIpc', () => {
  it('serves one invoke channel, reads the sender frame, and logs refusals', async () => {
    const ipc = fakeIpcMain();
    const logged: string[] = [];
    const host = new FakeHost();
    const stop = bridgeIpc(ipc, host, (l) => logged.push(l));
    expect([...ipc.handlers.keys()]).toEqual([INVOKE_CHANNEL]);
    const handler = ipc.handlers.get(INVOKE_CHANNEL)!;
    expect(await handler({ senderFrame: { url: PAGE } }, 'snapshot:get', {})).toMatchObject({
      ok: true,
    });
    expect(
      await handler({ senderFrame: { url: 'https://evil.example/' } }, 'snapshot:get', {}),
    ).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    expect(await handler({ senderFrame: null }, 'snapshot:get', {})).toMatchObject({ ok: false });
    const destroyed = {
      get senderFrame(): { url: string } {
        throw new Error('Render frame was disposed');
      },
    };
    expect(await handler(destroyed, 'snapshot:get', {})).toMatchObject({ ok: false });
    expect(logged).toHaveLength(3);
    expect(host.calls).toHaveLength(1);
    stop();
    expect(ipc.handlers.size).toBe(0);
  });
});

describe('forwardPushes', () => {
  it('sends every push to the window until it is destroyed', () => {
    const host = new FakeHost();
    const sent: unknown[][] = [];
    let destroyed = false;
    const stop = forwardPushes(host, {
      send: (...args: unknown[]) => sent.push(args),
      isDestroyed: () => destroyed,
    });
    host.tick();
    destroyed = true;
    host.tick();
    expect(sent).toEqual([[PUSH_CHANNEL, 'onTick', { snapshot: SNAPSHOT, events: [] }]]);
    stop();
    expect(host.listeners.size).toBe(0);
  });
});

describe('the window as a viewer', () => {
  const tick = { name: 'onTick' as const, payload: { snapshot: SNAPSHOT, events: [] } };

  it("answers the page's viewer:visibility itself and slows the window's ticks", async () => {
    // A Host with no handler at all: the bridge answers viewer:visibility without it.
    const bus = createPushBus();
    const host = createHost({ handlers: [], pushes: bus.subscribe });
    const viewer = createViewerTicks(10_000);
    const sent: unknown[] = [];
    let now = 0;
    forwardPushes(
      host,
      { send: (_c, name) => sent.push(name), isDestroyed: () => false },
      viewer,
      () => now,
    );
    expect(await answerInvoke(host, PAGE, 'viewer:visibility', { visible: false }, viewer)).toEqual(
      { ok: true, value: { visible: false, everyMs: 10_000 } },
    );
    for (now = 0; now < 25_000; now += 1000) bus.emit(tick);
    expect(sent).toHaveLength(3); // at 0, 10 and 20 s
    bus.emit({ name: 'onRecording', payload: { active: true, session: null } });
    expect(sent.at(-1)).toBe('onRecording');
    await answerInvoke(host, PAGE, 'viewer:visibility', { visible: true }, viewer);
    bus.emit(tick);
    expect(sent.at(-1)).toBe('onTick');
    expect(
      await answerInvoke(host, PAGE, 'viewer:visibility', { visible: 'no' }, viewer),
    ).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it('slows ticks while the window is hidden or minimised', () => {
    const win = new EventEmitter();
    const viewer = createViewerTicks();
    const stop = watchWindowVisibility(win, viewer);
    win.emit('minimize');
    expect(viewer.state.visible).toBe(false);
    win.emit('restore');
    expect(viewer.state.visible).toBe(true);
    win.emit('hide');
    expect(viewer.state.visible).toBe(false);
    win.emit('show');
    expect(viewer.state.visible).toBe(true);
    stop();
    win.emit('hide');
    expect(viewer.state.visible).toBe(true);
  });
});
