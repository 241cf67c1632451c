// Host.invoke is the one place a request is validated: the server's WebSocket and Electron's IPC
// only carry it (host/carry-request.ts), so a bad request gets the same answer by either, and a
// request is checked once on its way to a handler (validateRequest counted through a spy).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import type { Result } from '../../../electron/contract.js';
import { createHost } from '../../../electron/host/create-host.js';
import { createPushBus } from '../../../electron/host/push-bus.js';
import type { RunningServer } from '../../../electron/server/server.js';
import { startServer } from '../../../electron/server/server.js';
import { answerInvoke } from '../../../electron/shell/ipc-bridge.js';
import { validateRequest } from '../../../electron/validation.js';
import type * as Validation from '../../../electron/validation.js';
import { SNAPSHOT } from '../server/fake-host.js';
import { QUIET_LOGGER } from '../server/test-server.js';

vi.mock('../../../electron/validation.js', async (original) => {
  const real = await original<typeof Validation>();
  return { ...real, validateRequest: vi.fn(real.validateRequest) };
});
const validations = vi.mocked(validateRequest);

const TOKEN = 'invoke-once-token-0123456789';
const PAGE = 'app://subflow/index.html';
const served: string[] = [];
const host = createHost({
  handlers: [
    {
      'snapshot:get': () => Promise.resolve(SNAPSHOT),
      'multipath:set': (args) => {
        served.push(args.interface);
        return Promise.resolve({
          interface: args.interface,
          mode: args.mode,
          endpoints: [],
          notes: [],
        });
      },
    },
  ],
  pushes: createPushBus().subscribe,
});

let server: RunningServer;
let ws: WebSocket;
let nextId = 1;

beforeEach(async () => {
  server = await startServer({ host, port: 0, token: TOKEN, logger: QUIET_LOGGER });
  ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/stream`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  validations.mockClear();
  served.length = 0;
});
afterEach(async () => {
  ws.terminate();
  await server.close();
});

/** Sends one invoke over the WebSocket and resolves with its result. */
function overSocket(name: unknown, args: unknown): Promise<Result<unknown>> {
  const id = nextId++;
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as { id?: unknown; result?: unknown };
      if (message.id !== id) return;
      ws.off('message', onMessage);
      resolve(message.result as Result<unknown>);
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ type: 'invoke', id, name, args }));
  });
}

describe('a request through the WebSocket and through IPC', () => {
  it('gets the same bad-request text, made by Host.invoke', async () => {
    const cases: [string, unknown][] = [
      ['multipath:set', { interface: 'eth0:1', mode: 'on' }],
      ['multipath:set', { interface: 'eth0', mode: 'maybe' }],
      ['limits:set', { subflows: 40 }],
      ['shell:run', {}],
    ];
    for (const [name, args] of cases) {
      const socket = await overSocket(name, args);
      const ipc = await answerInvoke(host, PAGE, name, args);
      expect(socket).toMatchObject({ ok: false, error: { code: 'bad-request' } });
      expect(ipc).toEqual(socket);
      expect(socket).toEqual(validateRequest(name, args));
    }
    expect(served).toEqual([]);
  });

  it('is validated once on its way to the handler', async () => {
    const args = { interface: 'blue-c', mode: 'backup' };
    expect(await overSocket('multipath:set', args)).toMatchObject({ ok: true });
    expect(validations).toHaveBeenCalledTimes(1);
    validations.mockClear();
    expect(await answerInvoke(host, PAGE, 'multipath:set', args)).toMatchObject({ ok: true });
    expect(validations).toHaveBeenCalledTimes(1);
    expect(served).toEqual(['blue-c', 'blue-c']);
  });
});
