// The lab's fixed names, addresses and defaults: the one source of truth for the lab, its tests and the CLI.

/** Prefix used for namespace names when none is given. */
export const DEFAULT_LAB_PREFIX = 'subflow';

/** A prefix becomes part of namespace and directory names, so it is kept short and plain. */
export const LAB_PREFIX_PATTERN = /^[a-z][a-z0-9-]{0,11}$/;

/** The two paths between client and server, named after their colours in the UI. */
export type LabPathName = 'red' | 'blue';

/** One veth path between the client and the server namespace. */
export interface LabPathSpec {
  /** Path name. */
  readonly name: LabPathName;
  /** IPv4 subnet of the path, in CIDR notation. */
  readonly subnet: string;
  /** Prefix length of both addresses (bits). */
  readonly prefixLength: number;
  /** veth end inside the client namespace. */
  readonly clientInterface: string;
  /** veth end inside the server namespace. */
  readonly serverInterface: string;
  /** Client address on this path. */
  readonly clientAddress: string;
  /** Server address on this path. */
  readonly serverAddress: string;
  /** Default shaping rate of each direction, in Mbit/s. */
  readonly defaultRateMbit: number;
}

/** The red path: the client's initial subflow goes here. */
export const RED_PATH: LabPathSpec = {
  name: 'red',
  subnet: '198.51.100.0/24',
  prefixLength: 24,
  clientInterface: 'red-c',
  serverInterface: 'red-s',
  clientAddress: '198.51.100.1',
  serverAddress: '198.51.100.2',
  defaultRateMbit: 40,
};

/** The blue path: the client's `subflow` endpoint adds the second subflow here. */
export const BLUE_PATH: LabPathSpec = {
  name: 'blue',
  subnet: '203.0.113.0/24',
  prefixLength: 24,
  clientInterface: 'blue-c',
  serverInterface: 'blue-s',
  clientAddress: '203.0.113.1',
  serverAddress: '203.0.113.2',
  defaultRateMbit: 20,
};

/** Both paths, red first. */
export const LAB_PATHS: readonly LabPathSpec[] = [RED_PATH, BLUE_PATH];

/** Address every lab server (iperf3, connection holder) listens on. */
export const LAB_SERVER_ADDRESS = RED_PATH.serverAddress;

/** Routing table that sends traffic from the client's blue address out of blue-c. */
export const LAB_SOURCE_ROUTE_TABLE = 200;

/** MPTCP limits set in both namespaces (per connection). */
export const LAB_MPTCP_LIMITS = { subflows: 8, addAddrAccepted: 8 } as const;

/** Root of the directories holding pid files of lab processes, one directory per prefix. */
export const LAB_RUN_DIR = '/run/subflow-lab';

/** Default TCP port of the iperf3 server started by `traffic`. */
export const DEFAULT_TRAFFIC_PORT = 5201;

/** Default TCP port of the connection holder's server. */
export const DEFAULT_HOLD_PORT = 5301;

/** tbf queue limit expressed as the longest time a packet may wait, in milliseconds. */
export const TBF_LATENCY_MS = 50;

/** Smallest tbf bucket, in bytes. */
export const TBF_MIN_BURST_BYTES = 32_768;

/** tbf bucket as time at the shaped rate, in seconds (used when larger than the minimum): large
 * enough that a sender stalled for a few milliseconds on a busy machine loses no tokens. */
export const TBF_BURST_SECONDS = 0.025;

/** Lowest and highest shaping rate accepted, in Mbit/s. */
export const LAB_RATE_RANGE_MBIT = { min: 0.1, max: 10_000 } as const;

/** Names of the client and server namespaces of a lab. */
export interface LabNamespaces {
  /** Client namespace, `${prefix}-cli`. */
  readonly client: string;
  /** Server namespace, `${prefix}-srv`. */
  readonly server: string;
}

/** Namespace names for a prefix (the prefix is assumed valid; see resolveLabConfig). */
export function labNamespaces(prefix: string): LabNamespaces {
  return { client: `${prefix}-cli`, server: `${prefix}-srv` };
}
