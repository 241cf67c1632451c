// A rate needs two readings of a socket: on a connection's first reading (the snapshot's time is
// the time the monitor first saw it) the monitor's rates are 0 because nothing came before, not
// because nothing moved. The row says it is measuring instead of "0 bit/s" and "idle", and the
// per-app view does not count such a connection as a rate; the next tick shows the rate.
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { useSubflowStore } from '../../../renderer/src/store/store.js';
import { groupByApp } from '../../../renderer/src/views/apps/group-by-app.js';
import { ConnectionsView } from '../../../renderer/src/views/connections/ConnectionsView.js';
import {
  BLUE,
  connection,
  IPERF_PROCESS as iperf,
  RED,
  snapshot,
  subflow,
  T0,
} from './fixtures.js';

const initial = useSubflowStore.getState();

/** A connection first seen at T0 whose first reading has no rates yet. */
const NEW = connection({
  token: '0000000e',
  firstSeen: T0,
  process: iperf,
  subflows: [subflow({ txRate: 0, rxRate: 0 }), { ...BLUE, txRate: 0, rxRate: 0 }],
  txRate: 0,
  rxRate: 0,
});
/** The same connection one tick later, with its rate. */
const NEXT = { ...NEW, txRate: 5_000_000, subflows: [subflow({ txRate: 5_000_000 }), BLUE] };

describe("a connection's first reading", () => {
  beforeEach(() => {
    act(() => {
      useSubflowStore.setState(initial, true);
    });
  });

  it('says the rate is being measured, then shows it on the next tick', () => {
    render(<ConnectionsView />);
    act(() => {
      useSubflowStore.setState({ snapshot: snapshot([NEW], T0) });
    });
    const row = () => document.querySelector('tr.connection-row')!;
    const cell = () => row().querySelector('td.col-throughput')!;
    expect(cell().querySelector('.rate')?.textContent).toBe('—');
    expect(cell().getAttribute('title')).toMatch(/^measuring: this is the first reading/);
    expect(cell().textContent).toContain('measuring · ');
    expect(cell().textContent).not.toMatch(/idle|0 bit\/s/);

    act(() => {
      useSubflowStore.setState({ snapshot: snapshot([NEXT], T0 + 1000) });
    });
    expect(cell().querySelector('.rate')?.textContent).toBe('40.0 Mbit/s');
    expect(cell().getAttribute('title')).toMatch(/^sent 40\.0 Mbit\/s/);
    expect(cell().textContent).not.toContain('measuring');
  });

  it('leaves a connection that is really idle saying so', () => {
    render(<ConnectionsView />);
    const idle = {
      ...NEW,
      firstSeen: T0 - 60_000,
      subflows: [RED, BLUE].map((s) => ({ ...s, txRate: 0, rxRate: 0 })),
    };
    act(() => {
      useSubflowStore.setState({ snapshot: snapshot([idle], T0) });
    });
    const cell = document.querySelector('tr.connection-row td.col-throughput')!;
    expect(cell.querySelector('.rate')?.textContent).toBe('0 bit/s');
    expect(cell.textContent).toContain('idle · ');
  });

  it('counts connections on their first reading per app, and shows no rate for an app made only of them', async () => {
    const old = connection({ token: '0000000f', process: iperf, txRate: 1_000, rxRate: 0 });
    expect(groupByApp([NEW, old], T0)[0]?.measuring).toBe(1);
    expect(groupByApp([NEW, old], T0 + 1000)[0]?.measuring).toBe(0);
    expect(groupByApp([NEW])[0]?.measuring).toBe(0); // no snapshot time: nothing is known as first

    const user = userEvent.setup();
    render(<ConnectionsView />);
    act(() => {
      useSubflowStore.setState({ snapshot: snapshot([NEW], T0) });
    });
    await user.click(screen.getByRole('button', { name: 'By app' }));
    const table = screen.getByRole('table', { name: 'Connections by app' });
    const rate = () => within(table).getAllByRole('cell').at(-1)!;
    expect(rate().textContent).toBe('—');
    expect(rate().getAttribute('title')).toMatch(/^measuring/);
    act(() => {
      useSubflowStore.setState({
        snapshot: snapshot([NEXT, { ...old, firstSeen: T0 + 1000 }], T0 + 1000),
      });
    });
    expect(rate().textContent).toBe('40.0 Mbit/s');
    expect(rate().getAttribute('title')).toMatch(
      /not counted yet: 1 connection on its first reading$/,
    );
  });
});
