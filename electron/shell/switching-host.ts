// A Host whose inner host can be replaced while the window keeps talking to it: the app starts on
// an announced `subflow agent` and, when that agent goes away, carries on with its own monitor
// and helper without the IPC bridge, the push forwarding or the notifications being re-wired.
// Requests go to the current host; pushes come from the current host only.
import type { ActionOrigin, RequestName, RequestResult, Result } from '../contract.js';
import type { Host, HostPush } from '../host/host.js';

/** The window's Host, and the way to hand it to another. */
export interface SwitchingHost extends Host {
  /** Makes `next` the host; pushes of the previous one are no longer relayed. */
  switchTo(next: Host): void;
  /** Stops relaying the current host's pushes. */
  close(): void;
}

export function createSwitchingHost(initial: Host): SwitchingHost {
  const listeners = new Set<(push: HostPush) => void>();
  const relay = (push: HostPush) => {
    for (const listener of [...listeners]) listener(push);
  };
  let current = initial;
  let unsubscribe = current.subscribe(relay);
  return {
    invoke<K extends RequestName>(
      name: K,
      args: unknown,
      origin?: ActionOrigin,
    ): Promise<Result<RequestResult<K>>> {
      return current.invoke(name, args, origin);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    switchTo(next) {
      unsubscribe();
      current = next;
      unsubscribe = next.subscribe(relay);
    },
    close() {
      unsubscribe();
      unsubscribe = () => undefined;
    },
  };
}
