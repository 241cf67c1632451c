// A change made by a `subflow` command, logged in the shared action log of its namespace (begin
// before the first kernel request, end with the endpoints it left), so a `subflow serve` or the
// app watching the same namespace shows it as the person's action, not as an external change.
import { randomUUID } from 'node:crypto';
import type { ActionDetails } from '../contract.js';
import { toApiError } from '../api-errors.js';
import { actionLogPath, appendActionLine } from '../monitor/action-log.js';
import type { EndpointShape } from '../monitor/endpoint-diff.js';
import { shapeOf } from '../monitor/change-tracker.js';

export interface LoggedChange<T> {
  readonly netns: string | null;
  readonly kind: ActionDetails['kind'];
  readonly interface?: string;
  /** The change in words, given the result when it was done (undefined when refused). */
  readonly describe: (result: T | undefined) => string;
  readonly run: () => Promise<T>;
  /** Every endpoint now (read after the change). */
  readonly endpoints: () => Promise<readonly EndpointShape[]>;
}

/** Runs the change and logs it; the change's own result or error passes through unchanged. */
export async function runLoggedChange<T>(change: LoggedChange<T>): Promise<T> {
  const path = actionLogPath(change.netns);
  const id = randomUUID();
  appendActionLine(path, { phase: 'begin', id, pid: process.pid, time: Date.now() });
  let result: T | undefined;
  let failure: unknown = null;
  try {
    result = await change.run();
    return result;
  } catch (err) {
    failure = err;
    throw err;
  } finally {
    await logEnd(change, path, id, result, failure);
  }
}

async function logEnd<T>(
  change: LoggedChange<T>,
  path: string,
  id: string,
  result: T | undefined,
  failure: unknown,
): Promise<void> {
  const endpoints = await change.endpoints().then(
    (eps) => eps.map(shapeOf),
    () => null,
  );
  const action: ActionDetails = {
    kind: change.kind,
    origin: 'cli',
    change: change.describe(result),
    result: failure === null ? 'done' : 'refused',
    ...(failure === null ? {} : { reason: toApiError(failure).message }),
  };
  // Writing fails without rights to /run/subflow; such a process cannot change endpoints either.
  appendActionLine(path, {
    phase: 'end',
    id,
    pid: process.pid,
    time: Date.now(),
    action,
    ...(change.interface !== undefined ? { interface: change.interface } : {}),
    endpoints,
  });
}
