// Fuzzing the WebSocket protocol with a fixed seed: thousands of random and mutated messages
// (valid invokes with bytes flipped, wrong shapes, random JSON, random bytes, binary frames).
// Every message is either answered with a result or makes the server close that socket; the
// server never throws, a fresh client is still served afterwards, and memory stays bounded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { REQUEST_NAMES } from '../../../electron/contract.js';
import type { RunningServer } from '../../../electron/server/server.js';
import { startServer } from '../../../electron/server/server.js';
import { mutate, randomBytes, seededRandom } from '../../support/fuzz.js';
import { FakeHost } from './fake-host.js';

const TOKEN = 'stream-fuzz-token-0123456789';
const MESSAGES = 3000;
let host: FakeHost;
let server: RunningServer;
const errors: string[] = [];

beforeAll(async () => {
  host = new FakeHost();
  server = await startServer({
    host,
    port: 0,
    token: TOKEN,
    logger: { info: () => undefined, warn: () => undefined, error: (m) => errors.push(m) },
  });
});
afterAll(async () => {
  await server.close();
});

const open = async (): Promise<WebSocket> => {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/stream`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return ws;
};

/** One message to send: text (maybe not JSON, maybe not UTF-8) or a binary frame. */
function fuzzMessage(rand: () => number, i: number): { data: Buffer; binary: boolean } {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const valid = JSON.stringify({
    type: 'invoke',
    id: i,
    name: pick(REQUEST_NAMES),
    args: pick([
      {},
      { interface: pick(['eth0', '$(id)', '\u001b[31m', 'a/b', 'x'.repeat(40)]), mode: 'on' },
      { seconds: pick([1, 3600, -1, 1e12, 'x']) },
      { paused: true },
      null,
      [],
    ]),
  });
  switch (Math.floor(rand() * 6)) {
    case 0:
      return { data: Buffer.from(valid), binary: false };
    case 1:
      return {
        data: Buffer.from(mutate(rand, Buffer.from(valid), 1 + Math.floor(rand() * 4))),
        binary: false,
      };
    case 2:
      return {
        data: Buffer.from(
          JSON.stringify(
            pick<unknown>([
              null,
              42,
              'invoke',
              [valid],
              { type: 'invoke' },
              { type: 'invoke', id: { x: 1 }, name: 'snapshot:get', args: {} },
              { type: 'invoke', id: 'x'.repeat(200), name: 'snapshot:get', args: {} },
              { type: 'invoke', id: i, name: 'snapshot:get' },
              { type: 'invoke', id: i, name: 'snapshot:get', args: { __proto__: { a: 1 } } },
              { type: 'invoke', id: i, name: 'constructor', args: {} },
            ]),
          ),
        ),
        binary: false,
      };
    case 3:
      return {
        data: Buffer.from(valid.slice(0, Math.floor(rand() * valid.length))),
        binary: false,
      };
    case 4:
      return { data: Buffer.from(randomBytes(rand, 1 + Math.floor(rand() * 200))), binary: false };
    default:
      return { data: Buffer.from(randomBytes(rand, 1 + Math.floor(rand() * 64))), binary: true };
  }
}

describe('WebSocket protocol fuzz (seed 16)', () => {
  it(`answers or closes for each of ${MESSAGES} random and mutated messages, never crashes`, async () => {
    const rand = seededRandom(16);
    const heapBefore = process.memoryUsage().heapUsed;
    let ws = await open();
    let answered = 0;
    let closedBy = 0;
    const started = Date.now();
    for (let i = 0; i < MESSAGES; i++) {
      const { data, binary } = fuzzMessage(rand, i);
      const outcome = await new Promise<'answer' | 'close'>((resolve) => {
        const onMessage = (reply: Buffer) => {
          const m = JSON.parse(reply.toString('utf8')) as { type: string };
          if (m.type !== 'result') return;
          ws.off('close', onClose);
          ws.off('message', onMessage);
          resolve('answer');
        };
        const onClose = () => {
          ws.off('message', onMessage);
          resolve('close');
        };
        ws.on('message', onMessage);
        ws.once('close', onClose);
        ws.send(data, { binary });
      });
      if (outcome === 'answer') answered++;
      else {
        closedBy++;
        ws = await open();
      }
    }
    ws.close();
    const seconds = (Date.now() - started) / 1000;
    // Every binary frame and every text frame that is not UTF-8 closes; the rest is answered.
    expect(answered + closedBy).toBe(MESSAGES);
    expect(answered).toBeGreaterThan(MESSAGES / 2);
    expect(closedBy).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    // Still serving: a well-formed request from a fresh client is answered.
    const fresh = await open();
    const reply = new Promise<unknown>((resolve) => {
      fresh.once('message', (d: Buffer) => {
        resolve(JSON.parse(d.toString('utf8')));
      });
    });
    fresh.send(JSON.stringify({ type: 'invoke', id: 'last', name: 'snapshot:get', args: {} }));
    expect(await reply).toMatchObject({ type: 'result', id: 'last', result: { ok: true } });
    fresh.close();
    const heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
    console.log(
      `fuzz: ${answered} answered, ${closedBy} closed, ${seconds.toFixed(1)} s, heap ${heapGrowthMb.toFixed(1)} MB`,
    );
    expect(heapGrowthMb).toBeLessThan(100);
  }, 120_000);
});
