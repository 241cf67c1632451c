// A SubflowApi over the headless server's WebSocket (contract.ts wire messages): invokes matched
// to answers by id and timed out after 15 s, pushes fanned out to listeners, reconnection with
// backoff, and the link's status for the banner. Never throws at its caller: every failure is
// an ApiError Result or a status.
import type {
  ApiError,
  PushName,
  Pushes,
  RequestArgs,
  RequestName,
  RequestResult,
  Result,
  StreamPushMessage,
  SubflowApi,
} from '../../../electron/contract.js';
import type { BackoffOptions } from './backoff.js';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
import type { ConnectionStatus, StatusListener } from './connection-status.js';
import { invokeText, PendingRequests } from '../../../electron/stream-protocol.js';
import { closeReason, readServerMessage } from './wire.js';

/** The part of the browser's WebSocket the client uses (a fake in tests). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: Event) => unknown) | null;
  onclose: ((event: CloseEvent) => unknown) | null;
  onmessage: ((event: MessageEvent) => unknown) | null;
  onerror: ((event: Event) => unknown) | null;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

const OPEN = 1;

export interface WsApiOptions {
  /** The WebSocket class; the browser's by default. */
  readonly WebSocket?: WebSocketConstructor;
  /** How long an invoke waits for its answer, ms (15 s). */
  readonly timeoutMs?: number;
  readonly backoff?: BackoffOptions;
  /** Random numbers in [0, 1) for the jitter. */
  readonly random?: () => number;
  /** Wall clock, ms since the epoch (for the status's retryAt). */
  readonly now?: () => number;
  /**
   * Asked when a connection closes without ever opening: a sentence when retrying is pointless
   * (the page's token is wrong), null to keep retrying.
   */
  readonly checkAccess?: () => Promise<string | null>;
}

/** A SubflowApi over a WebSocket, with its link status. */
export interface WsApi extends SubflowApi {
  /** Closes the socket for good; waiting invokes fail. */
  close(): void;
  /** Calls `listener` with the current status now and on every change; returns the remover. */
  onStatus(listener: StatusListener): () => void;
  readonly status: ConnectionStatus;
  /** Server messages ignored because they were not valid wire messages. */
  readonly malformedMessages: number;
}

export const INVOKE_TIMEOUT_MS = 15_000;

interface Waiting {
  readonly name: string;
  readonly text: string;
  sent: boolean;
  readonly timer: ReturnType<typeof setTimeout>;
  readonly resolve: (result: Result<unknown>) => void;
}

function failure(code: ApiError['code'], message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

/** Connects to `url` (ws:// or wss://) and keeps reconnecting until close(). */
export function createWsApi(url: string, options: WsApiOptions = {}): WsApi {
  const Socket = options.WebSocket ?? globalThis.WebSocket;
  const timeoutMs = options.timeoutMs ?? INVOKE_TIMEOUT_MS;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;

  let socket: WebSocketLike | null = null;
  let status: ConnectionStatus = { kind: 'connecting' };
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  let malformed = 0;
  const waiting = new PendingRequests<Waiting>();
  const listeners = new Map<PushName, Set<(payload: never) => void>>();
  const statusListeners = new Set<StatusListener>();

  const setStatus = (next: ConnectionStatus) => {
    status = next;
    for (const listener of [...statusListeners]) {
      try {
        listener(next);
      } catch (err) {
        console.error('a connection-status listener failed', err);
      }
    }
  };

  const settle = (id: number | string | null, result: Result<unknown>) => {
    const entry = waiting.take(id);
    if (entry === undefined) return false;
    clearTimeout(entry.timer);
    entry.resolve(result);
    return true;
  };

  const trySend = (entry: Waiting) => {
    if (socket === null || socket.readyState !== OPEN) return;
    try {
      socket.send(entry.text);
      entry.sent = true;
    } catch {
      // Not open after all: stays queued until the next open.
    }
  };

  const deliver = (message: StreamPushMessage) => {
    for (const listener of [...(listeners.get(message.name) ?? [])]) {
      try {
        (listener as (payload: Pushes[typeof message.name]) => void)(message.payload);
      } catch (err) {
        console.error(`a ${message.name} listener failed`, err);
      }
    }
  };

  const onMessage = (data: unknown) => {
    const message = readServerMessage(data);
    if (message === null) {
      malformed += 1;
      return;
    }
    if (message.type === 'push') {
      deliver(message);
      return;
    }
    // An answer to nothing we asked (or to a message the server could not read) is noise.
    if (!settle(message.id, message.result)) malformed += 1;
  };

  const scheduleRetry = (reason: string) => {
    attempt += 1;
    const delay = backoffDelay(attempt, random(), options.backoff ?? DEFAULT_BACKOFF);
    setStatus({ kind: 'reconnecting', attempt, retryAt: now() + delay, reason });
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect();
    }, delay);
  };

  const dropped = (reason: string, opened: boolean) => {
    for (const [id, entry] of waiting.entries()) {
      if (!entry.sent) continue;
      settle(
        id,
        failure(
          'unavailable',
          `The connection to subflow serve dropped before ${entry.name} was answered; check whether it took effect and retry.`,
        ),
      );
    }
    if (closed) return;
    if (opened || options.checkAccess === undefined) {
      scheduleRetry(reason);
      return;
    }
    options.checkAccess().then(
      (refusal) => {
        if (closed) return;
        if (refusal === null) scheduleRetry(reason);
        else setStatus({ kind: 'failed', reason: refusal });
      },
      () => {
        if (!closed) scheduleRetry(reason);
      },
    );
  };

  function connect(): void {
    let ws: WebSocketLike;
    try {
      ws = new Socket(url);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      scheduleRetry(`could not open ${url} (${why})`);
      return;
    }
    socket = ws;
    let opened = false;
    ws.onopen = () => {
      if (socket !== ws) return;
      opened = true;
      attempt = 0;
      setStatus({ kind: 'open' });
      for (const [, entry] of waiting.entries()) if (!entry.sent) trySend(entry);
    };
    ws.onmessage = (event) => {
      if (socket === ws) onMessage(event.data);
    };
    ws.onerror = () => undefined; // a close event always follows and says more
    ws.onclose = (event) => {
      if (socket !== ws) return;
      socket = null;
      dropped(closeReason(event.code, event.reason), opened);
    };
  }

  connect();

  return {
    invoke<K extends RequestName>(name: K, args: RequestArgs<K>) {
      return new Promise<Result<RequestResult<K>>>((resolve) => {
        if (closed) {
          resolve(
            failure(
              'unavailable',
              'This page has closed its connection to subflow serve; reload the page.',
            ),
          );
          return;
        }
        const id = waiting.add((id) => ({
          name,
          text: invokeText(id, name, args),
          sent: false,
          timer: setTimeout(() => {
            settle(
              id,
              failure(
                'unavailable',
                `${name} got no answer from subflow serve within ${timeoutMs / 1000} s; check that it is still running and retry.`,
              ),
            );
          }, timeoutMs),
          resolve: resolve as (result: Result<unknown>) => void,
        }));
        const entry = waiting.get(id);
        if (entry !== undefined) trySend(entry);
      });
    },
    on<K extends PushName>(name: K, listener: (payload: Pushes[K]) => void) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      const stored = listener as (payload: never) => void;
      set.add(stored);
      return () => {
        set.delete(stored);
      };
    },
    onStatus(listener) {
      statusListeners.add(listener);
      listener(status);
      return () => {
        statusListeners.delete(listener);
      };
    },
    close() {
      if (closed) return;
      closed = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      const ws = socket;
      socket = null;
      ws?.close(1000, 'page closed');
      for (const [id] of waiting.entries()) {
        settle(
          id,
          failure(
            'unavailable',
            'This page closed its connection to subflow serve; reload the page.',
          ),
        );
      }
    },
    get status() {
      return status;
    },
    get malformedMessages() {
      return malformed;
    },
  };
}
