// IPC as an adapter onto the Host: sender frames, names and arguments are checked before the
// Host sees anything; pushes go to the window while it lives.
import { describe, expect, it } from 'vitest';
import type { Result } from '../../../electron/contract.js';
import type { InvokeEvent } from '../../../electron/shell/ipc-bridge.js';
import { answerInvoke, bridgeIpc, forwardPushes } from '../../../electron/shell/ipc-bridge.js';
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
