// What each interface card shows beyond the kernel's figures: the mode remembered for it (and
// whether for its NetworkManager profile or its name) and who else owns its endpoints. Kept fresh
// cheaply for the monitor's synchronous snapshot hook: the choices file is re-read only when its
// mtime changed, the owners at most every OWNERS_MS (a walk of /proc), both in the background;
// profiles only when asked (at start and per link notification, nm-profiles.ts); the snapshot
// uses the last values read.
import { stat } from 'node:fs/promises';
import type { EndpointOwnerInfo, InterfaceState, RememberedMode, Snapshot } from '../contract.js';
import { choiceInForce } from './choices.js';
import type { ChoiceKey, MultipathChoice, NmProfile } from './choices.js';
import type { ChoiceStore } from './choices-file.js';
import { PROFILE_LOOKUP_MS, ProfileCache } from './nm-profiles.js';
import type { Nmcli } from './owner-toggle.js';
import { nmcliWithin } from './owner-toggle.js';
import type { EndpointOwner } from './reapply.js';
import { managerProcesses, managersIn, namespaceInode } from '../monitor/endpoint-owners.js';
import type { ManagerProcess } from '../monitor/endpoint-owners.js';

const OWNERS_MS = 5000;
const CHOICES_CHECK_MS = 1000;

/** The owner of every interface of a namespace where these managers run. Pure. */
export function ownerFromManagers(managers: readonly ManagerProcess[]): EndpointOwner | null {
  const mptcpd = managers.find((m) => m.name === 'mptcpd');
  if (mptcpd) {
    return {
      name: 'mptcpd',
      detail:
        `mptcpd runs in this namespace (pid ${mptcpd.pid}) and its address plugin adds and ` +
        'removes endpoints as addresses come and go; the flags it gives them are set by ' +
        'addr-flags in /etc/mptcpd/mptcpd.conf',
    };
  }
  const nm = managers.find((m) => m.name === 'NetworkManager');
  if (nm) {
    return {
      name: 'NetworkManager',
      detail:
        `NetworkManager runs in this namespace (pid ${nm.pid}) and adds endpoints for the ` +
        "addresses of the devices it manages, as each profile's connection.mptcp-flags says",
    };
  }
  return null;
}

/**
 * What a card says of a choice in force: its mode and time, and the profile it is kept for (by
 * the name the device's profile has now, when known: it may have been renamed). Pure.
 */
export function rememberedMode(choice: MultipathChoice, live: NmProfile | null): RememberedMode {
  const { profile } = choice;
  if (profile === undefined) return { mode: choice.mode, time: choice.time };
  const name = live?.uuid === profile.uuid ? live.name : profile.name;
  return { mode: choice.mode, time: choice.time, profile: { uuid: profile.uuid, name } };
}

/** The snapshot with each interface's remembered mode (the choice in force) and owner. Pure. */
export function withInterfaceInfo(
  snapshot: Snapshot,
  choices: readonly MultipathChoice[],
  owner: (iface: InterfaceState) => EndpointOwnerInfo | null,
  profileOf: (iface: string) => NmProfile | null = () => null,
): Snapshot {
  const interfaces = snapshot.interfaces.map((i) => {
    const profile = profileOf(i.name);
    const choice = choiceInForce(choices, snapshot.netns, i.name, profile);
    const who = owner(i);
    if (choice === undefined && who === null) return i;
    return {
      ...i,
      ...(choice ? { remembered: rememberedMode(choice, profile) } : {}),
      ...(who ? { owner: who } : {}),
    };
  });
  return { ...snapshot, interfaces };
}

export class InterfaceInfo {
  private choices: readonly MultipathChoice[] = [];
  private choicesMtime: number | null = null;
  private checkedAt = 0;
  private managers: readonly ManagerProcess[] = [];
  private ownersAt = 0;
  private loading: Promise<readonly MultipathChoice[]> | null = null;
  /** The active NetworkManager profile of each device, looked up at start and per notification. */
  readonly profiles: ProfileCache;

  constructor(
    readonly store: ChoiceStore,
    readonly netns: string | null,
    private readonly findManagers: () => readonly ManagerProcess[] = () =>
      managersIn(managerProcesses(), namespaceInode(netns)),
    nmcli: Nmcli = nmcliWithin(PROFILE_LOOKUP_MS),
  ) {
    this.profiles = new ProfileCache(nmcli, () =>
      this.managersNow().some((m) => m.name === 'NetworkManager'),
    );
  }

  /** The key of the choice in force for `name` now; the name's key when none is. */
  async keyInForce(name: string): Promise<ChoiceKey> {
    const choice = choiceInForce(
      await this.choicesNow(),
      this.netns,
      name,
      this.profiles.profileOf(name),
    );
    return choice?.profile
      ? { netns: this.netns, interface: name, profile: choice.profile.uuid }
      : { netns: this.netns, interface: name };
  }

  /** The snapshot hook: last known choices and owners, with a background refresh when due. */
  decorate(snapshot: Snapshot, now = Date.now()): Snapshot {
    if (now - this.checkedAt >= CHOICES_CHECK_MS) {
      this.checkedAt = now;
      void this.choicesNow().catch(() => undefined);
    }
    const owner = this.ownerNow(now);
    return withInterfaceInfo(
      snapshot,
      this.choices,
      (i) => (owner !== null && i.name !== 'lo' ? owner : null),
      (name) => this.profiles.profileOf(name),
    );
  }

  /** The endpoint managers running in the namespace (cached for OWNERS_MS). */
  private managersNow(now = Date.now()): readonly ManagerProcess[] {
    if (now - this.ownersAt >= OWNERS_MS) {
      this.ownersAt = now;
      this.managers = this.findManagers();
    }
    return this.managers;
  }

  /** Who owns the endpoints of the namespace's interfaces now (cached for OWNERS_MS). */
  ownerNow(now = Date.now()): EndpointOwner | null {
    return ownerFromManagers(this.managersNow(now));
  }

  /** The owner read afresh (before acting on it, a cached answer may be 5 s old). */
  ownerFresh(): EndpointOwner | null {
    this.ownersAt = 0;
    return this.ownerNow();
  }

  /** The choices, re-read when the file changed (another process may have written it). */
  choicesNow(): Promise<readonly MultipathChoice[]> {
    this.loading ??= this.load().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async load(): Promise<readonly MultipathChoice[]> {
    const mtime = await stat(this.store.path).then(
      (s) => s.mtimeMs,
      () => -1,
    );
    if (mtime === this.choicesMtime) return this.choices;
    const read = await this.store.load();
    this.choices = read.choices;
    this.choicesMtime = mtime;
    return this.choices;
  }
}
