// The events timeline keeps only the lines near its scroll box's view in the DOM: 5,000 events
// give a screenful plus a margin, scrolling brings the others, and the arrow keys reach lines
// out of the window. jsdom has no layout, so the box, the list and the lines are given sizes.
import { act, fireEvent, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PmEvent } from '../../../electron/contract.js';
import { useSubflowStore } from '../../../renderer/src/store/store.js';
import { EventsTimeline } from '../../../renderer/src/views/events/EventsTimeline.js';
import { event, fakeApi, T0 } from '../connections/fixtures.js';

const COUNT = 5000;
/** px: a line, the scroll box's view, the sticky heading above the list inside the box. */
const LINE = 30;
const VIEW = 300;
const HEAD = 24;

const initial = useSubflowStore.getState();

/** Newest first: event i (0 = newest) from port 10000 + i, on one of 20 connections. */
const EVENTS: PmEvent[] = Array.from({ length: COUNT }, (_, i) =>
  event({
    time: T0 + (COUNT - i) * 10,
    type: 'sub-established',
    token: `tok${String(i % 20)}`,
    local: { address: '198.51.100.1', port: 10_000 + i },
    remote: { address: '198.51.100.2', port: 5201 },
  }),
);

const box = () => document.querySelector<HTMLElement>('.events-scroll')!;
const lines = () => [...document.querySelectorAll<HTMLElement>('.event-row')];
const positions = () => lines().map((l) => Number(l.getAttribute('aria-posinset')));

function rect(top: number, height: number): DOMRect {
  return {
    top,
    height,
    bottom: top + height,
    left: 0,
    right: 800,
    width: 800,
    x: 0,
    y: top,
    toJSON: () => ({}),
  };
}

beforeEach(() => {
  useSubflowStore.setState({ ...initial, api: fakeApi(), events: EVENTS }, true);
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (
    this: HTMLElement,
  ) {
    if (this.classList.contains('events-scroll')) return rect(0, VIEW);
    // The list moves up as the box scrolls; its top padding stands for the lines above.
    if (this.classList.contains('events-list')) return rect(HEAD - box().scrollTop, COUNT * LINE);
    if (this.classList.contains('event-row')) return rect(0, LINE);
    return rect(0, 0);
  });
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(function (
    this: HTMLElement,
  ) {
    return this.classList.contains('events-scroll') ? VIEW : 0;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Lets the scroll handler's animation frame run. */
const nextFrame = () =>
  act(async () => {
    await new Promise((resolve) => requestAnimationFrame(resolve));
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

describe('the events timeline with 5,000 events', () => {
  it('renders a window of lines, says where each sits in the whole list, and scrolls to others', async () => {
    render(<EventsTimeline />);
    const first = positions();
    expect(first.length).toBeGreaterThan(VIEW / LINE);
    expect(first.length).toBeLessThan(50);
    expect(first[0]).toBe(1);
    expect(lines()[0]?.getAttribute('aria-setsize')).toBe(String(COUNT));
    expect(lines()[0]?.textContent).toContain(':10000 ');
    // The lines left out still take their room: the list is as tall as all of them.
    const list = document.querySelector<HTMLElement>('.events-list')!;
    const padding = parseFloat(list.style.paddingTop || '0') + parseFloat(list.style.paddingBottom);
    expect(padding + first.length * LINE).toBe(COUNT * LINE);

    // Scroll to line 2,500 (index 2,499).
    box().scrollTop = 2499 * LINE;
    fireEvent.scroll(box());
    await nextFrame();
    const later = positions();
    expect(later.length).toBeLessThan(50);
    expect(later).toContain(2500);
    expect(later).not.toContain(1);
    const line = lines().find((l) => l.getAttribute('aria-posinset') === '2500');
    expect(line?.textContent).toContain(':12499 ');
    expect(parseFloat(list.style.paddingTop)).toBe(((later[0] ?? 0) - 1) * LINE);
  });

  it('moves with End to the last line, out of the window, and focuses its connection', async () => {
    render(<EventsTimeline />);
    const token = document.querySelector<HTMLButtonElement>('.event-row button')!;
    token.focus();
    fireEvent.keyDown(token, { key: 'End' });
    // The box is scrolled to the line's place; its frame renders it; then it takes the focus.
    expect(box().scrollTop).toBeGreaterThan((COUNT - 20) * LINE);
    fireEvent.scroll(box());
    await nextFrame();
    expect(positions()).toContain(COUNT);
    expect(document.activeElement?.closest('.event-row')?.getAttribute('aria-posinset')).toBe(
      String(COUNT),
    );
    // Still one tab stop in the list.
    const stops = [...document.querySelectorAll('.event-row button')].filter(
      (b) => b.getAttribute('tabindex') === '0',
    );
    expect(stops).toHaveLength(1);
  });
});
