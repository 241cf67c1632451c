// The HTML report in Debian's Chromium with the network cut off: a journal recorded in the lab
// (a red-path cut taken over by the blue backup path) renders charts with drawn paths and the
// numbers of the journal, fetches nothing, survives hostile names, and prints to a PDF.
// Screenshots and the PDF's first page are kept under test-results/report/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TickUpdate } from '../../electron/contract.js';
import { buildReport } from '../../electron/report/build-report.js';
import { renderHtmlReport } from '../../electron/report/html-report.js';
import { CHROMIUM_PATH, chromiumPdfPrinter } from '../../electron/report/pdf-printer.js';
import { formatBitRate, formatBytes } from '../../electron/report/units.js';
import { detectFailovers } from '../../electron/monitor/failover.js';
import { readJournal } from '../../electron/session/journal/journal-reader.js';
import type { JournalContents } from '../../electron/session/journal/journal-types.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'report', 'lab-failover.sfj');
const OUT = join(ROOT, 'test-results', 'report');
const ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const HOSTILE = '<img src=x onerror=alert(1)>';

/**
 * For each page of a PDF: how far down the page its lowest inked row lies (0–1), from a grey
 * rendering by pdftoppm at 30 dpi (PGM) and a pixel count per row.
 */
function inkedFraction(pdfFile: string, pages: number): number[] {
  const out: number[] = [];
  for (let page = 1; page <= pages; page++) {
    const pgm = execFileSync(
      'pdftoppm',
      ['-gray', '-r', '30', '-f', String(page), '-l', String(page), pdfFile],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    // "P5\nW H\n255\n" then one byte per pixel.
    const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'));
    if (!header) throw new Error(`pdftoppm gave no PGM for page ${page}`);
    const [width, height] = [Number(header[1]), Number(header[2])];
    const pixels = pgm.subarray(header[0].length);
    let lowest = -1;
    for (let y = 0; y < height; y++) {
      const row = pixels.subarray(y * width, (y + 1) * width);
      if (row.some((v) => v < 235)) lowest = y;
    }
    out.push((lowest + 1) / height);
  }
  return out;
}

/**
 * Opens `file` offline. `attempted` lists every request the page made besides the file itself
 * (even one the CSP refused); `routed` those that got as far as the network, where they are
 * aborted.
 */
async function openOffline(
  browser: Browser,
  file: string,
  colorScheme: 'light' | 'dark' = 'light',
) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, colorScheme });
  await context.setOffline(true);
  const attempted: string[] = [];
  const routed: string[] = [];
  const problems: string[] = [];
  const url = pathToFileURL(file).href;
  await context.route('**/*', async (route) => {
    const target = route.request().url();
    if (target === url) {
      await route.continue();
      return;
    }
    routed.push(target);
    await route.abort();
  });
  const page = await context.newPage();
  page.on('request', (r) => {
    if (r.url() !== url) attempted.push(r.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, attempted, routed, problems, close: () => context.close() };
}

/** The Avg/Max/Total cells shown for one direction of one interface. */
async function shownStats(page: Page, iface: string, dir: 'rx' | 'tx') {
  const cell = (stat: string) =>
    page
      .locator(
        `.iface[data-interface="${iface}"] [data-direction="${dir}"] td[data-stat="${stat}"]`,
      )
      .textContent();
  return { avg: await cell('avg'), max: await cell('max'), total: await cell('total') };
}

/** The paths, axis labels and drawn height of every chart on the page. */
async function chartsOf(page: Page) {
  const out: { paths: string[]; labels: string[]; height: number }[] = [];
  for (const chart of await page.locator('svg.chart').all()) {
    const paths: string[] = [];
    for (const path of await chart.locator('path').all())
      paths.push((await path.getAttribute('d')) ?? '');
    out.push({
      paths,
      labels: await chart.locator('text.axis-label').allTextContents(),
      height: (await chart.boundingBox())?.height ?? 0,
    });
  }
  return out;
}

describe.skipIf(!existsSync(CHROMIUM_PATH))('HTML report in Chromium, offline', () => {
  let browser: Browser;
  let contents: JournalContents;
  let html: string;
  const file = join(OUT, 'report.html');

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    contents = await readJournal(FIXTURE);
    html = renderHtmlReport(buildReport(contents, detectFailovers(contents)));
    await writeFile(file, html);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS });
  });
  afterAll(async () => {
    await browser.close();
  });

  it('draws every chart, shows the journal’s numbers, and fetches nothing', async () => {
    const { page, attempted, routed, problems, close } = await openOffline(browser, file);
    try {
      const charts = await chartsOf(page);
      // Two interfaces × in/out, and the busy connection's subflows.
      expect(charts.length).toBeGreaterThanOrEqual(5);
      for (const chart of charts) {
        expect(chart.paths.length).toBeGreaterThan(0);
        for (const d of chart.paths) expect(d.length).toBeGreaterThan(20);
        expect(chart.labels.some((l) => /[kMG]?bit\/s$/.test(l))).toBe(true);
        expect(chart.height).toBeGreaterThan(100);
      }
      // The numbers, computed here straight from the journal's ticks.
      for (const name of ['red-c', 'blue-c']) {
        const present = contents.ticks
          .map((t: TickUpdate) => t.snapshot.interfaces.find((i) => i.name === name))
          .filter((i) => i !== undefined);
        for (const [dir, rate, counter] of [
          ['rx', 'rxRate', 'rxBytes'],
          ['tx', 'txRate', 'txBytes'],
        ] as const) {
          const rates = present.map((i) => i[rate]);
          const expected = {
            avg: formatBitRate(rates.reduce((a, b) => a + b, 0) / rates.length),
            max: formatBitRate(Math.max(...rates)),
            total: formatBytes(present[present.length - 1]![counter] - present[0]![counter]),
          };
          expect(await shownStats(page, name, dir), `${name} ${dir}`).toEqual(expected);
        }
      }
      // The red cut: traffic moved to blue and back, and the connection lived on.
      const failovers = await page.locator('#failovers tbody tr').allTextContents();
      expect(failovers.length).toBeGreaterThanOrEqual(1);
      expect(failovers[0]).toMatch(/red-c.*blue-c.*yes/);
      // The stylesheet was allowed by its hash (the CSP blocks any other).
      const font = await page.evaluate<string>('getComputedStyle(document.body).fontFamily');
      expect(font).toContain('system-ui');
      await page.screenshot({ path: join(OUT, 'report.png'), fullPage: true });
      expect(attempted).toEqual([]);
      expect(routed).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('reads well in the dark theme too', async () => {
    const { page, problems, close } = await openOffline(browser, file, 'dark');
    try {
      const bg = await page.evaluate<string>(
        'getComputedStyle(document.documentElement).backgroundColor',
      );
      expect(bg).toBe('rgb(18, 21, 25)');
      await page.locator('#throughput').screenshot({ path: join(OUT, 'report-dark.png') });
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('shows hostile names as text and runs nothing', async () => {
    const rename = (n: string) => (n === 'red-c' ? HOSTILE : n);
    const hostile: JournalContents = {
      ...contents,
      header: { ...contents.header, hostname: '</script><script>alert(2)</script>' },
      ticks: contents.ticks.map((t) => ({
        ...t,
        snapshot: {
          ...t.snapshot,
          interfaces: t.snapshot.interfaces.map((i) => ({ ...i, name: rename(i.name) })),
        },
      })),
    };
    const hostileFile = join(OUT, 'report-hostile.html');
    await writeFile(hostileFile, renderHtmlReport(buildReport(hostile, detectFailovers(hostile))));
    const { page, attempted, problems, close } = await openOffline(browser, hostileFile);
    try {
      expect(await page.locator('img, script:not([type="application/json"])').count()).toBe(0);
      const headings = await page.locator('.iface h3').allTextContents();
      expect(headings.some((h) => h.startsWith(HOSTILE))).toBe(true);
      expect(await page.title()).toContain('</script><script>alert(2)</script>');
      const embedded = await page.locator('#subflow-report-data').textContent();
      const data = JSON.parse(embedded ?? '') as { interfaces: { name: string }[] };
      expect(data.interfaces.map((i) => i.name)).toContain(HOSTILE);
      expect(attempted).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('prints to a PDF whose first page shows the summary', async () => {
    const pdf = await chromiumPdfPrinter().print(html);
    const pdfFile = join(OUT, 'report.pdf');
    await writeFile(pdfFile, pdf);
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    const info = execFileSync('pdfinfo', [pdfFile], { encoding: 'utf8' });
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(info).toMatch(/Page size:.*\(A4\)/);
    const text = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' });
    expect(text).toContain('Throughput per interface');
    expect(text).toMatch(/\d Mbit\/s/);
    // Names are never cut at their hyphen ("red-" at the end of a line, "c" on the next).
    expect(text).toContain('red-c');
    expect(text).not.toMatch(/\b(red|blue)-\s*$/m);
    // Every page but the last is at least half filled: its last inked pixel row lies below the
    // middle of the page (a page break before each section used to leave pages 90 % blank).
    const filled = inkedFraction(pdfFile, pages);
    expect(filled).toHaveLength(pages);
    for (const fraction of filled.slice(0, -1)) expect(fraction).toBeGreaterThan(0.5);
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-f',
      '1',
      '-l',
      '1',
      pdfFile,
      join(OUT, 'report-pdf'),
    ]);
    expect(
      existsSync(join(OUT, 'report-pdf-1.png')) || existsSync(join(OUT, 'report-pdf-01.png')),
    ).toBe(true);
  });

  it('would notice a load: the same check on a page that fetches an image fails', async () => {
    // Without the report's CSP, an image from a documentation address; the route aborts it.
    const leaky = join(OUT, 'leaky.html');
    await writeFile(leaky, '<!doctype html><p>x</p><img src="http://192.0.2.1/x.png" alt="">');
    const open = await openOffline(browser, leaky);
    await open.close();
    expect(open.routed).toEqual(['http://192.0.2.1/x.png']);
    // With it, the browser refuses before asking the network, and says so on the console.
    const csp = /<meta http-equiv="Content-Security-Policy"[^>]*>/.exec(html)?.[0] ?? '';
    await writeFile(
      leaky,
      `<!doctype html><head>${csp}</head><img src="http://192.0.2.1/x.png" alt="">`,
    );
    const blocked = await openOffline(browser, leaky);
    await blocked.close();
    expect(blocked.attempted).toEqual(['http://192.0.2.1/x.png']);
    expect(blocked.routed).toEqual([]);
    expect(blocked.problems.join(' ')).toMatch(/violates the following Content Security Policy/);
  });

  it('says to install chromium when it is missing', async () => {
    await expect(
      chromiumPdfPrinter({ executable: '/nonexistent/chromium' }).print(html),
    ).rejects.toThrow(/install the chromium package/);
  });
});
