// MPTCP sysctls (/proc/sys/net/mptcp/*): a pure parser from file names and contents to a typed
// record, and a thin reader that takes the proc root so tests can point it at a fixture tree.
// /proc/sys/net shows the namespace of the reading thread, so a reader run inside `withNetns`
// (or on a worker thread that entered a namespace) sees that namespace's values.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The out-of-tree multipath-tcp.org kernel's sysctls (same directory, `mptcp_` names). */
export interface LegacyMptcpSysctls {
  /** net.mptcp.mptcp_enabled: 0 off, 1 on, 2 only for sockets that ask for it. */
  readonly enabled?: number;
  /** net.mptcp.mptcp_checksum. */
  readonly checksum?: boolean;
  /** net.mptcp.mptcp_path_manager: default, fullmesh, ndiffports, binder. */
  readonly pathManager?: string;
  /** net.mptcp.mptcp_scheduler: default, roundrobin, redundant, … */
  readonly scheduler?: string;
  /** net.mptcp.mptcp_syn_retries. */
  readonly synRetries?: number;
  /** net.mptcp.mptcp_debug. */
  readonly debug?: number;
  /** net.mptcp.mptcp_version: MPTCP protocol version 0 or 1. */
  readonly version?: number;
}

/** The upstream kernel's net.mptcp.* sysctls. Every field is absent when its file is. */
export interface MptcpSysctls {
  /** net.mptcp.enabled: MPTCP sockets may be created. */
  readonly enabled?: boolean;
  /** net.mptcp.path_manager (6.15+): "kernel" or "userspace". */
  readonly pathManager?: string;
  /** net.mptcp.pm_type (older kernels, still present): 0 kernel, 1 userspace. */
  readonly pmType?: number;
  /** net.mptcp.scheduler: the packet scheduler for new connections. */
  readonly scheduler?: string;
  readonly availableSchedulers?: readonly string[];
  readonly availablePathManagers?: readonly string[];
  /** net.mptcp.add_addr_timeout, seconds. */
  readonly addAddrTimeoutSec?: number;
  readonly checksumEnabled?: boolean;
  readonly allowJoinInitialAddrPort?: boolean;
  /** net.mptcp.stale_loss_cnt: retransmission intervals before a subflow counts as stale. */
  readonly staleLossCnt?: number;
  /** net.mptcp.blackhole_timeout, seconds (0 disables the blackhole detection). */
  readonly blackholeTimeoutSec?: number;
  /** net.mptcp.close_timeout, seconds. */
  readonly closeTimeoutSec?: number;
  /** net.mptcp.syn_retrans_before_tcp_fallback: SYN retransmissions before plain TCP. */
  readonly synRetransBeforeTcpFallback?: number;
  /** Present when the directory holds the legacy kernel's `mptcp_*` files. */
  readonly legacy?: LegacyMptcpSysctls;
  /** Files with names this parser does not know, or values it could not read, as text. */
  readonly other: Readonly<Record<string, string>>;
}

type Kind = 'bool' | 'int' | 'string' | 'list';

const UPSTREAM: Readonly<Record<string, readonly [keyof MptcpSysctls, Kind]>> = {
  enabled: ['enabled', 'bool'],
  path_manager: ['pathManager', 'string'],
  pm_type: ['pmType', 'int'],
  scheduler: ['scheduler', 'string'],
  available_schedulers: ['availableSchedulers', 'list'],
  available_path_managers: ['availablePathManagers', 'list'],
  add_addr_timeout: ['addAddrTimeoutSec', 'int'],
  checksum_enabled: ['checksumEnabled', 'bool'],
  allow_join_initial_addr_port: ['allowJoinInitialAddrPort', 'bool'],
  stale_loss_cnt: ['staleLossCnt', 'int'],
  blackhole_timeout: ['blackholeTimeoutSec', 'int'],
  close_timeout: ['closeTimeoutSec', 'int'],
  syn_retrans_before_tcp_fallback: ['synRetransBeforeTcpFallback', 'int'],
};

const LEGACY: Readonly<Record<string, readonly [keyof LegacyMptcpSysctls, Kind]>> = {
  mptcp_enabled: ['enabled', 'int'],
  mptcp_checksum: ['checksum', 'bool'],
  mptcp_path_manager: ['pathManager', 'string'],
  mptcp_scheduler: ['scheduler', 'string'],
  mptcp_syn_retries: ['synRetries', 'int'],
  mptcp_debug: ['debug', 'int'],
  mptcp_version: ['version', 'int'],
};

type Value = boolean | number | string | readonly string[];

function convert(text: string, kind: Kind): Value | undefined {
  const isInt = /^-?\d+$/.test(text);
  switch (kind) {
    case 'bool':
      return isInt ? Number(text) !== 0 : undefined;
    case 'int':
      return isInt ? Number(text) : undefined;
    case 'string':
      return text;
    case 'list':
      return text === '' ? [] : text.split(/\s+/);
  }
}

/**
 * Types the contents of /proc/sys/net/mptcp (file name → content). Values are trimmed; a known
 * name with a value of the wrong shape lands in `other` instead of failing.
 */
export function parseMptcpSysctls(files: Readonly<Record<string, string>>): MptcpSysctls {
  const typed: Record<string, Value> = {};
  const legacy: Record<string, Value> = {};
  const other: Record<string, string> = {};
  for (const [name, content] of Object.entries(files)) {
    const text = content.trim();
    const up = UPSTREAM[name];
    const old = LEGACY[name];
    const spec = up ?? old;
    const value = spec ? convert(text, spec[1]) : undefined;
    if (!spec || value === undefined) other[name] = text;
    else if (up) typed[up[0]] = value;
    else if (old) legacy[old[0]] = value;
  }
  return {
    ...(typed as Partial<MptcpSysctls>),
    ...(Object.keys(legacy).length > 0 ? { legacy } : {}),
    other,
  };
}

/** Every file of <procRoot>/sys/net/mptcp as text; null when the directory does not exist. */
export function readMptcpSysctlFiles(procRoot = '/proc'): Record<string, string> | null {
  const dir = join(procRoot, 'sys/net/mptcp');
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const files: Record<string, string> = {};
  for (const name of names.sort()) {
    try {
      files[name] = readFileSync(join(dir, name), 'utf8');
    } catch {
      // A write-only or vanished entry: nothing to show for it.
    }
  }
  return files;
}

/** The MPTCP sysctls of the calling thread's namespace; null when the kernel has none. */
export function readMptcpSysctls(procRoot = '/proc'): MptcpSysctls | null {
  const files = readMptcpSysctlFiles(procRoot);
  return files ? parseMptcpSysctls(files) : null;
}
