// A tiny synchronous fan-out for Host pushes: features emit (a tick, a recording state), the Host
// subscribes transports. A listener that throws is isolated so the others still get the push.
import type { HostPush, PushSource } from './host.js';

export interface PushBus {
  emit(push: HostPush): void;
  readonly subscribe: PushSource;
  readonly listenerCount: number;
}

export function createPushBus(onListenerError?: (err: unknown) => void): PushBus {
  const listeners = new Set<(push: HostPush) => void>();
  return {
    emit(push) {
      for (const listener of [...listeners]) {
        try {
          listener(push);
        } catch (err) {
          onListenerError?.(err);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    get listenerCount() {
      return listeners.size;
    },
  };
}
