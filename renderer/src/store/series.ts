// Rate series kept by the store: append a tick's point, trim by age or by count, merge history
// fetched from the host, drop series of entities gone for a while. Pure: buffers in, new
// buffers out (a buffer is never mutated, so React selectors see every change).
import type { RateSeries } from '../../../electron/contract.js';

/** Rates of one entity, oldest first: ms since the epoch and bytes per second. */
export interface SeriesBuffer {
  readonly time: number[];
  readonly rx: number[];
  readonly tx: number[];
}

/** How a series is bounded: by age relative to the newest tick, or by number of points. */
export type SeriesBound = { readonly maxAgeMs: number } | { readonly maxPoints: number };

export const EMPTY_SERIES: SeriesBuffer = { time: [], rx: [], tx: [] };

/** The index of the first point to keep so that `buffer` fits `bound` at time `now`. */
function firstKept(time: readonly number[], bound: SeriesBound, now: number): number {
  if ('maxPoints' in bound) return Math.max(0, time.length - bound.maxPoints);
  const oldest = now - bound.maxAgeMs;
  let i = 0;
  while (i < time.length && (time[i] ?? 0) < oldest) i += 1;
  return i;
}

/** `buffer` cut to `bound` (the same object when nothing is cut). */
export function trimSeries(buffer: SeriesBuffer, bound: SeriesBound, now: number): SeriesBuffer {
  const start = firstKept(buffer.time, bound, now);
  if (start === 0) return buffer;
  return {
    time: buffer.time.slice(start),
    rx: buffer.rx.slice(start),
    tx: buffer.tx.slice(start),
  };
}

/**
 * `buffer` plus the point (time, rx, tx), trimmed to `bound`. A point not newer than the last
 * one (a replay seeked backwards, a reconnect) first removes every point at or after its time,
 * so times stay strictly increasing.
 */
export function appendPoint(
  buffer: SeriesBuffer | undefined,
  time: number,
  rx: number,
  tx: number,
  bound: SeriesBound,
): SeriesBuffer {
  const base = buffer ?? EMPTY_SERIES;
  let end = base.time.length;
  while (end > 0 && (base.time[end - 1] ?? 0) >= time) end -= 1;
  const appended: SeriesBuffer = {
    time: [...base.time.slice(0, end), time],
    rx: [...base.rx.slice(0, end), rx],
    tx: [...base.tx.slice(0, end), tx],
  };
  return trimSeries(appended, bound, time);
}

/**
 * History from the host merged with what ticks already brought: the host's points (it has the
 * older ones), then the buffer's points newer than the host's last. Trimmed to `bound`.
 */
export function mergeHistory(
  history: RateSeries,
  buffer: SeriesBuffer | undefined,
  bound: SeriesBound,
): SeriesBuffer {
  const n = Math.min(history.time.length, history.rx.length, history.tx.length);
  const last = n > 0 ? (history.time[n - 1] ?? 0) : -Infinity;
  const base = buffer ?? EMPTY_SERIES;
  let from = 0;
  while (from < base.time.length && (base.time[from] ?? 0) <= last) from += 1;
  const merged: SeriesBuffer = {
    time: [...history.time.slice(0, n), ...base.time.slice(from)],
    rx: [...history.rx.slice(0, n), ...base.rx.slice(from)],
    tx: [...history.tx.slice(0, n), ...base.tx.slice(from)],
  };
  const newest = merged.time[merged.time.length - 1] ?? 0;
  return trimSeries(merged, bound, newest);
}

/** The time of a buffer's newest point, or -Infinity when it is empty. */
export function lastTime(buffer: SeriesBuffer): number {
  return buffer.time.length > 0 ? (buffer.time[buffer.time.length - 1] ?? -Infinity) : -Infinity;
}
