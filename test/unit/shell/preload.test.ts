// The preload exposes exactly `invoke` and `on`, checks names against the contract before
// sending or subscribing, and never hands the IPC event to the page. Tested twice: the source
// against a stand-in `electron` module, and the CommonJS bundle the window really loads, run
// with nothing but require('electron') available, as in Electron's preload sandbox.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SubflowApi } from '../../../electron/contract.js';
import { INVOKE_CHANNEL, PUSH_CHANNEL } from '../../../electron/shell/ipc-channels.js';

type Relay = (event: unknown, name: unknown, payload: unknown) => void;

function fakeElectron() {
  const exposed = new Map<string, unknown>();
  const listeners = new Map<string, Set<Relay>>();
  const invoked: unknown[][] = [];
  return {
    exposed,
    listeners,
    invoked,
    module: {
      contextBridge: {
        exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api),
      },
      ipcRenderer: {
        invoke: (...args: unknown[]) => {
          invoked.push(args);
          return Promise.resolve({ ok: true, value: 'from main' });
        },
        on: (channel: string, l: Relay) => {
          let set = listeners.get(channel);
          if (!set) listeners.set(channel, (set = new Set()));
          set.add(l);
        },
        removeListener: (channel: string, l: Relay) => listeners.get(channel)?.delete(l),
      },
    },
  };
}

const electron = vi.hoisted(() => ({
  current: null as unknown as ReturnType<typeof fakeElectron>,
}));
vi.mock('electron', () => ({ ...electron.current.module, default: electron.current.module }));

/** Checks one exposed API as the renderer would use it. */
async function exercise(fake: ReturnType<typeof fakeElectron>): Promise<void> {
  expect([...fake.exposed.keys()]).toEqual(['subflow']);
  const api = fake.exposed.get('subflow') as SubflowApi;
  expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);

  expect(await api.invoke('snapshot:get', {})).toEqual({ ok: true, value: 'from main' });
  expect(fake.invoked).toEqual([[INVOKE_CHANNEL, 'snapshot:get', {}]]);
  const refused = await api.invoke('fs:read' as 'snapshot:get', {});
  expect(refused).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  expect(refused.ok ? '' : refused.error.message).toContain('was not sent');
  expect(fake.invoked).toHaveLength(1);

  const got: unknown[] = [];
  const off = api.on('onRecording', (payload) => got.push(payload));
  const relays = fake.listeners.get(PUSH_CHANNEL)!;
  expect(relays.size).toBe(1);
  const event = { sender: 'the IPC event must not reach the page' };
  for (const relay of relays) {
    relay(event, 'onTick', { tick: true });
    relay(event, 'onRecording', { active: true });
  }
  expect(got).toEqual([{ active: true }]);
  off();
  expect(relays.size).toBe(0);

  expect(() => api.on('onEverything' as 'onTick', () => undefined)).toThrow(/unknown push/);
  expect(fake.listeners.get(PUSH_CHANNEL)?.size ?? 0).toBe(0);
  expect([...fake.listeners.keys()]).toEqual([PUSH_CHANNEL]);
}

describe('electron/preload.ts', () => {
  beforeEach(() => {
    electron.current = fakeElectron();
    vi.resetModules();
  });

  it('exposes exactly invoke and on, checked against the contract', async () => {
    await import('../../../electron/preload.js');
    await exercise(electron.current);
  });
});

describe('the preload bundle (dist/electron/preload.cjs)', () => {
  const out = mkdtempSync(join(tmpdir(), 'subflow-preload-'));
  afterAll(() => {
    rmSync(out, { recursive: true, force: true });
  });

  it('is one CommonJS file that needs only require("electron") and works in a bare context', async () => {
    const { build } = await import('vite');
    await build({
      configFile: join(import.meta.dirname, '..', '..', '..', 'build', 'preload.vite.config.mjs'),
      build: { outDir: out },
      logLevel: 'silent',
    });
    const code = readFileSync(join(out, 'preload.cjs'), 'utf8');
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
    const required: string[] = [];
    const fake = fakeElectron();
    const module = { exports: {} };
    runInNewContext(code, {
      require: (id: string) => {
        required.push(id);
        if (id !== 'electron') throw new Error(`a sandboxed preload cannot require ${id}`);
        return fake.module;
      },
      module,
      exports: module.exports,
      Promise,
    });
    expect(required).toEqual(['electron']);
    await exercise(fake);
  });
});
