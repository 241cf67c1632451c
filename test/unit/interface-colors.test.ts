// One colour per interface: stable by name, distinct for the usual handful of interfaces,
// readable on both themes' surfaces, and the same in theme.css as in the shared module.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  INTERFACE_PALETTE,
  interfaceColorSlots,
  interfaceColorVar,
  preferredSlot,
  slotOf,
} from '../../electron/interface-colors.js';

/** WCAG relative luminance of "#rrggbb". */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Card surfaces and page backgrounds of the two themes (renderer/src/theme/theme.css). */
const LIGHT_BACKGROUNDS = ['#ffffff', '#f4f5f7', '#f8f9fb'];
const DARK_BACKGROUNDS = ['#1a2029', '#12161c', '#1f2631'];

const COMMON_SETS = [
  ['red-c', 'blue-c'],
  ['eth0', 'wlan0'],
  ['enp0s31f6', 'wlp2s0', 'wwan0'],
  ['eth0', 'wlan0', 'usb0', 'wwan0'],
  ['enp3s0', 'wlp4s0', 'enx00e04c680001', 'tun0'],
];

describe('interfaceColorSlots', () => {
  it('gives every interface of a usual set its own colour', () => {
    for (const names of COMMON_SETS) {
      const slots = interfaceColorSlots(names);
      expect(new Set(names.map((n) => slots.get(n))).size).toBe(names.length);
    }
  });

  it('depends on the set of names only, not on their order', () => {
    const a = interfaceColorSlots(['eth0', 'wlan0', 'usb0', 'wwan0']);
    const b = interfaceColorSlots(['wwan0', 'usb0', 'wlan0', 'eth0', 'wlan0']);
    expect([...b.entries()].sort()).toEqual([...a.entries()].sort());
  });

  it('keeps each name on its preferred slot when nothing collides', () => {
    const slots = interfaceColorSlots(['red-c', 'blue-c']);
    expect(slots.get('red-c')).toBe(preferredSlot('red-c'));
    expect(slots.get('blue-c')).toBe(preferredSlot('blue-c'));
  });

  it('moves a colliding name to the next free slot and never shares up to eight names', () => {
    const names = Array.from({ length: 8 }, (_, i) => `eth${i}`);
    const slots = interfaceColorSlots(names);
    expect(new Set(slots.values()).size).toBe(8);
    // Ninth and later names reuse the palette rather than fail.
    const more = interfaceColorSlots([...names, 'eth8', 'eth9']);
    expect(more.size).toBe(10);
  });

  it('falls back to the preferred slot for a name outside the set', () => {
    expect(slotOf('ppp0', interfaceColorSlots(['eth0']))).toBe(preferredSlot('ppp0'));
  });
});

describe('the palette', () => {
  it('is readable as text on every surface of both themes (at least 4.5:1)', () => {
    for (const { light, dark } of INTERFACE_PALETTE) {
      for (const bg of LIGHT_BACKGROUNDS) expect(contrast(light, bg)).toBeGreaterThanOrEqual(4.5);
      for (const bg of DARK_BACKGROUNDS) expect(contrast(dark, bg)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('is the one theme.css defines as --color-iface-N in light and dark', () => {
    const css = readFileSync(resolve(import.meta.dirname, '../../renderer/src/theme/theme.css'), {
      encoding: 'utf8',
    });
    const dark = css.indexOf('@media (prefers-color-scheme: dark)');
    const lightPart = css.slice(0, dark);
    const darkPart = css.slice(dark);
    INTERFACE_PALETTE.forEach(({ light, dark: night }, i) => {
      expect(lightPart).toContain(`--color-iface-${i + 1}: ${light};`);
      expect(darkPart).toContain(`--color-iface-${i + 1}: ${night};`);
    });
  });

  it('names the slot as a theme variable with the light colour as fallback', () => {
    expect(interfaceColorVar(1)).toBe(`var(--color-iface-2, ${INTERFACE_PALETTE[1]?.light})`);
    expect(interfaceColorVar(INTERFACE_PALETTE.length + 1)).toBe(interfaceColorVar(1));
  });
});
