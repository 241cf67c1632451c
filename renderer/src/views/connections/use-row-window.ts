// Keeps a table's rendered rows to those near the screen: measures one row (and the detail row,
// when there is one) and where the table body sits in the window, on scroll, resize, a change
// of the page's size, and when the row count or the expanded row changes; never on a tick alone
// (a tick changes none of these).
// Until a row has a height (first render; jsdom in tests) every row is rendered.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { rowWindow, sameWindow, type RowWindow } from './row-window.js';

/** Rows kept beyond each edge of the screen. */
export const OVERSCAN_ROWS = 8;

/** Class of the rows a window measures; spacer and detail rows are told apart by theirs. */
const ROW_SELECTOR = 'tr.connection-row';
const DETAIL_SELECTOR = 'tr.connection-detail-row';

/**
 * The window of `count` rows to render, and the ref callback for the table body that holds
 * them. `detailIndex`: the row followed by a detail row (or null).
 */
export function useRowWindow(
  count: number,
  detailIndex: number | null,
): [(element: HTMLTableSectionElement | null) => void, RowWindow] {
  const [el, setEl] = useState<HTMLTableSectionElement | null>(null);
  const [win, setWin] = useState<RowWindow>(() =>
    rowWindow({ count, rowHeight: 0, viewTop: 0, viewHeight: 0, overscan: OVERSCAN_ROWS }),
  );
  const rowHeight = useRef(0);
  const detailHeight = useRef(0);

  const measure = useCallback(() => {
    if (el === null) return;
    const row = el.querySelector(ROW_SELECTOR);
    if (row !== null) rowHeight.current = row.getBoundingClientRect().height;
    const detailRow = el.querySelector(DETAIL_SELECTOR);
    // A detail row out of the window keeps the height it had when last rendered.
    if (detailRow !== null) detailHeight.current = detailRow.getBoundingClientRect().height;
    const next = rowWindow({
      count,
      rowHeight: rowHeight.current,
      viewTop: -el.getBoundingClientRect().top,
      viewHeight: window.innerHeight,
      overscan: OVERSCAN_ROWS,
      detail: detailIndex === null ? null : { index: detailIndex, height: detailHeight.current },
    });
    setWin((current) => (sameWindow(current, next) ? current : next));
  }, [el, count, detailIndex]);

  // Before paint, so a change of rows never shows a frame with the wrong ones.
  useLayoutEffect(measure, [measure]);

  useEffect(() => {
    let frame: number | null = null;
    const schedule = () => {
      frame ??= requestAnimationFrame(() => {
        frame = null;
        // Rendered now, in this frame: left to React's scheduler, the rows of a long jump
        // (scrollIntoView, End) arrive a frame or more later and the table shows blank meanwhile.
        flushSync(measure);
      });
    };
    window.addEventListener('scroll', schedule, { passive: true, capture: true });
    window.addEventListener('resize', schedule, { passive: true });
    // The table moves without a scroll when what is above it grows or shrinks (interface cards
    // arriving, a banner); the page's size changes then. Also the first report after layout.
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(schedule);
    observer?.observe(document.body);
    return () => {
      observer?.disconnect();
      window.removeEventListener('scroll', schedule, { capture: true });
      window.removeEventListener('resize', schedule);
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [measure]);

  // Fewer rows than the last window: cut it until the layout effect measures again (before
  // paint), rather than render every row for that moment.
  const shown =
    win.end > count ? { ...win, start: Math.min(win.start, count), end: count, after: 0 } : win;
  return [setEl, shown];
}
