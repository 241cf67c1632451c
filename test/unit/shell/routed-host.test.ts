// Who serves what in the desktop app: the app's own host until a change needs administrator
// rights, then the privileged helper for the kernel side; sessions and replay stay local.
import { describe, expect, it } from 'vitest';
import type { RequestName, RequestResult, Result } from '../../../electron/contract.js';
import { REQUEST_NAMES } from '../../../electron/contract.js';
import type { RemoteHost } from '../../../electron/helper/remote-host.js';
import type { HostPush } from '../../../electron/host/host.js';
import {
  ADMIN_REQUESTS,
  KERNEL_REQUESTS,
  needsElevation,
  routePush,
  routeRequest,
} from '../../../electron/helper/privilege-plan.js';
import { createRoutedHost } from '../../../electron/shell/routed-host.js';
import { FakeHost, SNAPSHOT } from '../server/fake-host.js';

class FakeRemote extends FakeHost implements RemoteHost {
  private finish: (reason: string | null) => void = () => undefined;
  readonly closed = new Promise<string | null>((resolve) => {
    this.finish = resolve;
  });
  isClosed = false;
  constructor(private readonly label: string) {
    super();
    this.responders['snapshot:get'] = () => ({ ok: true, value: { ...SNAPSHOT, hostname: label } });
  }
  close(): void {
    this.die(null);
  }
  die(reason: string | null): void {
    this.isClosed = true;
    this.finish(reason);
  }
  push(p: HostPush): void {
    for (const l of this.listeners) l(p);
  }
}

const hostname = (r: Result<RequestResult<'snapshot:get'>>) =>
  r.ok ? r.value.hostname : r.error.code;

function setup(options: { privileged?: boolean; fail?: string } = {}) {
  const local = new FakeHost();
  const remote = new FakeRemote('helper');
  const reasons: string[] = [];
  const lost: string[] = [];
  const routed = createRoutedHost({
    local,
    localPrivileged: () => options.privileged ?? false,
    elevate: (reason) => {
      reasons.push(reason);
      return options.fail ? Promise.reject(new Error(options.fail)) : Promise.resolve(remote);
    },
    onRemoteLost: (reason) => lost.push(reason),
  });
  const pushes: HostPush[] = [];
  routed.subscribe((p) => pushes.push(p));
  const localPush = (p: HostPush) => {
    for (const l of local.listeners) l(p);
  };
  return { local, remote, routed, reasons, lost, pushes, localPush };
}

describe('the plan', () => {
  it('sends only kernel requests to the helper, and never while replaying', () => {
    for (const name of REQUEST_NAMES) {
      const kernel = (KERNEL_REQUESTS as readonly RequestName[]).includes(name);
      expect(routeRequest(name, { remote: true, replaying: false })).toBe(
        kernel ? 'remote' : 'local',
      );
      expect(routeRequest(name, { remote: true, replaying: true })).toBe('local');
      expect(routeRequest(name, { remote: false, replaying: false })).toBe('local');
    }
    expect(KERNEL_REQUESTS).not.toContain('record:start');
    expect(KERNEL_REQUESTS).not.toContain('report:export');
  });

  it('takes ticks from whoever serves the kernel side, other pushes from the app', () => {
    const tick: HostPush = { name: 'onTick', payload: { snapshot: SNAPSHOT, events: [] } };
    const rec: HostPush = { name: 'onRecording', payload: { active: true, session: null } };
    const live = { remote: true, replaying: false };
    expect(routePush('remote', tick, live)).toBe(true);
    expect(routePush('local', tick, live)).toBe(false);
    expect(routePush('local', tick, { remote: true, replaying: true })).toBe(true);
    expect(routePush('remote', tick, { remote: true, replaying: true })).toBe(false);
    expect(routePush('local', rec, live)).toBe(true);
    expect(routePush('remote', rec, live)).toBe(false);
  });

  it('asks for rights only for changes, and only when nobody has them', () => {
    const none = { remote: false, replaying: false, localPrivileged: false };
    for (const name of ADMIN_REQUESTS) expect(needsElevation(name, none)).toBe(true);
    expect(needsElevation('snapshot:get', none)).toBe(false);
    expect(needsElevation('multipath:set', { ...none, localPrivileged: true })).toBe(false);
    expect(needsElevation('multipath:set', { ...none, remote: true })).toBe(false);
    expect(needsElevation('multipath:set', { ...none, replaying: true })).toBe(false);
  });
});

describe('createRoutedHost', () => {
  it('serves everything locally until a change needs rights', async () => {
    const s = setup();
    expect(hostname(await s.routed.invoke('snapshot:get', {}))).toBe('lab');
    expect(s.reasons).toEqual([]);
    expect(s.routed.elevated).toBe(false);
  });

  it('starts the helper for a toggle, then routes the kernel side to it', async () => {
    const s = setup();
    const result = await s.routed.invoke('multipath:set', { interface: 'eth0', mode: 'off' });
    expect(result).toMatchObject({ ok: true, value: { mode: 'off' } });
    expect(s.reasons).toEqual(['Subflow needs administrator rights to change endpoints']);
    expect(s.remote.callsOf('multipath:set')).toHaveLength(1);
    expect(s.local.callsOf('multipath:set')).toHaveLength(0);
    expect(s.routed.elevated).toBe(true);
    expect(hostname(await s.routed.invoke('snapshot:get', {}))).toBe('helper');
    await s.routed.invoke('sessions:list', {});
    expect(s.local.callsOf('sessions:list')).toHaveLength(1);

    // Ticks now come from the helper; the app's own are dropped, its other pushes pass.
    s.localPush({ name: 'onTick', payload: { snapshot: SNAPSHOT, events: [] } });
    s.remote.push({
      name: 'onTick',
      payload: { snapshot: { ...SNAPSHOT, hostname: 'helper' }, events: [] },
    });
    s.localPush({ name: 'onRecording', payload: { active: true, session: null } });
    expect(
      s.pushes.map((p) => (p.name === 'onTick' ? p.payload.snapshot.hostname : p.name)),
    ).toEqual(['helper', 'onRecording']);
  });

  it('asks once for concurrent changes', async () => {
    const s = setup();
    await Promise.all([
      s.routed.invoke('multipath:set', { interface: 'eth0', mode: 'off' }),
      s.routed.invoke('limits:set', { subflows: 2 }),
    ]);
    expect(s.reasons).toHaveLength(1);
    expect(s.remote.calls.map((c) => c.name).sort()).toEqual(['limits:set', 'multipath:set']);
  });

  it('answers a refused elevation with why, and asks again next time', async () => {
    const s = setup({
      fail: 'administrator rights were not granted (the password dialog was dismissed)',
    });
    const result = await s.routed.invoke('limits:set', { subflows: 4 });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'permission',
        message:
          "Subflow needs administrator rights to change the path manager's limits: administrator rights were not granted (the password dialog was dismissed)",
      },
    });
    expect(s.local.calls).toEqual([]);
    await s.routed.invoke('doctor:apply', { id: 'x' });
    expect(s.reasons).toHaveLength(2);
  });

  it('does not ask when the app already has the rights', async () => {
    const s = setup({ privileged: true });
    await s.routed.invoke('multipath:set', { interface: 'eth0', mode: 'on' });
    expect(s.reasons).toEqual([]);
    expect(s.local.callsOf('multipath:set')).toHaveLength(1);
  });

  it('falls back to the app when the helper goes away, and says so', async () => {
    const s = setup();
    await s.routed.invoke('multipath:set', { interface: 'eth0', mode: 'off' });
    s.remote.die('the privileged helper stopped unexpectedly (exit 1)');
    await new Promise((r) => setTimeout(r, 0));
    expect(s.lost).toEqual(['the privileged helper stopped unexpectedly (exit 1)']);
    expect(s.routed.elevated).toBe(false);
    expect(hostname(await s.routed.invoke('snapshot:get', {}))).toBe('lab');
  });

  it('keeps replay with the app even when the helper runs', async () => {
    const s = setup();
    await s.routed.invoke('multipath:set', { interface: 'eth0', mode: 'off' });
    s.localPush({
      name: 'onPlayback',
      payload: {
        mode: 'replay',
        session: {
          id: 's',
          path: '/s',
          startedAt: 0,
          endedAt: 1,
          ticks: 1,
          bytes: 1,
          hostname: 'h',
          netns: null,
        },
        position: 0,
        playing: false,
        speed: 1,
      },
    });
    expect(hostname(await s.routed.invoke('snapshot:get', {}))).toBe('lab');
    s.localPush({ name: 'onPlayback', payload: { mode: 'live' } });
    expect(hostname(await s.routed.invoke('snapshot:get', {}))).toBe('helper');
    s.routed.close();
    expect(await s.remote.closed).toBeNull();
    expect(s.local.listeners.size).toBe(0);
  });
});
