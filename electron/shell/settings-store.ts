// The desktop app's own settings — window bounds and whether to notify about failovers — kept as
// JSON in Electron's userData directory. Reading never fails the app: a missing file gives the
// defaults, a damaged one gives the defaults and a sentence saying so. Writes are atomic.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/** File name inside userData. */
export const SETTINGS_FILE = 'desktop-settings.json';

/** A window's place on screen, in device-independent pixels. */
export interface WindowBounds {
  readonly x?: number;
  readonly y?: number;
  readonly width: number;
  readonly height: number;
  readonly maximized: boolean;
}

export interface DesktopSettings {
  /** Where the window was when last closed; null before the first run. */
  readonly windowBounds: WindowBounds | null;
  /** Desktop notification when a connection fails over or loses its last subflow. */
  readonly notifications: boolean;
}

export const DEFAULT_SETTINGS: DesktopSettings = { windowBounds: null, notifications: true };
export const DEFAULT_SIZE = { width: 1280, height: 800 } as const;
export const MIN_SIZE = { width: 720, height: 480 } as const;

const coordinate = z.number().int().min(-100_000).max(100_000);
const size = z.number().int().min(100).max(100_000);
const settingsSchema = z.object({
  windowBounds: z
    .object({
      x: coordinate.optional(),
      y: coordinate.optional(),
      width: size,
      height: size,
      maximized: z.boolean().default(false),
    })
    .nullable()
    .catch(null),
  notifications: z.boolean().catch(true),
});

/** Where the settings live for a userData directory. */
export function settingsPath(userData: string): string {
  return join(userData, SETTINGS_FILE);
}

/** The settings from `text` (the file's content), defaults for anything missing or invalid. */
export function parseSettings(text: string): { settings: DesktopSettings; problem?: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { settings: DEFAULT_SETTINGS, problem: 'is not JSON' };
  }
  const parsed = settingsSchema.safeParse(value);
  if (!parsed.success) return { settings: DEFAULT_SETTINGS, problem: 'is not a settings object' };
  return { settings: parsed.data };
}

/** Reads the settings file; `problem` is a sentence when it was there but unusable. */
export async function readSettings(
  path: string,
): Promise<{ settings: DesktopSettings; problem?: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { settings: DEFAULT_SETTINGS };
    return {
      settings: DEFAULT_SETTINGS,
      problem: `${path} could not be read (${(err as NodeJS.ErrnoException).code ?? String(err)}); using the defaults`,
    };
  }
  const { settings, problem } = parseSettings(text);
  return problem
    ? { settings, problem: `${path} ${problem}; using the defaults (it is rewritten on exit)` }
    : { settings };
}

/** Writes the settings atomically (temporary file, then rename), creating the directory. */
export async function writeSettings(path: string, settings: DesktopSettings): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, path);
}

/** A rectangle on screen (a display's work area). */
export interface Area {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The bounds to open the window with: the stored ones when at least 100×50 px of the window's
 * top would be on a display now (a monitor may have been unplugged), else the default size
 * centred by the window manager.
 */
export function restoreBounds(
  stored: WindowBounds | null,
  displays: readonly Area[],
): { x?: number; y?: number; width: number; height: number } {
  if (stored === null) return { ...DEFAULT_SIZE };
  const width = Math.max(stored.width, MIN_SIZE.width);
  const height = Math.max(stored.height, MIN_SIZE.height);
  if (stored.x === undefined || stored.y === undefined) return { width, height };
  const { x, y } = stored;
  const visible = displays.some((d) => {
    const overlapX = Math.min(x + width, d.x + d.width) - Math.max(x, d.x);
    const titleY = Math.min(y + 50, d.y + d.height) - Math.max(y, d.y);
    return overlapX >= 100 && titleY >= 50;
  });
  return visible ? { x, y, width, height } : { width, height };
}

/** The settings in memory, saved (in the background) on every change. */
export interface SettingsStore {
  readonly current: DesktopSettings;
  update(change: Partial<DesktopSettings>): void;
}

/** Reads the settings at `path` and keeps them; problems and failed saves go to `log`. */
export async function openSettingsStore(
  path: string,
  log: (line: string) => void,
): Promise<SettingsStore> {
  const loaded = await readSettings(path);
  if (loaded.problem) log(loaded.problem);
  let current = loaded.settings;
  let writing: Promise<void> = Promise.resolve();
  return {
    get current() {
      return current;
    },
    update(change) {
      current = { ...current, ...change };
      const snapshot = current;
      // One write at a time, in order, so an older state never lands last.
      writing = writing
        .then(() => writeSettings(path, snapshot))
        .catch((err: unknown) => {
          log(`settings not saved to ${path}: ${String(err)}`);
        });
    },
  };
}
