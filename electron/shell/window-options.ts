// The main window: its options (the renderer sandboxed and isolated, no Node, web security on)
// and remembering where it was. The preload is the bundled CommonJS file because a sandboxed
// preload cannot load ES modules or our other files.
import { join } from 'node:path';
import type { BrowserWindowConstructorOptions, Rectangle } from 'electron';
import type { WindowBounds } from './settings-store.js';
import { MIN_SIZE } from './settings-store.js';

/** The preload bundle (built by build/preload.vite.config.mjs) inside the app directory. */
export function preloadPath(appPath: string): string {
  return join(appPath, 'dist', 'electron', 'preload.cjs');
}

/** Options of the main window at `bounds`, with `preload`. */
export function windowOptions(
  preload: string,
  bounds: { x?: number; y?: number; width: number; height: number },
  options: { icon?: string; devTools?: boolean } = {},
): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'Subflow',
    show: false,
    ...(options.icon !== undefined ? { icon: options.icon } : {}),
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: options.devTools ?? false,
    },
  };
}

/** The window calls used to remember its bounds. */
export interface BoundsWindow {
  getNormalBounds(): Rectangle;
  isMaximized(): boolean;
  once(event: 'close', listener: () => void): unknown;
}

/** Calls `save` with the window's bounds when it closes (normal bounds even if maximized). */
export function keepBounds(window: BoundsWindow, save: (bounds: WindowBounds) => void): void {
  window.once('close', () => {
    const { x, y, width, height } = window.getNormalBounds();
    save({ x, y, width, height, maximized: window.isMaximized() });
  });
}
