// Electron IPC as a thin adapter onto the Host: one invoke channel whose every call must come from
// the app's own page and is then carried to the Host, which validates it (host/carry-request.ts,
// as the server does), and one push channel that relays the Host's pushes to the window. Errors
// cross as data (Electron drops an Error's properties over IPC).
import type { Result } from '../contract.js';
import type { Host } from '../host/host.js';
import { carryRequest } from '../host/carry-request.js';
import { describeValue } from '../validation.js';
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
  return carryRequest(host, name, args, 'desktop', (_name, err) => ({
    code: 'internal',
    message: String(err),
  }));
}

/** Serves the invoke channel; returns a function that stops serving it. */
export function bridgeIpc(ipc: IpcMainLike, host: Host, log?: (line: string) => void): () => void {
  ipc.handle(INVOKE_CHANNEL, async (event, name, args) => {
    const sender = senderUrl(event);
    const result = await answerInvoke(host, sender, name, args);
    if (!result.ok && result.error.code === 'unauthorized') log?.(result.error.message);
    return result;
  });
  return () => {
    ipc.removeHandler(INVOKE_CHANNEL);
  };
}

/** Relays every Host push to `target` while it lives; returns the unsubscribe function. */
export function forwardPushes(host: Host, target: PushTarget): () => void {
  return host.subscribe((push) => {
    if (!target.isDestroyed()) target.send(PUSH_CHANNEL, push.name, push.payload);
  });
}
