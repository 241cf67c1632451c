// Debian's Chromium driven by playwright-core for the e2e suites and the dashboard benchmark:
// never a downloaded browser, flags that keep it off the network, screenshots kept under
// test-results/ as artifacts.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Flags for headless Chromium as root on a machine with a closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
] as const;

/** Where screenshots of a suite go (created). */
export function artifactDir(suite: string): string {
  const dir = join(import.meta.dirname, '..', '..', '..', 'test-results', suite);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium package (apt install chromium)`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...extraArgs] });
}
