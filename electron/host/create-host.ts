// The Host behind every transport: validates each request (the one place that does), runs the
// steps every request passes (action events, the replay gate) with the validated arguments, hands
// it to the feature that serves it (monitor, control, doctor, sessions), and answers errors as
// data. The server and Electron's IPC only carry requests to this. A request no feature serves here is answered 'unavailable', with the
// reason the composer gave (e.g. "replaying a journal: toggles act on the live kernel only").
import type { ActionOrigin, RequestArgs, RequestName, RequestResult, Result } from '../contract.js';
import type { Around, Handlers, Host, PushSource } from './host.js';
import { toApiError } from '../api-errors.js';
import { validateRequest } from '../validation.js';

export interface HostParts {
  /** Handler sets of the features; a later set wins for the same request name. */
  readonly handlers: readonly Handlers[];
  /** Where the pushes come from (usually one PushBus, or the monitor's ticks). */
  readonly pushes: PushSource;
  /** Why a request without a handler is unavailable on this host, by name. */
  readonly unavailable?: Partial<Record<RequestName, string>>;
  /** Steps around every validated request, outermost first. */
  readonly around?: readonly Around[];
}

/** Requests each transport answers for its own viewer; a Host has nothing to do with them. */
const TRANSPORT_ONLY: Partial<Record<RequestName, string>> = {
  'viewer:visibility':
    "it is about one dashboard page and is answered by that page's WebSocket or desktop window",
};

export function createHost(parts: HostParts): Host {
  const table: Handlers = Object.assign({}, ...parts.handlers) as Handlers;

  const serve = async <K extends RequestName>(
    name: K,
    args: RequestArgs<K>,
  ): Promise<Result<RequestResult<K>>> => {
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
      return { ok: true, value: await handler(args) };
    } catch (err) {
      return { ok: false, error: toApiError(err) };
    }
  };
  const steps = parts.around ?? [];
  const run = <K extends RequestName>(
    step: number,
    name: K,
    args: RequestArgs<K>,
    origin: ActionOrigin,
  ): Promise<Result<RequestResult<K>>> => {
    const around = steps[step];
    if (around === undefined) return serve(name, args);
    return around(name, args, origin, () => run(step + 1, name, args, origin));
  };

  return {
    async invoke<K extends RequestName>(
      name: K,
      args: unknown,
      origin: ActionOrigin = 'api',
    ): Promise<Result<RequestResult<K>>> {
      const valid = validateRequest(name, args);
      if (!valid.ok) return valid;
      try {
        return await run(0, name, valid.value, origin);
      } catch (err) {
        return { ok: false, error: toApiError(err) };
      }
    },
    subscribe: (listener) => parts.pushes(listener),
  };
}
