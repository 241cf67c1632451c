import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../electron/contract.js';
import type { MultipathChoice } from '../../../electron/control/choices.js';
import { choiceStore } from '../../../electron/control/choices-file.js';
import { forgetChoice } from '../../../electron/control/forget-choice.js';
import { ownerOfInterface, withInterfaceInfo } from '../../../electron/control/interface-info.js';
import {
  comebacks,
  decideReapply,
  mergeComebacks,
  startComebacks,
} from '../../../electron/control/reapply.js';
import type { EndpointOwner } from '../../../electron/control/reapply.js';
import { actionMessage } from '../../../electron/monitor/action-events.js';
import { managersIn } from '../../../electron/monitor/endpoint-owners.js';
import type { LinkOrAddressChange } from '../../../native/rtnl/notifications.js';
import { link } from '../../fixtures/monitor/samples.js';

const choice = (mode: MultipathChoice['mode'], netns: string | null = 'lab'): MultipathChoice => ({
  netns,
  interface: 'blue-c',
  mode,
  time: 1_700_000_000_000,
});
const blue = link(5, 'blue-c', ['203.0.113.1']);
const mptcpd: EndpointOwner = { name: 'mptcpd', detail: 'mptcpd runs in this namespace (pid 7)' };

describe('what a batch of notifications brings back', () => {
  const up: LinkOrAddressChange = {
    kind: 'link',
    change: 'new',
    ifindex: 5,
    name: 'blue-c',
    up: true,
  };
  const addr = (address: string, scope = 'global', tentative = false): LinkOrAddressChange => ({
    kind: 'address',
    change: 'new',
    ifindex: 5,
    address,
    family: address.includes(':') ? 6 : 4,
    scope,
    tentative,
  });

  it('a link up, or a usable address, with the reason in words', () => {
    expect([...comebacks([up])]).toEqual([[5, 'blue-c came up']]);
    expect([...comebacks([up, addr('203.0.113.1')])]).toEqual([
      [5, 'the address 203.0.113.1 appeared'],
    ]);
  });

  it('nothing for downs, removals, link-local or tentative addresses', () => {
    expect(comebacks([{ ...up, up: false }]).size).toBe(0);
    expect(comebacks([{ ...up, change: 'removed' }]).size).toBe(0);
    expect(comebacks([{ ...addr('203.0.113.1'), change: 'removed' }]).size).toBe(0);
    expect(comebacks([addr('fe80::1', 'link')]).size).toBe(0);
    expect(comebacks([addr('2001:db8:2::1', 'global', true)]).size).toBe(0);
  });

  it('a later batch adds to what waits, its reason winning', () => {
    const merged = mergeComebacks(
      new Map([[5, 'blue-c came up']]),
      new Map([
        [5, 'x'],
        [3, 'y'],
      ]),
    );
    expect([...merged]).toEqual([
      [5, 'x'],
      [3, 'y'],
    ]);
  });
});

describe('whether to re-apply a remembered mode', () => {
  const base = { netns: 'lab', link: blue, current: 'off' as const, owner: null };

  it('re-applies a mode that is not in force', () => {
    expect(decideReapply({ ...base, choices: [choice('backup')] })).toEqual({
      kind: 'apply',
      choice: choice('backup'),
    });
  });

  it('does nothing without a choice for this namespace and interface, or when it holds', () => {
    expect(decideReapply({ ...base, choices: [] }).kind).toBe('none');
    expect(decideReapply({ ...base, choices: [choice('backup', null)] }).kind).toBe('none');
    expect(decideReapply({ ...base, current: 'backup', choices: [choice('backup')] }).kind).toBe(
      'none',
    );
  });

  it('waits for a link that is up with a usable address (off needs none)', () => {
    const down = { ...blue, up: false };
    expect(decideReapply({ ...base, link: down, choices: [choice('backup')] }).kind).toBe('none');
    const bare = link(5, 'blue-c', ['fe80::1']);
    expect(decideReapply({ ...base, link: bare, choices: [choice('on')] }).kind).toBe('none');
    expect(
      decideReapply({ ...base, link: bare, current: 'on', choices: [choice('off')] }).kind,
    ).toBe('apply');
  });

  it('leaves an owned interface to its owner and says why and what to do', () => {
    const d = decideReapply({ ...base, owner: mptcpd, choices: [choice('backup')] });
    expect(d).toMatchObject({ kind: 'leave' });
    expect(d.kind === 'leave' && d.reason).toBe(
      'mptcpd manages the endpoints of blue-c (mptcpd runs in this namespace (pid 7)), so Subflow ' +
        'does not re-apply the backup remembered for blue-c over them (it is off now): set the ' +
        'mode in ' +
        'mptcpd, or forget the remembered choice',
    );
  });
});

describe('re-applying at start and by profile', () => {
  const base = { netns: 'lab', link: blue, current: 'off' as const, owner: null };
  const hotspot = { uuid: '38c4fc60-5a23-463c-ad3e-6b711861c92b', name: 'Pixel hotspot' };
  const home = { uuid: '0b7e3a52-1d8f-4c55-9a0e-6f2b1c3d4e5f', name: 'Home Wi-Fi' };
  const forHotspot = { ...choice('backup'), profile: hotspot };

  it('treats every interface up at start as come back, saying "at start"', () => {
    const down = { ...link(6, 'red-c', ['198.51.100.1']), up: false };
    const bare = link(7, 'green-c', ['fe80::1']);
    expect([...startComebacks([blue, down, bare])]).toEqual([
      [5, 'at start, blue-c was up with 203.0.113.1'],
      [7, 'at start, green-c was up'],
    ]);
  });

  it("applies the active profile's mode over the name's, and no other profile's", () => {
    const both = [choice('on'), forHotspot];
    const with_ = (profile: typeof hotspot | null) =>
      decideReapply({ ...base, choices: both, profile });
    expect(with_(hotspot)).toEqual({ kind: 'apply', choice: forHotspot });
    expect(with_(home)).toEqual({ kind: 'apply', choice: choice('on') });
    expect(with_(null)).toEqual({ kind: 'apply', choice: choice('on') });
    expect(decideReapply({ ...base, choices: [forHotspot], profile: home }).kind).toBe('none');
  });

  it("names the profile when an owner's interface is left alone", () => {
    const d = decideReapply({ ...base, owner: mptcpd, choices: [forHotspot], profile: hotspot });
    expect(d.kind === 'leave' && d.reason).toMatch(
      /does not re-apply the backup remembered for profile 'Pixel hotspot' over them/,
    );
  });

  it('shows which key a remembered mode uses, with the profile as it is named now', () => {
    const snap = {
      netns: 'lab',
      interfaces: [{ name: 'blue-c', ifindex: 5, up: true, addresses: [], multipath: 'on' }],
    } as unknown as Snapshot;
    const renamed = { ...hotspot, name: 'Phone' };
    const shown = (profile: typeof hotspot | null) =>
      withInterfaceInfo(
        snap,
        [choice('on'), forHotspot],
        () => null,
        () => profile,
      ).interfaces[0]?.remembered;
    expect(shown(renamed)).toEqual({ mode: 'backup', time: 1_700_000_000_000, profile: renamed });
    expect(shown(home)).toEqual({ mode: 'on', time: 1_700_000_000_000 });
    expect(shown(null)).toEqual({ mode: 'on', time: 1_700_000_000_000 });
  });
});

describe('the action event of a re-application', () => {
  it('says Subflow did it, from a remembered choice, and why now', () => {
    expect(
      actionMessage({
        kind: 'multipath',
        origin: 'remembered',
        change: 'blue-c: off → backup',
        trigger: 'the address 203.0.113.1 appeared',
        result: 'done',
      }),
    ).toBe(
      'blue-c: off → backup (by Subflow, re-applying the remembered choice because the address ' +
        '203.0.113.1 appeared): done',
    );
  });
});

describe('owners and remembered modes on the cards', () => {
  it('finds managers only in the watched namespace', () => {
    const procs = [
      { name: 'NetworkManager' as const, pid: 1, netnsInode: 100 },
      { name: 'mptcpd' as const, pid: 2, netnsInode: 200 },
      { name: 'mptcpd' as const, pid: 3, netnsInode: 200 },
      { name: 'mptcpd' as const, pid: 4, netnsInode: null },
    ];
    expect(managersIn(procs, 200).map((p) => p.pid)).toEqual([2]);
    expect(managersIn(procs, 100).map((p) => p.name)).toEqual(['NetworkManager']);
    expect(managersIn(procs, 300)).toEqual([]);
    expect(managersIn(procs, null)).toEqual([]);
  });

  it('names mptcpd (every address) before NetworkManager, and nobody when none runs', () => {
    const nm = { name: 'NetworkManager' as const, pid: 1, netnsInode: 1 };
    const mptcpd = { name: 'mptcpd' as const, pid: 2, netnsInode: 1 };
    expect(ownerOfInterface([], 'wlan0', undefined)).toBeNull();
    expect(ownerOfInterface([nm, mptcpd], 'wlan0', false)?.name).toBe('mptcpd');
    expect(ownerOfInterface([mptcpd], 'lo', undefined)).toBeNull();
  });

  it('names NetworkManager only for a device it has an active profile on, or may have', () => {
    const nm = { name: 'NetworkManager' as const, pid: 1, netnsInode: 1 };
    expect(ownerOfInterface([nm], 'wlan0', true)?.detail).toMatch(
      /pid 1.*addresses of wlan0.*connection\.mptcp-flags/,
    );
    // An unmanaged device (a VPN tunnel, a bridge of its own): its endpoints are nobody else's.
    expect(ownerOfInterface([nm], 'tun0', false)).toBeNull();
    // Not asked yet, or nmcli failed: treated as NetworkManager's, so Subflow does not fight it.
    expect(ownerOfInterface([nm], 'usb0', undefined)?.detail).toMatch(
      /whether it manages usb0 is not known yet/,
    );
  });

  it('adds the remembered mode and owner to the interfaces they concern', () => {
    const card = (name: string) => ({
      name,
      ifindex: 1,
      up: true,
      addresses: [],
      rxBytes: 0,
      txBytes: 0,
      rxRate: 0,
      txRate: 0,
      multipath: 'on' as const,
    });
    const snap = {
      netns: 'lab',
      interfaces: [card('red-c'), card('blue-c')],
    } as unknown as Snapshot;
    const out = withInterfaceInfo(snap, [choice('backup'), choice('off', null)], (i) =>
      i.name === 'red-c' ? mptcpd : null,
    );
    expect(out.interfaces).toEqual([
      { ...card('red-c'), owner: mptcpd },
      { ...card('blue-c'), remembered: { mode: 'backup', time: 1_700_000_000_000 } },
    ]);
  });
});

describe('forgetting a choice', () => {
  let dir = '';
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('drops it and says whether there was one', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sf-forget-'));
    const store = choiceStore(dir);
    await store.remember('lab', 'blue-c', 'backup');
    await store.remember('lab', 'red-c', 'on');
    const key = { netns: 'lab', interface: 'blue-c' };
    expect(await forgetChoice(store, key)).toEqual({ forgotten: true });
    expect(await forgetChoice(store, key)).toEqual({ forgotten: false });
    expect((await store.load()).choices.map((c) => c.interface)).toEqual(['red-c']);
  });
});
