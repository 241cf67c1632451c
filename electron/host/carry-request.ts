// How every transport hands an untrusted request to a Host: the WebSocket, REST and Electron's
// IPC all come through here. It validates nothing itself: Host.invoke is the one place that does
// (createHost). The name is only narrowed so the call is typed; an unknown one gets the answer
// Host.invoke would give, from the same function. A Host that throws is answered as data.
import type { ActionOrigin, ApiError, Result } from '../contract.js';
import { isRequestName, validateRequest } from '../validation.js';
import type { Host } from './host.js';

/**
 * Runs the request `name` with `args` on `host`, as carried by `origin`. Never throws: a Host
 * that throws is answered with the error `failed` makes of it (a transport decides what it may
 * show and logs).
 */
export async function carryRequest(
  host: Host,
  name: unknown,
  args: unknown,
  origin: ActionOrigin,
  failed: (name: string, err: unknown) => ApiError,
): Promise<Result<unknown>> {
  if (!isRequestName(name)) return validateRequest(name, args);
  try {
    return await host.invoke(name, args, origin);
  } catch (err) {
    return { ok: false, error: failed(name, err) };
  }
}
