import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, expect, it } from 'vitest';
import { App } from '../../../renderer/src/App.js';
import { resetSubflowStore, useSubflowStore } from '../../../renderer/src/store/store.js';
import { connectStore } from '../../../renderer/src/transport/connect-store.js';
import { createFakeApi, ok } from '../support/fake-api.js';
import { event, snapshot, T0, tick } from '../support/fixtures.js';

beforeEach(() => {
  localStorage.clear();
  resetSubflowStore();
});

it('lays out header, interfaces, connections and events from a connected api', async () => {
  const api = createFakeApi({
    'snapshot:get': () => ok(snapshot(T0)),
    'events:list': () => ok([event(T0 - 1000, 'sub-established')]),
    'record:status': () => ok({ active: false, session: null }),
    'playback:get': () => ok({ mode: 'live' as const }),
    'monitor:configure': () => ok({ intervalMs: 1000, paused: false }),
  });
  let disconnect: () => void = () => undefined;
  render(<App />);
  await act(async () => {
    disconnect = connectStore(
      {
        api,
        onStatus(listener) {
          listener({ kind: 'open' });
          return () => undefined;
        },
      },
      useSubflowStore,
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
  expect(screen.getByRole('heading', { name: 'Subflow' })).toBeTruthy();
  expect(screen.getByRole('article', { name: 'red-c' })).toBeTruthy();
  expect(screen.getByRole('article', { name: 'blue-c' })).toBeTruthy();
  expect(screen.getByRole('heading', { name: /Connections/ })).toBeTruthy();
  expect(screen.getByRole('complementary', { name: 'Path-manager events' })).toBeTruthy();
  act(() => {
    api.push('onTick', tick(T0 + 1000, { connections: [] }));
  });
  expect(screen.getByText('No MPTCP connections right now.')).toBeTruthy();
  act(() => {
    disconnect();
  });
});

it('hands the focus back to the header button when Esc closes its drawer', async () => {
  const user = userEvent.setup();
  useSubflowStore.setState({
    api: createFakeApi({ 'sessions:list': () => ok([]) }),
    status: { kind: 'open' },
  });
  render(<App />);
  for (const name of ['Sessions', 'Setup']) {
    const opener = screen.getByRole('button', { name });
    await user.click(opener);
    expect(opener.getAttribute('aria-expanded')).toBe('true');
    // The drawer took the focus (its heading)…
    expect(document.activeElement).not.toBe(opener);
    await user.keyboard('{Escape}');
    // …and gives it back to the button that opened it, not to <body>.
    expect(opener.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(opener);
  }
});
