// A Host that lives in another process: the privileged helper over stdio, or a headless agent
// over its WebSocket. Requests go out as stream invoke messages and resolve when the answer with
// the same id comes back; pushes are relayed to subscribers. When the link closes, every
// request still waiting is answered 'unavailable' with the reason, so nothing hangs.
import type { RequestName, RequestResult, Result } from '../contract.js';
import type { Host, HostPush } from '../host/host.js';
import { invokeText, parseServerMessage, PendingRequests } from '../stream-protocol.js';

/** The transport under a RemoteHost: whole messages (JSON texts) both ways. */
export interface MessageLink {
  /** Sends one message (JSON text, no framing). */
  send(text: string): void;
  /** Asks the transport to close; it reports back through `onClose`. */
  close(): void;
}

/** What a transport reports to its RemoteHost. */
export interface LinkEvents {
  onMessage(text: string): void;
  /** The link is gone: `reason` says why, null when it was closed on purpose. */
  onClose(reason: string | null): void;
}

/** A Host over a link, with its lifetime. */
export interface RemoteHost extends Host {
  /** Settles when the link closes: the reason, or null when closed by {@link close}. */
  readonly closed: Promise<string | null>;
  readonly isClosed: boolean;
  close(): void;
}

/** Options of {@link createRemoteHost}. */
export interface RemoteHostOptions {
  /** Names the other side in messages, e.g. "the privileged helper". */
  readonly peer: string;
  /** Told about messages that could not be understood (they are dropped). */
  readonly log?: (line: string) => void;
}

interface Waiting {
  readonly name: RequestName;
  readonly resolve: (result: Result<unknown>) => void;
}

/** Builds the RemoteHost; `connect` opens the transport and feeds it the events. */
export function createRemoteHost(
  connect: (events: LinkEvents) => MessageLink,
  options: RemoteHostOptions,
): RemoteHost {
  const waiting = new PendingRequests<Waiting>();
  const listeners = new Set<(push: HostPush) => void>();
  let closedReason: string | null | undefined;
  let settle: (reason: string | null) => void = () => undefined;
  const closed = new Promise<string | null>((resolve) => {
    settle = resolve;
  });

  const gone = (name: RequestName): Result<never> => ({
    ok: false,
    error: {
      code: 'unavailable',
      message: `${name} could not be answered: ${options.peer} ${closedReason ?? 'was closed'}`,
    },
  });

  const link = connect({
    onMessage(text) {
      const parsed = parseServerMessage(text);
      if (!parsed.ok) {
        options.log?.(`${options.peer} sent ${parsed.reason}; it was ignored`);
        return;
      }
      const message = parsed.message;
      if (message.type === 'push') {
        const push = { name: message.name, payload: message.payload } as HostPush;
        for (const listener of [...listeners]) listener(push);
        return;
      }
      const entry = waiting.take(message.id);
      if (!entry) {
        const text = message.result.ok ? 'an answer' : message.result.error.message;
        options.log?.(`${options.peer} answered no pending request: ${text}`);
        return;
      }
      entry.resolve(message.result);
    },
    onClose(reason) {
      if (closedReason !== undefined) return;
      closedReason = reason;
      for (const entry of waiting.takeAll()) entry.resolve(gone(entry.name));
      settle(reason);
    },
  });

  return {
    invoke<K extends RequestName>(name: K, args: unknown): Promise<Result<RequestResult<K>>> {
      if (closedReason !== undefined) return Promise.resolve(gone(name));
      return new Promise((resolve) => {
        const id = waiting.add(() => ({ name, resolve: resolve as (r: Result<unknown>) => void }));
        try {
          link.send(invokeText(id, name, args));
        } catch (err) {
          waiting.take(id);
          resolve({
            ok: false,
            error: {
              code: 'unavailable',
              message: `${name} could not be sent to ${options.peer}: ${String(err)}`,
            },
          });
        }
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    closed,
    get isClosed() {
      return closedReason !== undefined;
    },
    close() {
      link.close();
    },
  };
}
