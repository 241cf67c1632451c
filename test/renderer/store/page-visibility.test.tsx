// A hidden page renders no tick (the store is not even notified), tells the host, and catches up
// when shown: what arrived while hidden is applied at once and the rest is re-fetched.
import { act, render, screen } from '@testing-library/react';
import { Profiler } from 'react';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConnectionsView } from '../../../renderer/src/views/connections/ConnectionsView.js';
import { attachApi } from '../../../renderer/src/store/load.js';
import {
  watchPageVisibility,
  type VisibilityDocument,
} from '../../../renderer/src/store/page-visibility.js';
import { resetSubflowStore, useSubflowStore } from '../../../renderer/src/store/store.js';
import { createFakeApi, ok } from '../support/fake-api.js';
import { connection, event, snapshot, T0, tick } from '../support/fixtures.js';

const store = () => useSubflowStore.getState();
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A document whose visibility the test sets. */
function fakeDocument(initial: DocumentVisibilityState = 'visible') {
  const listeners = new Set<() => void>();
  const doc = {
    visibilityState: initial,
    addEventListener: (_: 'visibilitychange', l: () => void) => listeners.add(l),
    removeEventListener: (_: 'visibilitychange', l: () => void) => listeners.delete(l),
    set(state: DocumentVisibilityState) {
      doc.visibilityState = state;
      for (const l of [...listeners]) l();
    },
  };
  return doc satisfies VisibilityDocument;
}

function hostWith(latest: () => number) {
  return createFakeApi({
    'snapshot:get': () => ok(snapshot(latest(), { connections: [connection('0000000a')] })),
    'events:list': () => ok([event(T0 + 1500, 'announced')]),
    'history:get': () => ok({ interfaces: {}, connections: {}, subflows: {} }),
    'viewer:visibility': ({ visible }) => ok({ visible, everyMs: visible ? null : 10_000 }),
  });
}

beforeEach(() => {
  localStorage.clear();
  resetSubflowStore();
});

describe('a hidden page', () => {
  it('renders no tick while hidden and shows the latest one when shown again', async () => {
    let latest = T0;
    const api = hostWith(() => latest);
    const detach = attachApi(useSubflowStore.getState, useSubflowStore.setState, api);
    const doc = fakeDocument();
    const unwatch = watchPageVisibility(doc, useSubflowStore);
    let renders = 0;
    render(
      <Profiler id="connections" onRender={() => (renders += 1)}>
        <ConnectionsView />
      </Profiler>,
    );
    await act(async () => {
      api.push('onTick', tick(T0, { connections: [connection('0000000a')] }));
      await settle();
    });
    expect(screen.getByText('(1)')).toBeTruthy();

    act(() => {
      doc.set('hidden');
    });
    expect(api.calls.filter((c) => c.name === 'viewer:visibility').at(-1)?.args).toEqual({
      visible: false,
    });
    let notified = 0;
    const off = useSubflowStore.subscribe(() => (notified += 1));
    const before = renders;
    act(() => {
      for (let i = 1; i <= 3; i += 1) {
        latest = T0 + i * 1000;
        const conns = [connection('0000000a'), connection(`0000000${String(i)}`)];
        api.push('onTick', tick(latest, { connections: conns }, [event(latest - 1, 'created')]));
      }
    });
    off();
    expect(notified).toBe(0);
    expect(renders).toBe(before);
    expect(screen.getByText('(1)')).toBeTruthy();

    await act(async () => {
      doc.set('visible');
      await settle();
    });
    expect(api.calls.filter((c) => c.name === 'viewer:visibility').at(-1)?.args).toEqual({
      visible: true,
    });
    // What the held ticks brought: the newest snapshot and every event, none lost.
    expect(screen.getByText('(2)')).toBeTruthy();
    expect(store().snapshot?.time).toBe(T0 + 3000);
    expect(store().events.filter((e) => e.type === 'created')).toHaveLength(3);
    // Caught up from the host: its event list was fetched again and merged.
    expect(api.calls.filter((c) => c.name === 'events:list').length).toBeGreaterThanOrEqual(2);
    expect(store().events.some((e) => e.type === 'announced')).toBe(true);
    unwatch();
    detach();
  });

  it('starts held when the page opens hidden, and tells the host again after a reconnect', () => {
    const api = hostWith(() => T0);
    const detach = attachApi(useSubflowStore.getState, useSubflowStore.setState, api);
    const doc = fakeDocument('hidden');
    const unwatch = watchPageVisibility(doc, useSubflowStore);
    expect(store().pageHidden).toBe(true);
    const told = () => api.calls.filter((c) => c.name === 'viewer:visibility').length;
    expect(told()).toBe(1);
    store().setStatus({ kind: 'reconnecting', attempt: 1, retryAt: T0, reason: 'dropped' });
    store().setStatus({ kind: 'open' });
    expect(told()).toBe(2);
    unwatch();
    detach();
  });
});
