// The stream hub's one back-pressure rule, without any tick: answers to requests are bounded
// like pushes (a client that never reads is dropped by its own flood of requests), and the
// heartbeat counts only pongs to our pings (unsolicited pongs keep nothing alive).
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ServerLogger } from '../../../electron/http/logger.js';
import type { StreamHub } from '../../../electron/server/stream.js';
import { createStreamHub } from '../../../electron/server/stream.js';
import { nonReadingClient } from '../../support/raw-ws.js';
import { FakeHost, SNAPSHOT } from './fake-host.js';

let host: FakeHost;
let hub: StreamHub;
let server: Server;
let port: number;
let warnings: string[];

const logger = (): ServerLogger => ({
  info: () => undefined,
  warn: (m) => warnings.push(m),
  error: () => undefined,
});

async function start(options: {
  maxBufferedBytes?: number;
  heartbeatMs?: number;
  maxInFlight?: number;
}) {
  hub = createStreamHub({ host, logger: logger(), ...options });
  server = createServer();
  server.on('upgrade', (req, socket, head) => {
    hub.accept(req, socket, head);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
}

beforeEach(() => {
  host = new FakeHost();
  warnings = [];
  // A big answer, as history:get of an hour is: 256 KiB per request.
  host.responders['snapshot:get'] = () => ({
    ok: true,
    value: { ...SNAPSHOT, hostname: 'h'.repeat(256 * 1024) },
  });
});
afterEach(async () => {
  await hub.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
});

const until = async (check: () => boolean, ms: number): Promise<boolean> => {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return check();
};

describe('stream back-pressure without ticks', () => {
  it('drops a client that floods requests and never reads, with a logged reason', async () => {
    await start({ maxBufferedBytes: 1024 * 1024, maxInFlight: 8 });
    const client = await nonReadingClient(port, 'unused');
    let sent = 0;
    const flood = setInterval(() => {
      for (let i = 0; i < 20; i++) {
        const ok = client.sendText(
          JSON.stringify({ type: 'invoke', id: i, name: 'snapshot:get', args: {} }),
        );
        if (ok) sent++;
      }
    }, 10);
    try {
      expect(await until(() => warnings.length > 0, 15_000)).toBe(true);
    } finally {
      clearInterval(flood);
    }
    expect(warnings[0]).toMatch(
      /^dropped WebSocket client 127\.0\.0\.1:\d+: too slow to keep up; reconnect \(more than 1048576 bytes unread for 10000 ms\)$/,
    );
    expect(hub.clientCount).toBe(0);
    // Answers were computed only while the client had room for them (the bound plus what the
    // kernel's socket buffers took), not one per request sent (thousands).
    const answered = host.callsOf('snapshot:get').length;
    expect(sent).toBeGreaterThan(1000);
    expect(answered).toBeLessThan(64);
    client.destroy();
  }, 30_000);

  it('keeps a reading client that asks as much', async () => {
    await start({ maxBufferedBytes: 1024 * 1024 });
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/stream`);
    await new Promise((resolve) => ws.once('open', resolve));
    let answers = 0;
    ws.on('message', () => answers++);
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 20; i++) {
        ws.send(JSON.stringify({ type: 'invoke', id: i, name: 'snapshot:get', args: {} }));
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(await until(() => answers === 400, 40_000)).toBe(true);
    expect(warnings).toEqual([]);
    ws.terminate();
  }, 60_000);

  it('cuts off a client whose only life sign is unsolicited pongs', async () => {
    host.responders['snapshot:get'] = () => ({ ok: true, value: SNAPSHOT });
    await start({ heartbeatMs: 100 });
    const client = await nonReadingClient(port, 'unused');
    const pongs = setInterval(() => client.sendPong(Buffer.from('pong')), 20);
    try {
      expect(await until(() => warnings.length > 0, 5_000)).toBe(true);
    } finally {
      clearInterval(pongs);
    }
    expect(warnings[0]).toMatch(/no answer to the heartbeat ping \(no pong to the previous ping\)/);
    expect(hub.clientCount).toBe(0);
    client.destroy();
  });

  it('keeps a client that answers the pings', async () => {
    await start({ heartbeatMs: 50 });
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/stream`);
    await new Promise((resolve) => ws.once('open', resolve));
    await new Promise((r) => setTimeout(r, 500));
    expect(warnings).toEqual([]);
    expect(hub.clientCount).toBe(1);
    ws.terminate();
  });
});
