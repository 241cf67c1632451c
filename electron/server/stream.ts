// The WebSocket at /api/stream: one JSON message per push for every client (serialized once,
// fanned out), and request/answer over the same socket, so a browser needs nothing else to talk
// to the Host. Every byte sent goes through StreamClient.send, which drops a client that stops
// reading rather than buffering for it without bound. A client whose page is hidden
// (viewer:visibility, answered here per client) gets a slow tick (viewer-ticks.ts).
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
import { badRequest, describeValue, validateRequest } from '../validation.js';
import { dispatch } from './dispatch.js';
import type { HttpFailure } from '../http/http-io.js';
import { MAX_BODY_BYTES } from '../http/http-io.js';
import type { ServerLogger } from '../http/logger.js';
import { StreamClient } from './stream-client.js';

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
  /** Messages of one client handled at once; beyond it, its socket is not read. */
  readonly maxInFlight?: number;
  /** Ping interval; a client that has not answered the previous ping (or reads nothing) is cut off. */
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
  const clients = new Set<StreamClient>();

  const unsubscribe = host.subscribe((push) => {
    if (clients.size === 0) return;
    const message = { type: 'push', ...push } as StreamPushMessage;
    const text = JSON.stringify(message);
    const now = Date.now();
    for (const client of [...clients]) {
      if (push.name === 'onTick' && !client.ticks.take(now)) continue;
      client.send(text);
    }
  });

  const heartbeat = setInterval(() => {
    for (const client of [...clients]) client.beat();
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

  /**
   * Takes the client's waiting messages while fewer than maxInFlight are running; with more
   * waiting, stops reading its socket until some finish, so a client that sends faster than it
   * reads back pressure in its own TCP buffers, not in ours.
   */
  const pump = (client: StreamClient): void => {
    while (client.open && client.inFlight < maxInFlight) {
      const next = client.waiting.shift();
      if (next === undefined) break;
      client.inFlight++;
      void handle(client, next.data, next.binary).finally(() => {
        client.inFlight--;
        pump(client);
      });
    }
    if (!client.open) client.waiting.length = 0;
    else if (client.waiting.length > 0) client.ws.pause();
    else if (client.ws.isPaused) client.ws.resume();
  };

  /** Answers one message; the answer waits for the client to read (StreamClient.answer). */
  const handle = async (client: StreamClient, data: RawData, binary: boolean): Promise<void> => {
    if (binary) {
      client.ws.close(1003, 'send JSON text messages');
      return;
    }
    const result = (id: ResultMessage['id'], value: Result<unknown>): string =>
      JSON.stringify({ type: 'result', id, result: value } satisfies ResultMessage);
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawText(data));
    } catch {
      await client.answer(result(null, badRequest('the message is not valid UTF-8 JSON')));
      return;
    }
    const message = invokeSchema.safeParse(parsed);
    if (!message.success) {
      await client.answer(result(idOf(parsed), badRequest(invalidMessage(parsed))));
      return;
    }
    const { id, name, args } = message.data;
    // Nothing is computed for a client that has not read what it was already sent.
    if (!(await client.drained())) return;
    if (name === 'viewer:visibility') {
      // About this client only: the Host behind it serves every viewer alike.
      const valid = validateRequest(name, args);
      const answer = valid.ok
        ? { ok: true as const, value: client.ticks.setVisible('page', valid.value.visible) }
        : valid;
      await client.answer(result(id, answer));
      return;
    }
    await client.answer(result(id, await dispatch(host, name, args, logger, 'dashboard')));
  };

  return {
    accept(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => {
        const peer = `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
        const client = new StreamClient(ws, maxBuffered, logger, peer, (c) => clients.delete(c));
        clients.add(client);
        ws.on('message', (data, binary) => {
          // A dropped client's requests are not worth the work: nothing will be sent back.
          if (!client.open) return;
          client.waiting.push({ data, binary });
          pump(client);
        });
        ws.on('error', (err) => {
          logger.info(`WebSocket client error: ${err.message}`);
        });
        ws.on('close', () => {
          clients.delete(client);
        });
      });
    },
    get clientCount() {
      return clients.size;
    },
    async close() {
      unsubscribe();
      clearInterval(heartbeat);
      const open = [...clients].map((c) => c.ws);
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
  if (typeof m.name !== 'string')
    return `"name" must be a request name such as "snapshot:get" (got ${describeValue(m.name)})`;
  return `"args" is missing: send {type:"invoke", id, name, args} with args an object ({} when the request takes none)`;
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
