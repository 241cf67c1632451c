// The one dispatcher behind every transport (VS Code's "one host, several transports"): the
// headless server and Electron's IPC are thin adapters that hand requests to a Host and relay
// its pushes. A Host validates its own inputs (createHost, once); adapters only carry.
import type {
  ActionOrigin,
  PushName,
  Pushes,
  RequestArgs,
  RequestName,
  RequestResult,
  Result,
} from '../contract.js';

/** One pushed message: its name and payload, as a union over the contract's pushes. */
export type HostPush = {
  [K in PushName]: { readonly name: K; readonly payload: Pushes[K] };
}[PushName];

export interface Host {
  /**
   * Runs one request. `args` is untrusted: the host validates it and answers bad-request.
   * `origin` is the transport it came by (for the action events of changes); default 'api'.
   */
  invoke<K extends RequestName>(
    name: K,
    args: unknown,
    origin?: ActionOrigin,
  ): Promise<Result<RequestResult<K>>>;
  /** Every push (ticks, recording, playback, progress); returns an unsubscribe function. */
  subscribe(listener: (push: HostPush) => void): () => void;
}

/** What serves one request: its arguments are already validated. */
export type Handler<K extends RequestName> = (args: RequestArgs<K>) => Promise<RequestResult<K>>;

/** Handlers for some requests; features (monitor, doctor, sessions) each provide a set. */
export type Handlers = { readonly [K in RequestName]?: Handler<K> };

/**
 * A step between validation and the handler, for what concerns every request rather than one
 * feature (action events, the replay gate). It gets validated arguments and runs `next` (the
 * rest of the steps and the handler) or answers itself.
 */
export type Around = <K extends RequestName>(
  name: K,
  args: RequestArgs<K>,
  origin: ActionOrigin,
  next: () => Promise<Result<RequestResult<K>>>,
) => Promise<Result<RequestResult<K>>>;

/** Where pushes come from: subscribe a listener, get an unsubscribe function back. */
export type PushSource = (listener: (push: HostPush) => void) => () => void;
