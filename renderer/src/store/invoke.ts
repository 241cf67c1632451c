// Calling the host from store actions: never throws, a failure is an ApiError sentence.
import type {
  RequestArgs,
  RequestName,
  RequestResult,
  Result,
  SubflowApi,
} from '../../../electron/contract.js';

/** The error every action reports before the page is connected to a host. */
export const NOT_CONNECTED: Result<never> = {
  ok: false,
  error: {
    code: 'unavailable',
    message: 'Not connected to Subflow yet: wait for the connection and try again.',
  },
};

/** `api.invoke(name, args)`, with a thrown error or a missing api turned into a failed Result. */
export async function call<K extends RequestName>(
  api: SubflowApi | null,
  name: K,
  args: RequestArgs<K>,
): Promise<Result<RequestResult<K>>> {
  if (api === null) return NOT_CONNECTED;
  try {
    return await api.invoke(name, args);
  } catch (err: unknown) {
    const reason = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      error: {
        code: 'internal',
        message: `${name} failed (${reason}); reload the page and retry.`,
      },
    };
  }
}
