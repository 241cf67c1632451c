// The window's preload: exposes `window.subflow` — the contract's SubflowApi, `invoke` and `on`,
// nothing else — checking every name against the contract's lists before anything is sent or
// subscribed. It runs sandboxed, so it is bundled to one CommonJS file (see build/README.md).
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { PUSH_NAMES, REQUEST_NAMES } from './contract.js';
import type { Pushes, Result, SubflowApi } from './contract.js';
import { INVOKE_CHANNEL, PUSH_CHANNEL } from './shell/ipc-channels.js';

const requests: ReadonlySet<string> = new Set(REQUEST_NAMES);
const pushes: ReadonlySet<string> = new Set(PUSH_NAMES);
const shown = (name: unknown) => JSON.stringify(String(name).slice(0, 40));

const api: SubflowApi = {
  invoke(name, args) {
    if (!requests.has(name)) {
      const message = `unknown request ${shown(name)} was not sent; known: ${REQUEST_NAMES.join(', ')}`;
      return Promise.resolve({ ok: false, error: { code: 'bad-request', message } });
    }
    return ipcRenderer.invoke(INVOKE_CHANNEL, name, args) as Promise<Result<never>>;
  },
  on(name, listener) {
    if (!pushes.has(name)) {
      throw new TypeError(`unknown push ${shown(name)}; use one of ${PUSH_NAMES.join(', ')}`);
    }
    // The IPC event (and its `sender`) never reaches the page: only the payload does.
    const relay = (_event: IpcRendererEvent, pushName: unknown, payload: unknown) => {
      if (pushName === name) listener(payload as Pushes[typeof name]);
    };
    ipcRenderer.on(PUSH_CHANNEL, relay);
    return () => {
      ipcRenderer.removeListener(PUSH_CHANNEL, relay);
    };
  },
};

contextBridge.exposeInMainWorld('subflow', api);
