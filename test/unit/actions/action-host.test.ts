// Actions as events: the Host wrapper turns each change into an 'action' event with its origin,
// change and result, brackets kernel changes as Subflow's own, refuses them with code 'netns'
// when the namespace is gone (without reaching the inner host), and leaves reads alone.
import { describe, expect, it } from 'vitest';
import { withActionEvents } from '../../../electron/host/action-host.js';
import type { ActionMonitor } from '../../../electron/host/action-host.js';
import type { ActionDetails, PmEvent, Result, Snapshot } from '../../../electron/contract.js';
import type { Host } from '../../../electron/host/host.js';
import type { EndpointShape } from '../../../electron/monitor/endpoint-diff.js';

const snapshot = {
  interfaces: [{ name: 'blue-c', multipath: 'on' }],
  limits: { subflows: 2, addAddrAccepted: 2 },
} as unknown as Snapshot;

function fakes(answer: Result<unknown>, gone: string | null = null) {
  const calls: { name: string; origin: string | undefined }[] = [];
  const announced: PmEvent[] = [];
  const log: string[] = [];
  const inner: Host = {
    invoke(name, _args, origin) {
      calls.push({ name, origin });
      return Promise.resolve(answer as never);
    },
    subscribe: () => () => undefined,
  };
  const endpoints: EndpointShape[] = [{ id: 1, address: '203.0.113.1', flags: ['backup'] }];
  const monitor: ActionMonitor = {
    latest: () => snapshot,
    goneReason: () => gone,
    announce: (e) => announced.push(e),
    refresh: () => Promise.resolve(null),
    changes: {
      begin: () => {
        log.push('begin');
        return 'id1';
      },
      end: (id: string, eps: readonly EndpointShape[] | null, action: ActionDetails) => {
        log.push(`end ${id} ${eps?.length ?? 'null'} ${action.result}`);
      },
    },
    kernel: { call: () => Promise.resolve(endpoints) },
  };
  return { host: withActionEvents(inner, monitor), calls, announced, log };
}

describe('withActionEvents', () => {
  it('makes a toggle an action event with its origin, change and result', async () => {
    const f = fakes({ ok: true, value: { interface: 'blue-c', mode: 'backup' } });
    await f.host.invoke('multipath:set', { interface: 'blue-c', mode: 'backup' }, 'dashboard');
    expect(f.calls).toEqual([{ name: 'multipath:set', origin: 'dashboard' }]);
    expect(f.log).toEqual(['begin', 'end id1 1 done']);
    expect(f.announced).toHaveLength(1);
    const [event] = f.announced;
    expect(event).toMatchObject({
      type: 'action',
      source: 'user',
      interface: 'blue-c',
      action: { kind: 'multipath', origin: 'dashboard', change: 'blue-c: on → backup' },
      message: 'blue-c: on → backup (from the dashboard): done',
    });
  });

  it('says why a change was refused', async () => {
    const f = fakes({ ok: false, error: { code: 'permission', message: 'needs CAP_NET_ADMIN' } });
    await f.host.invoke('limits:set', { subflows: 4 });
    expect(f.announced[0]?.action).toEqual({
      kind: 'limits',
      origin: 'api',
      change: 'limits: subflows 2 → 4',
      result: 'refused',
      reason: 'needs CAP_NET_ADMIN',
    });
  });

  it('refuses kernel changes of a gone namespace with code netns, without trying', async () => {
    const why = 'network namespace x was deleted';
    const f = fakes({ ok: true, value: {} }, why);
    const r = await f.host.invoke('multipath:set', { interface: 'blue-c', mode: 'off' }, 'api');
    expect(r).toEqual({ ok: false, error: { code: 'netns', message: why } });
    expect(f.calls).toEqual([]);
    expect(f.log).toEqual([]);
    expect(f.announced[0]?.action).toMatchObject({ result: 'refused', reason: why });
  });

  it('records recording and playback as actions but not reads or seeks', async () => {
    const f = fakes({ ok: true, value: { active: true, session: { id: 's1.sfj' } } });
    await f.host.invoke('record:start', {}, 'desktop');
    await f.host.invoke('snapshot:get', {});
    await f.host.invoke('playback:seek', { time: 1 });
    expect(f.announced.map((e) => e.action?.change)).toEqual(['recording started (s1.sfj)']);
    expect(f.log).toEqual([]); // not a kernel change
  });
});
