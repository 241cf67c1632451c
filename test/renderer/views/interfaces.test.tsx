import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { MultipathResult } from '../../../electron/contract.js';
import { resetSubflowStore, useSubflowStore } from '../../../renderer/src/store/store.js';
import {
  InterfacesPanel,
  REPLAY_TOGGLE_REASON,
} from '../../../renderer/src/views/interfaces/InterfacesPanel.js';
import {
  MODE_DESCRIPTIONS,
  OFF_WITH_TRAFFIC_NOTE,
  windowStats,
} from '../../../renderer/src/views/interfaces/interface-stats.js';
import { createFakeApi, ok } from '../support/fake-api.js';
import { iface, snapshot, T0 } from '../support/fixtures.js';

/** Lets pending promises and the React updates they cause run. */
const settle = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));

function card(name: string): HTMLElement {
  return screen.getByRole('article', { name });
}

function stat(scope: HTMLElement, direction: 'Incoming' | 'Outgoing', name: string, label: string) {
  const list = within(scope).getByLabelText(`${direction} statistics of ${name}`);
  const dt = within(list).getByText(label);
  return dt.nextElementSibling?.textContent;
}

beforeEach(() => {
  localStorage.clear();
  resetSubflowStore();
});

describe('windowStats', () => {
  it('takes avg, min and max over the points inside the window only', () => {
    const time = [0, 1000, 2000, 3000, 4000];
    expect(windowStats(time, [100, 10, 20, 30, 40], 1000)).toEqual({ avg: 25, min: 10, max: 40 });
    expect(windowStats(time, [1, 2, 3, 4, 5], 5000)).toEqual({ avg: null, min: null, max: null });
  });
});

describe('<InterfacesPanel />', () => {
  it('shows Curr / Avg / Min / Max / Ttl over the visible window with units', () => {
    const time = Array.from({ length: 90 }, (_, i) => T0 - 89_000 + i * 1000);
    // Points older than the 60 s window are 10× larger: they must not count.
    const rx = time.map((t, i) =>
      t < T0 - 60_000 ? 10_000_000 : i % 2 === 0 ? 1_000_000 : 3_000_000,
    );
    const tx = time.map(() => 5_000_000);
    useSubflowStore.setState({
      snapshot: snapshot(T0, {
        interfaces: [
          iface('red-c', {
            rxRate: 3_000_000,
            txRate: 5_000_000,
            rxBytes: 1_234_567_890,
            txBytes: 42_000,
          }),
        ],
      }),
      interfaceSeries: { 'red-c': { time, rx, tx } },
    });
    render(<InterfacesPanel />);
    const red = card('red-c');
    expect(stat(red, 'Incoming', 'red-c', 'Curr')).toBe('24.0 Mbit/s');
    // 61 points in [T0 - 60 s, T0]: 31 at 3 MB/s and 30 at 1 MB/s → 2.016 MB/s = 16.1 Mbit/s.
    expect(stat(red, 'Incoming', 'red-c', 'Avg')).toBe('16.1 Mbit/s');
    expect(stat(red, 'Incoming', 'red-c', 'Min')).toBe('8.00 Mbit/s');
    expect(stat(red, 'Incoming', 'red-c', 'Max')).toBe('24.0 Mbit/s');
    expect(stat(red, 'Incoming', 'red-c', 'Ttl')).toBe('1.23 GB');
    expect(stat(red, 'Outgoing', 'red-c', 'Curr')).toBe('40.0 Mbit/s');
    expect(stat(red, 'Outgoing', 'red-c', 'Ttl')).toBe('42.0 kB');
    act(() => {
      useSubflowStore.getState().setSettings({ units: 'bytes' });
    });
    expect(stat(card('red-c'), 'Outgoing', 'red-c', 'Curr')).toBe('5.00 MB/s');
  });

  it('hides loopback unless it has traffic or an endpoint', () => {
    useSubflowStore.setState({
      snapshot: snapshot(T0, { interfaces: [iface('lo'), iface('red-c')] }),
    });
    const { unmount } = render(<InterfacesPanel />);
    expect(screen.queryByRole('article', { name: 'lo' })).toBeNull();
    unmount();
    useSubflowStore.setState({
      snapshot: snapshot(T0, { interfaces: [iface('lo', { rxRate: 10 }), iface('red-c')] }),
    });
    render(<InterfacesPanel />);
    expect(screen.getByRole('article', { name: 'lo' })).toBeTruthy();
  });

  it('folds away interfaces that are down, without address and idle', () => {
    useSubflowStore.setState({
      snapshot: snapshot(T0, {
        interfaces: [iface('red-c'), iface('ifb0', { up: false, addresses: [] })],
      }),
    });
    render(<InterfacesPanel />);
    expect(screen.queryByRole('article', { name: 'ifb0' })).toBeNull();
    expect(screen.getByText(/down and without address: ifb0/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Show them' }));
    expect(screen.getByRole('article', { name: 'ifb0' })).toBeTruthy();
  });

  it('marks the current mode and switches with multipath:set, pending until the answer', async () => {
    let answer: (r: MultipathResult) => void = () => undefined;
    const api = createFakeApi({
      'multipath:set': () =>
        new Promise((resolve) => {
          answer = (r) => {
            resolve(ok(r));
          };
        }),
    });
    useSubflowStore.setState({ api, status: { kind: 'open' }, snapshot: snapshot(T0) });
    render(<InterfacesPanel />);
    const on = screen.getByRole('button', { name: 'multipath on for blue-c' });
    const backup = screen.getByRole('button', { name: 'multipath backup for blue-c' });
    expect(on.getAttribute('aria-pressed')).toBe('true');
    expect(backup.getAttribute('aria-pressed')).toBe('false');
    backup.focus();
    fireEvent.click(backup);
    expect(api.calls).toEqual([
      { name: 'multipath:set', args: { interface: 'blue-c', mode: 'backup' } },
    ]);
    expect(screen.getByText('switching to backup…')).toBeTruthy();
    // Busy, the buttons refuse a second change but keep the keyboard focus where it was.
    expect(backup.getAttribute('aria-disabled')).toBe('true');
    expect(on.getAttribute('aria-disabled')).toBe('true');
    expect((backup as HTMLButtonElement).disabled).toBe(false);
    expect(document.activeElement).toBe(backup);
    fireEvent.click(on);
    expect(api.calls).toHaveLength(1);
    const status = within(card('blue-c')).getByRole('status');
    expect(status.textContent).toBe('Switching blue-c to multipath backup…');
    answer({
      interface: 'blue-c',
      mode: 'backup',
      endpoints: [],
      notes: ['backup: blue-c carries traffic only when red-c fails'],
    });
    await settle();
    expect(screen.queryByText('switching to backup…')).toBeNull();
    const readBack = screen.getByRole('button', { name: 'multipath backup for blue-c' });
    expect(readBack.getAttribute('aria-pressed')).toBe('true');
    expect(document.activeElement).toBe(readBack);
    expect(status.textContent).toBe('Multipath backup for blue-c.');
    expect(screen.getByText('backup: blue-c carries traffic only when red-c fails')).toBeTruthy();
  });

  it('shows the host’s refusal under the card', async () => {
    const api = createFakeApi({
      'multipath:set': () => ({
        ok: false,
        error: {
          code: 'permission',
          message: 'Changing endpoints needs CAP_NET_ADMIN: run sudo subflow serve.',
        },
      }),
    });
    useSubflowStore.setState({ api, status: { kind: 'open' }, snapshot: snapshot(T0) });
    render(<InterfacesPanel />);
    fireEvent.click(screen.getByRole('button', { name: 'multipath off for blue-c' }));
    await settle();
    expect(within(card('blue-c')).getByRole('alert').textContent).toMatch(/CAP_NET_ADMIN/);
  });

  it('disables the toggles with the host’s reason, and during a replay', () => {
    const reason = 'not privileged: changing endpoints needs CAP_NET_ADMIN';
    useSubflowStore.setState({
      api: createFakeApi(),
      status: { kind: 'open' },
      snapshot: snapshot(T0, {
        interfaces: [iface('blue-c', { multipath: 'on', multipathDisabledReason: reason })],
      }),
    });
    const { unmount } = render(<InterfacesPanel />);
    const off = screen.getByRole('button', { name: 'multipath off for blue-c' });
    expect((off as HTMLButtonElement).disabled).toBe(true);
    expect(off.getAttribute('title')).toBe(reason);
    expect(within(card('blue-c')).getByText(reason)).toBeTruthy();
    unmount();
    useSubflowStore.setState({
      snapshot: snapshot(T0),
      playback: {
        mode: 'replay',
        session: {
          id: 's',
          path: '/s',
          startedAt: T0,
          endedAt: T0,
          ticks: 1,
          bytes: 1,
          hostname: 'h',
          netns: null,
        },
        position: T0,
        playing: false,
        speed: 1,
      },
    });
    render(<InterfacesPanel />);
    expect(within(card('red-c')).getByText(REPLAY_TOGGLE_REASON)).toBeTruthy();
    expect(
      screen.getByRole<HTMLButtonElement>('button', { name: 'multipath on for red-c' }).disabled,
    ).toBe(true);
  });

  it('explains an "off" interface that still carries the first subflow', () => {
    useSubflowStore.setState({
      api: createFakeApi(),
      status: { kind: 'open' },
      snapshot: snapshot(T0),
    });
    render(<InterfacesPanel />);
    // red-c has no endpoint but carries the initial subflow: not "off".
    const word = within(card('red-c')).getByText('initial path only');
    expect(within(card('red-c')).queryByText('off', { selector: 'strong' })).toBeNull();
    expect(word.tabIndex).toBe(0);
    const described = document.getElementById(word.getAttribute('aria-describedby') ?? '');
    expect(described?.textContent).toBe(OFF_WITH_TRAFFIC_NOTE);
    act(() => {
      word.focus();
    });
    expect(card('red-c').querySelector('.mode-word-hint')?.textContent).toBe(OFF_WITH_TRAFFIC_NOTE);
    expect(within(card('blue-c')).queryByText('initial path only')).toBeNull();
  });

  it('tells what on, off and backup mean on keyboard focus, and as each button’s description', () => {
    useSubflowStore.setState({
      api: createFakeApi(),
      status: { kind: 'open' },
      snapshot: snapshot(T0),
    });
    render(<InterfacesPanel />);
    for (const mode of ['on', 'off', 'backup'] as const) {
      const button = screen.getByRole('button', { name: `multipath ${mode} for blue-c` });
      const description = document.getElementById(button.getAttribute('aria-describedby') ?? '');
      expect(description?.textContent).toBe(MODE_DESCRIPTIONS[mode]);
      act(() => {
        button.focus();
      });
      expect(card('blue-c').querySelector('.mode-hint')?.textContent).toBe(MODE_DESCRIPTIONS[mode]);
    }
  });
});
