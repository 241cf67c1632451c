// A tick re-renders only the connections-table rows whose shown data changed: the snapshot's
// objects are new every tick (they come off the wire), so rows compare what they show; the age
// and the sparkline are leaves that follow the tick on their own. Rows are counted by their
// path-mix computations (one per render of a row with a new connection).
import { act, render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Connection } from '../../../electron/contract.js';
import { useSubflowStore } from '../../../renderer/src/store/store.js';
import { ConnectionsView } from '../../../renderer/src/views/connections/ConnectionsView.js';
import type * as PathMixModule from '../../../renderer/src/views/connections/path-mix.js';
import { connection, fakeApi, RED, BLUE, snapshot, subflow, T0 } from './fixtures.js';

const renders = vi.hoisted(() => new Map<string, number>());

vi.mock('../../../renderer/src/views/connections/path-mix.js', async (importOriginal) => {
  const real = await importOriginal<typeof PathMixModule>();
  return {
    ...real,
    pathMix: (c: Connection) => {
      renders.set(c.token, (renders.get(c.token) ?? 0) + 1);
      return real.pathMix(c);
    },
  };
});

const initial = useSubflowStore.getState();

/** Ten connections as a tick brings them: fresh objects, every time. */
function connections(busyRate: number): Connection[] {
  return Array.from({ length: 10 }, (_, i) =>
    connection({
      token: `0000000${String(i)}`,
      local: { address: '198.51.100.1', port: 41000 + i },
      firstSeen: T0 - 5_000,
      subflows:
        i === 3
          ? [subflow({ txRate: busyRate, rxRate: 0 }), { ...BLUE }]
          : [{ ...RED }, { ...BLUE }],
      ...(i === 3 ? { txRate: busyRate + BLUE.txRate, rxRate: BLUE.rxRate } : {}),
      // Byte counters move on every connection: the row does not show them.
      bytesAcked: 1_000_000 + busyRate,
    }),
  );
}

function tick(time: number, busyRate: number): void {
  act(() => {
    useSubflowStore.setState({ snapshot: snapshot(connections(busyRate), time) });
  });
}

beforeEach(() => {
  renders.clear();
  useSubflowStore.setState({ ...initial, api: fakeApi() }, true);
});

describe('connections-table rows on a tick', () => {
  it('re-render only the row whose connection changed, while every age moves on', () => {
    tick(T0, 1_000);
    render(<ConnectionsView />);
    expect(document.querySelectorAll('tr.connection-row')).toHaveLength(10);
    expect(screen.getAllByText('5s')).toHaveLength(10);
    const first = new Map(renders);
    expect(first.get('00000003')).toBe(1);

    tick(T0 + 1000, 2_000);
    tick(T0 + 2000, 3_000);

    for (let i = 0; i < 10; i += 1) {
      const token = `0000000${String(i)}`;
      expect(renders.get(token), token).toBe(i === 3 ? 3 : 1);
    }
    // The ages follow the snapshot's clock without their rows rendering.
    expect(screen.getAllByText('7s')).toHaveLength(10);
  });

  it('re-render a row when something it shows changes: its state, a subflow moving', () => {
    tick(T0, 1_000);
    render(<ConnectionsView />);
    renders.clear();
    act(() => {
      const next = connections(1_000).map((c) =>
        c.token === '00000001'
          ? { ...c, state: 'close-wait' }
          : c.token === '00000005'
            ? { ...c, subflows: [{ ...RED, interface: 'wlan0' }, { ...BLUE }] }
            : c,
      );
      useSubflowStore.setState({ snapshot: snapshot(next, T0 + 1000) });
    });
    expect([...renders.keys()].sort()).toEqual(['00000001', '00000005']);
    expect(screen.getByText('close-wait')).toBeTruthy();
  });
});
