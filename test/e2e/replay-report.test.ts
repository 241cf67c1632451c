// Replay and report agree: `subflow serve --replay` on a journal recorded in the lab, seeked to
// one instant, shows in the dashboard the same interface rates as the report built from the
// same journal for that instant.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { WebSocket } from 'ws';
import type { StreamServerMessage } from '../../electron/contract.js';
import { STREAM_PATH } from '../../electron/contract.js';
import { buildReport } from '../../electron/report/build-report.js';
import type { ReportModel } from '../../electron/report/report-types.js';
import { detectFailovers } from '../../electron/monitor/failover.js';
import { readJournal } from '../../electron/session/journal/journal-reader.js';
import { artifactDir, launchChromium } from './support/browser.js';
import { startServe } from './support/serve.js';
import type { ServeProcess } from './support/serve.js';

const JOURNAL = join(import.meta.dirname, '..', 'fixtures', 'report', 'lab-failover.sfj');
const shots = artifactDir('e2e');

/** Runs one request over the server's WebSocket, as the dashboard does. */
async function invoke(serve: ServeProcess, name: string, args: unknown): Promise<unknown> {
  const token = new URL(serve.url).searchParams.get('token') ?? '';
  const ws = new WebSocket(`${serve.origin.replace('http', 'ws')}${STREAM_PATH}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  try {
    await new Promise((resolve, reject) => {
      ws.once('open', resolve).once('error', reject);
    });
    const answer = new Promise<unknown>((resolve) => {
      ws.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString('utf8')) as StreamServerMessage;
        if (message.type === 'result' && message.id === 1) resolve(message.result);
      });
    });
    ws.send(JSON.stringify({ type: 'invoke', id: 1, name, args }));
    return await answer;
  } finally {
    ws.close();
  }
}

/** "39.8 Mbit/s" → bytes per second. */
function bytesPerSecond(text: string): number {
  const m = /([\d.]+)\s*(G|M|k)?bit\/s/.exec(text);
  if (!m) throw new Error(`not a bit rate: ${JSON.stringify(text)}`);
  const prefix = m[2] as 'G' | 'M' | 'k' | undefined;
  return (Number(m[1]) * (prefix ? { G: 1e9, M: 1e6, k: 1e3 }[prefix] : 1)) / 8;
}

describe('replay and report of one journal', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  let model: ReportModel;
  let times: readonly number[];

  beforeAll(async () => {
    const contents = await readJournal(JOURNAL);
    model = buildReport(contents, detectFailovers(contents));
    times = contents.ticks.map((t) => t.snapshot.time);
    serve = await startServe(['--replay', JOURNAL]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(serve.url);
    await page.getByRole('region', { name: 'Replay' }).waitFor();
  });

  afterAll(async () => {
    await browser.close();
    await serve.stop();
  });

  it('shows the report’s rates at the instant it is seeked to', async () => {
    // The recording set blue-c to backup and cut red: seek to where blue carried the most.
    const blue = model.interfaces.find((i) => i.name === 'blue-c')!.series.tx;
    const index = blue.reduce<number>((best, v, i) => ((v ?? 0) > (blue[best] ?? 0) ? i : best), 0);
    expect(blue[index]).toBeGreaterThan(1_000_000); // about 20 Mbit/s while red was cut
    const result = (await invoke(serve, 'playback:seek', { time: times[index]! })) as {
      ok: boolean;
    };
    expect(result.ok).toBe(true);
    for (const name of ['red-c', 'blue-c']) {
      const expected = model.interfaces.find((i) => i.name === name)!.series.tx[index] ?? 0;
      const shown = page.locator(`dl[aria-label="Outgoing statistics of ${name}"] dd`).first();
      // The dashboard prints 3 significant digits: equal within that rounding.
      await expect
        .poll(async () => Math.abs(bytesPerSecond(await shown.innerText()) - expected), {
          timeout: 10_000,
        })
        .toBeLessThanOrEqual(Math.max(expected * 0.005, 1));
    }
    await page.screenshot({ path: join(shots, 'replay.png'), fullPage: true });
  });
});
