// The Host behind every transport: validates each request, hands it to the feature that serves
// it (monitor, control, doctor, sessions), and answers errors as data. The server and Electron's
// IPC only adapt onto this. A request no feature serves here is answered 'unavailable', with the
// reason the composer gave (e.g. "replaying a journal: toggles act on the live kernel only").
import type { RequestName, RequestResult, Result } from './contract.js';
import type { Handlers, Host, PushSource } from './host.js';
import { toApiError } from './api-errors.js';
import { validateRequest } from './validation.js';

export interface HostParts {
  /** Handler sets of the features; a later set wins for the same request name. */
  readonly handlers: readonly Handlers[];
  /** Where the pushes come from (usually one PushBus, or the monitor's ticks). */
  readonly pushes: PushSource;
  /** Why a request without a handler is unavailable on this host, by name. */
  readonly unavailable?: Partial<Record<RequestName, string>>;
}

/** Requests each transport answers for its own viewer; a Host has nothing to do with them. */
const TRANSPORT_ONLY: Partial<Record<RequestName, string>> = {
  'viewer:visibility':
    "it is about one dashboard page and is answered by that page's WebSocket or desktop window",
};

export function createHost(parts: HostParts): Host {
  const table: Handlers = Object.assign({}, ...parts.handlers) as Handlers;

  return {
    async invoke<K extends RequestName>(name: K, args: unknown): Promise<Result<RequestResult<K>>> {
      const valid = validateRequest(name, args);
      if (!valid.ok) return valid;
      const handler = table[name];
      if (!handler) {
        const why =
          parts.unavailable?.[name] ??
          TRANSPORT_ONLY[name] ??
          'this host was started without that feature';
        return {
          ok: false,
          error: { code: 'unavailable', message: `${name} is unavailable: ${why}` },
        };
      }
      try {
        return { ok: true, value: await handler(valid.value) };
      } catch (err) {
        return { ok: false, error: toApiError(err) };
      }
    },
    subscribe: (listener) => parts.pushes(listener),
  };
}
