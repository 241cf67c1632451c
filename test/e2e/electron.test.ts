// The desktop app end to end, driven by Playwright's Electron support: the real main process,
// preload and renderer. It runs only where the Electron binary is installed (never downloaded
// here); elsewhere it reports that it did not run and why.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { _electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Result, Snapshot } from '../../electron/contract.js';
import { artifactDir } from './support/browser.js';

const ROOT = join(import.meta.dirname, '..', '..');
type Found = { ok: true; path: string } | { ok: false; reason: string };
const { findElectron } = (await import(pathToFileURL(join(ROOT, 'scripts', 'start.mjs')).href)) as {
  findElectron: (root: string, env: NodeJS.ProcessEnv) => Found;
};
const electron = findElectron(ROOT, process.env);
const skipped = electron.ok ? '' : ` — NOT RUN: ${electron.reason}`;
if (!electron.ok) {
  process.stderr.write(
    `test/e2e/electron.test.ts did not run the desktop app: ${electron.reason}\n`,
  );
}

describe('the desktop app', () => {
  it.skipIf(!electron.ok)(
    `opens a sandboxed window that talks only through window.subflow${skipped}`,
    async () => {
      if (!electron.ok) return;
      for (const built of [
        'dist/electron/main.js',
        'dist/electron/preload.cjs',
        'dist/renderer/index.html',
      ]) {
        expect(existsSync(join(ROOT, built)), `${built} is missing: run npm run build`).toBe(true);
      }
      const userData = mkdtempSync(join(tmpdir(), 'subflow-electron-'));
      const asRoot = process.geteuid?.() === 0;
      const app = await _electron.launch({
        executablePath: electron.path,
        args: [ROOT, ...(asRoot ? ['--allow-root'] : [])],
        // Settings and sessions go to a scratch directory, not the user's.
        env: { ...process.env, XDG_CONFIG_HOME: userData, XDG_DATA_HOME: userData },
        timeout: 60_000,
      });
      try {
        const page = await app.firstWindow();
        await page.waitForLoadState('domcontentloaded');
        expect(page.url()).toBe('app://subflow/index.html');

        expect(
          await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length),
        ).toBe(1);

        // Sandboxed and isolated: the page sees the bridge and nothing of Node or Electron.
        const surface = await page.evaluate(() => {
          const win = globalThis as unknown as {
            subflow: object;
            require?: unknown;
            process?: unknown;
          };
          return {
            api: Object.keys(win.subflow).sort(),
            require: typeof win.require,
            process: typeof win.process,
          };
        });
        expect(surface).toEqual({
          api: ['invoke', 'on'],
          require: 'undefined',
          process: 'undefined',
        });

        const snapshot = await page.evaluate(() => {
          const win = globalThis as unknown as {
            subflow: { invoke(name: string, args: object): Promise<unknown> };
          };
          return win.subflow.invoke('snapshot:get', {});
        });
        expect((snapshot as Result<Snapshot>).ok).toBe(true);

        // The CSP allows no network from the page.
        const fetched = await page.evaluate(() =>
          fetch('http://127.0.0.1:9/').then(
            () => 'fetched',
            (err: unknown) => String(err),
          ),
        );
        expect(fetched).not.toBe('fetched');
        await page.screenshot({ path: join(artifactDir('electron'), 'window.png') });
      } finally {
        await app.close();
        rmSync(userData, { recursive: true, force: true });
      }
    },
  );
});
