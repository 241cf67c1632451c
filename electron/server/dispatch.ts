// The server's side of a request (WebSocket and REST): carried to the Host, which validates it
// (host/carry-request.ts); a Host that throws is logged and answered without its details.
import type { ActionOrigin, Result } from '../contract.js';
import { carryRequest } from '../host/carry-request.js';
import type { Host } from '../host/host.js';
import type { ServerLogger } from '../http/logger.js';

/**
 * Runs the request on `host`. Never throws: a bad request answers bad-request (from Host.invoke),
 * a Host that throws answers internal (and is logged). `origin` says which transport carried it:
 * 'dashboard' for the page's WebSocket, 'api' for REST.
 */
export function dispatch(
  host: Host,
  name: unknown,
  args: unknown,
  logger: ServerLogger,
  origin: ActionOrigin = 'api',
): Promise<Result<unknown>> {
  return carryRequest(host, name, args, origin, (request, err) => {
    logger.error(`request ${request} failed: ${err instanceof Error ? err.message : String(err)}`);
    return { code: 'internal', message: `${request} failed inside Subflow; see its log` };
  });
}
