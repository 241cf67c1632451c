// The events timeline's window of lines (use-list-window.ts) and its one tab stop: the roving
// tabindex must sit on a line in the DOM, and the arrow keys may move to a line out of the
// window, which is scrolled to and focused once rendered.
import { useCallback, useLayoutEffect, useMemo, useRef } from 'react';
import type { RowWindow } from '../connections/row-window.js';
import { useListWindow } from './use-list-window.js';

export interface EventWindow {
  /** Lines [start, end) to render, and the list's padding for the others. */
  readonly win: RowWindow;
  /** The key of the line whose token button is the list's one tab stop. */
  readonly tabStop: string | null;
  /** How far the scroll box is scrolled, px. */
  readonly scrollTop: () => number;
  /** Scrolls the box back to the newest line. */
  readonly scrollToTop: () => void;
  /** Ref callbacks for the scroll box and the list. */
  readonly setScroller: (element: HTMLDivElement | null) => void;
  readonly setList: (element: HTMLOListElement | null) => void;
  /** Focuses line `key`'s token button, scrolling it into the window first if need be. */
  readonly moveTo: (key: string) => void;
}

/**
 * `keys`: the lines' keys, in order; `focusKeys`: those with a token button; `wanted`: the line
 * that should hold the tab stop.
 */
export function useEventWindow(
  keys: readonly string[],
  focusKeys: readonly string[],
  wanted: string | null,
  version: unknown,
): EventWindow {
  const {
    win,
    scrollToIndex,
    scroller: setBox,
    list: setListBox,
  } = useListWindow(keys.length, version, 'data-event-key');
  const inWindow = useMemo(() => new Set(keys.slice(win.start, win.end)), [keys, win]);
  // When the wanted line is out of the window, the window's first line with a token button
  // takes its place.
  const tabStop =
    wanted !== null && inWindow.has(wanted)
      ? wanted
      : (focusKeys.find((k) => inWindow.has(k)) ?? wanted);

  const scroller = useRef<HTMLDivElement | null>(null);
  const list = useRef<HTMLOListElement | null>(null);
  /** A line moved to while out of the window: focused once rendered. */
  const pending = useRef<string | null>(null);
  const focusLine = useCallback((key: string): boolean => {
    const line = [...(list.current?.querySelectorAll<HTMLElement>('[data-event-key]') ?? [])].find(
      (el) => el.dataset.eventKey === key,
    );
    const button = line?.querySelector('button');
    button?.focus();
    return button !== undefined && button !== null;
  }, []);
  useLayoutEffect(() => {
    if (pending.current !== null && focusLine(pending.current)) pending.current = null;
  });
  const moveTo = useCallback(
    (key: string) => {
      if (focusLine(key)) return;
      pending.current = key;
      scrollToIndex(keys.indexOf(key));
    },
    [focusLine, scrollToIndex, keys],
  );

  const setScroller = useCallback(
    (element: HTMLDivElement | null) => {
      scroller.current = element;
      setBox(element);
    },
    [setBox],
  );
  const setList = useCallback(
    (element: HTMLOListElement | null) => {
      list.current = element;
      setListBox(element);
    },
    [setListBox],
  );
  const scrollTop = useCallback(() => scroller.current?.scrollTop ?? 0, []);
  const scrollToTop = useCallback(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
  }, []);
  return { win, tabStop, scrollTop, scrollToTop, setScroller, setList, moveTo };
}
