// rememberChoices with a stand-in monitor, kernel and link watch: the start pass converges a
// remembered mode once (with an "at start" event), and NetworkManager profiles are looked up at
// start and for the interfaces a notification touched — never when a snapshot is decorated.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PmEvent, Snapshot } from '../../../electron/contract.js';
import { choiceStore } from '../../../electron/control/choices-file.js';
import type { ChoiceStore } from '../../../electron/control/choices-file.js';
import { InterfaceInfo } from '../../../electron/control/interface-info.js';
import type { Nmcli } from '../../../electron/control/owner-toggle.js';
import type { ReapplyMonitor } from '../../../electron/control/reapply-pass.js';
import { rememberChoices } from '../../../electron/control/reapply-watch.js';
import type { LinkWatchHandlers } from '../../../native/kernel/link-watch.js';
import type { KernelClient } from '../../../native/kernel/kernel-client.js';
import type { ManagerProcess } from '../../../electron/monitor/endpoint-owners.js';
import { FakeKernel } from './fake-kernel.js';

const HOTSPOT = { uuid: '38c4fc60-5a23-463c-ad3e-6b711861c92b', name: 'Pixel hotspot' };

function fakeMonitor(kernel: FakeKernel) {
  const events: PmEvent[] = [];
  const monitor: ReapplyMonitor = {
    options: { netns: 'lab' },
    kernel: kernel as unknown as KernelClient,
    goneReason: () => null,
    announce: (e) => events.push(e),
    refresh: () => Promise.resolve(null),
    interfaceInfo: null,
    changes: { begin: () => 'own', end: () => undefined },
  };
  return { monitor, events };
}

function fakeWatch() {
  let handlers: LinkWatchHandlers | null = null;
  const started: (string | null)[] = [];
  const watch = (netns: string | null, h: LinkWatchHandlers) => {
    started.push(netns);
    handlers = h;
    return Promise.resolve({ close: () => Promise.resolve() });
  };
  const fire: LinkWatchHandlers['onChanges'] = (time, changes) =>
    handlers?.onChanges(time, changes);
  return { watch, fire, started };
}

const cards = {
  netns: 'lab',
  interfaces: [
    { name: 'red-c', ifindex: 3, up: true, addresses: [], multipath: 'on' },
    { name: 'blue-c', ifindex: 5, up: true, addresses: [], multipath: 'on' },
  ],
} as unknown as Snapshot;

let dir = '';
let store: ChoiceStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sf-reapply-watch-'));
  store = choiceStore(dir, () => 5);
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('remembered choices at start', () => {
  it('converges a remembered mode that is not in force, once, saying "at start"', async () => {
    await store.remember('lab', 'blue-c', 'backup');
    const kernel = new FakeKernel();
    const { monitor, events } = fakeMonitor(kernel);
    const info = new InterfaceInfo(store, 'lab', () => []);
    const remembered = await rememberChoices(monitor, store, {
      role: 'client',
      watch: fakeWatch().watch,
      info,
    });
    const blue = kernel.endpoints.filter((e) => e.address === '203.0.113.1');
    expect(blue.map((e) => e.flags)).toEqual([['subflow', 'backup']]);
    expect(events.map((e) => e.action)).toEqual([
      {
        kind: 'multipath',
        origin: 'remembered',
        change: 'blue-c: on → backup',
        trigger: 'at start, blue-c was up with 203.0.113.1',
        result: 'done',
      },
    ]);
    await remembered.close();
  });

  it('re-applies nothing when only showing (unprivileged), and nothing when it holds', async () => {
    await store.remember('lab', 'red-c', 'on');
    await store.remember('lab', 'blue-c', 'backup');
    const kernel = new FakeKernel();
    const { monitor, events } = fakeMonitor(kernel);
    const info = new InterfaceInfo(store, 'lab', () => []);
    const { watch, started } = fakeWatch();
    const shown = await rememberChoices(monitor, store, {
      role: 'client',
      reapply: false,
      watch,
      info,
    });
    expect(kernel.changes).toEqual([]);
    expect(events).toEqual([]);
    // Nothing to follow without NetworkManager: no watch thread for a monitor that only shows.
    expect(started).toEqual([]);
    await shown.close();
  });
});

describe('NetworkManager profiles', () => {
  it('are looked up at start and per notification, never per snapshot', async () => {
    await store.remember('lab', 'blue-c', 'backup', HOTSPOT);
    const asked: string[] = [];
    const nmcli: Nmcli = (args) => {
      const device = args.at(-1) ?? '';
      asked.push(device);
      const stdout = device === 'blue-c' ? `${HOTSPOT.name}\n${HOTSPOT.uuid}\n` : '\n\n';
      return Promise.resolve({ code: 0, stdout, stderr: '' });
    };
    const nm: ManagerProcess = { name: 'NetworkManager', pid: 9, netnsInode: 1 };
    const kernel = new FakeKernel();
    const { monitor, events } = fakeMonitor(kernel);
    const info = new InterfaceInfo(store, 'lab', () => [nm], nmcli);
    const { watch, fire } = fakeWatch();
    const remembered = await rememberChoices(monitor, store, { role: 'client', watch, info });
    expect(asked).toEqual(['red-c', 'blue-c']);

    for (let tick = 0; tick < 10; tick++) info.decorate(cards, 1000 * tick);
    expect(asked).toHaveLength(2);
    const blue = info.decorate(cards).interfaces.find((i) => i.name === 'blue-c');
    expect(blue?.remembered).toEqual({ mode: 'backup', time: 5, profile: HOTSPOT });
    expect(blue?.owner?.name).toBe('NetworkManager');
    // NetworkManager owns the endpoints: the remembered mode is left to it, and it is said so.
    expect(kernel.changes).toEqual([]);
    expect(events.map((e) => e.action?.reason)).toEqual([
      expect.stringMatching(/remembered for profile 'Pixel hotspot' over them/),
    ]);

    fire(0, [
      {
        kind: 'address',
        change: 'removed',
        ifindex: 5,
        address: '203.0.113.1',
        family: 4,
        scope: 'global',
        tentative: false,
      },
    ]);
    await remembered.settled();
    expect(asked).toEqual(['red-c', 'blue-c', 'blue-c']);
    await remembered.close();
  });
});
