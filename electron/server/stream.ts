// The WebSocket at /api/stream: one JSON message per push for every client (serialized once,
// fanned out; slow clients dropped rather than buffered without bound), and request/answer
// over the same socket, so a browser needs nothing else to talk to the Host.
import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { RawData } from 'ws';
import { z } from 'zod';
import type {
  Result,
  StreamInvokeMessage,
  StreamPushMessage,
  StreamResultMessage,
} from '../contract.js';
import { STREAM_PATH } from '../contract.js';
import type { Host } from '../host.js';
import { badRequest, describeValue } from '../validation.js';
import { dispatch } from './dispatch.js';
import type { HttpFailure } from '../http/http-io.js';
import { MAX_BODY_BYTES } from '../http/http-io.js';
import type { ServerLogger } from '../http/logger.js';

export { STREAM_PATH };
export type InvokeMessage = StreamInvokeMessage;
export type ResultMessage = StreamResultMessage;

const invokeSchema = z.object({
  type: z.literal('invoke'),
  id: z.union([z.string().max(128), z.number().int()]),
  name: z.string(),
  args: z.unknown(),
});

/** Options of {@link createStreamHub}. */
export interface StreamOptions {
  readonly host: Host;
  readonly logger: ServerLogger;
  /** A client with more than this many bytes waiting to be sent is dropped (1013). */
  readonly maxBufferedBytes?: number;
  /** Requests one client may have running at once. */
  readonly maxInFlight?: number;
  /** Ping interval; a client that has not answered the previous ping is cut off. */
  readonly heartbeatMs?: number;
}

/** The set of connected clients and the single subscription feeding them. */
export interface StreamHub {
  /** Completes an upgrade that already passed the access checks. */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Clients currently receiving ticks. */
  readonly clientCount: number;
  /** Unsubscribes from the Host and closes every client (1001). */
  close(): Promise<void>;
}

interface ClientState {
  alive: boolean;
  inFlight: number;
}

/** Creates the hub and subscribes it to the Host's ticks (once, whatever the client count). */
export function createStreamHub(options: StreamOptions): StreamHub {
  const { host, logger } = options;
  const maxBuffered = options.maxBufferedBytes ?? 4 * 1024 * 1024;
  const maxInFlight = options.maxInFlight ?? 32;
  const wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    maxPayload: MAX_BODY_BYTES,
    perMessageDeflate: false,
  });
  const clients = new Map<WebSocket, ClientState>();

  const drop = (ws: WebSocket, code: number, reason: string) => {
    clients.delete(ws);
    ws.close(code, reason);
    // A client that does not even answer the close handshake is cut off.
    setTimeout(() => {
      ws.terminate();
    }, 5_000).unref();
  };

  const unsubscribe = host.subscribe((push) => {
    if (clients.size === 0) return;
    const message = { type: 'push', ...push } as StreamPushMessage;
    const text = JSON.stringify(message);
    for (const ws of [...clients.keys()]) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      if (ws.bufferedAmount > maxBuffered) {
        logger.warn('dropped a WebSocket client that could not keep up with the pushes');
        drop(ws, 1013, 'too slow to keep up; reconnect');
        continue;
      }
      ws.send(text);
    }
  });

  const heartbeat = setInterval(() => {
    for (const [ws, state] of clients) {
      if (!state.alive) {
        clients.delete(ws);
        ws.terminate();
        continue;
      }
      state.alive = false;
      ws.ping();
    }
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

  const answer = (ws: WebSocket, id: ResultMessage['id'], result: Result<unknown>) => {
    if (ws.readyState !== WebSocket.OPEN) return;
    const message: ResultMessage = { type: 'result', id, result };
    ws.send(JSON.stringify(message));
  };

  const onMessage = async (ws: WebSocket, state: ClientState, data: RawData, binary: boolean) => {
    if (binary) {
      ws.close(1003, 'send JSON text messages');
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawText(data));
    } catch {
      answer(ws, null, badRequest('the message is not valid UTF-8 JSON'));
      return;
    }
    const message = invokeSchema.safeParse(parsed);
    if (!message.success) {
      answer(ws, idOf(parsed), badRequest(invalidMessage(parsed)));
      return;
    }
    const { id, name, args } = message.data;
    if (state.inFlight >= maxInFlight) {
      answer(ws, id, badRequest(`more than ${maxInFlight} requests at once; wait for answers`));
      return;
    }
    state.inFlight++;
    try {
      answer(ws, id, await dispatch(host, name, args, logger, 'dashboard'));
    } finally {
      state.inFlight--;
    }
  };

  return {
    accept(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => {
        const state: ClientState = { alive: true, inFlight: 0 };
        clients.set(ws, state);
        ws.on('pong', () => {
          state.alive = true;
        });
        ws.on('message', (data, binary) => {
          void onMessage(ws, state, data, binary);
        });
        ws.on('error', (err) => {
          logger.info(`WebSocket client error: ${err.message}`);
        });
        ws.on('close', () => {
          clients.delete(ws);
        });
      });
    },
    get clientCount() {
      return clients.size;
    },
    async close() {
      unsubscribe();
      clearInterval(heartbeat);
      const open = [...clients.keys()];
      clients.clear();
      await Promise.all(open.map((ws) => closeWithin(ws, 1_000)));
      await new Promise<void>((resolve) => {
        wss.close(() => {
          resolve();
        });
      });
    },
  };
}

function rawText(data: RawData): string {
  const bytes = Array.isArray(data)
    ? Buffer.concat(data)
    : Buffer.isBuffer(data)
      ? data
      : Buffer.from(data);
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

function idOf(value: unknown): string | number | null {
  if (typeof value !== 'object' || value === null) return null;
  const id = (value as Record<string, unknown>).id;
  if (typeof id === 'string' && id.length <= 128) return id;
  return typeof id === 'number' && Number.isInteger(id) ? id : null;
}

function invalidMessage(value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `a message must be a JSON object, not ${describeValue(value)}`;
  }
  const m = value as Record<string, unknown>;
  if (m.type !== 'invoke')
    return `unknown message type ${describeValue(m.type)}; send {type:"invoke", id, name, args}`;
  if (idOf(value) === null)
    return `"id" must be a string (at most 128 characters) or a whole number`;
  return `"name" must be a request name such as "snapshot:get" (got ${describeValue(m.name)})`;
}

function closeWithin(ws: WebSocket, ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) {
      resolve();
      return;
    }
    const timer = setTimeout(() => {
      ws.terminate();
      resolve();
    }, ms);
    ws.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    ws.close(1001, 'server shutting down');
  });
}

/** Answers a refused upgrade with a plain HTTP response and closes the socket. */
export function refuseUpgrade(socket: Duplex, failure: HttpFailure): void {
  const body = JSON.stringify({ ok: false, error: failure.error });
  const reason = STATUS_CODES[failure.status] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${failure.status} ${reason}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
