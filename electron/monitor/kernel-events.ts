// Kernel path-manager events (decoded by native/mptcp-pm) → the contract's PmEvent, with the
// token as hex and the interface named; plus the monitor's own 'monitor' and 'resync' notices.
// Pure.
import type { InterfaceState, PmEvent, SocketAddress } from '../contract.js';
import type { PmEventAddress, PmKernelEvent } from '../../native/mptcp-pm/events.js';
import { subClosedReason } from './close-reasons.js';
import { tokenHex } from './keys.js';

/** Interface names by ifindex and by address (an address on several interfaces is left out). */
export interface InterfaceLookups {
  readonly names: ReadonlyMap<number, string>;
  readonly addressOwners: ReadonlyMap<string, string>;
}

/** The lookups fromKernelEvent needs, from a Snapshot's interfaces. */
export function interfaceLookups(interfaces: readonly InterfaceState[]): InterfaceLookups {
  const names = new Map<number, string>();
  const addressOwners = new Map<string, string>();
  const shared = new Set<string>();
  for (const i of interfaces) {
    names.set(i.ifindex, i.name);
    for (const a of i.addresses) {
      const owner = addressOwners.get(a);
      if (owner !== undefined && owner !== i.name) shared.add(a);
      else addressOwners.set(a, i.name);
    }
  }
  for (const a of shared) addressOwners.delete(a);
  return { names, addressOwners };
}

/** An event address as a SocketAddress: port 0 when the kernel sent none. */
const socketAddress = (a: PmEventAddress): SocketAddress => ({
  address: a.address,
  port: a.port ?? 0,
});

/**
 * One kernel event as a PmEvent (source 'kernel') at `time` (ms since the epoch). The interface
 * is named from the event's ifindex, else from its local address through `addressOwners`.
 * `error` is kept only when non-zero; a `sub-closed` also gets its reset reason and, in words,
 * why it closed.
 */
export function fromKernelEvent(
  event: PmKernelEvent,
  time: number,
  interfaceNames: ReadonlyMap<number, string>,
  addressOwners?: ReadonlyMap<string, string>,
): PmEvent {
  const iface =
    (event.ifindex !== undefined ? interfaceNames.get(event.ifindex) : undefined) ??
    (event.local ? addressOwners?.get(event.local.address) : undefined);
  return {
    time,
    type: event.type,
    source: 'kernel',
    ...(event.token !== undefined ? { token: tokenHex(event.token) } : {}),
    ...(event.local ? { local: socketAddress(event.local) } : {}),
    ...(event.remote ? { remote: socketAddress(event.remote) } : {}),
    ...(event.localId !== undefined ? { localId: event.localId } : {}),
    ...(event.remoteId !== undefined ? { remoteId: event.remoteId } : {}),
    ...(event.backup !== undefined ? { backup: event.backup } : {}),
    ...(iface !== undefined ? { interface: iface } : {}),
    ...(event.error ? { error: event.error } : {}),
    ...(event.resetReason !== undefined ? { resetReason: event.resetReason } : {}),
    ...(event.resetFlags !== undefined ? { resetFlags: event.resetFlags } : {}),
    ...(event.type === 'sub-closed' ? { reason: subClosedReason(event) } : {}),
  };
}

/**
 * A notice about the monitor itself (namespace gone, MPTCP disabled, a part unreadable).
 * Source 'inferred': it is the monitor's own observation, not a kernel event.
 */
export const monitorEvent = (time: number, message: string): PmEvent => ({
  time,
  type: 'monitor',
  source: 'inferred',
  message,
});

/**
 * The kernel dropped path-manager events (receive buffer overflow) and state was re-read from a
 * dump. Source 'kernel': it is about the kernel's event stream.
 */
export const resyncEvent = (time: number, message: string): PmEvent => ({
  time,
  type: 'resync',
  source: 'kernel',
  message,
});
