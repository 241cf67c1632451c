// Kernel events reach subscribers as they happen, not at the next tick: with a 5 s interval, a
// connection's path-manager events get to a WebSocket client of the headless server in a push of
// their own (eventsOnly, the last snapshot unchanged) before the next tick, and that tick does not
// repeat them; a subscriber that did not ask for pushes between ticks gets them once, with the
// tick. Real kernel, lab, root. Not timed tightly: only "before the next tick" is asserted.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createHost } from '../../electron/host/create-host.js';
import type { PmEvent, StreamServerMessage, TickUpdate } from '../../electron/contract.js';
import { monitorHandlers, monitorPushes } from '../../electron/monitor/monitor-handlers.js';
import { MonitorService } from '../../electron/monitor/monitor-service.js';
import { startServer } from '../../electron/server/server.js';
import { STREAM_PATH } from '../../electron/server/stream.js';
import { holdConnections, labDown, labUp } from '../../native/lab/index.js';

const root = process.getuid?.() === 0;
const prefix = `sfep${process.pid % 1000}`;
const cli = `${prefix}-cli`;
const INTERVAL_MS = 5000;

interface Arrival {
  readonly update: TickUpdate;
  /** Date.now() when the WebSocket message arrived. */
  readonly at: number;
}

const sameEvent = (a: PmEvent, b: PmEvent): boolean =>
  a.type === b.type && a.time === b.time && a.token === b.token && a.source === b.source;

describe.skipIf(!root)('kernel events pushed between ticks', () => {
  let monitor: MonitorService;
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  let ws: WebSocket | null = null;
  const arrivals: Arrival[] = [];
  const perTick: TickUpdate[] = [];

  beforeAll(async () => {
    await labUp({ prefix });
    monitor = new MonitorService({ netns: cli, intervalMs: INTERVAL_MS });
    monitor.subscribe((u) => perTick.push(u)); // did not ask for pushes between ticks
    await monitor.start();
    const token = randomBytes(24).toString('base64url');
    server = await startServer({
      host: createHost({
        handlers: [monitorHandlers(monitor)],
        pushes: monitorPushes(monitor),
      }),
      port: 0,
      token,
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}${STREAM_PATH}`, {
      headers: { Authorization: `Bearer ${token}`, Host: `127.0.0.1:${server.port}` },
    });
    ws = socket;
    socket.on('message', (data) => {
      const at = Date.now();
      const bytes = Buffer.isBuffer(data)
        ? data
        : Array.isArray(data)
          ? Buffer.concat(data)
          : Buffer.from(data);
      const text = bytes.toString('utf8');
      const message = JSON.parse(text) as StreamServerMessage;
      if (message.type === 'push' && message.name === 'onTick')
        arrivals.push({ update: message.payload, at });
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => {
        resolve();
      });
      socket.once('error', reject);
    });
  });
  afterAll(async () => {
    ws?.terminate();
    await server?.close();
    await monitor.stop();
    await labDown({ prefix });
  });

  it('delivers a new connection’s kernel events before the next tick, once', async () => {
    expect(monitor.eventSource.kind).toBe('kernel');
    // Wait for a tick to reach the client, so the next one is about INTERVAL_MS away.
    for (let i = 0; i < 100 && arrivals.length === 0; i++) await sleep(100);
    const held = await holdConnections({ prefix, count: 1 });
    let created: { arrival: Arrival; event: PmEvent } | undefined;
    try {
      for (let i = 0; i < 100 && created === undefined; i++) {
        for (const arrival of arrivals) {
          const event = arrival.update.events.find(
            (e) => e.source === 'kernel' && e.type === 'created',
          );
          if (event) created = { arrival, event };
        }
        if (created === undefined) await sleep(100);
      }
      expect(created, 'no kernel "created" event reached the WebSocket').toBeDefined();
      const { arrival, event } = created!;
      // It came in a push of its own, with the snapshot the client already had, …
      expect(arrival.update.eventsOnly).toBe(true);
      const ticksBefore = arrivals.filter((a) => a.update.eventsOnly !== true && a.at < arrival.at);
      expect(arrival.update.snapshot.time).toBe(ticksBefore.at(-1)?.update.snapshot.time);
      // … and no tick reached the client between the kernel's event and that push.
      const tickBetween = arrivals.find(
        (a) => a.update.eventsOnly !== true && a.at >= event.time && a.at <= arrival.at,
      );
      expect(tickBetween).toBeUndefined();
      expect(arrival.at - event.time).toBeLessThan(INTERVAL_MS);

      // The next tick does not repeat it to the client; the per-tick subscriber gets it once.
      const count = arrivals.length;
      for (let i = 0; i < 80; i++) {
        if (arrivals.slice(count).some((a) => a.update.eventsOnly !== true)) break;
        await sleep(100);
      }
      const nextTick = arrivals.slice(count).find((a) => a.update.eventsOnly !== true);
      expect(nextTick, 'no tick after the pushed events').toBeDefined();
      const seen = arrivals.flatMap((a) => a.update.events).filter((e) => sameEvent(e, event));
      expect(seen).toHaveLength(1);
      const inTicks = perTick.flatMap((u) => u.events).filter((e) => sameEvent(e, event));
      expect(inTicks).toHaveLength(1);
      expect(perTick.every((u) => u.eventsOnly !== true)).toBe(true);
      expect(monitor.events().filter((e) => sameEvent(e, event))).toHaveLength(1);
    } finally {
      await held.stop();
    }
  });
});
