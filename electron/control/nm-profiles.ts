// The active NetworkManager connection profile of each device, the key of a profile's remembered
// choice (choices.ts). Asked of `nmcli -g GENERAL.CONNECTION,GENERAL.CON-UUID device show DEV`
// only where NetworkManager runs in the watched namespace (nmcli talks to *a* NetworkManager over
// D-Bus, whichever namespace asks, so elsewhere it would answer for another namespace's device),
// with a short timeout, and only at start and when a link or address notification touched the
// device: the snapshot hook reads the cache and never runs nmcli.
import type { NmProfile } from './choices.js';
import type { NmcliArgs } from './nm-flags.js';
import type { Nmcli } from './owner-toggle.js';

/** How long one lookup may take before the device's profile counts as unknown. */
export const PROFILE_LOOKUP_MS = 2000;

/** nmcli's exit code for "Device 'X' not found" (recorded from nmcli 1.42). */
const NOT_FOUND = 10;

export const profileArgs = (device: string): NmcliArgs => [
  '-g',
  'GENERAL.CONNECTION,GENERAL.CON-UUID',
  'device',
  'show',
  device,
];

/** `-g` output escapes ':' and '\\' with a backslash (nmcli's --escape yes, the default). */
const unescape = (value: string): string => value.replace(/\\([\\:])/g, '$1');

/**
 * The profile of that output: one line with the name, one with the UUID, both empty when the
 * device has no active profile (null). Throws an Error saying what was unexpected.
 */
export function parseDeviceProfile(text: string): NmProfile | null {
  const lines = text.replace(/\n$/, '').split('\n');
  if (lines.length !== 2) {
    throw new Error(
      `nmcli printed ${lines.length} lines where the profile's name and UUID were expected`,
    );
  }
  const [name = '', uuid = ''] = lines.map(unescape);
  if (name === '' && uuid === '') return null;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(uuid)) {
    throw new Error(`nmcli printed "${uuid}" where the profile's UUID was expected`);
  }
  return { uuid: uuid.toLowerCase(), name };
}

/** The device's profile, or null; a problem in words when nmcli could not say. */
export async function lookUpProfile(
  nmcli: Nmcli,
  device: string,
): Promise<{ profile: NmProfile | null; problem?: string }> {
  const command = `nmcli ${profileArgs(device).join(' ')}`;
  const out = await nmcli(profileArgs(device));
  if (out.code === NOT_FOUND) return { profile: null };
  if (out.code !== 0) {
    const why = out.stderr.trim() || `exit ${out.code}`;
    return { profile: null, problem: `${command} failed (${why})` };
  }
  try {
    return { profile: parseDeviceProfile(out.stdout) };
  } catch (err) {
    return {
      profile: null,
      problem: `${command}: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
}

/**
 * The last known profile of each device of one namespace. `refresh` asks nmcli (one device at a
 * time); `profileOf` only reads. When NetworkManager does not run in the namespace, every device
 * has no profile and nmcli is not run.
 */
export class ProfileCache {
  /** Per device looked up: its active profile, or null for none; absent while not known. */
  private readonly profiles = new Map<string, NmProfile | null>();

  constructor(
    private readonly nmcli: Nmcli,
    private readonly networkManagerRuns: () => boolean,
  ) {}

  /** Whether NetworkManager runs in the namespace (so profiles are looked up at all). */
  active(): boolean {
    return this.networkManagerRuns();
  }

  /**
   * The device's active profile as last looked up; null when none, not known, or when
   * NetworkManager no longer runs (what it said before is then stale).
   */
  profileOf(device: string): NmProfile | null {
    if (this.profiles.size === 0 || !this.networkManagerRuns()) return null;
    return this.profiles.get(device) ?? null;
  }

  /**
   * Whether NetworkManager has an active profile on the device (so it adds and removes the
   * device's endpoints), as last looked up; undefined when not known: never looked up, the last
   * lookup failed, or NetworkManager does not run.
   */
  hasProfile(device: string): boolean | undefined {
    if (this.profiles.size === 0 || !this.networkManagerRuns()) return undefined;
    const profile = this.profiles.get(device);
    return profile === undefined ? undefined : profile !== null;
  }

  /**
   * Looks the devices up again. Resolves the problems met, one sentence each, saying what
   * follows (a device whose profile is unknown is matched by its name only).
   */
  async refresh(devices: readonly string[]): Promise<string[]> {
    if (!this.networkManagerRuns()) {
      this.profiles.clear();
      return [];
    }
    const problems: string[] = [];
    for (const device of devices) {
      const { profile, problem } = await lookUpProfile(this.nmcli, device);
      if (problem === undefined) this.profiles.set(device, profile);
      else this.profiles.delete(device);
      if (problem !== undefined) {
        problems.push(
          `the NetworkManager profile of ${device} is unknown: ${problem}; until it is known, ` +
            `only a mode remembered for the name ${device} applies to it`,
        );
      }
    }
    return problems;
  }
}
