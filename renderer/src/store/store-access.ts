// The get/set pair store modules receive from zustand's creator, typed once over the part of the
// store they may use (state.ts), so they need not import the store.
import type { StoreView } from './state.js';

export type StoreGet = () => StoreView;
export type StoreSet = (
  partial: Partial<StoreView> | ((state: StoreView) => Partial<StoreView>),
) => void;
