// Replay belongs to the viewer that opened it: `subflow serve` watching the lab, two pages of the
// dashboard in Debian's Chromium. One opens a recorded session from the sessions drawer: the
// drawer closes, the replay plays from its first tick with data, and only that page gets the
// replayed ticks; the other page keeps receiving live ticks and stays LIVE. A reload is live.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { StreamServerMessage } from '../../electron/contract.js';
import { readJournal } from '../../electron/session/journal/journal-reader.js';
import { firstTickWithData } from '../../electron/session/replay-cursor.js';
import { labDown, labUp } from '../../native/lab/index.js';
import { artifactDir, launchChromium } from './support/browser.js';
import { startServe } from './support/serve.js';
import type { ServeProcess } from './support/serve.js';

const PREFIX = `sfr${process.pid % 10000}`;
const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'report', 'lab-failover.sfj');
const SESSION = '2026-11-30T10-00-00Z-lab-failover.sfj';
const shots = artifactDir('e2e');

/** The snapshot times of every onTick a page receives over its WebSocket, in order. */
function tickTimes(page: Page): number[] {
  const times: number[] = [];
  page.on('websocket', (ws) => {
    ws.on('framereceived', ({ payload }) => {
      if (typeof payload !== 'string') return;
      const message = JSON.parse(payload) as StreamServerMessage;
      if (message.type === 'push' && message.name === 'onTick')
        times.push(message.payload.snapshot.time);
    });
  });
  return times;
}

describe('replay per viewer', () => {
  const data = mkdtempSync(join(tmpdir(), 'sfr-data-'));
  let serve: ServeProcess;
  let browser: Browser;
  let replaying: Page;
  let watching: Page;
  let replayTimes: number[];
  let liveTimes: number[];
  let journalEnd: number;
  let firstWithData: number;

  beforeAll(async () => {
    const sessions = join(data, 'subflow', 'sessions');
    mkdirSync(sessions, { recursive: true });
    copyFileSync(FIXTURE, join(sessions, SESSION));
    const journal = await readJournal(FIXTURE);
    journalEnd = journal.ticks.at(-1)!.snapshot.time;
    firstWithData = journal.ticks[firstTickWithData(journal.ticks)]!.snapshot.time;
    await labDown({ prefix: PREFIX });
    await labUp({ prefix: PREFIX });
    serve = await startServe(['--netns', `${PREFIX}-cli`, '--interval', '500'], {
      XDG_DATA_HOME: data,
    });
    browser = await launchChromium();
    replaying = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    watching = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    replayTimes = tickTimes(replaying);
    liveTimes = tickTimes(watching);
    await Promise.all([replaying.goto(serve.url), watching.goto(serve.url)]);
  });

  afterAll(async () => {
    await browser.close();
    await serve.stop();
    await labDown({ prefix: PREFIX });
    rmSync(data, { recursive: true, force: true });
  });

  it('plays the replay on the page that opened it, drawer closed, from the first data', async () => {
    await expect.poll(() => replayTimes.length, { timeout: 15_000 }).toBeGreaterThan(0);
    await replaying.getByRole('button', { name: 'Sessions' }).click();
    await replaying.getByRole('button', { name: `Replay ${SESSION}` }).click();
    const bar = replaying.getByRole('region', { name: 'Replay' });
    await bar.waitFor();
    const opened = replayTimes.findIndex((t) => t <= journalEnd);
    await expect.poll(() => replaying.locator('.sessions-drawer').count()).toBe(0);
    // Playing at once: the pause button shows, and the position moves on.
    await bar.getByRole('button', { name: 'Pause the replay' }).waitFor();
    expect(replayTimes[opened]).toBe(firstWithData);
    await expect
      .poll(() => replayTimes.filter((t) => t > firstWithData && t <= journalEnd).length, {
        timeout: 10_000,
      })
      .toBeGreaterThan(2);
    // After the replay's first tick, no live tick reaches this page.
    expect(replayTimes.slice(opened).every((t) => t <= journalEnd)).toBe(true);
    await replaying.screenshot({ path: join(shots, 'replay-per-viewer-replaying.png') });
  });

  it('keeps the other page live', async () => {
    const before = liveTimes.length;
    await expect.poll(() => liveTimes.length, { timeout: 10_000 }).toBeGreaterThan(before + 2);
    expect(liveTimes.every((t) => t > journalEnd)).toBe(true);
    expect(await watching.getByRole('region', { name: 'Replay' }).count()).toBe(0);
    await watching.locator('.source-live').waitFor();
    await watching.screenshot({ path: join(shots, 'replay-per-viewer-live.png') });
  });

  it('returns to live on a reload', async () => {
    await replaying.reload();
    await replaying.locator('.source-live').waitFor({ timeout: 10_000 });
    expect(await replaying.getByRole('region', { name: 'Replay' }).count()).toBe(0);
    const after = replayTimes.length;
    await expect.poll(() => replayTimes.length, { timeout: 10_000 }).toBeGreaterThan(after + 1);
    expect(replayTimes.slice(after).every((t) => t > journalEnd)).toBe(true);
  });
});
