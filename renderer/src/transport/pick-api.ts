// Which SubflowApi the page talks to: Electron's preload bridge (`window.subflow`) when it is
// there, else a WebSocket back to the `subflow serve` that served the page (authenticated by
// the cookie the server set when the page was opened with ?token=…).
import type { SubflowApi } from '../../../electron/contract.js';
import { STREAM_PATH } from '../../../electron/contract.js';
import type { StatusListener } from './connection-status.js';
import { createWsApi } from './ws-client.js';

declare global {
  interface Window {
    /** The preload bridge inside Electron; absent in a browser. */
    subflow?: SubflowApi;
  }
}

/** The api with what the page needs to show and end the link. */
export interface PickedApi {
  readonly api: SubflowApi;
  readonly kind: 'bridge' | 'websocket';
  onStatus(listener: StatusListener): () => void;
  close(): void;
}

/** The WebSocket URL of the server that served `location`. */
export function streamUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${STREAM_PATH}`;
}

/** The sentence shown when the server refuses this page's credentials. */
export const NO_TOKEN_REASON =
  'subflow serve refused this page: open the URL it printed (the one ending in ?token=…) again.';

/** Asks an API route that needs the token whether the page's cookie is accepted. */
export async function checkPageAccess(): Promise<string | null> {
  const response = await fetch(`/api/events?since=${Date.now()}`, {
    credentials: 'same-origin',
    cache: 'no-store',
  });
  return response.status === 401 ? NO_TOKEN_REASON : null;
}

/** The bridge when Electron provides it, else a WebSocket client to the serving host. */
export function pickApi(win: Window = window): PickedApi {
  const bridge = win.subflow;
  if (bridge !== undefined) {
    return {
      api: bridge,
      kind: 'bridge',
      onStatus(listener) {
        listener({ kind: 'open' });
        return () => undefined;
      },
      close: () => undefined,
    };
  }
  const ws = createWsApi(streamUrl(win.location), { checkAccess: checkPageAccess });
  return {
    api: ws,
    kind: 'websocket',
    onStatus: (l) => ws.onStatus(l),
    close: () => {
      ws.close();
    },
  };
}
