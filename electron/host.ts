// The one dispatcher behind every transport (VS Code's "one host, several transports"): the
// headless server and Electron's IPC are thin adapters that hand requests to a Host and relay
// its per-tick updates. A Host validates its own inputs; adapters may validate earlier too.
import type { RequestName, RequestResult, Result, TickUpdate } from './contract.js';

export interface Host {
  /** Runs one request. `args` is untrusted: the host validates it and answers bad-request. */
  invoke<K extends RequestName>(name: K, args: unknown): Promise<Result<RequestResult<K>>>;
  /** Per-tick updates; returns an unsubscribe function. */
  subscribe(listener: (update: TickUpdate) => void): () => void;
}
