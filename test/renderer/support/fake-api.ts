// A SubflowApi for tests: answers from a table of handlers (missing ones answer 'unavailable'),
// records every call, and lets the test push events to the listeners.
import type {
  PushName,
  Pushes,
  RequestArgs,
  RequestName,
  RequestResult,
  Result,
  SubflowApi,
} from '../../../electron/contract.js';

export type FakeHandlers = {
  [K in RequestName]?: (
    args: RequestArgs<K>,
  ) => Result<RequestResult<K>> | Promise<Result<RequestResult<K>>>;
};

export interface FakeApi extends SubflowApi {
  readonly calls: { name: RequestName; args: unknown }[];
  push<K extends PushName>(name: K, payload: Pushes[K]): void;
  listenerCount(name: PushName): number;
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function createFakeApi(handlers: FakeHandlers = {}): FakeApi {
  const calls: { name: RequestName; args: unknown }[] = [];
  const listeners = new Map<PushName, Set<(payload: never) => void>>();
  return {
    calls,
    async invoke<K extends RequestName>(name: K, args: RequestArgs<K>) {
      calls.push({ name, args });
      const handler = handlers[name];
      if (handler === undefined) {
        return {
          ok: false,
          error: { code: 'unavailable', message: `${name} is not offered by this fake host.` },
        };
      }
      return handler(args);
    },
    on<K extends PushName>(name: K, listener: (payload: Pushes[K]) => void) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      const l = listener as (payload: never) => void;
      set.add(l);
      return () => {
        set.delete(l);
      };
    },
    push<K extends PushName>(name: K, payload: Pushes[K]) {
      for (const l of listeners.get(name) ?? []) (l as (p: Pushes[K]) => void)(payload);
    },
    listenerCount(name) {
      return listeners.get(name)?.size ?? 0;
    },
  };
}
