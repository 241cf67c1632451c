// The viewer's display settings (units, chart window), remembered in localStorage so a reload
// keeps them; anything unreadable there falls back to the defaults.

/** Rates shown in bits per second (nload's default) or bytes per second. */
export type Units = 'bits' | 'bytes';
/** Seconds of history the interface charts show. */
export type WindowSeconds = 60 | 120 | 300 | 600;
export const WINDOW_CHOICES: readonly WindowSeconds[] = [60, 120, 300, 600];

export interface Settings {
  readonly units: Units;
  readonly windowSeconds: WindowSeconds;
}

export const DEFAULT_SETTINGS: Settings = { units: 'bits', windowSeconds: 60 };

const STORAGE_KEY = 'subflow.settings';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled by the browser
  }
}

/** `value` as Settings, the defaults filling whatever is missing or wrong. */
export function parseSettings(value: unknown): Settings {
  if (typeof value !== 'object' || value === null) return DEFAULT_SETTINGS;
  const v = value as Record<string, unknown>;
  const units = v.units === 'bytes' || v.units === 'bits' ? v.units : DEFAULT_SETTINGS.units;
  const windowSeconds = WINDOW_CHOICES.find((w) => w === v.windowSeconds);
  return { units, windowSeconds: windowSeconds ?? DEFAULT_SETTINGS.windowSeconds };
}

/** The remembered settings, or the defaults. */
export function loadSettings(): Settings {
  try {
    const text = storage()?.getItem(STORAGE_KEY);
    return text ? parseSettings(JSON.parse(text)) : DEFAULT_SETTINGS;
  } catch {
    return DEFAULT_SETTINGS;
  }
}

/** Remembers `settings` (silently skipped when the browser refuses storage). */
export function saveSettings(settings: Settings): void {
  try {
    storage()?.setItem(STORAGE_KEY, JSON.stringify(settings));
  } catch {
    // Private mode or quota: the settings still apply to this page.
  }
}
