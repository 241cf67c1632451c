// Keeps a scrolling list's rendered items to those near its scroll box's view (the events
// timeline: up to MAX_EVENTS lines, of which a screenful shows). Lines differ in height (two-line
// rows in the narrow layout, notices that wrap), so the height used for the lines left out is
// the mean of every line measured so far (keyed, so it settles instead of following the
// window). Measured on scroll and on a resize of the box or the list (after layout, on the next
// frame), never in the middle of a tick; the space of the lines left out is the list's top and
// bottom padding, so no spacer item joins the list.
// Until a line has a height (first render; a box not laid out; jsdom in tests) the first
// FIRST_ITEMS are rendered: enough to fill a view and be measured, never the whole list.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { rowWindow, sameWindow, type RowWindow } from '../connections/row-window.js';

/** Items kept beyond each edge of the view. */
export const LIST_OVERSCAN = 10;
/** Items rendered before any has been measured. */
export const FIRST_ITEMS = 40;

/** The items to render for a view `top` px below the first item, `height` px tall. */
export function listWindow(
  count: number,
  itemHeight: number,
  top: number,
  height: number,
): RowWindow {
  if (itemHeight > 0) {
    return rowWindow({
      count,
      rowHeight: itemHeight,
      viewTop: top,
      viewHeight: height,
      overscan: LIST_OVERSCAN,
    });
  }
  return { start: 0, end: Math.min(count, FIRST_ITEMS), before: 0, after: 0 };
}

/** Mean height of the items measured so far, by key; forgets when it holds far more keys. */
class HeightBook {
  private readonly heights = new Map<string, number>();
  private total = 0;

  note(key: string, height: number): void {
    if (!(height > 0)) return;
    const before = this.heights.get(key);
    if (before === height) return;
    this.total += height - (before ?? 0);
    this.heights.set(key, height);
  }

  /** Drops every key once the book holds more than `limit` (old lines are long gone). */
  bound(limit: number): void {
    if (this.heights.size <= limit) return;
    this.heights.clear();
    this.total = 0;
  }

  mean(): number {
    return this.heights.size === 0 ? 0 : this.total / this.heights.size;
  }
}

export interface ListWindow {
  /** Ref callback for the scroll box. */
  readonly scroller: (element: HTMLElement | null) => void;
  /** Ref callback for the list (the element whose children are the items). */
  readonly list: (element: HTMLElement | null) => void;
  /** Items [start, end) to render, and the padding standing in for the others. */
  readonly win: RowWindow;
  /** Scrolls the box so item `index` comes into view (its estimated place). */
  readonly scrollToIndex: (index: number) => void;
}

/**
 * The window of `count` items to render. `version` changes whenever the items do (their
 * array), so the window follows them before paint. The items measured are the list's elements
 * with `keyAttribute` (their key, so a height is counted once per item).
 */
export function useListWindow(count: number, version: unknown, keyAttribute: string): ListWindow {
  const [box, setBox] = useState<HTMLElement | null>(null);
  const [list, setList] = useState<HTMLElement | null>(null);
  const [win, setWin] = useState<RowWindow>(() => listWindow(count, 0, 0, 0));
  const book = useRef(new HeightBook());
  /** Where the view was at the last measure, relative to the list's first item. */
  const view = useRef<{ top: number; height: number } | null>(null);

  const windowFor = useCallback(
    (top: number, height: number) => {
      const next = listWindow(count, book.current.mean(), top, height);
      setWin((current) => (sameWindow(current, next) ? current : next));
    },
    [count],
  );

  const measure = useCallback(() => {
    if (box === null || list === null) return;
    book.current.bound(4 * count + 100);
    for (const item of list.querySelectorAll<HTMLElement>(`[${keyAttribute}]`)) {
      const key = item.getAttribute(keyAttribute);
      if (key !== null) book.current.note(key, item.getBoundingClientRect().height);
    }
    // Where the view is relative to the list's first item (the list's top: its top padding
    // stands in for the items above the window).
    const top = box.getBoundingClientRect().top - list.getBoundingClientRect().top;
    view.current = { top, height: box.clientHeight };
    windowFor(top, box.clientHeight);
  }, [box, list, count, keyAttribute, windowFor]);

  // Before paint, so a change of items never shows a frame with the wrong ones; `version`:
  // again when the items change, though their count may not. Once a line has been measured,
  // a change of items alone (a tick) reuses the view's last place instead of reading the
  // layout again, which would force one in the middle of the tick; new lines are measured on
  // the next frame (the list's resize) or scroll.
  useLayoutEffect(() => {
    if (view.current !== null && book.current.mean() > 0) {
      windowFor(view.current.top, view.current.height);
    } else measure();
  }, [measure, windowFor, version]);

  useEffect(() => {
    if (box === null) return;
    let frame: number | null = null;
    const schedule = () => {
      frame ??= requestAnimationFrame(() => {
        frame = null;
        // Rendered in this frame, not a frame or more later (a jump would show blank meanwhile).
        flushSync(measure);
      });
    };
    box.addEventListener('scroll', schedule, { passive: true });
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(schedule);
    observer?.observe(box);
    if (list !== null) observer?.observe(list);
    return () => {
      observer?.disconnect();
      box.removeEventListener('scroll', schedule);
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [box, list, measure]);

  const boxRef = useRef<HTMLElement | null>(null);
  const setBoxes = useCallback((element: HTMLElement | null) => {
    boxRef.current = element;
    setBox(element);
  }, []);
  const scrollToIndex = useCallback((index: number) => {
    const element = boxRef.current;
    const height = book.current.mean();
    if (element !== null && height > 0) {
      element.scrollTop = Math.max(0, index * height - element.clientHeight / 2);
    }
  }, []);

  // Fewer items than the last window: cut it until the layout effect measures again.
  const shown =
    win.end > count ? { ...win, start: Math.min(win.start, count), end: count, after: 0 } : win;
  return { scroller: setBoxes, list: setList, win: shown, scrollToIndex };
}
