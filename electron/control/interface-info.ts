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

/**
 * Who adds and removes the endpoints of interface `name`, given the managers running in its
 * namespace: mptcpd's address plugin does for every interface; NetworkManager only for devices
 * with an active profile (`hasProfile`, as nmcli last said; undefined when not known, and then
 * NetworkManager counts as the owner so that Subflow does not act behind its back). Pure.
 */
export function ownerOfInterface(
  managers: readonly ManagerProcess[],
  name: string,
  hasProfile: boolean | undefined,
): EndpointOwner | null {
  if (name === 'lo') return null;
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
  if (!nm || hasProfile === false) return null;
  return {
    name: 'NetworkManager',
    detail:
      hasProfile === true
        ? `NetworkManager runs in this namespace (pid ${nm.pid}) and adds endpoints for the ` +
          `addresses of ${name}, as its active profile's connection.mptcp-flags says`
        : `NetworkManager runs in this namespace (pid ${nm.pid}); whether it manages ${name} ` +
          'is not known yet (nmcli has not said), so Subflow treats it as the owner of its ' +
          'endpoints and does not change them behind its back',
  };
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
    const managers = this.managersNow(now);
    return withInterfaceInfo(
      snapshot,
      this.choices,
      (i) => ownerOfInterface(managers, i.name, this.profiles.hasProfile(i.name)),
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

  /**
   * The owner of each interface, with the managers read afresh (before acting on it: a cached
   * answer may be OWNERS_MS old) and each device's profile as last looked up.
   */
  ownersFresh(): (name: string) => EndpointOwner | null {
    this.ownersAt = 0;
    const managers = this.managersNow();
    return (name) => ownerOfInterface(managers, name, this.profiles.hasProfile(name));
  }

  /**
   * Whom a toggle of `name` goes through, with the managers read afresh: its owner, and
   * NetworkManager wherever it runs whatever the cached profile says, since the toggle asks nmcli
   * itself (it changes the endpoints itself on a device NetworkManager does not manage, and
   * refuses on a managed one without an active profile).
   */
  toggleOwnerFresh(name: string): EndpointOwner | null {
    this.ownersAt = 0;
    return ownerOfInterface(this.managersNow(), name, undefined);
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
