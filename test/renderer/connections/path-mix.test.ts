// The path mix of a connection row: shares by interface that add up to 100, busiest first, and
// "idle" (with the paths it holds) when nothing moves.
import { describe, expect, it } from 'vitest';
import {
  pathMix,
  pathMixText,
  wholePercents,
} from '../../../renderer/src/views/connections/path-mix.js';
import { BLUE, RED, subflow } from './fixtures.js';

describe('wholePercents', () => {
  it('rounds by largest remainder so the parts add up to 100', () => {
    expect(wholePercents([2, 1])).toEqual([67, 33]);
    expect(wholePercents([1, 1, 1])).toEqual([34, 33, 33]);
    expect(wholePercents([40, 20])).toEqual([67, 33]);
    expect(wholePercents([1, 0])).toEqual([100, 0]);
  });

  it('gives 0 to every part when there is no traffic', () => {
    expect(wholePercents([0, 0])).toEqual([0, 0]);
    expect(wholePercents([])).toEqual([]);
  });
});

describe('pathMix', () => {
  it('splits a busy connection by interface, busiest first', () => {
    const mix = pathMix({ subflows: [BLUE, RED] });
    expect(mix.idle).toBe(false);
    expect(mix.shares.map((s) => [s.interface, s.percent])).toEqual([
      ['red-c', 67],
      ['blue-c', 33],
    ]);
    expect(pathMixText(mix)).toBe('red-c 67\u00a0% · blue-c 33\u00a0%');
  });

  it('adds up two subflows on the same interface', () => {
    const second = subflow({ local: { address: '198.51.100.1', port: 40002 } });
    const mix = pathMix({ subflows: [RED, second, BLUE] });
    expect(mix.shares[0]).toMatchObject({ interface: 'red-c', subflows: 2, percent: 80 });
    expect(mix.shares[1]).toMatchObject({ interface: 'blue-c', subflows: 1, percent: 20 });
  });

  it('says idle, with the paths held, when no subflow carries anything', () => {
    const still = [RED, BLUE].map((s) => ({ ...s, txRate: 0, rxRate: 0 }));
    const mix = pathMix({ subflows: still });
    expect(mix.idle).toBe(true);
    expect(pathMixText(mix)).toBe('idle · blue-c, red-c');
  });

  it('names an unknown interface and a connection without subflows', () => {
    const unknown = subflow({ interface: null });
    expect(pathMixText(pathMix({ subflows: [unknown] }))).toBe('unknown interface 100\u00a0%');
    expect(pathMixText(pathMix({ subflows: [] }))).toBe('no subflow');
  });
});
