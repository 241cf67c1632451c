// The state of the page's link to the host, as the transport reports it to the store.

/** The link to the host (the Electron bridge is always open). */
export type ConnectionStatus =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'open' }
  | {
      readonly kind: 'reconnecting';
      /** 1 for the first retry. */
      readonly attempt: number;
      /** When the next attempt starts, ms since the epoch. */
      readonly retryAt: number;
      /** Why the link dropped, one sentence. */
      readonly reason: string;
    }
  /** Retrying cannot help (e.g. the page has no valid token); `reason` says what to do. */
  | { readonly kind: 'failed'; readonly reason: string };

export type StatusListener = (status: ConnectionStatus) => void;
