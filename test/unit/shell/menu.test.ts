// The application menu: its items, labels that follow the recording state, and what each does.
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../../electron/contract.js';
import { RENDERER_ROUTES, createMenuController } from '../../../electron/shell/menu-controller.js';
import type { MenuUi } from '../../../electron/shell/menu-controller.js';
import { menuTemplate } from '../../../electron/shell/menu-template.js';
import { FakeHost } from '../server/fake-host.js';

const SESSION: SessionInfo = {
  id: '2026-11-22T05-10-00Z-lab.sfj',
  path: '/home/u/.local/share/subflow/sessions/2026-11-22T05-10-00Z-lab.sfj',
  startedAt: 1,
  endedAt: 2,
  ticks: 2,
  bytes: 100,
  hostname: 'lab',
  netns: null,
};

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? items(i.submenu) : [])]);
}
const byId = (template: MenuItemConstructorOptions[], id: string) =>
  items(template).find((i) => i.id === id);
const click = (item: MenuItemConstructorOptions | undefined, checked = false) => {
  (item?.click as ((i: { checked: boolean }) => void) | undefined)?.({ checked });
};

function fakeUi() {
  const calls: {
    menus: MenuItemConstructorOptions[][];
    errors: string[];
    navigated: string[];
    revealed: string[];
    notifications: boolean[];
  } = {
    menus: [],
    errors: [],
    navigated: [],
    revealed: [],
    notifications: [],
  };
  const ui: MenuUi = {
    setMenu: (t) => calls.menus.push(t),
    navigate: (h) => calls.navigated.push(h),
    showError: (title, message) => calls.errors.push(`${title}: ${message}`),
    reveal: (p) => calls.revealed.push(p),
    setNotifications: (on) => calls.notifications.push(on),
  };
  return { ui, calls };
}

describe('menuTemplate', () => {
  const noop = {
    toggleRecording() {},
    exportReport() {},
    openSession() {},
    openSetup() {},
    setNotifications() {},
  };

  it('offers record, export, open session, setup, the notification setting and about', () => {
    const template = menuTemplate(noop, { recording: false, notifications: true, devTools: false });
    expect(byId(template, 'record')?.label).toBe('Start &Recording');
    expect(byId(template, 'export-report')?.label).toBe('&Export Report…');
    expect(byId(template, 'open-session')?.label).toBe('&Open Session…');
    expect(byId(template, 'setup')?.label).toBe('&Setup (Doctor)');
    expect(byId(template, 'notifications')).toMatchObject({ type: 'checkbox', checked: true });
    const roles = items(template)
      .map((i) => i.role)
      .filter(Boolean);
    expect(roles).toContain('about');
    expect(roles).toContain('quit');
    expect(roles).not.toContain('toggleDevTools');
    const dev = menuTemplate(noop, { recording: true, notifications: false, devTools: true });
    expect(byId(dev, 'record')?.label).toBe('Stop &Recording');
    expect(byId(dev, 'notifications')?.checked).toBe(false);
    expect(items(dev).map((i) => i.role)).toContain('toggleDevTools');
  });
});

describe('createMenuController', () => {
  it('follows the recording state from the Host and toggles it', async () => {
    const host = new FakeHost();
    host.responders['record:status'] = () => ({
      ok: true,
      value: { active: false, session: null },
    });
    host.responders['record:start'] = () => ({
      ok: true,
      value: { active: true, session: SESSION },
    });
    const { ui, calls } = fakeUi();
    const menu = createMenuController(host, ui, { notifications: true, devTools: false });
    await menu.start();
    expect(byId(calls.menus.at(-1)!, 'record')?.label).toBe('Start &Recording');
    await menu.toggleRecording();
    expect(host.callsOf('record:start')).toHaveLength(1);
    expect(byId(calls.menus.at(-1)!, 'record')?.label).toBe('Stop &Recording');
    // A recording that stops elsewhere (disk full) changes the label through the push.
    for (const l of host.listeners)
      l({ name: 'onRecording', payload: { active: false, session: SESSION, error: 'disk full' } });
    expect(byId(calls.menus.at(-1)!, 'record')?.label).toBe('Start &Recording');
    menu.stop();
    expect(host.listeners.size).toBe(0);
  });

  it('shows recording errors', async () => {
    const host = new FakeHost();
    host.responders['record:start'] = () => ({
      ok: false,
      error: { code: 'permission', message: 'cannot write the journal' },
    });
    const { ui, calls } = fakeUi();
    await createMenuController(host, ui, {
      notifications: true,
      devTools: false,
    }).toggleRecording();
    expect(calls.errors).toEqual(['Recording: cannot write the journal']);
  });

  it('exports the replayed session, else the newest, as HTML, and shows where', async () => {
    const host = new FakeHost();
    host.responders['playback:get'] = () => ({ ok: true, value: { mode: 'live' } });
    host.responders['sessions:list'] = () => ({
      ok: true,
      value: [SESSION, { ...SESSION, id: 'older.sfj' }],
    });
    host.responders['report:export'] = () => ({
      ok: true,
      value: { format: 'html', path: '/tmp/r.html', bytes: 10 },
    });
    const { ui, calls } = fakeUi();
    const menu = createMenuController(host, ui, { notifications: true, devTools: false });
    await menu.exportReport();
    expect(host.callsOf('report:export')).toEqual([{ session: SESSION.id, format: 'html' }]);
    expect(calls.revealed).toEqual(['/tmp/r.html']);

    host.responders['playback:get'] = () => ({
      ok: true,
      value: {
        mode: 'replay',
        session: { ...SESSION, id: 'replayed.sfj' },
        position: 1,
        playing: false,
        speed: 1,
      },
    });
    await menu.exportReport();
    expect(host.callsOf('report:export').at(-1)).toEqual({
      session: 'replayed.sfj',
      format: 'html',
    });
  });

  it('says so when there is nothing to export', async () => {
    const host = new FakeHost();
    host.responders['playback:get'] = () => ({ ok: true, value: { mode: 'live' } });
    host.responders['sessions:list'] = () => ({ ok: true, value: [] });
    const { ui, calls } = fakeUi();
    await createMenuController(host, ui, { notifications: true, devTools: false }).exportReport();
    expect(calls.errors[0]).toContain('no recorded session yet');
    expect(host.callsOf('report:export')).toEqual([]);
  });

  it('opens the sessions and setup views and saves the notification setting', async () => {
    const host = new FakeHost();
    const { ui, calls } = fakeUi();
    const menu = createMenuController(host, ui, { notifications: true, devTools: false });
    await menu.start();
    const template = calls.menus.at(-1)!;
    click(byId(template, 'open-session'));
    click(byId(template, 'setup'));
    click(byId(template, 'notifications'), false);
    expect(calls.navigated).toEqual([RENDERER_ROUTES.sessions, RENDERER_ROUTES.setup]);
    expect(calls.notifications).toEqual([false]);
    expect(menu.state.notifications).toBe(false);
    expect(byId(calls.menus.at(-1)!, 'notifications')?.checked).toBe(false);
  });
});
