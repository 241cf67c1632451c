// Electron IPC as a thin adapter onto the Host: one invoke channel whose every call must come from
// the app's own page and is then carried to the Host, which validates it (host/carry-request.ts,
// as the server does), and one push channel that relays the Host's pushes to the window. Errors
// cross as data (Electron drops an Error's properties over IPC). The window is one viewer: while
// its page or the window itself is hidden it is sent a slow tick (viewer-ticks.ts).
import type { Result } from '../contract.js';
import type { Host } from '../host/host.js';
import { carryRequest } from '../host/carry-request.js';
import { describeValue, validateRequest } from '../validation.js';
import type { ViewerTicks } from '../http/viewer-ticks.js';
import { isAppUrl } from './app-page.js';
import { INVOKE_CHANNEL, PUSH_CHANNEL } from './ipc-channels.js';

/** The part of an IPC event the check reads. */
export interface InvokeEvent {
  readonly senderFrame: { readonly url: string } | null;
}

/** The ipcMain calls the bridge makes. */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: InvokeEvent, ...args: unknown[]) => Promise<Result<unknown>>,
  ): void;
  removeHandler(channel: string): void;
}

/** Where pushes go: the window's web contents. */
export interface PushTarget {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

/** The URL of the frame that sent an IPC message, or null (gone, or unreadable). */
export function senderUrl(event: InvokeEvent): string | null {
  try {
    return event.senderFrame?.url ?? null;
  } catch {
    return null;
  }
}

/** Checks the sender of one request that arrived over IPC, then carries it to the Host. */
export async function answerInvoke(
  host: Host,
  sender: string | null,
  name: unknown,
  args: unknown,
  viewer?: ViewerTicks,
): Promise<Result<unknown>> {
  if (!isAppUrl(sender)) {
    return {
      ok: false,
      error: {
        code: 'unauthorized',
        message: `a request from ${sender === null ? 'an unknown frame' : describeValue(sender)} was refused: only Subflow's own page may talk to it`,
      },
    };
  }
  if (name === 'viewer:visibility' && viewer !== undefined) {
    // About this window only: answered here, the Host serves every viewer alike.
    const valid = validateRequest(name, args);
    if (!valid.ok) return valid;
    return { ok: true, value: viewer.setVisible('page', valid.value.visible) };
  }
  return carryRequest(host, name, args, 'desktop', (_name, err) => ({
    code: 'internal',
    message: String(err),
  }));
}

/**
 * Serves the invoke channel; returns a function that stops serving it. `viewer`: the window's
 * tick policy, which viewer:visibility sets.
 */
export function bridgeIpc(
  ipc: IpcMainLike,
  host: Host,
  log?: (line: string) => void,
  viewer?: ViewerTicks,
): () => void {
  ipc.handle(INVOKE_CHANNEL, async (event, name, args) => {
    const sender = senderUrl(event);
    const result = await answerInvoke(host, sender, name, args, viewer);
    if (!result.ok && result.error.code === 'unauthorized') log?.(result.error.message);
    return result;
  });
  return () => {
    ipc.removeHandler(INVOKE_CHANNEL);
  };
}

/**
 * Relays every Host push to `target` while it lives (ticks as `viewer` allows, when given);
 * returns the unsubscribe function.
 */
export function forwardPushes(
  host: Host,
  target: PushTarget,
  viewer?: ViewerTicks,
  now: () => number = Date.now,
): () => void {
  return host.subscribe((push) => {
    if (target.isDestroyed()) return;
    if (push.name === 'onTick' && viewer !== undefined && !viewer.take(now())) return;
    target.send(PUSH_CHANNEL, push.name, push.payload);
  });
}

/** The window events that say whether it can be seen (Electron's BrowserWindow has them). */
export interface WindowEventsLike {
  on(event: 'hide' | 'minimize' | 'show' | 'restore', listener: () => void): unknown;
  removeListener(event: 'hide' | 'minimize' | 'show' | 'restore', listener: () => void): unknown;
}

/** Hidden or minimised window → slow ticks; shown or restored → every tick. Returns the undo. */
export function watchWindowVisibility(win: WindowEventsLike, viewer: ViewerTicks): () => void {
  const hidden = () => {
    viewer.setVisible('window', false);
  };
  const shown = () => {
    viewer.setVisible('window', true);
  };
  win.on('hide', hidden);
  win.on('minimize', hidden);
  win.on('show', shown);
  win.on('restore', shown);
  return () => {
    win.removeListener('hide', hidden);
    win.removeListener('minimize', hidden);
    win.removeListener('show', shown);
    win.removeListener('restore', shown);
  };
}
