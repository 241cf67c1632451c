// Chart colours come from the theme's CSS variables (renderer/src/theme/); the fallbacks keep a
// chart readable if a variable is missing. Recharts accepts var() in fill and stroke.

const SERIES_FALLBACKS = ['#2563eb', '#ea580c', '#16a34a', '#9333ea', '#0891b2', '#ca8a04'];

/** Number of distinct series colours the theme defines (--color-series-1 … -6). */
export const SERIES_COLOR_COUNT = SERIES_FALLBACKS.length;

/** The colour of the `index`-th series (0-based), cycling through the theme's six. */
export function seriesColor(index: number): string {
  const slot = ((index % SERIES_COLOR_COUNT) + SERIES_COLOR_COUNT) % SERIES_COLOR_COUNT;
  return `var(--color-series-${slot + 1}, ${SERIES_FALLBACKS[slot] ?? '#2563eb'})`;
}

/** Received traffic. */
export const RX_COLOR = 'var(--color-rx, #2563eb)';
/** Sent traffic. */
export const TX_COLOR = 'var(--color-tx, #ea580c)';
/** Things that are gone (closed subflows) and secondary text. */
export const MUTED_COLOR = 'var(--color-muted, #9ca3af)';
