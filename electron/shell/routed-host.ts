// The Host the desktop window talks to: the app's own (unprivileged) host, plus the privileged
// helper once it runs. A request that needs administrator rights starts the helper first (the
// pkexec password dialog); if that fails the request is answered with why. If the helper later
// goes away the app falls back to its own host and says so.
import type { ActionOrigin, RequestName, RequestResult, Result } from '../contract.js';
import type { Host, HostPush } from '../host/host.js';
import type { RemoteHost } from '../helper/remote-host.js';
import {
  elevationReason,
  needsElevation,
  routePush,
  routeRequest,
} from '../helper/privilege-plan.js';

/** Options of {@link createRoutedHost}. */
export interface RoutedHostOptions {
  /** The app's own host (monitor as the user, sessions). */
  readonly local: Host;
  /** Whether the app's own monitor already has CAP_NET_ADMIN. */
  readonly localPrivileged: () => boolean;
  /** Starts the privileged helper; rejects with an Error whose message says what to do. */
  readonly elevate: (reason: string) => Promise<RemoteHost>;
  /** Told when a running helper went away, with why. */
  readonly onRemoteLost?: (reason: string) => void;
}

/** The window's Host, and whether the helper serves the kernel side now. */
export interface RoutedHost extends Host {
  readonly elevated: boolean;
  /** Stops the helper (if any) and unsubscribes from the app's host. */
  close(): void;
}

export function createRoutedHost(options: RoutedHostOptions): RoutedHost {
  const listeners = new Set<(push: HostPush) => void>();
  let remote: RemoteHost | null = null;
  let unsubscribeRemote: (() => void) | null = null;
  let replaying = false;
  let starting: Promise<RemoteHost> | null = null;
  const state = () => ({ remote: remote !== null, replaying });

  const deliver = (from: 'local' | 'remote') => (push: HostPush) => {
    if (from === 'local' && push.name === 'onPlayback') replaying = push.payload.mode === 'replay';
    if (!routePush(from, push, state())) return;
    for (const listener of [...listeners]) listener(push);
  };
  const unsubscribeLocal = options.local.subscribe(deliver('local'));

  const adopt = (host: RemoteHost) => {
    remote = host;
    unsubscribeRemote = host.subscribe(deliver('remote'));
    void host.closed.then((reason) => {
      if (remote !== host) return;
      unsubscribeRemote?.();
      unsubscribeRemote = null;
      remote = null;
      if (reason !== null) options.onRemoteLost?.(reason);
    });
  };

  const elevate = async (name: RequestName): Promise<Result<never> | null> => {
    starting ??= options.elevate(elevationReason(name)).finally(() => {
      starting = null;
    });
    try {
      const host = await starting;
      if (remote !== host) adopt(host);
      return null;
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      return {
        ok: false,
        error: { code: 'permission', message: `${elevationReason(name)}: ${why}` },
      };
    }
  };

  return {
    async invoke<K extends RequestName>(
      name: K,
      args: unknown,
      origin?: ActionOrigin,
    ): Promise<Result<RequestResult<K>>> {
      if (needsElevation(name, { ...state(), localPrivileged: options.localPrivileged() })) {
        const refused = await elevate(name);
        if (refused) return refused;
      }
      const target = routeRequest(name, state()) === 'remote' && remote ? remote : options.local;
      return target.invoke(name, args, origin);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    get elevated() {
      return remote !== null;
    },
    close() {
      unsubscribeLocal();
      unsubscribeRemote?.();
      remote?.close();
      remote = null;
    },
  };
}
