import { describe, expect, it } from 'vitest';
import { rowWindow } from '../../../renderer/src/views/connections/row-window.js';

const base = { count: 100, rowHeight: 30, viewHeight: 300, overscan: 2 } as const;

describe('rowWindow', () => {
  it('renders every row while the row height is unknown (first render, no layout)', () => {
    expect(rowWindow({ ...base, rowHeight: 0, viewTop: 0 })).toEqual({
      start: 0,
      end: 100,
      before: 0,
      after: 0,
    });
  });

  it('renders the rows on screen plus the overscan, with spacers for the rest', () => {
    // Viewport 600–900 px covers rows 20–30.
    const win = rowWindow({ ...base, viewTop: 600 });
    expect(win).toEqual({ start: 18, end: 33, before: 18 * 30, after: (100 - 33) * 30 });
  });

  it('keeps the first rows while the table is below the screen, the last while above', () => {
    expect(rowWindow({ ...base, viewTop: -1000 })).toMatchObject({ start: 0, end: 2 });
    expect(rowWindow({ ...base, viewTop: 5000 })).toMatchObject({ start: 98, end: 100 });
  });

  it('counts the detail row under the expanded row: rows below it sit lower', () => {
    const detail = { index: 5, height: 400 };
    // Row 10's top: 10 × 30 + 400 = 700. A viewport from 700 starts at row 10.
    const win = rowWindow({ ...base, viewTop: 700, overscan: 0, detail });
    expect(win.start).toBe(10);
    expect(win.before).toBe(700);
    expect(win.after).toBe(100 * 30 + 400 - win.end * 30 - 400);
    // A viewport inside the detail row keeps its connection's row rendered.
    expect(rowWindow({ ...base, viewTop: 300, overscan: 0, detail }).start).toBe(5);
  });

  it('is empty for an empty table', () => {
    expect(rowWindow({ ...base, count: 0, viewTop: 0 })).toEqual({
      start: 0,
      end: 0,
      before: 0,
      after: 0,
    });
  });
});
