// The thin I/O side of the path manager: each call sends one request (or joins the events group)
// on a NETLINK_GENERIC socket the caller opened, in the namespace it was opened in, and decodes
// the reply with the pure codecs. Blocking, like NetlinkSocket itself: run it on a worker thread.
import { MptcpUnavailableError, NetlinkError } from '../errors.js';
import { parseAddress } from '../ip-address.js';
import { GENL_ID_CTRL, decodeFamily, encodeGetFamily } from '../netlink/genl.js';
import type { NetlinkSocket } from '../netlink/socket.js';
import { MPTCP_PM_CMD_GROUP, MPTCP_PM_EVENTS_GROUP, MPTCP_PM_FAMILY_NAME } from './constants.js';
import {
  decodeEndpoint,
  decodeLimits,
  encodeAddEndpoint,
  encodeDeleteEndpoint,
  encodeDumpEndpoints,
  encodeFlushEndpoints,
  encodeGetEndpoint,
  encodeGetLimits,
  encodeSetEndpointFlags,
  encodeSetLimits,
} from './endpoints.js';
import type {
  EndpointFlagChange,
  EndpointSpec,
  EndpointTarget,
  PmEndpoint,
  PmLimits,
} from './endpoints.js';

/**
 * The resolved "mptcp_pm" family. Generic netlink ids are global to the running kernel (the
 * same in every namespace) and stable until the module reloads, which a built-in MPTCP never
 * does: resolve once per process and pass the result to every call.
 */
export interface PathManagerFamily {
  /** nlmsg_type of every request and event. */
  readonly familyId: number;
  /** The family's version (genlmsghdr.version of requests). */
  readonly version: number;
  /** Multicast group id of "mptcp_pm_events". */
  readonly eventsGroup: number;
  /** Multicast group id of "mptcp_pm_cmds" (unused by the kernel today), when present. */
  readonly commandsGroup?: number;
}

const ENOENT = 2;

/** Looks the family up; MptcpUnavailableError when this kernel has no MPTCP path manager. */
export function resolvePathManager(sock: NetlinkSocket): PathManagerFamily {
  let replies;
  try {
    replies = sock.request(
      'resolve the MPTCP path manager',
      GENL_ID_CTRL,
      encodeGetFamily(MPTCP_PM_FAMILY_NAME),
      false,
    );
  } catch (err) {
    if (err instanceof NetlinkError && err.errno === ENOENT) {
      throw new MptcpUnavailableError(
        "this kernel has no MPTCP path manager (generic netlink family 'mptcp_pm' not found): " +
          'MPTCP needs Linux 5.6 or later built with CONFIG_MPTCP=y',
      );
    }
    throw err;
  }
  const reply = replies[0];
  if (!reply) throw new MptcpUnavailableError("the kernel sent no description of 'mptcp_pm'");
  const family = decodeFamily(reply);
  const eventsGroup = family.groups.get(MPTCP_PM_EVENTS_GROUP);
  if (eventsGroup === undefined) {
    throw new MptcpUnavailableError(
      `the kernel's 'mptcp_pm' family has no '${MPTCP_PM_EVENTS_GROUP}' group (kernel older than 5.12?)`,
    );
  }
  const commandsGroup = family.groups.get(MPTCP_PM_CMD_GROUP);
  return {
    familyId: family.id,
    version: family.version,
    eventsGroup,
    ...(commandsGroup !== undefined ? { commandsGroup } : {}),
  };
}

/** Every endpoint of the socket's namespace (GET_ADDR dump). */
export function listEndpoints(sock: NetlinkSocket, pm: PathManagerFamily): PmEndpoint[] {
  return sock
    .request('list MPTCP endpoints', pm.familyId, encodeDumpEndpoints(pm.version), true)
    .map(decodeEndpoint);
}

/** One endpoint by id; NetlinkError (ENOENT / EINVAL) when it does not exist. */
export function getEndpoint(sock: NetlinkSocket, pm: PathManagerFamily, id: number): PmEndpoint {
  const [reply] = sock.request(
    `get MPTCP endpoint ${id}`,
    pm.familyId,
    encodeGetEndpoint(id, pm.version),
    false,
  );
  if (!reply) throw new NetlinkError(`get MPTCP endpoint ${id}`, ENOENT, 'no reply');
  return decodeEndpoint(reply);
}

function sameAddress(ep: PmEndpoint, address: string, port: number | undefined): boolean {
  const a = parseAddress(address);
  const b = parseAddress(ep.address);
  if (!a || !b || a.family !== b.family) return false;
  if (!a.bytes.every((v, i) => v === b.bytes[i])) return false;
  return port === undefined || port === (ep.port ?? 0);
}

/**
 * Creates an endpoint (ADD_ADDR, needs CAP_NET_ADMIN) and returns it as the kernel now lists
 * it, with the id the kernel chose; null if it vanished in between.
 */
export function addEndpoint(
  sock: NetlinkSocket,
  pm: PathManagerFamily,
  spec: EndpointSpec,
): PmEndpoint | null {
  sock.request(
    `add MPTCP endpoint ${spec.address}`,
    pm.familyId,
    encodeAddEndpoint(spec, pm.version),
    false,
  );
  const all = listEndpoints(sock, pm);
  const found =
    spec.id !== undefined
      ? all.find((ep) => ep.id === spec.id)
      : all.find((ep) => sameAddress(ep, spec.address, spec.port));
  return found ?? null;
}

/** Removes an endpoint by id (or by address with id 0 / no id). Needs CAP_NET_ADMIN. */
export function deleteEndpoint(
  sock: NetlinkSocket,
  pm: PathManagerFamily,
  target: EndpointTarget | number,
): void {
  const t = typeof target === 'number' ? { id: target } : target;
  sock.request(
    `delete MPTCP endpoint ${t.id ?? t.address ?? ''}`,
    pm.familyId,
    encodeDeleteEndpoint(t, pm.version),
    false,
  );
}

/**
 * Changes `backup` and/or `fullmesh` of an endpoint (SET_FLAGS, needs CAP_NET_ADMIN); live
 * subflows of a changed backup state send MP_PRIO. A flag left out keeps its current value:
 * the endpoint is read first, since the kernel takes both bits from every request.
 */
export function setEndpointFlags(
  sock: NetlinkSocket,
  pm: PathManagerFamily,
  target: EndpointTarget | number,
  change: Partial<EndpointFlagChange>,
): void {
  const t = typeof target === 'number' ? { id: target } : target;
  let full: EndpointFlagChange;
  if (change.backup !== undefined && change.fullmesh !== undefined) {
    full = { backup: change.backup, fullmesh: change.fullmesh };
  } else {
    const current = t.id
      ? getEndpoint(sock, pm, t.id)
      : listEndpoints(sock, pm).find(
          (ep) => t.address !== undefined && sameAddress(ep, t.address, t.port),
        );
    if (!current) {
      throw new NetlinkError(
        `change MPTCP endpoint ${t.address ?? ''}`,
        ENOENT,
        'no such endpoint',
      );
    }
    full = {
      backup: change.backup ?? current.flags.includes('backup'),
      fullmesh: change.fullmesh ?? current.flags.includes('fullmesh'),
    };
  }
  sock.request(
    `change MPTCP endpoint ${t.id ?? t.address ?? ''}`,
    pm.familyId,
    encodeSetEndpointFlags(t, full, pm.version),
    false,
  );
}

/** Removes every endpoint of the namespace (FLUSH_ADDRS, needs CAP_NET_ADMIN). */
export function flushEndpoints(sock: NetlinkSocket, pm: PathManagerFamily): void {
  sock.request('flush MPTCP endpoints', pm.familyId, encodeFlushEndpoints(pm.version), false);
}

export function getLimits(sock: NetlinkSocket, pm: PathManagerFamily): PmLimits {
  const [reply] = sock.request('get MPTCP limits', pm.familyId, encodeGetLimits(pm.version), false);
  if (!reply) throw new NetlinkError('get MPTCP limits', ENOENT, 'no reply');
  return decodeLimits(reply);
}

/** Sets one or both limits (SET_LIMITS, needs CAP_NET_ADMIN; the kernel accepts 0–8). */
export function setLimits(
  sock: NetlinkSocket,
  pm: PathManagerFamily,
  limits: Partial<PmLimits>,
): void {
  sock.request('set MPTCP limits', pm.familyId, encodeSetLimits(limits, pm.version), false);
}

/**
 * Joins "mptcp_pm_events" so that `sock.receive()` returns events (decode them with
 * decodeEventMessages). Needs CAP_NET_ADMIN in the socket's namespace: PermissionError without.
 * Use a socket of its own (requests on it would interleave with events) with a large receive
 * buffer; on `overflow` events were lost and the caller should resynchronise from a snapshot.
 */
export function subscribeEvents(sock: NetlinkSocket, pm: PathManagerFamily): void {
  sock.addMembership(pm.eventsGroup, 'subscribe to MPTCP path-manager events');
}
