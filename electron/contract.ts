// THE API of Subflow: the data shapes of DESIGN.md and the names of every request and pushed
// event. Runtime-free apart from the channel-name lists; main, preload, the headless server
// and the renderer all derive their types from here. Rates are bytes per second, times are
// milliseconds since the epoch, addresses are strings, ports numbers.

// ---------- data ----------

export type MultipathMode = 'on' | 'off' | 'backup';
export const MULTIPATH_MODES: readonly MultipathMode[] = ['on', 'off', 'backup'];

export type EndpointFlag = 'signal' | 'subflow' | 'backup' | 'fullmesh' | 'implicit' | 'laminar';

export interface SocketAddress {
  readonly address: string;
  readonly port: number;
}

/** A path-manager endpoint (`ip mptcp endpoint`). */
export interface Endpoint {
  readonly id: number;
  readonly address: string;
  /** Interface name, or null when the kernel did not bind it to one we know. */
  readonly interface: string | null;
  readonly port?: number;
  readonly flags: readonly EndpointFlag[];
}

export interface KernelInfo {
  /** `uname -r`. */
  readonly release: string;
  readonly mptcp: 'upstream' | 'legacy' | 'unavailable';
  /** net.mptcp.enabled (upstream) or net.mptcp.mptcp_enabled (legacy). */
  readonly enabled: boolean;
  /** 'kernel' or 'userspace' (net.mptcp.path_manager / pm_type). */
  readonly pathManager?: string;
  readonly scheduler?: string;
  /** Why MPTCP is unavailable or disabled, and what to do; absent when all is well. */
  readonly reason?: string;
}

export interface Limits {
  /** Extra subflows per connection the path manager may create or accept. */
  readonly subflows: number;
  /** ADD_ADDR announcements accepted per connection. */
  readonly addAddrAccepted: number;
}

export interface InterfaceState {
  readonly name: string;
  readonly ifindex: number;
  readonly up: boolean;
  readonly addresses: readonly string[];
  /** Counters since the interface was created: all traffic, MPTCP or not (as nload shows). */
  readonly rxBytes: number;
  readonly txBytes: number;
  /** Bytes per second over the last tick. */
  readonly rxRate: number;
  readonly txRate: number;
  readonly multipath: MultipathMode;
  /** Why the toggle cannot be used here (no address, not privileged, …); absent if it can. */
  readonly multipathDisabledReason?: string;
}

export interface Subflow {
  readonly local: SocketAddress;
  readonly remote: SocketAddress;
  /** Interface the subflow leaves by, or null when no local interface owns its address. */
  readonly interface: string | null;
  readonly localId: number;
  readonly remoteId: number;
  readonly backup: boolean;
  /** TCP state name, e.g. 'established'. */
  readonly state: string;
  readonly rttMs: number;
  /** Congestion window, in segments. */
  readonly cwnd: number;
  readonly bytesAcked: number;
  readonly bytesReceived: number;
  /** Bytes per second over the last tick (tx from bytes acked, rx from bytes received). */
  readonly txRate: number;
  readonly rxRate: number;
}

export interface Connection {
  /** The local MPTCP token, as 8 hex digits. */
  readonly token: string;
  readonly local: SocketAddress;
  readonly remote: SocketAddress;
  readonly state: string;
  readonly bytesSent: number;
  readonly bytesReceived: number;
  readonly bytesAcked: number;
  readonly txRate: number;
  readonly rxRate: number;
  /** When Subflow first saw the connection (ms since the epoch). */
  readonly firstSeen: number;
  readonly subflows: readonly Subflow[];
}

export interface Snapshot {
  readonly time: number;
  /** Named network namespace being watched, or null for the monitor's own. */
  readonly netns: string | null;
  /** Whether the monitor has CAP_NET_ADMIN (kernel events, toggles). */
  readonly privileged: boolean;
  readonly hostname: string;
  readonly intervalMs: number;
  readonly kernel: KernelInfo;
  readonly limits: Limits;
  readonly endpoints: readonly Endpoint[];
  readonly interfaces: readonly InterfaceState[];
  readonly connections: readonly Connection[];
}

/** Event names are the kernel's own (mptcp_pm netlink spec), plus Subflow's monitor notices. */
export type PmEventType =
  | 'created'
  | 'established'
  | 'closed'
  | 'announced'
  | 'removed'
  | 'sub-established'
  | 'sub-closed'
  | 'sub-priority'
  | 'listener-created'
  | 'listener-closed'
  /** The kernel dropped events (receive buffer overflow); state was re-read from a dump. */
  | 'resync'
  /** Something about the monitor itself changed: namespace gone, MPTCP disabled, … */
  | 'monitor';

export interface PmEvent {
  readonly time: number;
  readonly type: PmEventType | `unknown-${number}`;
  /** 'kernel' = received from mptcp_pm; 'inferred' = derived from two successive samples. */
  readonly source: 'kernel' | 'inferred';
  readonly token?: string;
  readonly local?: SocketAddress;
  readonly remote?: SocketAddress;
  readonly localId?: number;
  readonly remoteId?: number;
  readonly backup?: boolean;
  readonly interface?: string;
  readonly error?: number;
  /** Human text for 'resync' and 'monitor' events. */
  readonly message?: string;
}

/** What subscribers receive once per tick. */
export interface TickUpdate {
  readonly snapshot: Snapshot;
  /** Events since the previous tick, oldest first. */
  readonly events: readonly PmEvent[];
}

export interface MultipathResult {
  readonly interface: string;
  /** The mode read back from the kernel after the change. */
  readonly mode: MultipathMode;
  readonly endpoints: readonly Endpoint[];
  /** Things the user should know, e.g. that routed traffic still uses an 'off' interface. */
  readonly notes: readonly string[];
}

// ---------- errors as data ----------

export type ApiErrorCode =
  | 'bad-request'
  | 'not-found'
  | 'permission'
  | 'mptcp-unavailable'
  | 'netns'
  | 'kernel'
  | 'unauthorized'
  | 'internal';

export interface ApiError {
  readonly code: ApiErrorCode;
  /** One sentence: what happened and what to do. */
  readonly message: string;
}

export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError };

// ---------- requests (renderer → host) ----------

export interface Requests {
  /** The latest snapshot. */
  'snapshot:get': { args: Record<string, never>; result: Snapshot };
  /** Events newer than `since` (ms since the epoch), oldest first, bounded. */
  'events:list': { args: { since?: number }; result: PmEvent[] };
  /** Switch multipath for one interface; the result is read back from the kernel. */
  'multipath:set': { args: { interface: string; mode: MultipathMode }; result: MultipathResult };
  /** Change the path manager's limits (0–8 each); the result is read back from the kernel. */
  'limits:set': { args: { subflows?: number; addAddrAccepted?: number }; result: Limits };
  /** Change the monitor's tick interval (100–10,000 ms) or pause it. */
  'monitor:configure': {
    args: { intervalMs?: number; paused?: boolean };
    result: { intervalMs: number; paused: boolean };
  };
}

export type RequestName = keyof Requests;
export type RequestArgs<K extends RequestName> = Requests[K]['args'];
export type RequestResult<K extends RequestName> = Requests[K]['result'];

export const REQUEST_NAMES = [
  'snapshot:get',
  'events:list',
  'multipath:set',
  'limits:set',
  'monitor:configure',
] as const satisfies readonly RequestName[];

// ---------- pushed events (host → renderer) ----------

export interface Pushes {
  /** Once per tick: the snapshot and the events since the previous one. */
  onTick: TickUpdate;
}

export type PushName = keyof Pushes;
export const PUSH_NAMES = ['onTick'] as const satisfies readonly PushName[];

/** What the renderer talks to: the preload bridge in Electron, a WebSocket client elsewhere. */
export interface SubflowApi {
  invoke<K extends RequestName>(name: K, args: RequestArgs<K>): Promise<Result<RequestResult<K>>>;
  /** Returns a function that removes the listener. */
  on<K extends PushName>(name: K, listener: (payload: Pushes[K]) => void): () => void;
}
