// The dashboard end to end: `subflow serve` watching the lab's client namespace, Debian's
// Chromium driving the built renderer, iperf3 traffic on both paths. What a person would check
// by eye — rates on both interfaces, two subflows in the connection, the toggles changing the
// kernel's endpoints — is checked here against the kernel itself. Screenshots are kept in
// test-results/e2e/ as artifacts, at 1366×768 and 1920×1080, light and dark. axe-core is
// injected into the page (the page is opened with its CSP bypassed, in this test only) and must
// find nothing in either theme.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), {
  encoding: 'utf8',
});

/** One axe violation, short enough to read in a failure message. */
interface AxeFinding {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: readonly string[];
  readonly summary: string;
}

/** The page's global as the evaluated functions use it (this Node project has no DOM types). */
interface PageGlobal {
  axe?: { run(context: unknown): Promise<{ violations: AxeResult[] }> };
  document: {
    activeElement: { getAttribute(name: string): string | null; textContent: string | null } | null;
    createElement(tag: string): { style: { color: string }; remove(): void };
    body: { appendChild(node: unknown): void };
  };
  getComputedStyle(element: unknown): {
    color: string;
    backgroundColor: string;
    borderTopColor: string;
    stroke: string;
  };
}

interface AxeResult {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** Runs axe-core on the page as it is now; its violations. */
async function axeViolations(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) {
    await page.addScriptTag({ content: AXE_SOURCE });
  }
  return page.evaluate(async () => {
    const { axe, document } = globalThis as unknown as PageGlobal;
    if (axe === undefined) throw new Error('axe-core did not load into the page');
    const { violations } = await axe.run(document);
    return violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(' ')),
      summary: v.nodes[0]?.failureSummary ?? '',
    }));
  });
}

/** The computed colour of a CSS property of the first element `selector` matches. */
const colorOf = (
  page: Page,
  selector: string,
  property: 'borderTopColor' | 'backgroundColor' | 'stroke',
) =>
  page
    .locator(selector)
    .first()
    .evaluate(
      (el, prop) => (globalThis as unknown as PageGlobal).getComputedStyle(el)[prop],
      property,
    );

/** The colours red-c (or any interface) wears on its card, subflow row, chart band and row bar. */
async function interfaceColors(page: Page, name: string) {
  const legend = await page.locator('.split-legend li .legend-name').allInnerTexts();
  const band = legend.findIndex((t) => t.trim() === name);
  const row = page
    .locator('.connection-detail .subflow-table tbody tr:not(.is-closed)')
    .filter({ has: page.locator('td:first-child', { hasText: name }) });
  return {
    card: await colorOf(page, `article[aria-labelledby="iface-${name}"]`, 'borderTopColor'),
    subflowRow: await row
      .locator('.swatch')
      .first()
      .evaluate((el) => (globalThis as unknown as PageGlobal).getComputedStyle(el).backgroundColor),
    // The band's stroke attribute is a var(): resolve it through a probe element's colour.
    chartBand: await page
      .locator('.split-chart .recharts-area-curve')
      .nth(band)
      .evaluate((el: { getAttribute(name: string): string | null }) => {
        const g = globalThis as unknown as PageGlobal;
        const probe = g.document.createElement('span');
        probe.style.color = el.getAttribute('stroke') ?? '';
        g.document.body.appendChild(probe);
        const color = g.getComputedStyle(probe).color;
        probe.remove();
        return color;
      }),
    legend: await page
      .locator('.split-legend li')
      .nth(band)
      .locator('.swatch')
      .evaluate((el) => (globalThis as unknown as PageGlobal).getComputedStyle(el).backgroundColor),
    pathMix: await colorOf(
      page,
      `tr.connection-row .path-mix-part[data-interface="${name}"]`,
      'backgroundColor',
    ),
  };
}

/** aria-label of the element holding the keyboard focus. */
const focusedLabel = (page: Page) =>
  page.evaluate(() => {
    const focused = (globalThis as unknown as PageGlobal).document.activeElement;
    return focused?.getAttribute('aria-label') ?? focused?.textContent ?? null;
  });

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
    // bypassCSP lets the test inject axe-core; the served page keeps its CSP for everyone else.
    page = await browser.newPage({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
    await page.goto(started.url);
    // One long upload over both paths for the whole suite (the axe passes in two themes and two
    // sizes take a minute on a busy machine; labDown ends it early when the suite is done).
    traffic = labTraffic({ prefix: PREFIX, seconds: 180 }).catch((err: unknown) => err);
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
      .getByRole('button', { name: /, connection [0-9a-f]{8}$/ })
      .first()
      .click();
    await expect.poll(() => liveSubflowRows(page).count(), { timeout: 10_000 }).toBe(2);
    const interfaces = await liveSubflowRows(page).locator('td:first-child').allInnerTexts();
    expect(interfaces.map((t) => t.trim()).sort()).toEqual(['blue-c', 'red-c']);
    await page.screenshot({ path: join(shots, 'dashboard-expanded.png'), fullPage: true });
  });

  it('draws red-c in one colour on its card, subflow row, chart band and path mix, in both themes', async () => {
    await expect
      .poll(() => page.locator('.split-chart .recharts-area-curve').count(), { timeout: 10_000 })
      .toBeGreaterThan(1);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const red = await interfaceColors(page, 'red-c');
      const blue = await interfaceColors(page, 'blue-c');
      expect(red.card).toMatch(/^rgb/);
      const same = (c: string) => ({ card: c, subflowRow: c, chartBand: c, legend: c, pathMix: c });
      expect(red).toEqual(same(red.card));
      expect(blue).toEqual(same(blue.card));
      expect(blue.card).not.toBe(red.card);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('has no axe-core violation on the live view with a row expanded, light and dark, at two sizes', async () => {
    for (const size of [
      { width: 1366, height: 768 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(size);
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.waitForTimeout(300);
        expect(await axeViolations(page)).toEqual([]);
        await page.screenshot({
          path: join(shots, `dashboard-live-${size.width}x${size.height}-${scheme}.png`),
          fullPage: true,
        });
      }
    }
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('has no axe-core violation in either drawer, and Esc gives the focus back to its button', async () => {
    for (const drawer of ['Sessions', 'Setup'] as const) {
      const opener = page.getByRole('button', { name: drawer, exact: true });
      await opener.click();
      await expect.poll(() => opener.getAttribute('aria-expanded')).toBe('true');
      // Let the drawer load its list or its checks before judging it.
      await page.waitForTimeout(drawer === 'Setup' ? 3000 : 800);
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        expect(await axeViolations(page)).toEqual([]);
        await page.screenshot({
          path: join(shots, `drawer-${drawer.toLowerCase()}-${scheme}.png`),
        });
      }
      await page.emulateMedia({ colorScheme: 'light' });
      // The header button stays visible and clickable above the open drawer.
      expect(await opener.isVisible()).toBe(true);
      await page.keyboard.press('Escape');
      await expect.poll(() => opener.getAttribute('aria-expanded')).toBe('false');
      expect(await focusedLabel(page)).toBe(drawer);
    }
  });

  it('switches blue-c to backup from the keyboard: focus stays, the kernel follows', async () => {
    const on = page.getByRole('button', { name: 'multipath on for blue-c' });
    const backup = page.getByRole('button', { name: 'multipath backup for blue-c' });
    await on.focus();
    // Tab through the group: on → off → backup.
    for (let i = 0; i < 4 && (await focusedLabel(page)) !== 'multipath backup for blue-c'; i += 1) {
      await page.keyboard.press('Tab');
    }
    expect(await focusedLabel(page)).toBe('multipath backup for blue-c');
    await page.keyboard.press('Space');
    await expect.poll(() => backup.getAttribute('aria-pressed'), { timeout: 10_000 }).toBe('true');
    expect(await focusedLabel(page)).toBe('multipath backup for blue-c');
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
