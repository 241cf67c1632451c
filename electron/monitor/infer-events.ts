// Path-manager events inferred from two successive snapshots, for a monitor that may not
// subscribe to the kernel's events (no CAP_NET_ADMIN): connections appearing and disappearing,
// subflows joining and leaving, backup changes. Pure and deterministic.
import type { Connection, PmEvent, Snapshot, SocketAddress, Subflow } from '../contract.js';
import { INFERRED_CLOSE_REASON } from './close-reasons.js';
import { connectionKey, subflowKeyInConnection } from './keys.js';

function subflowEvent(
  type: 'sub-established' | 'sub-closed' | 'sub-priority',
  time: number,
  c: Connection,
  s: Subflow,
): PmEvent {
  return {
    time,
    type,
    source: 'inferred',
    token: c.token,
    local: s.local,
    remote: s.remote,
    localId: s.localId,
    remoteId: s.remoteId,
    backup: s.backup,
    ...(s.interface !== null ? { interface: s.interface } : {}),
    ...(type === 'sub-closed' ? { reason: INFERRED_CLOSE_REASON } : {}),
  };
}

function connectionEvent(
  type: 'created' | 'established' | 'closed',
  time: number,
  c: Connection,
): PmEvent {
  const base: PmEvent = {
    time,
    type,
    source: 'inferred',
    token: c.token,
    local: c.local,
    remote: c.remote,
  };
  return type === 'closed' ? { ...base, reason: INFERRED_CLOSE_REASON } : base;
}

const HANDSHAKE = new Set(['syn-sent', 'syn-recv', 'new-syn-recv', 'subflows-only']);

/**
 * Past the handshake: established, or closing (then it was established in between). A
 * connection built from subflows alone (state 'subflows-only') does not say.
 */
const pastHandshake = (state: string): boolean => !HANDSHAKE.has(state);

/** The initial subflow carries the connection's own addresses; `created` covers it. */
const isInitial = (c: Connection, s: Subflow): boolean =>
  s.local.port === c.local.port &&
  s.local.address === c.local.address &&
  s.remote.port === c.remote.port &&
  s.remote.address === c.remote.address;

/**
 * Events between `previous` and `next`, all at `next.time` with source 'inferred'. Order:
 * `closed` for connections gone (in previous order), then for each connection of next (in its
 * order) `created` + `established` if new, or `established` if it just left the handshake; then
 * `sub-closed`, `sub-established` (once a subflow is past its handshake; never for the initial
 * subflow, which `established` covers) and `sub-priority` (backup changed),
 * each in subflow order.
 * A first snapshot (previous null) yields no events: what already existed was not created now.
 * A closed connection gets no `sub-closed` per subflow, as the kernel's own `closed` event.
 */
export function inferEvents(previous: Snapshot | null, next: Snapshot): PmEvent[] {
  if (previous === null) return [];
  const time = next.time;
  const events: PmEvent[] = [];
  const before = new Map<string, Connection>();
  for (const c of previous.connections) before.set(connectionKey(c), c);
  const after = new Set<string>();
  for (const c of next.connections) after.add(connectionKey(c));
  for (const [key, c] of before) {
    if (!after.has(key)) events.push(connectionEvent('closed', time, c));
  }
  for (const c of next.connections) {
    const old = before.get(connectionKey(c));
    if (!old) {
      events.push(connectionEvent('created', time, c));
      if (pastHandshake(c.state)) events.push(connectionEvent('established', time, c));
      for (const s of c.subflows) {
        if (!isInitial(c, s) && pastHandshake(s.state)) {
          events.push(subflowEvent('sub-established', time, c, s));
        }
      }
      continue;
    }
    if (pastHandshake(c.state) && !pastHandshake(old.state)) {
      events.push(connectionEvent('established', time, c));
    }
    diffSubflows(events, time, old, c);
  }
  return events;
}

const sameAddress = (a: SocketAddress, b: SocketAddress): boolean =>
  a.port === b.port && a.address === b.address;

function diffSubflows(events: PmEvent[], time: number, old: Connection, c: Connection): void {
  // Fast path, the usual tick: the same subflows in the same (deterministic) order.
  const n = c.subflows.length;
  if (old.subflows.length === n) {
    let same = true;
    for (let i = 0; i < n && same; i++) {
      const a = old.subflows[i];
      const b = c.subflows[i];
      same =
        a !== undefined &&
        b !== undefined &&
        // The same object: the monitor reuses an idle subflow's Subflow from tick to tick.
        (a === b ||
          (sameAddress(a.local, b.local) &&
            sameAddress(a.remote, b.remote) &&
            pastHandshake(a.state) === pastHandshake(b.state)));
    }
    if (same) {
      for (let i = 0; i < n; i++) {
        const b = c.subflows[i];
        if (b && old.subflows[i]?.backup !== b.backup) {
          events.push(subflowEvent('sub-priority', time, c, b));
        }
      }
      return;
    }
  }
  const was = new Map<string, Subflow>();
  for (const s of old.subflows) was.set(subflowKeyInConnection(s), s);
  const now = new Set<string>();
  for (const s of c.subflows) now.add(subflowKeyInConnection(s));
  for (const [key, s] of was) {
    if (!now.has(key)) events.push(subflowEvent('sub-closed', time, c, s));
  }
  for (const s of c.subflows) {
    const prior = was.get(subflowKeyInConnection(s));
    if (!prior || !pastHandshake(prior.state)) {
      if (pastHandshake(s.state) && !isInitial(c, s))
        events.push(subflowEvent('sub-established', time, c, s));
    } else if (prior.backup !== s.backup) events.push(subflowEvent('sub-priority', time, c, s));
  }
}
