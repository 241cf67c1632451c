// Renders build/icons/subflow.svg to the PNG sizes electron-builder installs (256x256.png,
// 512x512.png) with Debian's Chromium through playwright-core. Run after editing the SVG:
//   node build/icons/render-icons.mjs
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const dir = fileURLToPath(new URL('.', import.meta.url));
const svg = readFileSync(`${dir}subflow.svg`, 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'],
});
try {
  for (const size of [256, 512]) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const sized = svg.replace('width="512" height="512"', `width="${size}" height="${size}"`);
    await page.setContent(`<!doctype html><body style="margin:0">${sized}</body>`);
    const path = `${dir}${size}x${size}.png`;
    await page.screenshot({
      path,
      omitBackground: true,
      clip: { x: 0, y: 0, width: size, height: size },
    });
    await page.close();
    console.log(`wrote ${path}`);
  }
} finally {
  await browser.close();
}
