import { describe, expect, it } from 'vitest';
import { apply, diff } from '../../../electron/session/journal/journal-delta.js';
import type { Json } from '../../../electron/session/journal/journal-delta.js';
import { snapshot, T0 } from './snapshots.js';

const j = (v: unknown): Json => v as Json;

describe('journal deltas', () => {
  it('are undefined between equal values', () => {
    const s = snapshot(T0, [{ token: 'a', red: 1, blue: 2 }]);
    expect(diff(j(s), j(structuredClone(s)))).toBeUndefined();
  });

  it('carry only the changed members and rebuild the next value', () => {
    const a = snapshot(T0, [{ token: 'a', red: 1000, blue: 2000 }]);
    const b = snapshot(T0 + 1000, [{ token: 'a', red: 1500, blue: 2000 }]);
    const d = diff(j(a), j(b));
    expect(apply(j(a), d as Json)).toEqual(b);
    const text = JSON.stringify(d);
    expect(text).not.toContain('hostname');
    expect(text).toContain('1500');
  });

  it('share unchanged parts of the previous value', () => {
    const a = snapshot(T0, [{ token: 'a', red: 1000, blue: 2000 }]);
    const b = snapshot(T0 + 1000, [{ token: 'a', red: 1500, blue: 2000 }]);
    const next = apply(j(a), diff(j(a), j(b)) as Json) as unknown as typeof b;
    expect(next.kernel).toBe(a.kernel);
    expect(next.endpoints).toBe(a.endpoints);
  });

  it('follow connections that come, go and move by identity', () => {
    const a = snapshot(T0, [
      { token: 'a', red: 1, blue: 2 },
      { token: 'b', red: 3, blue: null },
      { token: 'c', red: 5, blue: 6 },
    ]);
    const b = snapshot(T0 + 1000, [
      { token: 'c', red: 5, blue: 6 },
      { token: 'd', red: 7, blue: 8 },
      { token: 'a', red: 1, blue: null },
    ]);
    const d = diff(j(a), j(b)) as Json;
    expect(apply(j(a), d)).toEqual(b);
  });

  it('delete optional members and replace arrays without identities', () => {
    const a = { x: 1, reason: 'why', flags: ['subflow'], nested: { y: [1, 2] } };
    const b = { x: 1, flags: ['subflow', 'backup'], nested: { y: [2] } };
    const d = diff(j(a), j(b)) as Json;
    expect(d).toEqual({
      flags: { '=': ['subflow', 'backup'] },
      nested: { y: { '=': [2] } },
      '-': ['reason'],
    });
    expect(apply(j(a), d)).toEqual(b);
  });

  it('replace values whose kind changed', () => {
    const a = { v: [1], w: { z: 1 }, u: null };
    const b = { v: { k: 1 }, w: [1], u: { n: 2 } };
    expect(apply(j(a), diff(j(a), j(b)) as Json)).toEqual(b);
  });

  it('refuse a delta that does not fit', () => {
    expect(() => apply(j(3), j({ a: 1 }))).toThrow(/object delta/);
    expect(() => apply(j([1]), j({ '@': {} }))).toThrow(/without identities/);
    expect(() => apply(j([{ token: 'a' }]), j({ '@': {}, o: ['tb'] }))).toThrow(/neither known/);
  });
});
