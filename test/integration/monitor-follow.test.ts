// The desktop app's monitor while the privileged helper serves the kernel side: it follows the
// helper's ticks instead of sampling (MonitorService.follow), so recordings and the failover
// watch get what the window shows, kernel events included, and the kernel is read once. Real
// kernel, lab, root: the "helper" is a monitor with kernel events, the "app" one without.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TickUpdate } from '../../electron/contract.js';
import { MonitorService } from '../../electron/monitor/monitor-service.js';
import { holdConnections, labDown, labUp } from '../../native/lab/index.js';

const root = process.getuid?.() === 0;
const prefix = `sfmf${process.pid % 1000}`;
const cli = `${prefix}-cli`;

/** Kernel samples the monitor asked for (a whole one, or one as a delta of the last). */
const sampleCalls = (spy: { mock: { calls: unknown[][] } }) =>
  spy.mock.calls.filter(([name]) => name === 'sample' || name === 'sampleDelta').length;

describe.skipIf(!root)('the app monitor follows the helper', () => {
  let helper: MonitorService;
  let app: MonitorService;

  beforeAll(async () => {
    await labUp({ prefix });
    helper = new MonitorService({ netns: cli, intervalMs: 500 });
    app = new MonitorService({ netns: cli, intervalMs: 500, events: 'inferred' });
    await helper.start();
    await app.start();
  }, 60_000);

  afterAll(async () => {
    await app.stop();
    await helper.stop();
    await labDown({ prefix });
  });

  it('reads the kernel no more, and passes on the helper’s ticks and kernel events once', async () => {
    expect(helper.eventSource.kind).toBe('kernel');
    const helperTimes = new Set<number>();
    helper.subscribe((u) => helperTimes.add(u.snapshot.time));
    const got: TickUpdate[] = [];
    app.subscribe((u) => got.push(u)); // like a journal: one update per tick
    const calls = vi.spyOn(app.kernel, 'call');
    app.follow((listener) => helper.subscribe(listener, { eventsBetweenTicks: true }));

    const held = await holdConnections({ prefix, count: 2 });
    await sleep(2500);
    await held.stop();
    await sleep(1000);

    expect(sampleCalls(calls)).toBe(0);
    expect(got.length).toBeGreaterThanOrEqual(4);
    expect(got.every((u) => u.eventsOnly !== true && helperTimes.has(u.snapshot.time))).toBe(true);
    const events = got.flatMap((u) => u.events);
    expect(events.filter((e) => e.type === 'created' && e.source === 'kernel').length).toBe(2);
    expect(events.filter((e) => e.source === 'inferred')).toEqual([]);
    const keys = events.map((e) => `${e.type} ${e.time} ${e.token ?? ''}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(app.latest()).toBe(got.at(-1)?.snapshot);
    expect(await app.refresh()).toBe(app.latest()); // no sample of its own
    expect(sampleCalls(calls)).toBe(0);
    calls.mockRestore();
  }, 30_000);

  it('samples again when the helper goes', async () => {
    const calls = vi.spyOn(app.kernel, 'call');
    app.follow(null);
    await sleep(1500);
    expect(sampleCalls(calls)).toBeGreaterThanOrEqual(1);
    calls.mockRestore();
  });
});
