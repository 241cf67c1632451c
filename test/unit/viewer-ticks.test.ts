// The per-viewer tick policy: every tick while seen; one per HIDDEN_TICK_MS while the page or
// the window says hidden; every tick again as soon as both say shown.
import { describe, expect, it } from 'vitest';
import { createViewerTicks, HIDDEN_TICK_MS } from '../../electron/http/viewer-ticks.js';

/** Which of the ticks at `times` the viewer is sent. */
const sent = (take: (now: number) => boolean, times: readonly number[]) => times.filter(take);
const seconds = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => (from + i) * 1000);

describe('viewer ticks', () => {
  it('sends every tick to a visible viewer', () => {
    const ticks = createViewerTicks();
    expect(ticks.state).toEqual({ visible: true, everyMs: null });
    expect(sent((t) => ticks.take(t), seconds(1, 5))).toEqual(seconds(1, 5));
  });

  it('sends one tick per HIDDEN_TICK_MS while hidden, every tick once shown', () => {
    const ticks = createViewerTicks();
    sent((t) => ticks.take(t), seconds(1, 2));
    expect(ticks.setVisible('page', false)).toEqual({ visible: false, everyMs: HIDDEN_TICK_MS });
    // Last sent at 2 s: the next goes out at 12 s, then 22 s.
    expect(sent((t) => ticks.take(t), seconds(3, 25))).toEqual([12_000, 22_000]);
    expect(ticks.setVisible('page', true)).toEqual({ visible: true, everyMs: null });
    expect(sent((t) => ticks.take(t), seconds(26, 28))).toEqual(seconds(26, 28));
  });

  it('stays slow until neither the page nor the window says hidden', () => {
    const ticks = createViewerTicks(5000);
    ticks.setVisible('window', false);
    ticks.setVisible('page', false);
    ticks.setVisible('window', true);
    expect(ticks.state.visible).toBe(false);
    expect(sent((t) => ticks.take(t), seconds(1, 10))).toEqual([1000, 6000]);
    ticks.setVisible('page', true);
    expect(sent((t) => ticks.take(t), seconds(11, 12))).toEqual([11_000, 12_000]);
  });
});
