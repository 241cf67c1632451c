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
  /**
   * The mode a person chose for this interface and Subflow re-applies when the interface or its
   * address comes back (`multipath:forget` drops it); absent when none is remembered.
   */
  readonly remembered?: RememberedMode;
  /** Who else creates and deletes this interface's endpoints; absent when nobody does. */
  readonly owner?: EndpointOwnerInfo;
}

/** A remembered multipath mode in force for an interface, and the key it is remembered under. */
export interface RememberedMode {
  readonly mode: MultipathMode;
  /** When it was chosen, ms since the epoch. */
  readonly time: number;
  /**
   * The NetworkManager connection profile it is remembered for (the device has it active now);
   * absent when it is remembered for the interface name.
   */
  readonly profile?: ConnectionProfile;
}

/** A NetworkManager connection profile: its UUID (what a choice is kept by) and its name. */
export interface ConnectionProfile {
  readonly uuid: string;
  readonly name: string;
}

/** A program that manages an interface's MPTCP endpoints besides Subflow. */
export interface EndpointOwnerInfo {
  readonly name: 'NetworkManager' | 'mptcpd';
  /** One sentence: how Subflow knows, and where to change the mode instead. */
  readonly detail: string;
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

/**
 * The process holding a connection's socket, found by matching the socket's inode against the
 * `socket:[INODE]` links of /proc/PID/fd (as `ss -p` does).
 */
export interface ProcessInfo {
  readonly pid: number;
  /** Task name (/proc/PID/comm, at most 15 characters), e.g. "iperf3". */
  readonly name: string;
  /** Command line, arguments joined by spaces, cut at 256 characters. */
  readonly cmdline: string;
  /** Effective uid, and its name in /etc/passwd (null when it has none). */
  readonly uid: number;
  readonly user: string | null;
  /** Other processes holding the same socket (inherited over fork); absent when none. */
  readonly others?: number;
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
  /**
   * The connection fell back to plain TCP (mptcp_info's FALLBACK flag): one path only, no
   * failover. False when the kernel did not say (old journals, no mptcp_info).
   */
  readonly fallback: boolean;
  /**
   * Why it fell back, in words, from the MPTcpExt counters that rose in the tick it was first seen
   * fallen back (remembered per connection); says so when nothing explained it. Only with fallback.
   */
  readonly fallbackReason?: string;
  /**
   * Its process; null when none was found (another user's while unprivileged — see
   * Snapshot.processNote —, or a connection seen only as subflows); absent in journals recorded
   * before Subflow looked.
   */
  readonly process?: ProcessInfo | null;
}

/** A process with established plain TCP connections (not MPTCP) off loopback. */
export interface PlainTcpApp {
  readonly pid: number;
  readonly name: string;
  /** Its command line: what to run under `mptcpize run` or `subflow run --`. */
  readonly cmdline: string;
  readonly user: string | null;
  readonly connections: number;
  /** Sums over its connections now open (bytes acked by the peer, bytes received). */
  readonly bytesSent: number;
  readonly bytesReceived: number;
  /** Bytes per second over the last tick. */
  readonly txRate: number;
  readonly rxRate: number;
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
  /**
   * How a person runs the `subflow` command on the host being watched: 'subflow' when it is
   * installed, 'npx subflow' from a checkout (typed in that checkout). Hints use it. Absent in
   * replays of journals that did not record it.
   */
  readonly command?: string;
  /**
   * Set when this snapshot is no longer the kernel's current state: the watched namespace was
   * deleted at `since` (ms since the epoch) and the figures are the last ones read before.
   * `reason` is one sentence saying why and what to do. Absent on a live snapshot.
   */
  readonly stale?: { readonly since: number; readonly reason: string };
  /** Why some connections' process is null (e.g. other users' apps while unprivileged). */
  readonly processNote?: string;
  /**
   * Processes using plain TCP (established, off loopback), busiest first (rate, then bytes), at
   * most 20; their sockets of unknown process are not counted (see processNote).
   */
  readonly plainTcpApps?: readonly PlainTcpApp[];
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
  | 'monitor'
  /** Inferred: a connection's traffic moved from a collapsed subflow to another (`message`). */
  | 'failover'
  /** Inferred: the path a failover left carries traffic again; `message` says how long it was out. */
  | 'recovered'
  /**
   * Inferred: a path's endpoint and interface are back but the connection has had no subflow on
   * it for more than 10 s (the path manager did not re-create it).
   */
  | 'subflow-missing'
  /** A change asked of Subflow (toggle, limits, doctor fix, recording, playback); see `action`. */
  | 'action'
  /** An endpoint changed and none of Subflow's own changes explains it; see `endpoint`. */
  | 'external-change';

/**
 * Each event type in a few words, as the dashboard's timeline names it. Reports (read by someone
 * who was not at the dashboard) say who acted for four of them; see report/report-timeline.ts.
 */
export const PM_EVENT_LABELS: Readonly<Record<PmEventType, string>> = {
  created: 'connection created',
  established: 'connection established',
  closed: 'connection closed',
  announced: 'address announced',
  removed: 'address removed',
  'sub-established': 'subflow established',
  'sub-closed': 'subflow closed',
  'sub-priority': 'subflow priority changed',
  'listener-created': 'listener created',
  'listener-closed': 'listener closed',
  resync: 'events lost, state re-read',
  monitor: 'monitor notice',
  failover: 'failover',
  recovered: 'path recovered',
  'subflow-missing': 'subflow not re-created',
  action: 'your change',
  'external-change': 'changed outside Subflow',
};

/** Where a change asked of Subflow came from: the transport that carried the request. */
export type ActionOrigin = 'dashboard' | 'api' | 'desktop' | 'cli' | 'remembered';

/** What a person asked Subflow to change, and what came of it (PmEvent type 'action'). */
export interface ActionDetails {
  readonly kind: 'multipath' | 'limits' | 'doctor-fix' | 'record' | 'playback';
  /**
   * dashboard = the page over WebSocket, api = REST, desktop = Electron IPC, cli = a command,
   * remembered = Subflow itself re-applying a remembered choice (see `trigger`).
   */
  readonly origin: ActionOrigin;
  /** The change in words, e.g. "blue-c: on → backup" or "limits: subflows 2 → 4". */
  readonly change: string;
  readonly result: 'done' | 'refused';
  /** Why it was refused (the error's sentence), when it was. */
  readonly reason?: string;
  /** What made Subflow act on its own (origin 'remembered'), e.g. "blue-c came up". */
  readonly trigger?: string;
}

/** One endpoint as an external change found it (PmEvent type 'external-change'). */
export interface EndpointChange {
  readonly id: number;
  readonly address: string;
  readonly port?: number;
  /** Flags before the change; null when the endpoint did not exist. */
  readonly before: readonly EndpointFlag[] | null;
  /** Flags after the change; null when the endpoint was removed. */
  readonly after: readonly EndpointFlag[] | null;
}

export interface PmEvent {
  readonly time: number;
  readonly type: PmEventType | `unknown-${number}`;
  /**
   * 'kernel' = received from mptcp_pm; 'inferred' = derived from two successive samples;
   * 'user' = a change a person asked of Subflow (type 'action').
   */
  readonly source: 'kernel' | 'inferred' | 'user';
  readonly token?: string;
  readonly local?: SocketAddress;
  readonly remote?: SocketAddress;
  readonly localId?: number;
  readonly remoteId?: number;
  readonly backup?: boolean;
  readonly interface?: string;
  /** sk_err of a closed subflow (an errno value, e.g. 104 ECONNRESET); absent when 0. */
  readonly error?: number;
  /**
   * 'sub-closed': the MP_TCPRST reason code the peer sent with its reset (RFC 8684 §3.6: 0
   * unspecified … 6 middlebox interference); absent when the subflow was not reset that way.
   */
  readonly resetReason?: number;
  /** 'sub-closed': the MP_TCPRST flags the peer sent (bit 0: transient, the path may work later). */
  readonly resetFlags?: number;
  /**
   * Why a subflow or connection closed, in words (the errno and reset reason explained), or that
   * the reason is unknown (an inferred close: the monitor had no kernel events to learn it from).
   */
  readonly reason?: string;
  /**
   * Human text for 'resync', 'monitor', 'failover', 'recovered', 'subflow-missing', 'action' and
   * 'external-change' events.
   */
  readonly message?: string;
  /** What was asked and what came of it; on 'action' events only. */
  readonly action?: ActionDetails;
  /** The endpoint that changed behind Subflow's back; on 'external-change' events only. */
  readonly endpoint?: EndpointChange;
  /** Which subflow the traffic left and which took it over; on live 'failover' events only. */
  readonly failover?: FailoverDetails;
}

/** A failover's two sides and what happened to the traffic, as the live detector found them. */
export interface FailoverDetails {
  /** The subflow that carried the traffic before: "local → remote", and its interface if known. */
  readonly from: { readonly subflow: string; readonly interface: string | null };
  /** The subflow that carried it after. */
  readonly to: { readonly subflow: string; readonly interface: string | null };
  /** What happened to the traffic, in words: "no interruption: 57 → 18.8 Mbit/s on blue-c". */
  readonly gap: string;
}

/** What subscribers receive once per tick. */
export interface TickUpdate {
  readonly snapshot: Snapshot;
  /** Events since the previous update, oldest first. */
  readonly events: readonly PmEvent[];
  /**
   * Set on a push between ticks: kernel events sent as they arrived, with the last tick's
   * snapshot unchanged (same `time`); the next tick does not repeat them.
   */
  readonly eventsOnly?: boolean;
}

export interface MultipathResult {
  readonly interface: string;
  /** The mode read back from the kernel after the change. */
  readonly mode: MultipathMode;
  readonly endpoints: readonly Endpoint[];
  /** Things the user should know, e.g. that routed traffic still uses an 'off' interface. */
  readonly notes: readonly string[];
}

/** Rates of one entity over time, oldest first: ms since the epoch and bytes per second. */
export interface RateSeries {
  readonly time: readonly number[];
  readonly rx: readonly number[];
  readonly tx: readonly number[];
}

/**
 * Rate history held by the host, keyed like the snapshot: interfaces by name, connections by
 * token, subflows by `${token}/${local} ${remote}` (addresses as "a:p", IPv6 as "[a]:p").
 */
export interface RateHistory {
  readonly interfaces: Readonly<Record<string, RateSeries>>;
  readonly connections: Readonly<Record<string, RateSeries>>;
  readonly subflows: Readonly<Record<string, RateSeries>>;
}

// ---------- doctor (setup checks) ----------

export type Severity = 'error' | 'warning' | 'info';

/** How to fix a finding: shown before it runs, applied by the host when it may. */
export interface DoctorFix {
  /** One sentence: what the fix changes (and only that). */
  readonly description: string;
  /** The equivalent shell commands, for a person to copy. */
  readonly commands: readonly string[];
  /** Whether this host can apply it now (privileged, and the fix is automatable). */
  readonly applicable: boolean;
  /** Why it cannot be applied here, when `applicable` is false. */
  readonly notApplicableReason?: string;
}

export interface DoctorFinding {
  /** Stable for the same problem on the same subject, e.g. "endpoint-missing:eth1". */
  readonly id: string;
  /** The check that found it, e.g. "endpoint-missing". */
  readonly check: string;
  readonly severity: Severity;
  /** One sentence: what is wrong and what it causes. */
  readonly summary: string;
  /** Interface, endpoint or connection concerned, when there is one. */
  readonly subject?: string;
  readonly fix?: DoctorFix;
}

export interface DoctorReport {
  readonly time: number;
  readonly netns: string | null;
  readonly privileged: boolean;
  /** Names of the checks that ran (a clean report still says what was looked at). */
  readonly checks: readonly string[];
  readonly findings: readonly DoctorFinding[];
}

export interface DoctorApplyResult {
  readonly applied: DoctorFinding;
  /** The report re-run after the fix, read back from the kernel. */
  readonly report: DoctorReport;
  /** True when the finding is still in the re-run report (the fix did not clear it). */
  readonly stillPresent: boolean;
}

// ---------- sessions: recording, replay, reports ----------

export interface RecordingState {
  readonly active: boolean;
  /** Journal being (or last) written; null before the first recording. */
  readonly session: SessionInfo | null;
  /** Set when recording stopped because of an error (disk full, permission, …). */
  readonly error?: string;
}

/** A recorded session journal. */
export interface SessionInfo {
  /** File name inside the sessions directory: the only handle requests accept. */
  readonly id: string;
  readonly path: string;
  readonly startedAt: number;
  /** Time of the last tick on disk. */
  readonly endedAt: number;
  readonly ticks: number;
  readonly bytes: number;
  readonly hostname: string;
  readonly netns: string | null;
}

/** What the host is feeding the renderer: the live kernel, or a journal being replayed. */
export type Playback =
  | { readonly mode: 'live' }
  | {
      readonly mode: 'replay';
      readonly session: SessionInfo;
      /** Time of the tick now shown, ms since the epoch (between startedAt and endedAt). */
      readonly position: number;
      readonly playing: boolean;
      /** Playback speed, 1 = real time. */
      readonly speed: number;
    };

export type ReportFormat = 'html' | 'json' | 'csv' | 'pdf';
export const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'json', 'csv', 'pdf'];

export interface ReportResult {
  readonly format: ReportFormat;
  /** Where the host wrote the report. */
  readonly path: string;
  readonly bytes: number;
  /** Path on the serving host to download it from (headless server), when there is one. */
  readonly downloadPath?: string;
}

/** Progress of a long task (report export), pushed while it runs. */
export interface Progress {
  readonly task: string;
  readonly done: number;
  readonly total: number;
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
  /** The request is valid but this host cannot serve it (e.g. a toggle during replay). */
  | 'unavailable'
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
  /**
   * Forget a remembered mode: that of the profile `profile` (a UUID) when given, else the one in
   * force for the interface now (its active profile's, else its name's). The interface stays as
   * it is.
   */
  'multipath:forget': {
    args: { interface: string; profile?: string };
    result: { forgotten: boolean };
  };
  /** Change the path manager's limits (0–8 each); the result is read back from the kernel. */
  'limits:set': { args: { subflows?: number; addAddrAccepted?: number }; result: Limits };
  /** Change the monitor's tick interval (100–10,000 ms) or pause it. */
  'monitor:configure': {
    args: { intervalMs?: number; paused?: boolean };
    result: { intervalMs: number; paused: boolean };
  };
  /**
   * Rate history of the last `seconds` (10–3600, default 600): every interface, and with
   * `connection` (a token) that connection and its subflows too.
   */
  'history:get': { args: { seconds?: number; connection?: string }; result: RateHistory };
  /** Runs every setup check (`subflow doctor`). */
  'doctor:run': { args: Record<string, never>; result: DoctorReport };
  /** Applies the fix of one finding of a fresh run, then re-runs the checks. */
  'doctor:apply': { args: { id: string }; result: DoctorApplyResult };
  /** Starts recording a session journal in the sessions directory. */
  'record:start': { args: Record<string, never>; result: RecordingState };
  'record:stop': { args: Record<string, never>; result: RecordingState };
  'record:status': { args: Record<string, never>; result: RecordingState };
  /** Recorded sessions, newest first. */
  'sessions:list': { args: Record<string, never>; result: SessionInfo[] };
  'playback:get': { args: Record<string, never>; result: Playback };
  /** Replays a recorded session instead of the live kernel, paused at its start. */
  'playback:open': { args: { session: string }; result: Playback };
  'playback:seek': { args: { time: number }; result: Playback };
  'playback:play': { args: { playing: boolean; speed?: number }; result: Playback };
  /** Back to the live kernel. */
  'playback:close': { args: Record<string, never>; result: Playback };
  /** Writes a report of a recorded session. */
  'report:export': { args: { session: string; format: ReportFormat }; result: ReportResult };
  /**
   * This viewer's page was hidden or shown (Page Visibility). Answered by the transport, per
   * viewer: a hidden one is sent a tick only every so often and catches up when shown.
   */
  'viewer:visibility': { args: { visible: boolean }; result: ViewerTicksState };
}

/** How a viewer is sent ticks: every tick while visible, else one per `everyMs`. */
export interface ViewerTicksState {
  readonly visible: boolean;
  /** Least ms between two ticks sent to it; null: every tick. */
  readonly everyMs: number | null;
}

export type RequestName = keyof Requests;
export type RequestArgs<K extends RequestName> = Requests[K]['args'];
export type RequestResult<K extends RequestName> = Requests[K]['result'];

export const REQUEST_NAMES = [
  'snapshot:get',
  'events:list',
  'multipath:set',
  'multipath:forget',
  'limits:set',
  'monitor:configure',
  'history:get',
  'doctor:run',
  'doctor:apply',
  'record:start',
  'record:stop',
  'record:status',
  'sessions:list',
  'playback:get',
  'playback:open',
  'playback:seek',
  'playback:play',
  'playback:close',
  'report:export',
  'viewer:visibility',
] as const satisfies readonly RequestName[];

// ---------- pushed events (host → renderer) ----------

export interface Pushes {
  /**
   * Once per tick: the snapshot and the events since the previous push; between ticks, kernel
   * events as they arrive (`eventsOnly`, within ~10 ms), so they need not wait for the tick.
   */
  onTick: TickUpdate;
  /** Whenever recording starts, stops or fails. */
  onRecording: RecordingState;
  /** Whenever playback changes (opened, seeked, paused, closed). */
  onPlayback: Playback;
  /** While a long task runs. */
  onProgress: Progress;
}

export type PushName = keyof Pushes;
export const PUSH_NAMES = [
  'onTick',
  'onRecording',
  'onPlayback',
  'onProgress',
] as const satisfies readonly PushName[];

/** What the renderer talks to: the preload bridge in Electron, a WebSocket client elsewhere. */
export interface SubflowApi {
  invoke<K extends RequestName>(name: K, args: RequestArgs<K>): Promise<Result<RequestResult<K>>>;
  /** Returns a function that removes the listener. */
  on<K extends PushName>(name: K, listener: (payload: Pushes[K]) => void): () => void;
}

// ---------- the WebSocket wire (headless server ↔ renderer in a browser) ----------

/** Path of the server's WebSocket. */
export const STREAM_PATH = '/api/stream';

/** Server → client: one push (a tick once per tick, recording/playback/progress as they happen). */
export type StreamPushMessage = {
  [K in PushName]: { readonly type: 'push'; readonly name: K; readonly payload: Pushes[K] };
}[PushName];

/** Client → server: run request `name` with `args`; `id` comes back in the answer. */
export interface StreamInvokeMessage {
  readonly type: 'invoke';
  readonly id: string | number;
  readonly name: string;
  readonly args: unknown;
}

/** Server → client: the answer to the invoke with the same `id` (null if it had none). */
export interface StreamResultMessage {
  readonly type: 'result';
  readonly id: string | number | null;
  readonly result: Result<unknown>;
}

export type StreamServerMessage = StreamPushMessage | StreamResultMessage;
