// What each interface card shows beyond the kernel's figures: the mode remembered for it and who
// else owns its endpoints. Kept fresh cheaply for the monitor's synchronous snapshot hook: the
// choices file is re-read only when its mtime changed, the owners at most every OWNERS_MS
// (a walk of /proc), both in the background; the snapshot uses the last values read.
import { stat } from 'node:fs/promises';
import type { EndpointOwnerInfo, InterfaceState, Snapshot } from '../contract.js';
import type { MultipathChoice } from './choices.js';
import type { ChoiceStore } from './choices-file.js';
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

/** The snapshot with each interface's remembered mode and owner. Pure. */
export function withInterfaceInfo(
  snapshot: Snapshot,
  choices: readonly MultipathChoice[],
  owner: (iface: InterfaceState) => EndpointOwnerInfo | null,
): Snapshot {
  const interfaces = snapshot.interfaces.map((i) => {
    const choice = choices.find((c) => c.netns === snapshot.netns && c.interface === i.name);
    const who = owner(i);
    if (choice === undefined && who === null) return i;
    return {
      ...i,
      ...(choice ? { remembered: { mode: choice.mode, time: choice.time } } : {}),
      ...(who ? { owner: who } : {}),
    };
  });
  return { ...snapshot, interfaces };
}

export class InterfaceInfo {
  private choices: readonly MultipathChoice[] = [];
  private choicesMtime: number | null = null;
  private checkedAt = 0;
  private owner: EndpointOwner | null = null;
  private ownersAt = 0;
  private loading: Promise<readonly MultipathChoice[]> | null = null;

  constructor(
    readonly store: ChoiceStore,
    readonly netns: string | null,
    private readonly findOwner: () => EndpointOwner | null = () =>
      ownerFromManagers(managersIn(managerProcesses(), namespaceInode(netns))),
  ) {}

  /** The snapshot hook: last known choices and owners, with a background refresh when due. */
  decorate(snapshot: Snapshot, now = Date.now()): Snapshot {
    if (now - this.checkedAt >= CHOICES_CHECK_MS) {
      this.checkedAt = now;
      void this.choicesNow().catch(() => undefined);
    }
    const owner = this.ownerNow(now);
    return withInterfaceInfo(snapshot, this.choices, (i) =>
      owner !== null && i.name !== 'lo' ? owner : null,
    );
  }

  /** Who owns the endpoints of the namespace's interfaces now (cached for OWNERS_MS). */
  ownerNow(now = Date.now()): EndpointOwner | null {
    if (now - this.ownersAt >= OWNERS_MS) {
      this.ownersAt = now;
      this.owner = this.findOwner();
    }
    return this.owner;
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
