import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatDuration,
  formatInterval,
  formatRate,
} from '../../../renderer/src/format/units.js';

describe('formatRate', () => {
  it.each([
    [0, 'bits', '0 bit/s'],
    [0, 'bytes', '0 B/s'],
    [100, 'bits', '800 bit/s'],
    [124.9, 'bits', '999 bit/s'],
    [125, 'bits', '1.00 kbit/s'],
    [5_000_000, 'bits', '40.0 Mbit/s'],
    [2_500_000, 'bits', '20.0 Mbit/s'],
    [1_540_000, 'bytes', '1.54 MB/s'],
    [1_537_600, 'bits', '12.3 Mbit/s'],
    [999.6, 'bytes', '1.00 kB/s'],
    [999_600, 'bytes', '1.00 MB/s'],
    [123_456_789, 'bytes', '123 MB/s'],
    [1.25e9, 'bits', '10.0 Gbit/s'],
    [0.4, 'bytes', '0 B/s'],
  ] as const)('%d B/s in %s reads %s', (value, units, text) => {
    expect(formatRate(value, units)).toBe(text);
  });

  it('shows a dash for numbers that are not finite', () => {
    expect(formatRate(Number.NaN, 'bits')).toBe('—');
    expect(formatRate(Infinity, 'bytes')).toBe('—');
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1000, '1.00 kB'],
    [1_234_567_890, '1.23 GB'],
    [50_000_000, '50.0 MB'],
    [2.5e15, '2.50 PB'],
  ])('%d bytes reads %s', (value, text) => {
    expect(formatBytes(value)).toBe(text);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [-5000, '0s'],
    [999, '0s'],
    [45_000, '45s'],
    [192_000, '3m 12s'],
    [62_000, '1m 02s'],
    [7_500_000, '2h 05m'],
    [3 * 86_400_000 + 4 * 3_600_000, '3d 4h'],
  ])('%d ms reads %s', (value, text) => {
    expect(formatDuration(value)).toBe(text);
  });
});

describe('formatInterval', () => {
  it('uses ms below a second and s above', () => {
    expect(formatInterval(250)).toBe('250 ms');
    expect(formatInterval(1000)).toBe('1 s');
    expect(formatInterval(5000)).toBe('5 s');
  });
});
