// How sessions read in the drawer and the replay bar. Pure.
import type { Progress, SessionInfo } from '../../../../electron/contract.js';
import { clockTime } from '../../charts/time-text.js';
import { formatDuration } from '../../format/units.js';

/** "2025-01-01 12:00:00" in the viewer's local time. */
export function startText(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clockTime(ms)}`;
}

/** How long a session lasted. */
export function sessionDuration(session: Pick<SessionInfo, 'startedAt' | 'endedAt'>): string {
  return formatDuration(session.endedAt - session.startedAt);
}

/** "1m 12s of 5m 00s": where a replay stands. */
export function positionText(
  session: Pick<SessionInfo, 'startedAt' | 'endedAt'>,
  position: number,
): string {
  const into = Math.min(Math.max(position, session.startedAt), session.endedAt) - session.startedAt;
  return `${formatDuration(into)} of ${sessionDuration(session)}`;
}

/** Progress as a percentage 0–100 (0 when the total is unknown). */
export function progressPercent(progress: Pick<Progress, 'done' | 'total'>): number {
  if (progress.total <= 0) return 0;
  return Math.round(Math.min(1, Math.max(0, progress.done / progress.total)) * 100);
}

/** Replay speeds offered. */
export const SPEEDS = [1, 4, 16] as const;
