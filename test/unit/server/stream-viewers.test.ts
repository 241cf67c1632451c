// A host per WebSocket client (the server's `viewer` option): each client's requests reach its own
// host, its pushes reach that client alone, a tick object shared by every viewer goes out as the
// same text, and a client that leaves lets its host go. REST stays on the server's main host.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { StreamServerMessage, TickUpdate } from '../../../electron/contract.js';
import type { RunningServer } from '../../../electron/server/server.js';
import { startServer } from '../../../electron/server/server.js';
import { FakeHost, SNAPSHOT } from './fake-host.js';
import { QUIET_LOGGER } from './test-server.js';

const TOKEN = 'viewer-test-token-0123456789';

interface Viewer {
  readonly host: FakeHost;
  closed: boolean;
}

let main: FakeHost;
let viewers: Viewer[];
let server: RunningServer;
const sockets: WebSocket[] = [];

beforeEach(async () => {
  main = new FakeHost();
  viewers = [];
  server = await startServer({
    host: main,
    port: 0,
    token: TOKEN,
    logger: QUIET_LOGGER,
    viewer: () => {
      const viewer: Viewer = { host: new FakeHost(), closed: false };
      viewers.push(viewer);
      return {
        host: viewer.host,
        close: () => {
          viewer.closed = true;
          return Promise.resolve();
        },
      };
    },
  });
});
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await server.close();
});

/** An open client with every message it received. */
async function client(): Promise<{ ws: WebSocket; messages: StreamServerMessage[] }> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/stream`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  sockets.push(ws);
  const messages: StreamServerMessage[] = [];
  ws.on('message', (data: Buffer) => {
    messages.push(JSON.parse(data.toString('utf8')) as StreamServerMessage);
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve).once('error', reject);
  });
  return { ws, messages };
}

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

const tickTimes = (messages: readonly StreamServerMessage[]): number[] =>
  messages.flatMap((m) =>
    m.type === 'push' && m.name === 'onTick' ? [m.payload.snapshot.time] : [],
  );

describe('a host per stream client', () => {
  it('sends each client its own host’s pushes and routes its requests there', async () => {
    const a = await client();
    const b = await client();
    await until(() => viewers.length === 2);
    const [va, vb] = viewers as [Viewer, Viewer];
    const replayed: TickUpdate = { snapshot: { ...SNAPSHOT, time: 5 }, events: [] };
    va.host.tick(replayed);
    // One live tick object given to both viewers.
    const live: TickUpdate = { snapshot: { ...SNAPSHOT, time: 9 }, events: [] };
    vb.host.tick(live);
    await until(() => tickTimes(a.messages).length === 1 && tickTimes(b.messages).length === 1);
    expect(tickTimes(a.messages)).toEqual([5]);
    expect(tickTimes(b.messages)).toEqual([9]);
    // The main host feeds no client: it is the host of REST requests.
    main.tick(live);

    a.ws.send(JSON.stringify({ type: 'invoke', id: 1, name: 'playback:get', args: {} }));
    await until(() => a.messages.some((m) => m.type === 'result'));
    expect(va.host.callsOf('playback:get')).toEqual([{}]);
    expect(vb.host.calls).toEqual([]);
    expect(main.calls).toEqual([]);
    expect(tickTimes(a.messages)).toEqual([5]);
  });

  it('lets a client’s host go when the client leaves, and all of them on close', async () => {
    const a = await client();
    await client();
    await until(() => viewers.length === 2);
    a.ws.close();
    await until(() => viewers[0]!.closed);
    expect(viewers[0]!.host.listeners.size).toBe(0);
    expect(viewers[1]!.closed).toBe(false);
    await server.close();
    expect(viewers[1]!.closed).toBe(true);
  });
});
