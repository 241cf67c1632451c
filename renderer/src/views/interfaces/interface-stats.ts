// The numbers beside each interface chart (nload's Curr / Avg / Min / Max / Ttl), which
// interfaces get a card, and what an interface's multipath state means. Pure.
import type {
  Connection,
  Endpoint,
  InterfaceState,
  MultipathMode,
} from '../../../../electron/contract.js';

/** Statistics of one direction over the visible window, bytes per second. */
export interface WindowStats {
  readonly avg: number | null;
  readonly min: number | null;
  readonly max: number | null;
}

/** Avg / min / max of the `values` whose time is at or after `since` (null when none is). */
export function windowStats(
  time: readonly number[],
  values: readonly number[],
  since: number,
): WindowStats {
  let sum = 0;
  let count = 0;
  let min = Infinity;
  let max = -Infinity;
  const n = Math.min(time.length, values.length);
  for (let i = n - 1; i >= 0 && (time[i] ?? 0) >= since; i -= 1) {
    const v = values[i] ?? 0;
    sum += v;
    count += 1;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (count === 0) return { avg: null, min: null, max: null };
  return { avg: sum / count, min, max };
}

/** Interfaces worth a card: all but loopback, which shows only with traffic or an endpoint. */
export function visibleInterfaces(
  interfaces: readonly InterfaceState[],
  endpoints: readonly Endpoint[],
): InterfaceState[] {
  const withEndpoint = new Set(endpoints.map((e) => e.interface));
  return interfaces.filter(
    (i) => i.name !== 'lo' || i.rxRate > 0 || i.txRate > 0 || withEndpoint.has(i.name),
  );
}

/** An interface that is down, has no address and carries nothing: folded away by default. */
export function isDormant(i: InterfaceState): boolean {
  return !i.up && i.addresses.length === 0 && i.rxRate === 0 && i.txRate === 0;
}

/** Number of MPTCP subflows leaving by each interface. */
export function subflowsPerInterface(connections: readonly Connection[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of connections) {
    for (const s of c.subflows) {
      if (s.interface !== null) counts.set(s.interface, (counts.get(s.interface) ?? 0) + 1);
    }
  }
  return counts;
}

/** What the card calls an interface's multipath state. */
export type ModeWord = MultipathMode | 'initial path only';

/**
 * The card's word for the state: "off" with MPTCP subflows still leaving here means no endpoint,
 * yet routing sends connections' first (initial) subflow this way — it is not "off" for the
 * traffic it carries, so it reads "initial path only".
 */
export function modeWord(mode: MultipathMode, subflowsHere: number): ModeWord {
  return mode === 'off' && subflowsHere > 0 ? 'initial path only' : mode;
}

/** One line per word: what it means for this interface (shown on hover and keyboard focus). */
export const MODE_DESCRIPTIONS: Readonly<Record<ModeWord, string>> = {
  on: 'on: extra subflows may open over this interface (an endpoint with the subflow flag).',
  backup:
    'backup: subflows here stay open but carry traffic only when the other paths fail (endpoint flag backup).',
  off: 'off: no endpoint, so no extra subflow opens here; a connection routed here still uses it for its first subflow.',
  'initial path only':
    'initial path only: no endpoint here, but routing sends connections’ first subflow this way, so it carries their traffic; switch to on to add extra subflows too.',
};

/** The sentence shown when multipath is off but MPTCP subflows still use the interface. */
export const OFF_WITH_TRAFFIC_NOTE = MODE_DESCRIPTIONS['initial path only'];

/** What the current mode (or the card's word for it) means, in a few words, for the card. */
export function modeMeaning(mode: ModeWord): string {
  switch (mode) {
    case 'initial path only':
      return 'no endpoint: routing sends first subflows here, no extra subflow opens';
    case 'on':
      return 'extra subflows may use this interface';
    case 'backup':
      return 'used only when the other paths fail';
    case 'off':
      return 'no endpoint: no extra subflow here';
  }
}

/** The endpoints of one interface as text, e.g. "endpoint 1 (subflow, backup)". */
export function endpointText(endpoints: readonly Endpoint[]): string {
  return endpoints
    .map(
      (e) => `endpoint ${e.id} ${e.address}${e.flags.length > 0 ? ` (${e.flags.join(', ')})` : ''}`,
    )
    .join('; ');
}
