// Which app is it, in the dashboard: `subflow serve` on the lab with iperf3 running under
// mptcpize (the lab's traffic); the App column of its connections and the "By app" view both
// name iperf3, with the pid the kernel's sockets belong to, and the per-app sums of the table.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { labDown, labTraffic, labUp } from '../../native/lab/index.js';
import { artifactDir, launchChromium } from './support/browser.js';
import { startServe } from './support/serve.js';
import type { ServeProcess } from './support/serve.js';

const PREFIX = `sfa${process.pid % 10000}`;
const shots = artifactDir('e2e');

/** The pids of the iperf3 client processes of this lab (run in its client namespace). */
function iperfClientPids(): number[] {
  const out = execFileSync('ip', ['netns', 'pids', `${PREFIX}-cli`], { encoding: 'utf8' });
  return out
    .split('\n')
    .map(Number)
    .filter((pid) => pid > 0)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'iperf3';
      } catch {
        return false; // ended meanwhile
      }
    });
}

describe('apps in the dashboard', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  let traffic: Promise<unknown>;
  /** Why the lab's traffic ended early, if it did: said when no connection shows up. */
  let trafficError: string | undefined;

  beforeAll(async () => {
    await labDown({ prefix: PREFIX });
    await labUp({ prefix: PREFIX });
    serve = await startServe(['--netns', `${PREFIX}-cli`, '--interval', '500']);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(serve.url);
    traffic = labTraffic({ prefix: PREFIX, seconds: 30 }).catch((err: unknown) => {
      trafficError = err instanceof Error ? err.message : String(err);
    });
  });

  afterAll(async () => {
    await browser.close();
    await serve.stop();
    await labDown({ prefix: PREFIX });
    await traffic;
  });

  it('names iperf3 in the App column of its connections', async () => {
    const apps = page.locator('tr.connection-row td.col-app .app-name');
    try {
      await expect.poll(() => apps.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    } catch (err) {
      throw new Error(
        `fewer than 2 iperf3 connections in the table after 20 s; the lab's traffic: ` +
          (trafficError ?? 'still running'),
        { cause: err },
      );
    }
    // iperf3 opens a control and a data connection: both are its.
    expect(new Set(await apps.allInnerTexts())).toEqual(new Set(['iperf3']));
    const pids = await page.locator('tr.connection-row td.col-app .app-pid').allInnerTexts();
    expect(iperfClientPids()).toContain(Number(pids[0]));
    await page.screenshot({ path: join(shots, 'apps-column.png') });
  });

  it('groups them under iperf3 in the per-app view', async () => {
    const rows = await page.locator('tr.connection-row').count();
    await page.getByRole('button', { name: 'By app' }).click();
    const table = page.getByRole('table', { name: 'Connections by app' });
    await table.waitFor();
    const iperf = table.locator('tr[data-app="iperf3"]');
    await iperf.waitFor();
    const cells = await iperf.locator('td').allInnerTexts();
    // Connections, subflows: every connection of the table is iperf3's, with its subflows.
    expect(Number(cells[0])).toBe(rows);
    expect(Number(cells[1])).toBeGreaterThanOrEqual(rows);
    // A rate needs two readings of a socket: on the data connection's first tick it is still 0,
    // so wait for the next one (the first test may end on that very tick).
    const throughput = iperf.locator('td').nth(4);
    await expect.poll(() => throughput.innerText(), { timeout: 5_000 }).toMatch(/\d (k|M)bit\/s/);
    expect(await table.locator('tbody tr').count()).toBe(1);
    await page.screenshot({ path: join(shots, 'apps-by-app.png') });
  });
});
