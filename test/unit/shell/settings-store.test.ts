// The desktop settings file: defaults when missing or damaged, atomic writes, and bounds that
// come back only where a display still shows them.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  DEFAULT_SIZE,
  openSettingsStore,
  parseSettings,
  readSettings,
  restoreBounds,
  settingsPath,
  writeSettings,
} from '../../../electron/shell/settings-store.js';

const dir = mkdtempSync(join(tmpdir(), 'subflow-settings-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('reading and writing', () => {
  it('gives the defaults for a missing file, silently', async () => {
    expect(await readSettings(join(dir, 'none.json'))).toEqual({ settings: DEFAULT_SETTINGS });
  });

  it('gives the defaults and a sentence for a damaged file', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{"windowBounds": ');
    const read = await readSettings(file);
    expect(read.settings).toEqual(DEFAULT_SETTINGS);
    expect(read.problem).toContain('is not JSON');
    expect(read.problem).toContain(file);
  });

  it('keeps the valid parts and replaces invalid ones', () => {
    expect(
      parseSettings('{"windowBounds":{"width":"wide"},"notifications":false}').settings,
    ).toEqual({
      windowBounds: null,
      notifications: false,
    });
    expect(
      parseSettings('{"windowBounds":{"width":900,"height":600},"notifications":"x"}').settings,
    ).toEqual({
      windowBounds: { width: 900, height: 600, maximized: false },
      notifications: true,
    });
    expect(parseSettings('[]').problem).toBeDefined();
  });

  it('writes atomically and reads back what it wrote', async () => {
    const file = settingsPath(join(dir, 'nested', 'userData'));
    const settings = {
      windowBounds: { x: 10, y: 20, width: 1000, height: 700, maximized: true },
      notifications: false,
    };
    await writeSettings(file, settings);
    expect(await readSettings(file)).toEqual({ settings });
    expect(readdirSync(join(dir, 'nested', 'userData'))).toEqual(['desktop-settings.json']);
  });

  it('keeps settings in memory and saves every change in order', async () => {
    const file = join(dir, 'store.json');
    const logged: string[] = [];
    const store = await openSettingsStore(file, (l) => logged.push(l));
    store.update({ notifications: false });
    store.update({ windowBounds: { width: 800, height: 600, maximized: false } });
    expect(store.current.notifications).toBe(false);
    for (let i = 0; i < 100; i++) {
      const text = (() => {
        try {
          return readFileSync(file, 'utf8');
        } catch {
          return '';
        }
      })();
      if (text.includes('800')) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(store.current);
    expect(logged).toEqual([]);
  });
});

describe('restoreBounds', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];

  it('opens at the default size the first time', () => {
    expect(restoreBounds(null, screen)).toEqual(DEFAULT_SIZE);
  });

  it('restores a place that is still on a display', () => {
    expect(
      restoreBounds({ x: 100, y: 50, width: 900, height: 700, maximized: false }, screen),
    ).toEqual({
      x: 100,
      y: 50,
      width: 900,
      height: 700,
    });
  });

  it('drops the position when its display is gone, keeping the size', () => {
    const offscreen = { x: 2500, y: 100, width: 900, height: 700, maximized: false };
    expect(restoreBounds(offscreen, screen)).toEqual({ width: 900, height: 700 });
    const titleBarAbove = { x: 100, y: -600, width: 900, height: 700, maximized: false };
    expect(restoreBounds(titleBarAbove, screen)).toEqual({ width: 900, height: 700 });
  });

  it('never restores below the minimum size', () => {
    expect(restoreBounds({ width: 200, height: 150, maximized: false }, screen)).toEqual({
      width: 720,
      height: 480,
    });
  });
});
