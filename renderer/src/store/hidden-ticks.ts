// Ticks that arrive while the page is hidden: reduced into the store's data as they come (so
// nothing is lost: events, series points, the newest snapshot) but held back from the store,
// which would make React render what nobody sees. Shown again, the page applies what it holds
// in one set() and re-fetches from the host what a slow tick left out.
import type { TickUpdate } from '../../../electron/contract.js';
import { reduceTick, type TickChanges, type TickState } from './tick.js';

/** `update` reduced over the store's data with what is already held laid over it. */
export function holdTick(
  state: TickState,
  held: TickChanges | null,
  update: TickUpdate,
): TickChanges {
  return reduceTick(held === null ? state : { ...state, ...held }, update);
}
