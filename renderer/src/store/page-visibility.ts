// The page's visibility (Page Visibility API) fed to the store and told to the host: hidden, the
// store holds ticks instead of rendering them and the host drops this viewer to a slow tick;
// shown, the store applies what it held and catches up. After a reconnect the host sees a new
// viewer (visible), so a hidden page tells it again.
import type { StoreApi, UseBoundStore } from 'zustand';
import { call } from './invoke.js';
import type { SubflowState } from './store.js';

/** The part of `document` this reads. */
export interface VisibilityDocument {
  readonly visibilityState: DocumentVisibilityState;
  addEventListener(type: 'visibilitychange', listener: () => void): void;
  removeEventListener(type: 'visibilitychange', listener: () => void): void;
}

/** Follows `doc`'s visibility into `store` and its host; returns the function that stops it. */
export function watchPageVisibility(
  doc: VisibilityDocument,
  store: UseBoundStore<StoreApi<SubflowState>>,
): () => void {
  const tellHost = (visible: boolean) => {
    // A host that cannot slow this viewer's ticks (an older agent) answers unavailable: the page
    // still renders nothing while hidden, so there is nothing to tell the viewer.
    void call(store.getState().api, 'viewer:visibility', { visible });
  };
  const update = () => {
    const visible = doc.visibilityState !== 'hidden';
    if (visible !== store.getState().pageHidden) return;
    store.getState().setPageVisible(visible);
    tellHost(visible);
  };
  doc.addEventListener('visibilitychange', update);
  update();
  const offStatus = store.subscribe((state, previous) => {
    if (state.status.kind === 'open' && previous.status.kind !== 'open' && state.pageHidden) {
      tellHost(false);
    }
  });
  return () => {
    doc.removeEventListener('visibilitychange', update);
    offStatus();
  };
}
