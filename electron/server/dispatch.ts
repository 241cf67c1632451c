// The one path from an untrusted request to the Host: validate the name and arguments first
// (so nothing malformed reaches a handler), then invoke, turning a thrown error into data.
import type { ActionOrigin, Result } from '../contract.js';
import type { Host } from '../host.js';
import { isRequestName, validateRequest } from '../validation.js';
import type { ServerLogger } from '../http/logger.js';

/**
 * Validates `name` and `args`, then runs the request on `host`. Never throws: a bad request
 * answers bad-request, a Host that throws answers internal (and is logged). `origin` says which
 * transport carried it: 'dashboard' for the page's WebSocket, 'api' for REST.
 */
export async function dispatch(
  host: Host,
  name: unknown,
  args: unknown,
  logger: ServerLogger,
  origin: ActionOrigin = 'api',
): Promise<Result<unknown>> {
  if (!isRequestName(name)) return validateRequest(name, args);
  const valid = validateRequest(name, args);
  if (!valid.ok) return valid;
  try {
    return await host.invoke(name, valid.value, origin);
  } catch (err) {
    logger.error(`request ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
    return {
      ok: false,
      error: { code: 'internal', message: `${name} failed inside Subflow; see its log` },
    };
  }
}
