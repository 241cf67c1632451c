// The pure bookkeeping under the collector: counter deltas across resets, and interface label
// slots under a cap.
import { describe, expect, it } from 'vitest';
import { CounterDeltas } from '../../../electron/metrics/counter-deltas.js';
import { InterfaceLabels } from '../../../electron/metrics/interface-labels.js';

describe('CounterDeltas', () => {
  it('counts the first reading in full, then growth, and all of a value after a reset', () => {
    const d = new CounterDeltas();
    expect([d.delta('k', 100), d.delta('k', 130), d.delta('k', 130), d.delta('k', 20)]).toEqual([
      100, 30, 0, 20,
    ]);
  });

  it('treats a new generation as a new counter even when its value is higher', () => {
    const d = new CounterDeltas();
    d.delta('eth0', 100, 2);
    expect(d.delta('eth0', 500, 7)).toBe(500);
    expect(d.delta('eth0', 510, 7)).toBe(10);
  });

  it('ignores values that are not counts, keeping the last reading', () => {
    const d = new CounterDeltas();
    d.delta('k', 10);
    expect(d.delta('k', Number.NaN)).toBe(0);
    expect(d.delta('k', -5)).toBe(0);
    expect(d.delta('k', 15)).toBe(5);
  });

  it('counts a forgotten key in full again', () => {
    const d = new CounterDeltas();
    d.delta('k', 10);
    d.forget('k');
    expect(d.delta('k', 12)).toBe(12);
    expect([...d.keys()]).toEqual(['k']);
  });
});

describe('InterfaceLabels', () => {
  it('labels interfaces by name up to the cap, the rest "other"', () => {
    const labels = new InterfaceLabels(2);
    const { labels: got, evicted } = labels.update(['a', 'b', 'c']);
    expect([...got]).toEqual([
      ['a', 'a'],
      ['b', 'b'],
      ['c', 'other'],
    ]);
    expect(evicted).toEqual([]);
    expect(labels.label('c')).toBe('other');
    expect(labels.label(null)).toBe('none');
  });

  it('keeps the label of an interface that comes back, and never moves a present one', () => {
    const labels = new InterfaceLabels(2);
    labels.update(['a', 'b']);
    labels.update(['b']);
    expect(labels.update(['c', 'b', 'a']).labels.get('a')).toBe('a');
    expect(labels.label('c')).toBe('other');
  });

  it('gives the slot of the interface gone longest to a newcomer', () => {
    const labels = new InterfaceLabels(3);
    labels.update(['a', 'b', 'c']);
    labels.update(['b', 'c']); // a gone
    labels.update(['c']); // b gone too, later
    const next = labels.update(['c', 'x']);
    expect(next.evicted).toEqual(['a']);
    expect(next.labels.get('x')).toBe('x');
    expect(labels.names().sort()).toEqual(['b', 'c', 'x']);
  });

  it('refuses a cap that is not a whole number of at least 1', () => {
    expect(() => new InterfaceLabels(0)).toThrow(/cap/);
  });
});
