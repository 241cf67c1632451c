// The doctor's part of the Host: 'doctor:run' reads the watched namespace and runs every check;
// 'doctor:apply' re-runs them first and applies the fix of one finding of that fresh run
// (refusing an id it does not report with 'not-found'), then reports what the kernel has now.
import type { HostRole } from '../control/plan.js';
import type { Handlers } from '../host/host.js';
import { applyFinding } from './apply-fix.js';
import { gatherDoctorInput } from './doctor-input.js';
import type { DoctorKernel, GatherOptions } from './doctor-input.js';
import { buildReport } from './run-checks.js';

export interface DoctorHandlerOptions {
  /** The namespace the kernel thread watches (fix commands then use `ip -n NAME`). */
  readonly netns: string | null;
  /** Whether fixes may be applied; default: whether the kernel thread holds CAP_NET_ADMIN. */
  readonly privileged?: boolean;
  /** A server also announces its addresses (endpoints get `signal`); default client. */
  readonly role?: HostRole;
  /** The remembered multipath choices, respected by the checks; none when absent. */
  readonly choices?: GatherOptions['choices'];
}

/**
 * Handlers for 'doctor:run' and 'doctor:apply'. `getKernel` is asked on every request, so a
 * monitor that replaces its kernel thread (e.g. after its namespace came back) is followed.
 */
export function doctorHandlers(
  getKernel: () => DoctorKernel,
  options: DoctorHandlerOptions,
): Handlers {
  return {
    'doctor:run': async () => buildReport(await gatherDoctorInput(getKernel(), options)),
    'doctor:apply': async ({ id }) => {
      const { applied, report, stillPresent } = await applyFinding(getKernel(), id, options);
      return { applied, report, stillPresent };
    },
  };
}
