// The dashboard end to end: `subflow serve` watching the lab's client namespace, Debian's
// Chromium driving the built renderer, iperf3 traffic on both paths. What a person would check
// by eye — rates on both interfaces, two subflows in the connection, the toggles changing the
// kernel's endpoints — is checked here against the kernel itself. Screenshots are kept in
// test-results/e2e/ as artifacts.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { labDown, labTraffic, labUp } from '../../native/lab/index.js';
import { artifactDir, launchChromium } from './support/browser.js';
import { startServe } from './support/serve.js';
import type { ServeProcess } from './support/serve.js';

const PREFIX = `sfe${process.pid % 10000}`;
const CLIENT = `${PREFIX}-cli`;
const shots = artifactDir('e2e');

const endpoints = (): string =>
  execFileSync('ip', ['-n', CLIENT, 'mptcp', 'endpoint', 'show'], { encoding: 'utf8' });

/** "39.8 Mbit/s" → 39.8; any rate text → Mbit/s. */
function mbit(text: string): number {
  const m = /([\d.]+)\s*(G|M|k)?bit\/s/.exec(text);
  if (!m) throw new Error(`not a bit rate: ${JSON.stringify(text)}`);
  const prefix = m[2] as 'G' | 'M' | 'k' | undefined;
  const scale = prefix ? { G: 1000, M: 1, k: 0.001 }[prefix] : 1e-6;
  return Number(m[1]) * scale;
}

/** The Curr figure of one direction of one interface card. */
const current = (page: Page, direction: 'Incoming' | 'Outgoing', iface: string) =>
  page.locator(`dl[aria-label="${direction} statistics of ${iface}"] dd`).first().innerText();

const liveSubflowRows = (page: Page) =>
  page.locator('.connection-detail .subflow-table tbody tr:not(.is-closed)');

describe('dashboard on the lab', () => {
  // Undefined when beforeAll failed part way: afterAll still takes the lab down.
  let serve: ServeProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let traffic: Promise<unknown>;

  beforeAll(async () => {
    await labDown({ prefix: PREFIX });
    await labUp({ prefix: PREFIX });
    serve = await startServe(['--netns', CLIENT, '--interval', '500']);
    const started = serve;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(started.url);
    // One long upload over both paths for the whole suite.
    traffic = labTraffic({ prefix: PREFIX, seconds: 75 }).catch((err: unknown) => err);
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await labDown({ prefix: PREFIX });
    await traffic;
  });

  it('shows traffic on both lab interfaces at their shaped rates', async () => {
    await expect
      .poll(async () => mbit(await current(page, 'Outgoing', 'blue-c')), { timeout: 20_000 })
      .toBeGreaterThan(15);
    // The lab shapes red at 40 and blue at 20 Mbit/s; the card shows the last tick's rate.
    await expect
      .poll(async () => mbit(await current(page, 'Outgoing', 'red-c')), { timeout: 10_000 })
      .toBeGreaterThan(30);
    expect(mbit(await current(page, 'Outgoing', 'red-c'))).toBeLessThan(44);
    expect(mbit(await current(page, 'Outgoing', 'blue-c'))).toBeLessThan(22);
    await page.screenshot({ path: join(shots, 'dashboard-traffic.png'), fullPage: true });
  });

  it('draws nothing while the page is hidden, and catches up when shown', async () => {
    // Headless Chromium keeps every page visible: the page is told, as a browser tells it.
    const setHidden = (hidden: boolean) =>
      page.evaluate(`(() => {
        Object.defineProperty(document, 'visibilityState', {
          configurable: true, get: () => ${hidden ? "'hidden'" : "'visible'"} });
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => ${String(hidden)} });
        document.dispatchEvent(new Event('visibilitychange'));
      })()`);
    /** DOM changes under <main> (interfaces, connections, events) over 2 s: 4 ticks. */
    const mutations = () =>
      page.evaluate<number>(`new Promise((resolve) => {
        let n = 0;
        const o = new MutationObserver((list) => { n += list.length; });
        o.observe(document.querySelector('main'), {
          subtree: true, childList: true, characterData: true, attributes: true });
        setTimeout(() => { o.disconnect(); resolve(n); }, 2000);
      })`);
    expect(await mutations()).toBeGreaterThan(0); // iperf3 runs: every tick redraws
    await setHidden(true);
    expect(await mutations()).toBe(0);
    await setHidden(false);
    expect(await mutations()).toBeGreaterThan(0);
    expect(mbit(await current(page, 'Outgoing', 'red-c'))).toBeGreaterThan(30);
  });

  it('expands the busiest connection into its two subflows', async () => {
    // Sorted by throughput: the first row is iperf3's data connection.
    await page
      .getByRole('button', { name: /^connection [0-9a-f]{8}:/ })
      .first()
      .click();
    await expect.poll(() => liveSubflowRows(page).count(), { timeout: 10_000 }).toBe(2);
    const interfaces = await liveSubflowRows(page).locator('td:first-child').allInnerTexts();
    expect(interfaces.map((t) => t.trim()).sort()).toEqual(['blue-c', 'red-c']);
    await page.screenshot({ path: join(shots, 'dashboard-expanded.png'), fullPage: true });
  });

  it('switches blue-c to backup in the kernel and shows it', async () => {
    const backup = page.getByRole('button', { name: 'multipath backup for blue-c' });
    await backup.click();
    await expect.poll(() => backup.getAttribute('aria-pressed'), { timeout: 10_000 }).toBe('true');
    expect(endpoints()).toMatch(/203\.0\.113\.1 .*backup/);
    // The live subflow was told (MP_PRIO): its row carries the backup badge.
    await expect
      .poll(() => liveSubflowRows(page).locator('.badge-backup').count(), { timeout: 10_000 })
      .toBe(1);
    await page.screenshot({ path: join(shots, 'dashboard-backup.png'), fullPage: true });
  });

  it('switches blue-c off: the endpoint goes and its subflow disappears', async () => {
    const off = page.getByRole('button', { name: 'multipath off for blue-c' });
    await off.click();
    await expect.poll(() => off.getAttribute('aria-pressed'), { timeout: 10_000 }).toBe('true');
    expect(endpoints()).not.toMatch(/203\.0\.113\.1/);
    await expect.poll(() => liveSubflowRows(page).count(), { timeout: 10_000 }).toBe(1);
    const left = await liveSubflowRows(page).locator('td:first-child').innerText();
    expect(left.trim()).toBe('red-c');
    await page.screenshot({ path: join(shots, 'dashboard-off.png'), fullPage: true });
  });

  it('switches blue-c on again: multipath is back for the connection', async () => {
    const on = page.getByRole('button', { name: 'multipath on for blue-c' });
    await on.click();
    await expect.poll(() => on.getAttribute('aria-pressed'), { timeout: 10_000 }).toBe('true');
    expect(endpoints()).toMatch(/203\.0\.113\.1 .*subflow/);
    // The path manager adds a subflow on the new endpoint to existing connections too.
    await expect.poll(() => liveSubflowRows(page).count(), { timeout: 15_000 }).toBe(2);
    await page.screenshot({ path: join(shots, 'dashboard-on.png'), fullPage: true });
  });
});
