// electron/main.ts against a stand-in for the `electron` module, limited to what main calls (the
// real package's index.js would try to download Electron). The Host is a FakeHost, so what is
// checked here is the wiring: window options, CSP, navigation, permissions, IPC and pushes.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../../electron/contract.js';
import { APP_CSP, APP_ENTRY } from '../../../electron/shell/app-page.js';
import { INVOKE_CHANNEL, PUSH_CHANNEL } from '../../../electron/shell/ipc-channels.js';

const fake = await vi.hoisted(async () => {
  const { createFakeElectron } = await import('./support/fake-electron.js');
  return createFakeElectron();
});

vi.mock('electron', () => ({ ...fake.module, default: fake.module }));
vi.mock('../../../electron/shell/desktop-host.js', async () => {
  const { FakeHost: Host } = await import('../server/fake-host.js');
  return {
    createDesktopHost: () => {
      fake.state.host = new Host();
      fake.state.host.responders['record:status'] = () => ({
        ok: true,
        value: { active: false, session: null },
      });
      return Promise.resolve({
        host: fake.state.host,
        source: 'a fake host',
        close: () => {
          fake.state.desktopClosed++;
          return Promise.resolve();
        },
      });
    },
  };
});

const temp = mkdtempSync(join(tmpdir(), 'subflow-main-'));
afterAll(() => {
  rmSync(temp, { recursive: true, force: true });
});

function resetState(): void {
  const s = fake.state;
  s.windows.length = 0;
  s.notifications.length = 0;
  s.appListeners.clear();
  s.ipc.clear();
  s.ipcOn.length = 0;
  s.protocolHandlers.clear();
  s.permissionRequest = null;
  s.permissionCheck = null;
  s.desktopClosed = 0;
  s.appPath = join(temp, 'app');
  s.userData = join(temp, 'userData');
  mkdirSync(join(s.appPath, 'dist', 'renderer'), { recursive: true });
  writeFileSync(
    join(s.appPath, 'dist', 'renderer', 'index.html'),
    '<!doctype html><title>Subflow</title>',
  );
  for (const f of Object.values(fake.module.app)) if (vi.isMockFunction(f)) f.mockClear();
  fake.module.protocol.registerSchemesAsPrivileged.mockClear();
  fake.module.app.commandLine.appendSwitch.mockClear();
}

/** Loads main as user `uid`; returns what it wrote to stderr so far, as a function. */
async function loadMain(uid: number): Promise<() => string> {
  vi.spyOn(process, 'geteuid').mockReturnValue(uid);
  const written: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  vi.resetModules();
  await import('../../../electron/main.js');
  return () => written.join('');
}

async function started() {
  for (let i = 0; i < 200; i++) {
    const win = fake.state.windows[0];
    if (win && win.loadURL.mock.calls.length > 0) return win;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('main did not load the page');
}

beforeEach(resetState);
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('main as an ordinary user', () => {
  it('opens one sandboxed, isolated window on the app page with the preload bundle', async () => {
    await loadMain(1000);
    const win = await started();
    expect(fake.state.windows).toHaveLength(1);
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(prefs.preload).toBe(join(fake.state.appPath, 'dist', 'electron', 'preload.cjs'));
    expect(win.loadURL).toHaveBeenCalledWith(APP_ENTRY);
    expect(fake.module.app.commandLine.appendSwitch).not.toHaveBeenCalled();
  });

  it('serves the page over app:// with the CSP', async () => {
    await loadMain(1000);
    await started();
    const registered = fake.module.protocol.registerSchemesAsPrivileged.mock.calls[0] as unknown[];
    expect(registered[0]).toMatchObject([
      { scheme: 'app', privileges: { standard: true, secure: true } },
    ]);
    const handler = fake.state.protocolHandlers.get('app')!;
    const page = await handler(new Request(APP_ENTRY));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(APP_CSP);
    expect((await handler(new Request('app://subflow/../../etc/passwd'))).status).toBe(404);
  });

  it('refuses navigation, new windows and every permission', async () => {
    await loadMain(1000);
    const win = await started();
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      let prevented = false;
      win.webContents.listeners.get(event)!(
        { preventDefault: () => (prevented = true) },
        'https://evil.example/',
      );
      expect(prevented).toBe(true);
    }
    expect(win.webContents.openHandler!({ url: 'https://evil.example/' })).toEqual({
      action: 'deny',
    });
    const granted: boolean[] = [];
    fake.state.permissionRequest!({}, 'media', (g: boolean) => granted.push(g));
    expect(granted).toEqual([false]);
    expect(fake.state.permissionCheck!()).toBe(false);
  });

  it('serves IPC only to the app page, for known requests, on one channel', async () => {
    await loadMain(1000);
    await started();
    expect([...fake.state.ipc.keys()]).toEqual([INVOKE_CHANNEL]);
    expect(fake.state.ipcOn).toEqual([]);
    const invoke = fake.state.ipc.get(INVOKE_CHANNEL)! as (
      ...a: unknown[]
    ) => Promise<Result<unknown>>;
    const page = { senderFrame: { url: `${APP_ENTRY}#/setup` } };
    expect(await invoke(page, 'snapshot:get', {})).toMatchObject({ ok: true });
    expect(
      await invoke({ senderFrame: { url: 'https://evil.example/' } }, 'snapshot:get', {}),
    ).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    expect(await invoke(page, 'fs:read', { path: '/etc/shadow' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    expect(fake.state.host.calls.map((c) => c.name)).toEqual(['record:status', 'snapshot:get']);
  });

  it('relays pushes to the window and notifies about a lost last subflow', async () => {
    await loadMain(1000);
    const win = await started();
    const host = fake.state.host;
    const { SNAPSHOT } = await import('../server/fake-host.js');
    const conn = {
      token: '0a0b0c0d',
      local: { address: '198.51.100.1', port: 1 },
      remote: { address: '198.51.100.2', port: 2 },
      state: 'established',
      bytesSent: 0,
      bytesReceived: 0,
      bytesAcked: 0,
      txRate: 0,
      rxRate: 0,
      firstSeen: 0,
      fallback: false,
      subflows: [],
    };
    host.tick({
      snapshot: { ...SNAPSHOT, connections: [conn] },
      events: [{ time: SNAPSHOT.time, type: 'sub-closed', source: 'kernel', token: '0a0b0c0d' }],
    });
    expect(win.webContents.sent[0]?.[0]).toBe(PUSH_CHANNEL);
    expect(win.webContents.sent[0]?.[1]).toBe('onTick');
    expect(fake.state.notifications.map((n) => n.title)).toEqual([
      'A connection lost its last subflow',
    ]);
    expect(fake.state.menu).toBeInstanceOf(Array);
    // Minimised, the window is sent a slow tick: none within 10 s of the last one sent.
    win.emit('minimize');
    const before = win.webContents.sent.length;
    host.tick();
    host.tick();
    expect(win.webContents.sent.length).toBe(before);
    win.emit('restore');
    const restored = win.webContents.sent.length;
    host.tick();
    expect(win.webContents.sent.length).toBe(restored + 1);
  });

  it('remembers the window bounds and closes the Host on quit', async () => {
    await loadMain(1000);
    const win = await started();
    win.onceListeners.get('close')!();
    let saved = '';
    for (let i = 0; i < 100 && !saved.includes('1000'); i++) {
      await new Promise((r) => setTimeout(r, 10));
      try {
        saved = readFileSync(join(fake.state.userData, 'desktop-settings.json'), 'utf8');
      } catch {
        saved = '';
      }
    }
    expect(JSON.parse(saved)).toMatchObject({
      windowBounds: { x: 10, y: 20, width: 1000, height: 700 },
    });
    let prevented = false;
    fake.state.appListeners.get('will-quit')!({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await new Promise((r) => setTimeout(r, 10));
    expect(fake.state.desktopClosed).toBe(1);
    expect(fake.module.app.exit).toHaveBeenCalledWith(0);
  });
});

describe('main as root', () => {
  it('refuses to start, saying why', async () => {
    const written = await loadMain(0);
    expect(fake.module.app.exit).toHaveBeenCalledWith(1);
    expect(fake.module.protocol.registerSchemesAsPrivileged).not.toHaveBeenCalled();
    expect(written()).toContain('refusing to run the desktop app as root');
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.state.windows).toHaveLength(0);
  });

  it('runs without the sandbox when allowed explicitly', async () => {
    vi.stubEnv('SUBFLOW_ALLOW_ROOT', '1');
    await loadMain(0);
    await started();
    expect(fake.module.app.commandLine.appendSwitch).toHaveBeenCalledWith('no-sandbox');
  });
});
