// NetworkManager's per-profile MPTCP setting, `connection.mptcp-flags` (NM ≥ 1.40): reading what
// nmcli prints, choosing the flags for a Subflow mode, and the nmcli commands that apply them.
// Pure. nmcli 1.42 prints the flags as a hex number with -g ("0x2a") and takes names when set.
import type { MultipathMode } from '../contract.js';
import type { HostRole } from './plan.js';

/** NMMptcpFlags (libnm): the bit of each name nmcli accepts. */
export const NM_MPTCP_FLAGS: ReadonlyMap<string, number> = new Map([
  ['disabled', 0x1],
  ['enabled', 0x2],
  ['also-without-sysctl', 0x4],
  ['also-without-default-route', 0x8],
  ['signal', 0x10],
  ['subflow', 0x20],
  ['backup', 0x40],
  ['fullmesh', 0x80],
]);

/** A bit a person sets for NetworkManager's own reasons; a toggle keeps it as it is. */
const KEPT = ['also-without-sysctl'];

/**
 * Without this bit NetworkManager gives endpoints only to a device that has a default route,
 * and a second uplink often has none: a toggle to on or backup would then change the profile and
 * nothing in the kernel (seen with NetworkManager 1.42 in the lab). Switching an interface on
 * means "use this path", so a toggle sets it.
 */
export const WITHOUT_DEFAULT_ROUTE = 'also-without-default-route';

/**
 * The flag names of nmcli's output: "0x2a", "42", "enabled,subflow" or "" / "none" (0x0: the
 * global default). Throws an Error naming the text when it is none of those.
 */
export function parseMptcpFlags(text: string): string[] {
  const t = text.trim();
  if (t === '' || t === 'none' || t === 'default') return [];
  if (/^(0x[0-9a-f]+|\d+)$/i.test(t)) {
    const bits = Number(t);
    const names = [...NM_MPTCP_FLAGS].filter(([, bit]) => (bits & bit) !== 0).map(([n]) => n);
    const known = [...NM_MPTCP_FLAGS.values()].reduce((a, b) => a | b, 0);
    if ((bits & ~known) !== 0) throw new Error(`unknown bits in connection.mptcp-flags ${t}`);
    return names;
  }
  const names = t.split(',').map((n) => n.trim());
  const unknown = names.filter((n) => !NM_MPTCP_FLAGS.has(n));
  if (unknown.length > 0) {
    throw new Error(`unknown connection.mptcp-flags ${unknown.join(', ')} in "${t}"`);
  }
  return names;
}

/** The flags that make NetworkManager give the device's addresses the endpoints of `mode`. */
export function flagsForMode(mode: MultipathMode, role: HostRole, current: readonly string[]) {
  if (mode === 'off') return ['disabled'];
  const kept = [...KEPT.filter((f) => current.includes(f)), WITHOUT_DEFAULT_ROUTE];
  const endpoint = role === 'server' ? ['signal', 'subflow'] : ['subflow'];
  const keptFullmesh = current.includes('fullmesh') ? ['fullmesh'] : [];
  return [
    'enabled',
    ...kept,
    ...endpoint,
    ...(mode === 'backup' ? ['backup'] : []),
    ...keptFullmesh,
  ];
}

/** One nmcli invocation: argv without the program. */
export type NmcliArgs = readonly string[];

export const deviceShowArgs = (device: string): NmcliArgs => [
  '-t',
  '-f',
  'GENERAL.STATE,GENERAL.CONNECTION,GENERAL.CON-UUID',
  'device',
  'show',
  device,
];
export const flagsShowArgs = (profile: string): NmcliArgs => [
  '-g',
  'connection.mptcp-flags',
  'connection',
  'show',
  profile,
];
/** Sets the profile's flags, then makes the active device take them without going down. */
export const applyArgs = (profile: string, device: string, flags: readonly string[]) => [
  ['connection', 'modify', profile, 'connection.mptcp-flags', flags.join(',')],
  ['device', 'reapply', device],
];

/**
 * A device as `nmcli -t -f GENERAL.STATE,GENERAL.CONNECTION,GENERAL.CON-UUID device show`
 * reports it (with -t, unlike -g, nmcli 1.42 does not escape ':' in a multi-line value).
 */
export interface NmDevice {
  /** NMDeviceState number: 10 unmanaged, 30 disconnected, 100 activated, … */
  readonly state: number;
  readonly stateText: string;
  /** The active profile's name, or null when none is active. */
  readonly profile: string | null;
  /** The active profile's UUID; null when none is active (or an older nmcli did not say). */
  readonly uuid: string | null;
}

/** Parses that output; throws an Error saying which line is missing. */
export function parseDeviceShow(text: string): NmDevice {
  const field = (name: string): string | undefined => {
    const line = text.split('\n').find((l) => l.startsWith(`${name}:`));
    return line?.slice(name.length + 1);
  };
  const state = field('GENERAL.STATE');
  if (state === undefined) throw new Error('nmcli printed no GENERAL.STATE');
  const m = /^(\d+)\s*\((.*)\)$/.exec(state.trim());
  if (!m) throw new Error(`nmcli printed an unexpected GENERAL.STATE "${state}"`);
  const profile = (field('GENERAL.CONNECTION') ?? '').trim();
  const uuid = (field('GENERAL.CON-UUID') ?? '').trim().toLowerCase();
  return {
    state: Number(m[1]),
    stateText: m[2] ?? '',
    profile: profile === '' ? null : profile,
    uuid: uuid === '' ? null : uuid,
  };
}

/** NM_DEVICE_STATE_ACTIVATED: only an active profile's flags reach the kernel. */
export const NM_ACTIVATED = 100;

/**
 * Why NetworkManager cannot carry the mode for this device (so Subflow's toggle says what to
 * change there), or null when it can.
 */
export function nmCannotExpress(device: string, nm: NmDevice, mode: MultipathMode): string | null {
  if (nm.state === 10) {
    return (
      `NetworkManager runs here but does not manage ${device} (${nm.stateText}), so its ` +
      'profiles cannot set the endpoints: Subflow changes them itself'
    );
  }
  if (nm.profile === null || nm.state !== NM_ACTIVATED) {
    return (
      `${device} has no active NetworkManager profile (${nm.stateText}), so there is no ` +
      `connection.mptcp-flags to set for ${mode}: activate a profile on it (nmcli device connect ` +
      `${device}) and switch again`
    );
  }
  return null;
}
