// Wall-clock labels for chart axes and the events timeline, in the viewer's local time.

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** "HH:MM:SS" of `ms` since the epoch, or "HH:MM:SS.mmm" with `millis`. */
export function clockTime(ms: number, millis = false): string {
  const d = new Date(ms);
  const base = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return millis ? `${base}.${pad(d.getMilliseconds(), 3)}` : base;
}
