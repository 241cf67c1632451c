// Changes in the monitored host itself, turned into 'monitor' events a person can read:
// interfaces that appear or disappear, MPTCP being disabled or enabled, parts of the kernel
// state that stop (or start again) being readable. Pure: two snapshots in, events out.
import type { PmEvent, Snapshot } from '../contract.js';
import { monitorEvent } from './kernel-events.js';

export function monitorNotices(
  previous: Snapshot | null,
  next: Snapshot,
  previousProblems: readonly string[],
  problems: readonly string[],
): PmEvent[] {
  const out: PmEvent[] = [];
  const t = next.time;
  for (const p of problems) {
    if (!previousProblems.includes(p)) out.push(monitorEvent(t, `cannot read ${p}`));
  }
  if (!previous) return out;
  const before = new Set(previous.interfaces.map((i) => i.name));
  const after = new Set(next.interfaces.map((i) => i.name));
  for (const name of before) {
    if (!after.has(name)) out.push(monitorEvent(t, `interface ${name} disappeared`));
  }
  for (const name of after) {
    if (!before.has(name)) out.push(monitorEvent(t, `interface ${name} appeared`));
  }
  if (previous.kernel.enabled && !next.kernel.enabled) {
    out.push(
      monitorEvent(t, `MPTCP was disabled${next.kernel.reason ? `: ${next.kernel.reason}` : ''}`),
    );
  } else if (!previous.kernel.enabled && next.kernel.enabled) {
    out.push(monitorEvent(t, 'MPTCP was enabled again'));
  }
  if (previousProblems.length > 0 && problems.length === 0) {
    out.push(monitorEvent(t, 'all kernel state is readable again'));
  }
  return out;
}
