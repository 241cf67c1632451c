import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ClientOptions } from 'ws';
import type { TickUpdate } from '../../../electron/contract.js';
import type { ServerLogger } from '../../../electron/http/logger.js';
import type { RunningServer } from '../../../electron/server/server.js';
import { startServer } from '../../../electron/server/server.js';
import { HIDDEN_TICK_MS } from '../../../electron/http/viewer-ticks.js';
import { FakeHost, SNAPSHOT } from './fake-host.js';

const TOKEN = 'stream-test-token-0123456789';
let host: FakeHost;
let server: RunningServer;
let warnings: string[];
const opened: WebSocket[] = [];

beforeEach(async () => {
  host = new FakeHost();
  warnings = [];
  const logger: ServerLogger = {
    info: () => undefined,
    warn: (m) => warnings.push(m),
    error: () => undefined,
  };
  server = await startServer({ host, port: 0, token: TOKEN, logger });
});
afterEach(async () => {
  for (const ws of opened.splice(0)) ws.terminate();
  await server.close();
});

function url(path = '/api/stream'): string {
  return `ws://127.0.0.1:${server.port}${path}`;
}

/** Opens a socket, resolving once open; rejects with the status of a refused upgrade. */
function open(
  options: ClientOptions = { headers: { authorization: `Bearer ${TOKEN}` } },
  path?: string,
) {
  return new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(url(path), options);
    opened.push(ws);
    ws.once('open', () => {
      resolve(ws);
    });
    ws.once('unexpected-response', (_req, res) => {
      reject(new Error(`HTTP ${res.statusCode ?? 0}`));
    });
    ws.once('error', reject);
  });
}

function nextMessage(ws: WebSocket): Promise<unknown> {
  return new Promise((resolve) => {
    ws.once('message', (data: Buffer) => {
      resolve(JSON.parse(data.toString('utf8')));
    });
  });
}

function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    ws.once('close', (code: number) => {
      resolve(code);
    });
  });
}

const tick: TickUpdate = {
  snapshot: SNAPSHOT,
  events: [{ time: 1, type: 'sub-established', source: 'kernel', token: '0a0b0c0d' }],
};

describe('WebSocket stream', () => {
  it('sends nothing until a tick, then one message per tick to every client', async () => {
    const a = await open();
    const b = await open();
    const received: unknown[] = [];
    a.on('message', (d: Buffer) => received.push(JSON.parse(d.toString('utf8'))));
    await new Promise((r) => setTimeout(r, 50));
    expect(received).toEqual([]);
    const bNext = nextMessage(b);
    host.tick(tick);
    expect(await bNext).toEqual({ type: 'push', name: 'onTick', payload: tick });
    await new Promise((r) => setTimeout(r, 20));
    expect(received).toEqual([{ type: 'push', name: 'onTick', payload: tick }]);
    expect(host.subscribeCount).toBe(1);
  });

  it('sends a client whose page is hidden a slow tick, the others every tick', async () => {
    const hidden = await open();
    const seen = await open();
    const answer = nextMessage(hidden);
    hidden.send(
      JSON.stringify({
        type: 'invoke',
        id: 1,
        name: 'viewer:visibility',
        args: { visible: false },
      }),
    );
    expect(await answer).toEqual({
      type: 'result',
      id: 1,
      result: { ok: true, value: { visible: false, everyMs: HIDDEN_TICK_MS } },
    });
    expect(host.calls).toEqual([]); // about this client only: not the Host's business
    const count = (ws: WebSocket) => {
      const got: unknown[] = [];
      ws.on('message', (d: Buffer) => got.push(d));
      return got;
    };
    const toHidden = count(hidden);
    const toSeen = count(seen);
    for (let i = 0; i < 5; i++) host.tick(tick);
    await new Promise((r) => setTimeout(r, 50));
    // Never sent a tick before: the first goes out, the next ones wait HIDDEN_TICK_MS.
    expect(toHidden).toHaveLength(1);
    expect(toSeen).toHaveLength(5);
    hidden.send(
      JSON.stringify({ type: 'invoke', id: 2, name: 'viewer:visibility', args: { visible: true } }),
    );
    await new Promise((r) => setTimeout(r, 50));
    host.tick(tick);
    await new Promise((r) => setTimeout(r, 50));
    expect(toHidden).toHaveLength(3); // the answer, then the tick
  });

  it('answers invoke messages on the same socket', async () => {
    const ws = await open();
    const answer = nextMessage(ws);
    ws.send(JSON.stringify({ type: 'invoke', id: 7, name: 'snapshot:get', args: {} }));
    expect(await answer).toEqual({ type: 'result', id: 7, result: { ok: true, value: SNAPSHOT } });

    const set = nextMessage(ws);
    ws.send(
      JSON.stringify({
        type: 'invoke',
        id: 'x1',
        name: 'multipath:set',
        args: { interface: 'eth0', mode: 'off' },
      }),
    );
    expect(await set).toMatchObject({
      type: 'result',
      id: 'x1',
      result: { ok: true, value: { mode: 'off' } },
    });
    // The page's socket is the dashboard: its changes become actions from the dashboard.
    expect(host.origins).toEqual(['dashboard', 'dashboard']);
  });

  it('validates invoke messages before the Host sees them', async () => {
    const ws = await open();
    const cases: [unknown, string][] = [
      [
        {
          type: 'invoke',
          id: 1,
          name: 'multipath:set',
          args: { interface: 'eth0:1', mode: 'on' },
        },
        '"interface"',
      ],
      [
        { type: 'invoke', id: 2, name: 'multipath:set', args: { interface: 'a/b', mode: 'on' } },
        '"interface"',
      ],
      [
        {
          type: 'invoke',
          id: 3,
          name: 'multipath:set',
          args: { interface: 'eth0', mode: 'maybe' },
        },
        '"mode"',
      ],
      [{ type: 'invoke', id: 4, name: 'shell:run', args: {} }, 'unknown request'],
      [{ type: 'subscribe', id: 5 }, 'unknown message type'],
      [{ type: 'invoke', id: 6, name: 'snapshot:get' }, '"args" is missing'],
      [{ type: 'invoke', id: 7, name: 7, args: {} }, '"name" must be a request name'],
      [[1, 2], 'JSON object'],
    ];
    for (const [message, expected] of cases) {
      const answer = nextMessage(ws);
      ws.send(JSON.stringify(message));
      const got = (await answer) as {
        type: string;
        result: { ok: boolean; error: { code: string; message: string } };
      };
      expect(got.type).toBe('result');
      expect(got.result.ok).toBe(false);
      expect(got.result.error.code).toBe('bad-request');
      expect(got.result.error.message).toContain(expected);
    }
    const garbage = nextMessage(ws);
    ws.send('{not json');
    expect(await garbage).toMatchObject({ type: 'result', id: null, result: { ok: false } });
    expect(host.calls).toEqual([]);
  });

  it('closes the socket (1009) on a message over 16 KiB', async () => {
    const ws = await open();
    const code = closed(ws);
    ws.send(
      JSON.stringify({
        type: 'invoke',
        id: 1,
        name: 'snapshot:get',
        args: { pad: 'x'.repeat(17 * 1024) },
      }),
    );
    expect(await code).toBe(1009);
    expect(host.calls).toEqual([]);
  });

  it('refuses a missing or wrong token (401)', async () => {
    await expect(open({})).rejects.toThrow('HTTP 401');
    await expect(
      open({ headers: { authorization: 'Bearer wrong-token-00000000' } }),
    ).rejects.toThrow('HTTP 401');
  });

  it('refuses cross-origin upgrades (403), even with the token', async () => {
    const headers = {
      authorization: `Bearer ${TOKEN}`,
      cookie: `subflow_token_${server.port}=${TOKEN}`,
    };
    await expect(open({ headers, origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(open({ headers, origin: `http://localhost:${server.port + 1}` })).rejects.toThrow(
      'HTTP 403',
    );
  });

  it('accepts a browser (cookie + own Origin), refuses a cookie without Origin', async () => {
    const cookie = { cookie: `subflow_token_${server.port}=${TOKEN}` };
    const ws = await open({ headers: cookie, origin: `http://127.0.0.1:${server.port}` });
    expect(ws.readyState).toBe(WebSocket.OPEN);
    await expect(open({ headers: cookie })).rejects.toThrow('HTTP 403');
  });

  it('refuses a foreign Host (403) and other paths (404)', async () => {
    const headers = { authorization: `Bearer ${TOKEN}`, host: `evil.example:${server.port}` };
    await expect(open({ headers })).rejects.toThrow('HTTP 403');
    await expect(
      open({ headers: { authorization: `Bearer ${TOKEN}` } }, '/api/other'),
    ).rejects.toThrow('HTTP 404');
  });

  it('drops (1013) a client that stops reading instead of buffering without bound', async () => {
    // A raw client that completes the handshake and then never reads a byte.
    const socket = connect(server.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write(
      `GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\n` +
        'Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n' +
        `Sec-WebSocket-Key: ${Buffer.alloc(16, 1).toString('base64')}\r\n` +
        `Authorization: Bearer ${TOKEN}\r\n\r\n`,
    );
    await new Promise<void>((resolve) => {
      socket.once('data', () => {
        resolve();
      });
    });
    socket.pause();
    const big: TickUpdate = {
      snapshot: { ...SNAPSHOT, hostname: 'x'.repeat(1024 * 1024) },
      events: [],
    };
    const healthy = await open();
    let healthyTicks = 0;
    healthy.on('message', () => healthyTicks++);
    for (let i = 0; i < 200 && warnings.length === 0; i++) {
      host.tick(big);
      await new Promise((r) => setTimeout(r, 5));
    }
    socket.destroy();
    expect(warnings.join('\n')).toMatch(
      /dropped WebSocket client 127\.0\.0\.1:\d+: too slow to keep up; reconnect \(more than \d+ bytes waiting unread\)/,
    );
    expect(healthyTicks).toBeGreaterThan(0);
    expect(healthy.readyState).toBe(WebSocket.OPEN);
  });

  it('closes sockets and unsubscribes on close()', async () => {
    const ws = await open();
    const code = closed(ws);
    expect(host.listeners.size).toBe(1);
    await server.close();
    expect(await code).toBe(1001);
    expect(host.listeners.size).toBe(0);
    await server.close(); // idempotent
  });
});
