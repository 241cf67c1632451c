// Reading the kernel's answer back the way the monitor does: an interface's multipath mode and
// its endpoints come from the monitor's own placement (electron/monitor/interfaces.ts), so what
// control reports after a change is what the UI shows on the next tick. Pure.
import type { Endpoint, MultipathMode } from '../contract.js';
import type { PmEndpoint } from '../../native/mptcp-pm/endpoints.js';
import type { InterfaceWithAddresses } from '../../native/rtnl/interfaces.js';
import { indexInterfaces, placeEndpoints } from '../monitor/interfaces.js';

/** The multipath mode the monitor derives for interface `ifindex` from `endpoints`. */
export function interfaceMode(
  interfaces: readonly InterfaceWithAddresses[],
  endpoints: readonly PmEndpoint[],
  ifindex: number,
): MultipathMode {
  return placeEndpoints(indexInterfaces(interfaces), endpoints).modes.get(ifindex) ?? 'off';
}

/** The endpoints the monitor shows on interface `name`, as Snapshot endpoints. */
export function endpointsShownOn(
  interfaces: readonly InterfaceWithAddresses[],
  endpoints: readonly PmEndpoint[],
  name: string,
): Endpoint[] {
  return placeEndpoints(indexInterfaces(interfaces), endpoints).endpoints.filter(
    (ep) => ep.interface === name,
  );
}

/** "id 1 203.0.113.1 (subflow, backup)" — an endpoint in a sentence. */
export function describeEndpoint(ep: Pick<Endpoint, 'id' | 'address' | 'flags' | 'port'>): string {
  const port = ep.port !== undefined ? ` port ${ep.port}` : '';
  const flags = ep.flags.length > 0 ? ` (${ep.flags.join(', ')})` : ' (no flags)';
  return `id ${ep.id} ${ep.address}${port}${flags}`;
}

/** "its endpoints: …" or "it has no endpoints". */
export function describeEndpoints(eps: readonly Endpoint[]): string {
  return eps.length === 0
    ? 'it has no endpoints'
    : `its endpoints: ${eps.map(describeEndpoint).join('; ')}`;
}
