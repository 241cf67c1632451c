// One colour per network interface, the same wherever the interface appears: its card, its
// subflow rows, the split chart, the event rows and the report. Runtime-free data and pure
// functions beside the contract, so the renderer (which may import only the contract layer) and
// electron/report/ share one assignment. The renderer's theme.css defines the same colours as
// --color-iface-1 … -8 (a unit test keeps the two in step).

/** One palette entry: the colour on the light theme's and on the dark theme's surfaces. */
export interface InterfaceColor {
  readonly light: string;
  readonly dark: string;
}

/**
 * Eight hues, far apart, each at least 4.5:1 against the card surface of its theme (#ffffff,
 * #1a2029), so a swatch, a line or even a name drawn in it stays readable (unit-tested).
 */
export const INTERFACE_PALETTE: readonly InterfaceColor[] = [
  { light: '#c2410c', dark: '#fb923c' }, // orange
  { light: '#1d4ed8', dark: '#60a5fa' }, // blue
  { light: '#15803d', dark: '#4ade80' }, // green
  { light: '#7e22ce', dark: '#c084fc' }, // purple
  { light: '#0e7490', dark: '#22d3ee' }, // cyan
  { light: '#be185d', dark: '#f472b6' }, // pink
  { light: '#a16207', dark: '#facc15' }, // yellow
  { light: '#4d7c0f', dark: '#a3e635' }, // lime
];

/** FNV-1a of the name's UTF-16 code units: a stable, well-spread preferred slot for a name. */
function nameHash(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i += 1) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The slot a name gets when no other interface claims it first. */
export function preferredSlot(name: string): number {
  return nameHash(name) % INTERFACE_PALETTE.length;
}

/**
 * A palette slot for every name: each takes its preferred slot, and a name whose slot is taken
 * moves to the next free one. Names are placed in sorted order, so the result depends only on
 * the set of names (not on the order they arrive in); up to eight interfaces never share a
 * colour, more reuse the palette.
 */
export function interfaceColorSlots(names: Iterable<string>): ReadonlyMap<string, number> {
  const unique = [...new Set(names)].sort();
  const slots = new Map<string, number>();
  const taken = new Set<number>();
  for (const name of unique) {
    let slot = preferredSlot(name);
    for (let step = 0; step < INTERFACE_PALETTE.length && taken.has(slot); step += 1) {
      slot = (slot + 1) % INTERFACE_PALETTE.length;
    }
    if (taken.size >= INTERFACE_PALETTE.length) slot = preferredSlot(name);
    taken.add(slot);
    slots.set(name, slot);
  }
  return slots;
}

/** The slot of `name` in `slots`, or its preferred slot when it is not among them. */
export function slotOf(name: string, slots: ReadonlyMap<string, number>): number {
  return slots.get(name) ?? preferredSlot(name);
}

/** The palette entry of a slot (wrapping). */
export function paletteColor(slot: number): InterfaceColor {
  const n = INTERFACE_PALETTE.length;
  return INTERFACE_PALETTE[((slot % n) + n) % n] ?? { light: '#c2410c', dark: '#fb923c' };
}

/** A CSS colour for the slot that follows the page's theme: `var(--color-iface-N, light)`. */
export function interfaceColorVar(slot: number): string {
  const n = INTERFACE_PALETTE.length;
  const index = ((slot % n) + n) % n;
  return `var(--color-iface-${index + 1}, ${paletteColor(index).light})`;
}

/** The colour of subflows and traffic whose interface Subflow does not know. */
export const UNKNOWN_INTERFACE_COLOR = 'var(--color-muted, #5f6b7a)';
