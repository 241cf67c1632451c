// The get/set pair store modules receive from zustand's creator, typed once.
import type { SubflowState } from './store.js';

export type StoreGet = () => SubflowState;
export type StoreSet = (
  partial: Partial<SubflowState> | ((state: SubflowState) => Partial<SubflowState>),
) => void;
