import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetSubflowStore, useSubflowStore } from '../../../renderer/src/store/store.js';
import { InterfacesPanel } from '../../../renderer/src/views/interfaces/InterfacesPanel.js';
import { createFakeApi, ok } from '../support/fake-api.js';
import { iface, snapshot, T0 } from '../support/fixtures.js';

const settle = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
const card = (name: string): HTMLElement => screen.getByRole('article', { name });

beforeEach(() => {
  localStorage.clear();
  resetSubflowStore();
});

describe('remembered mode and owner on the interface card', () => {
  const remembered = { mode: 'backup' as const, time: T0 - 60_000 };
  const owner = {
    name: 'mptcpd' as const,
    detail: 'mptcpd runs in this namespace (pid 42) and its address plugin adds endpoints',
  };

  it('shows the owner, the remembered mode, and forgets it through multipath:forget', async () => {
    const api = createFakeApi({ 'multipath:forget': () => ok({ forgotten: true }) });
    useSubflowStore.setState({
      api,
      status: { kind: 'open' },
      snapshot: snapshot(T0, {
        interfaces: [iface('red-c', { owner }), iface('blue-c', { remembered })],
      }),
    });
    render(<InterfacesPanel />);
    expect(within(card('red-c')).getByText(/Endpoints managed by/).textContent).toContain(
      'mptcpd runs in this namespace (pid 42)',
    );
    expect(within(card('red-c')).queryByText(/Remembered/)).toBeNull();
    const blue = card('blue-c');
    expect(within(blue).getByText(/Remembered/).textContent).toMatch(
      /^Remembered for blue-c: backup \(chosen .*; re-applied when blue-c comes back\)/,
    );
    fireEvent.click(within(blue).getByRole('button', { name: 'Forget' }));
    await settle();
    expect(api.calls).toEqual([{ name: 'multipath:forget', args: { interface: 'blue-c' } }]);
    expect(within(card('blue-c')).queryByText(/Remembered/)).toBeNull();
  });

  it("says when a mode is remembered for a NetworkManager profile, and forgets that profile's", async () => {
    const profile = { uuid: '38c4fc60-5a23-463c-ad3e-6b711861c92b', name: 'Pixel hotspot' };
    const api = createFakeApi({ 'multipath:forget': () => ok({ forgotten: true }) });
    useSubflowStore.setState({
      api,
      status: { kind: 'open' },
      snapshot: snapshot(T0, {
        interfaces: [iface('wlan0', { remembered: { ...remembered, profile } }), iface('eth0')],
      }),
    });
    render(<InterfacesPanel />);
    const wlan = card('wlan0');
    expect(within(wlan).getByText(/Remembered/).textContent).toMatch(
      /^Remembered for profile 'Pixel hotspot': backup \(chosen .*; re-applied when a device comes up with that profile\)/,
    );
    expect(within(wlan).getByText(/Remembered/).textContent).not.toMatch(/for wlan0/);
    const forget = within(wlan).getByRole('button', { name: 'Forget' });
    expect(forget.getAttribute('title')).toBe(
      "Stop re-applying backup for profile 'Pixel hotspot'",
    );
    expect(within(card('eth0')).queryByText(/Remembered/)).toBeNull();
    fireEvent.click(forget);
    await settle();
    expect(api.calls).toEqual([
      { name: 'multipath:forget', args: { interface: 'wlan0', profile: profile.uuid } },
    ]);
    expect(within(card('wlan0')).queryByText(/Remembered/)).toBeNull();
  });

  it('shows why forgetting was refused, and disables it while replaying', async () => {
    const api = createFakeApi({
      'multipath:forget': () => ({
        ok: false,
        error: { code: 'permission', message: 'could not be forgotten: run as administrator' },
      }),
    });
    useSubflowStore.setState({
      api,
      status: { kind: 'open' },
      snapshot: snapshot(T0, { interfaces: [iface('blue-c', { remembered })] }),
    });
    const { unmount } = render(<InterfacesPanel />);
    fireEvent.click(within(card('blue-c')).getByRole('button', { name: 'Forget' }));
    await settle();
    expect(within(card('blue-c')).getByRole('alert').textContent).toBe(
      'could not be forgotten: run as administrator',
    );
    unmount();
    useSubflowStore.setState({
      playback: {
        mode: 'replay',
        session: {
          ...{ id: 's', path: '/s', startedAt: T0, endedAt: T0, ticks: 1, bytes: 1 },
          ...{ hostname: 'h', netns: null },
        },
        ...{ position: T0, playing: false, speed: 1 },
      },
    });
    render(<InterfacesPanel />);
    expect(within(card('blue-c')).getByRole('button', { name: 'Forget' })).toHaveProperty(
      'disabled',
      true,
    );
  });
});
