// Wires a picked api into the store: pushes and the initial load (store.attach), the link's
// status, and a full reload after a reconnect so charts refill what was missed.
import type { UseBoundStore, StoreApi } from 'zustand';
import type { SubflowState } from '../store/store.js';
import type { PickedApi } from './pick-api.js';

/** Connects `picked` to `store`; returns the function that undoes it. */
export function connectStore(
  picked: Pick<PickedApi, 'api' | 'onStatus'>,
  store: UseBoundStore<StoreApi<SubflowState>>,
): () => void {
  let lost = false;
  const offStatus = picked.onStatus((status) => {
    store.getState().setStatus(status);
    if (status.kind === 'reconnecting') lost = true;
    if (status.kind === 'open' && lost) {
      lost = false;
      void store.getState().load();
    }
  });
  const detach = store.getState().attach(picked.api);
  return () => {
    offStatus();
    detach();
  };
}
