// The per-app view: connections grouped by Connection.process with their sums, unknown apps kept
// apart with the reason, sortable columns, and the "By app" toggle of the connections table.
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Connection, ProcessInfo } from '../../../electron/contract.js';
import { useSubflowStore } from '../../../renderer/src/store/store.js';
import {
  groupByApp,
  nextAppSort,
  sortApps,
} from '../../../renderer/src/views/apps/group-by-app.js';
import { ConnectionsView } from '../../../renderer/src/views/connections/ConnectionsView.js';
import { BLUE, connection, RED, snapshot, subflow } from '../connections/fixtures.js';

const initial = useSubflowStore.getState();

const proc = (name: string, pid: number): ProcessInfo => ({
  pid,
  name,
  cmdline: `${name} -c 198.51.100.2`,
  uid: 0,
  user: 'root',
});

const IPERF_A = connection({ token: '000000a1', process: proc('iperf3', 4242) });
const IPERF_B = connection({
  token: '000000a2',
  process: proc('iperf3', 4243),
  subflows: [subflow({ txRate: 1_000, rxRate: 0 })],
  txRate: 1_000,
  rxRate: 0,
  bytesSent: 5_000,
  bytesReceived: 0,
});
const CURL = connection({
  token: '000000c1',
  process: proc('curl', 77),
  subflows: [RED],
  txRate: 40_000,
  rxRate: 0,
  bytesSent: 2_000_000,
});
const UNKNOWN = connection({ token: '000000f1', process: null, subflows: [BLUE] });
const OLD = connection({ token: '000000f2', subflows: [BLUE] });
const ALL: readonly Connection[] = [IPERF_A, CURL, UNKNOWN, IPERF_B, OLD];

describe('groupByApp', () => {
  it('sums connections, subflows, bytes and rates per app', () => {
    const iperf = groupByApp(ALL).find((g) => g.name === 'iperf3')!;
    expect(iperf).toMatchObject({
      pids: [4242, 4243],
      connections: 2,
      subflows: 3,
      bytesSent: 10_005_000,
      bytesReceived: 20_000,
      txRate: IPERF_A.txRate + 1_000,
      rxRate: IPERF_A.rxRate,
    });
  });

  it('keeps unknown apps apart, by why they are unknown', () => {
    const unknown = groupByApp(ALL).filter((g) => g.name === null);
    expect(unknown.map((g) => [g.unknown, g.connections])).toEqual([
      ['not-found', 1],
      ['not-recorded', 1],
    ]);
  });

  it('sorts by any column, named apps before unknown ones by name', () => {
    const groups = groupByApp(ALL);
    const names = (key: Parameters<typeof nextAppSort>[1], direction: 'asc' | 'desc') =>
      sortApps(groups, { key, direction }).map((g) => g.name ?? g.unknown);
    expect(names('app', 'asc')).toEqual(['curl', 'iperf3', 'not-found', 'not-recorded']);
    expect(names('connections', 'desc')[0]).toBe('iperf3');
    expect(names('throughput', 'desc')[0]).toBe('iperf3');
    expect(names('sent', 'asc')[0]).toBe('curl');
    expect(nextAppSort({ key: 'app', direction: 'asc' }, 'subflows')).toEqual({
      key: 'subflows',
      direction: 'desc',
    });
  });
});

describe('By app', () => {
  beforeEach(() => {
    act(() => {
      useSubflowStore.setState(initial, true);
    });
  });

  it('switches the connections table to one row per app, sortable', async () => {
    const user = userEvent.setup();
    render(<ConnectionsView />);
    act(() => {
      useSubflowStore.setState({
        snapshot: { ...snapshot(ALL), processNote: 'run privileged to see other users’ apps' },
      });
    });
    await user.click(screen.getByRole('button', { name: 'By app' }));
    const table = screen.getByRole('table', { name: 'Connections by app' });
    const rows = () =>
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map((r) => (r as HTMLTableRowElement).dataset.app);
    // Busiest first: iperf3 moves the most.
    expect(rows()[0]).toBe('iperf3');
    const iperf = within(table).getByRole('rowheader', { name: /iperf3/ });
    expect(iperf.textContent).toContain('4242, 4243');
    const cells = within(iperf.closest('tr')!).getAllByRole('cell');
    expect(cells.map((c) => c.textContent)).toEqual([
      '2',
      '3',
      '10.0 MB',
      '20.0 kB',
      '60.0 Mbit/s',
    ]);
    expect(within(table).getByText(/run privileged to see other users’ apps/)).toBeTruthy();

    await user.click(within(table).getByRole('button', { name: /^App/ }));
    expect(rows().slice(0, 2)).toEqual(['curl', 'iperf3']);
    expect(
      within(table).getByRole('columnheader', { name: /^App/ }).getAttribute('aria-sort'),
    ).toBe('ascending');

    await user.click(screen.getByRole('button', { name: 'By connection' }));
    expect(screen.queryByRole('table', { name: 'Connections by app' })).toBeNull();
    expect(document.querySelectorAll('tr.connection-row')).toHaveLength(ALL.length);
  });
});
