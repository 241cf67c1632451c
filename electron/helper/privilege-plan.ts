// Who serves what in the desktop app (pure). The app monitors as the user; the kernel side
// (snapshots with kernel events, endpoint changes, limits, doctor fixes) moves to the privileged
// helper once the user asks for something that needs administrator rights. Sessions always stay
// with the app (its user owns the journals), and while a journal is replayed the app's own
// session host feeds the window, helper or not.
import type { RequestName } from '../contract.js';
import type { HostPush } from '../host/host.js';

/** Requests the privileged helper serves once it runs: everything that reads or changes the kernel. */
export const KERNEL_REQUESTS = [
  'snapshot:get',
  'events:list',
  'multipath:set',
  'multipath:forget',
  'limits:set',
  'monitor:configure',
  'history:get',
  'doctor:run',
  'doctor:apply',
] as const satisfies readonly RequestName[];

/** Requests that change the kernel and so need CAP_NET_ADMIN. */
export const ADMIN_REQUESTS = [
  'multipath:set',
  'multipath:forget',
  'limits:set',
  'doctor:apply',
] as const satisfies readonly RequestName[];

const kernelSet: ReadonlySet<string> = new Set(KERNEL_REQUESTS);
const adminSet: ReadonlySet<string> = new Set(ADMIN_REQUESTS);

/** What routing depends on. */
export interface RouteState {
  /** The privileged helper is running. */
  readonly remote: boolean;
  /** A recorded session is being replayed (by the app's session host). */
  readonly replaying: boolean;
}

/** Which host serves request `name`. */
export function routeRequest(name: RequestName, state: RouteState): 'local' | 'remote' {
  return state.remote && !state.replaying && kernelSet.has(name) ? 'remote' : 'local';
}

/** Whether a push from `from` reaches the window: ticks come from whoever serves the kernel side. */
export function routePush(from: 'local' | 'remote', push: HostPush, state: RouteState): boolean {
  if (push.name !== 'onTick') return from === 'local';
  const tickSource = state.remote && !state.replaying ? 'remote' : 'local';
  return from === tickSource;
}

/** Whether request `name` must first start the privileged helper. */
export function needsElevation(
  name: RequestName,
  state: RouteState & { readonly localPrivileged: boolean },
): boolean {
  return adminSet.has(name) && !state.remote && !state.localPrivileged && !state.replaying;
}

/** Why the app asks for administrator rights, for logs and the error when it gets none. */
export function elevationReason(name: RequestName): string {
  switch (name) {
    case 'multipath:set':
      return 'Subflow needs administrator rights to change endpoints';
    case 'multipath:forget':
      return 'Subflow needs administrator rights to change its remembered choices in /etc/subflow';
    case 'limits:set':
      return "Subflow needs administrator rights to change the path manager's limits";
    default:
      return 'Subflow needs administrator rights to apply a fix';
  }
}
