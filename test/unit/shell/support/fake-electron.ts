// A stand-in for the `electron` module, limited to what electron/main.ts calls: it records
// windows, IPC handlers, protocol handlers, permission handlers, notifications and app events,
// so a test can drive them as Electron would.
import { vi } from 'vitest';
import type { FakeHost } from '../../server/fake-host.js';

export type FakeElectron = ReturnType<typeof createFakeElectron>;

export function createFakeElectron() {
  const state = {
    appPath: '',
    userData: '',
    host: null as unknown as FakeHost,
    desktopClosed: 0,
    windows: [] as FakeWindow[],
    notifications: [] as { title: string; body: string }[],
    appListeners: new Map<string, (...a: unknown[]) => void>(),
    ipc: new Map<string, (...a: unknown[]) => unknown>(),
    ipcOn: [] as string[],
    protocolHandlers: new Map<string, (req: Request) => Response | Promise<Response>>(),
    permissionRequest: null as null | ((...a: unknown[]) => void),
    permissionCheck: null as null | ((...a: unknown[]) => boolean),
    menu: null as unknown,
  };
  class FakeContents {
    readonly listeners = new Map<string, (...a: unknown[]) => void>();
    openHandler: ((d: { url: string }) => unknown) | null = null;
    readonly sent: unknown[][] = [];
    on(event: string, listener: (...a: unknown[]) => void) {
      this.listeners.set(event, listener);
      return this;
    }
    setWindowOpenHandler(h: (d: { url: string }) => unknown) {
      this.openHandler = h;
    }
    send(...args: unknown[]) {
      this.sent.push(args);
    }
    isDestroyed() {
      return false;
    }
  }
  class FakeWindow {
    readonly webContents = new FakeContents();
    readonly once = vi.fn((event: string, listener: () => void) => {
      this.onceListeners.set(event, listener);
    });
    readonly onceListeners = new Map<string, () => void>();
    /** Listeners added with on() (hide, minimize, show, restore…), by event. */
    readonly listeners = new Map<string, Set<() => void>>();
    on(event: string, listener: () => void) {
      const set = this.listeners.get(event) ?? new Set();
      set.add(listener);
      this.listeners.set(event, set);
      return this;
    }
    removeListener(event: string, listener: () => void) {
      this.listeners.get(event)?.delete(listener);
      return this;
    }
    emit(event: string) {
      for (const l of [...(this.listeners.get(event) ?? [])]) l();
    }
    readonly loadURL = vi.fn(() => Promise.resolve());
    readonly show = vi.fn();
    readonly maximize = vi.fn();
    constructor(readonly options: Record<string, unknown>) {
      state.windows.push(this);
    }
    getNormalBounds() {
      return { x: 10, y: 20, width: 1000, height: 700 };
    }
    isMaximized() {
      return false;
    }
  }
  class FakeNotification {
    static isSupported() {
      return true;
    }
    constructor(private readonly options: { title: string; body: string }) {}
    show() {
      state.notifications.push(this.options);
    }
  }
  const app = {
    getAppPath: () => state.appPath,
    getPath: () => state.userData,
    isPackaged: false,
    getVersion: () => '0.1.0',
    whenReady: () => Promise.resolve(),
    on: (event: string, l: (...a: unknown[]) => void) => state.appListeners.set(event, l),
    once: (event: string, l: (...a: unknown[]) => void) => state.appListeners.set(event, l),
    exit: vi.fn(),
    quit: vi.fn(),
    commandLine: { appendSwitch: vi.fn() },
    setAboutPanelOptions: vi.fn(),
  };
  const module = {
    app,
    BrowserWindow: FakeWindow,
    Notification: FakeNotification,
    Menu: {
      buildFromTemplate: (t: unknown) => t,
      setApplicationMenu: (m: unknown) => {
        state.menu = m;
      },
    },
    dialog: { showErrorBox: vi.fn() },
    shell: { showItemInFolder: vi.fn() },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    ipcMain: {
      handle: (channel: string, l: (...a: unknown[]) => unknown) => state.ipc.set(channel, l),
      removeHandler: (channel: string) => state.ipc.delete(channel),
      on: (channel: string) => state.ipcOn.push(channel),
    },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(),
      handle: (scheme: string, h: (req: Request) => Response) =>
        state.protocolHandlers.set(scheme, h),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: (...a: unknown[]) => void) => {
          state.permissionRequest = h;
        },
        setPermissionCheckHandler: (h: (...a: unknown[]) => boolean) => {
          state.permissionCheck = h;
        },
      },
    },
  };
  return { state, module };
}
