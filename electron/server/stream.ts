// The WebSocket at /api/stream: one JSON message per push for every client (serialized once,
// fanned out), and request/answer over the same socket, so a browser needs nothing else to talk
// to the Host. Where the server makes a host per viewer, each client talks to its own (its replay
// is its own); a push the viewers share is still serialized once. Every byte sent goes through
// StreamClient.send, which drops a client that stops reading rather than buffering for it without
// bound. A client whose page is hidden (viewer:visibility, answered here per client) gets a slow
// tick (viewer-ticks.ts).
import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { RawData } from 'ws';
import type { StreamInvokeMessage, StreamPushMessage, StreamResultMessage } from '../contract.js';
import { STREAM_PATH } from '../contract.js';
import type { Host, HostPush } from '../host/host.js';
import { parseInvoke, refusal, resultText } from '../stream-protocol.js';
import { validateRequest } from '../validation.js';
import { viewerWants } from '../http/viewer-ticks.js';
import { dispatch } from './dispatch.js';
import type { HttpFailure } from '../http/http-io.js';
import { MAX_BODY_BYTES } from '../http/http-io.js';
import type { ServerLogger } from '../http/logger.js';
import { StreamClient } from './stream-client.js';

export { STREAM_PATH };
export type InvokeMessage = StreamInvokeMessage;
export type ResultMessage = StreamResultMessage;

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
  /** A host of its own for each client (closed with it); without it every client shares `host`. */
  readonly viewer?: () => ViewerHost;
}

/** One client's own host and how to let it go. */
export interface ViewerHost {
  readonly host: Host;
  close(): Promise<void>;
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
  const serialize = serializeOnce();
  /** Each client's own host, when the server makes one per viewer. */
  const own = new Map<StreamClient, ViewerHost>();
  const hostOf = (client: StreamClient): Host => own.get(client)?.host ?? host;

  const unsubscribe = options.viewer
    ? () => undefined
    : host.subscribe((push) => {
        if (clients.size === 0) return;
        const text = serialize(push);
        const now = Date.now();
        for (const client of [...clients]) {
          if (viewerWants(client.ticks, push, now)) client.send(text);
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
    let text: string;
    try {
      text = rawText(data);
    } catch {
      const answer = refusal(null, 'the message is not valid UTF-8; send JSON text');
      await client.answer(JSON.stringify(answer));
      return;
    }
    const message = parseInvoke(text);
    if (!message.ok) {
      await client.answer(JSON.stringify(message.answer));
      return;
    }
    const { id, name, args } = message.message;
    // Nothing is computed for a client that has not read what it was already sent.
    if (!(await client.drained())) return;
    if (name === 'viewer:visibility') {
      // About this client only: the Host behind it serves every viewer alike.
      const valid = validateRequest(name, args);
      const answer = valid.ok
        ? { ok: true as const, value: client.ticks.setVisible('page', valid.value.visible) }
        : valid;
      await client.answer(resultText(id, answer));
      return;
    }
    await client.answer(
      resultText(id, await dispatch(hostOf(client), name, args, logger, 'dashboard')),
    );
  };

  return {
    accept(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => {
        const peer = `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
        const client = new StreamClient(ws, maxBuffered, logger, peer, (c) => clients.delete(c));
        clients.add(client);
        let release = (): void => undefined;
        if (options.viewer) {
          const viewer = options.viewer();
          own.set(client, viewer);
          const off = viewer.host.subscribe((push) => {
            if (client.open && viewerWants(client.ticks, push, Date.now())) {
              client.send(serialize(push));
            }
          });
          release = () => {
            off();
            own.delete(client);
            void viewer.close();
          };
        }
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
          release();
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
      await Promise.all([...own.values()].map((v) => v.close()));
      own.clear();
      await Promise.all(open.map((ws) => closeWithin(ws, 1_000)));
      await new Promise<void>((resolve) => {
        wss.close(() => {
          resolve();
        });
      });
    },
  };
}

/**
 * JSON of a push, computed once per payload: viewers that are live all get the same tick object,
 * so a tick is serialized once however many clients watch it.
 */
function serializeOnce(): (push: HostPush) => string {
  const cache = new WeakMap<object, { readonly name: string; readonly text: string }>();
  return (push) => {
    const payload: unknown = push.payload;
    const key = typeof payload === 'object' && payload !== null ? payload : null;
    const hit = key ? cache.get(key) : undefined;
    if (hit?.name === push.name) return hit.text;
    const message: StreamPushMessage = { type: 'push', ...push };
    const text = JSON.stringify(message);
    if (key) cache.set(key, { name: push.name, text });
    return text;
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
