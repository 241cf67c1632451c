// The running kernel's release string (uname -r), for snapshots and bug reports.
import { release } from 'node:os';

/** e.g. "6.18.44-fc-v657". */
export const kernelRelease = (): string => release();

/** Major and minor version from a release string ("6.18.44-x" → [6, 18]); null if unreadable. */
export function kernelVersion(releaseText: string): readonly [number, number] | null {
  const m = /^(\d+)\.(\d+)/.exec(releaseText);
  return m ? [Number(m[1]), Number(m[2])] : null;
}
